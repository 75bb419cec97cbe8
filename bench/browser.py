"""First draw and zoom redraw in Chromium, against plotly.js drawing one bare scattergl trace.

Times are `performance.now()` readings (milliseconds since navigation start) taken when
a plotly call's promise resolves, which is just after plotly emits `plotly_afterplot`.
An init script wraps `Plotly.newPlot`, `react` and `relayout` as soon as plotly.js
defines `window.Plotly`, on our page and on the floor page alike.
"""

import http.server
import shutil
import statistics
import threading
from functools import partial
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The floor draws with the same partial bundle as the tracker's pages.
PLOTLY_JS = Path(__file__).resolve().parent.parent / "timeline/static/vendor/plotly-tracker.min.js"

RECORDER = """
(() => {
  const draws = (window.__benchDraws = []);
  let plotly;
  function wrap(lib) {
    for (const name of ["newPlot", "react", "relayout"]) {
      const original = lib[name];
      if (!original || original.__bench) continue;
      const wrapped = function (...args) {
        const started = performance.now();
        const result = original.apply(this, args);
        Promise.resolve(result).then(() =>
          draws.push({ name, started, ended: performance.now() })
        );
        return result;
      };
      wrapped.__bench = true;
      lib[name] = wrapped;
    }
  }
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() { return plotly; },
    set(value) { plotly = value; if (value) wrap(value); },
  });
})();
"""

# plotly.js at the end of <body>, as the tracker's pages load it: the partial bundle's
# WebGL text measures document.body as it loads.
FLOOR_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>scattergl floor</title></head>
<body><div id="chart" style="width:1280px;height:700px"></div>
<script src="plotly.min.js"></script>
<script src="floor.js"></script></body></html>
"""

TIMELINEJS_DIST = (
    Path(__file__).resolve().parent.parent / "tests/js/node_modules/@knight-lab/timelinejs/dist"
)
# TimelineJS loading a negotiation's timelinejs.json (saved beside it); the time of its first
# slide on screen is taken on the first animation frame that shows one.
TIMELINEJS_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="timelinejs/css/timeline.css">
<script src="timelinejs/js/timeline.js"></script></head>
<body><div id="timeline-embed" style="width:1280px;height:700px"></div>
<script src="tl.js"></script></body></html>
"""
TIMELINEJS_JS = """
window.__firstSlide = null;
(function poll() {
  const slide = document.querySelector(".tl-slide .tl-headline");
  if (slide && slide.offsetWidth > 0) { window.__firstSlide = performance.now(); return; }
  requestAnimationFrame(poll);
})();
const n = new URLSearchParams(location.search).get("n");
window.timeline = new TL.Timeline("timeline-embed", `tl-${n}.json`, { font: null });
"""

FLOOR_JS = """
const n = Number(new URLSearchParams(location.search).get("n"));
const start = Date.UTC(2005, 0, 3);
const x = new Array(n);
const y = new Array(n);
for (let i = 0; i < n; i++) {
  x[i] = new Date(start + (i * 4000 * 86400000) / n).toISOString().slice(0, 10);
  y[i] = i % 4;
}
Plotly.newPlot("chart", [{ type: "scattergl", mode: "markers", x, y }], {}, {});
"""


def serve_floor(directory):
    """A static server for the floor page on a free 127.0.0.1 port: (server, base URL)."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, directory / "plotly.min.js")
    (directory / "floor.html").write_text(FLOOR_HTML)
    (directory / "floor.js").write_text(FLOOR_JS)
    if TIMELINEJS_DIST.exists():
        shutil.copytree(TIMELINEJS_DIST, directory / "timelinejs", dirs_exist_ok=True)
    (directory / "tl.html").write_text(TIMELINEJS_HTML)
    (directory / "tl.js").write_text(TIMELINEJS_JS)
    handler = partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(
    page_url, floor_url, zoom_range, *, runs=3, chart_selector="#timeline-chart", timelinejs=None
):
    """Medians over `runs` of first draw and zoom redraw, ours and the floor's, in ms; the bytes
    a first visit to our page moves; with `timelinejs` (a URL of tl.html), TimelineJS's first
    slide for the same negotiation, loaded in the same runs."""
    from playwright.sync_api import sync_playwright

    ours, floor, slides, visits = [], [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(runs):
                visits.append(first_visit(browser, page_url))
                ours.append(_one(browser, page_url, zoom_range, chart_selector))
                floor.append(_one(browser, floor_url, zoom_range, "#chart"))
                if timelinejs:
                    slides.append(_first_slide(browser, timelinejs))
        finally:
            browser.close()
    result = {"ours": _medians(ours), "floor": _medians(floor), "first_visit": visits[0]}
    if slides:
        result["timelinejs"] = _medians(slides)
    return result


def first_visit(browser, url):
    """Bytes on the wire for a first visit (empty cache) as Chromium counts them
    (Network.loadingFinished's encodedDataLength: headers and body as sent), by resource."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    responses, finished = {}, {}
    session.on(
        "Network.responseReceived",
        lambda event: responses.__setitem__(event["requestId"], event["response"]),
    )
    session.on(
        "Network.loadingFinished",
        lambda event: finished.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    try:
        page.add_init_script(RECORDER)
        page.goto(url, wait_until="load", timeout=180_000)
        page.wait_for_function("window.__benchDraws.length > 0", timeout=180_000)
        _settle(page)
        resources = []
        for request_id, size in finished.items():
            response = responses.get(request_id, {})
            headers = {k.lower(): v for k, v in (response.get("headers") or {}).items()}
            resources.append(
                {
                    "url": response.get("url", ""),
                    "bytes": int(size),
                    "encoding": headers.get("content-encoding", ""),
                    "cache_control": headers.get("cache-control", ""),
                }
            )
        accept = page.evaluate("() => navigator.userAgent")
        return {
            "bytes": sum(r["bytes"] for r in resources),
            "resources": resources,
            "user_agent": accept,
        }
    finally:
        context.close()


def _first_slide(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=180_000)
        page.wait_for_function("window.__firstSlide !== null", timeout=300_000)
        return {"first_slide_ms": page.evaluate("window.__firstSlide")}
    finally:
        context.close()


def _medians(samples):
    keys = samples[0].keys()
    return {
        key: statistics.median(s[key] for s in samples if s[key] is not None)
        if any(s[key] is not None for s in samples)
        else None
        for key in keys
    }


def _one(browser, url, zoom_range, selector):
    # bypass_csp: Playwright's waits evaluate strings, which the page's policy forbids.
    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(RECORDER)
    try:
        page.goto(url, wait_until="load", timeout=180_000)
        page.wait_for_function("window.__benchDraws.length > 0", timeout=180_000)
        first = page.evaluate("window.__benchDraws[0]")
        _settle(page)
        zoom = page.evaluate(
            """async ([selector, range]) => {
                const chart = document.querySelector(selector);
                const before = window.__benchDraws.length;
                const started = performance.now();
                await Plotly.relayout(chart, {"xaxis.range": range});
                const redrawn = performance.now();
                return {started, redrawn, before};
            }""",
            [selector, list(zoom_range)],
        )
        _settle(page)
        draws = page.evaluate("window.__benchDraws")
        later = [d for d in draws[zoom["before"] :] if d["name"] in ("react", "newPlot")]
        detail = later[-1]["ended"] - zoom["started"] if later else None
        return {
            "first_draw_ms": first["ended"],
            "draw_call_ms": first["ended"] - first["started"],
            "zoom_redraw_ms": zoom["redrawn"] - zoom["started"],
            "zoom_detail_ms": detail,
            "errors": len(errors),
        }
    finally:
        context.close()


def _settle(page, quiet_ms=600, limit_ms=30_000):
    """Wait until no draw has started or finished for `quiet_ms` (detail fetches included)."""
    page.evaluate(
        """async ([quiet, limit]) => {
            const begun = performance.now();
            let seen = -1, since = performance.now();
            while (performance.now() - begun < limit) {
                const count = window.__benchDraws.length;
                if (count !== seen) { seen = count; since = performance.now(); }
                if (performance.now() - since > quiet) return;
                await new Promise((r) => setTimeout(r, 50));
            }
        }""",
        [quiet_ms, limit_ms],
    )
