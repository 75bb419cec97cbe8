"""PNG, SVG and PDF images of Plotly figures, drawn by kaleido in the system Chromium.

Each worker process keeps one Chromium, started on first use and driven from
one background thread with its own event loop; a lock lets one drawing through
at a time (kaleido's browser is not thread-safe). Images are cached by the
figure's content and the asked format and size, so a repeat request draws nothing.
"""

import asyncio
import atexit
import concurrent.futures
import hashlib
import io
import os
import threading
from pathlib import Path

import orjson
from django.conf import settings
from django.core.cache import cache
from pypdf import PdfReader, PdfWriter

from tracker.control_characters import printable_copy, without_control_characters

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
START_TIMEOUT = 60  # seconds for Chromium to start
DRAW_TIMEOUT = 90  # seconds for one image
QUEUE_TIMEOUT = 120  # seconds a request waits for the browser before a 503
CACHE_SECONDS = 24 * 3600
CREATOR = "Negotiation tracker"


class ChromiumUnavailable(RuntimeError):
    """No Chromium to draw with; the message says what to install."""


def image_cache_key(figure, fmt, width, height, scale):
    """The cache key of one image: sha256 of the figure JSON, format and size."""
    digest = hashlib.sha256(orjson.dumps(figure, option=orjson.OPT_SORT_KEYS, default=str))
    digest.update(f"|{fmt}|{width}|{height}|{scale}".encode())
    return "timeline-image:" + digest.hexdigest()


def render_image(figure, *, fmt, width, height, scale):
    """The image as bytes, from the cache when this figure was drawn at this size before."""
    # A control character stored before they were refused would stop plotly.js drawing.
    figure = printable_copy(figure)
    key = image_cache_key(figure, fmt, width, height, scale)
    image = cache.get(key)
    if image is None:
        image = renderer.draw(figure, fmt=fmt, width=width, height=height, scale=scale)
        cache.set(key, image, CACHE_SECONDS)
    return image


def titled_pdf(pdf, title):
    """The PDF with `title` as its document title (Chromium writes its page's, "Kaleido-fier")."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({"/Title": without_control_characters(title), "/Creator": CREATOR})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class Renderer:
    """One kaleido browser for this process, started on first use, one drawing at a time."""

    def __init__(self):
        self._lock = threading.Lock()
        self._pid = None
        self._path = None
        self._loop = None
        self._kaleido = None
        self.draws = 0

    def draw(self, figure, *, fmt, width, height, scale):
        """Draw `figure` (a dict) in `fmt`; raise ChromiumUnavailable when there is no browser."""
        opts = {"format": fmt, "width": width, "height": height, "scale": scale}
        if not self._lock.acquire(timeout=QUEUE_TIMEOUT):
            raise ChromiumUnavailable("Chromium is busy drawing other images; try again shortly.")
        try:
            kaleido = self._started(settings.CHROMIUM_PATH)
            future = asyncio.run_coroutine_threadsafe(
                kaleido.calc_fig(figure, opts=opts), self._loop
            )
            try:
                image = future.result(timeout=DRAW_TIMEOUT)
            except BaseException:
                future.cancel()
                self._stop()  # the next request starts a fresh browser
                raise
            self.draws += 1
            return image
        finally:
            self._lock.release()

    def close(self):
        """Stop this process's browser, if one runs."""
        with self._lock:
            self._stop()

    def _started(self, path):
        if self._pid != os.getpid():
            # A forked worker inherits the attributes but not the thread or the browser.
            self._kaleido = self._loop = None
            self._pid = os.getpid()
        if not (Path(path).is_file() and os.access(path, os.X_OK)):
            raise ChromiumUnavailable(
                f"Images need Chromium, and there is none at {path}: "
                "install Chromium: apt-get install chromium "
                "(or set TRACKER_CHROMIUM to the browser's path)."
            )
        if self._kaleido is not None and self._path == path:
            return self._kaleido
        self._stop()
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="kaleido", daemon=True).start()
        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(_open_kaleido(path), loop).result(
                timeout=START_TIMEOUT
            )
        except (Exception, concurrent.futures.TimeoutError) as exc:
            loop.call_soon_threadsafe(loop.stop)
            raise ChromiumUnavailable(f"Chromium at {path} did not start: {exc}") from exc
        self._loop, self._path = loop, path
        return self._kaleido

    def _stop(self):
        kaleido, loop = self._kaleido, self._loop
        self._kaleido = self._loop = None
        if kaleido is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(kaleido.close(), loop).result(timeout=10)
        except Exception:  # noqa: BLE001 - the browser may already be gone
            pass
        loop.call_soon_threadsafe(loop.stop)


async def _open_kaleido(path):
    import kaleido

    # mathjax=False: kaleido would fetch MathJax from a CDN; the charts use no TeX.
    browser = kaleido.Kaleido(path=path, n=1, mathjax=False, timeout=DRAW_TIMEOUT)
    await browser.open()
    return browser


renderer = Renderer()
atexit.register(renderer.close)
