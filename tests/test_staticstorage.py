"""Static files: the partial plotly.js bundle, hashed names, brotli and gzip, long caching."""

import re
import shutil
from pathlib import Path

import plotly.graph_objects
import plotly.offline
import pytest
from django.test import RequestFactory, override_settings
from plotly.basedatatypes import BaseTraceType
from whitenoise.middleware import WhiteNoiseMiddleware

from tracker.staticstorage import HashedCompressedStorage

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "timeline" / "static" / "vendor"
BUNDLE = VENDOR / "plotly-tracker.min.js"
YEAR = 365 * 24 * 60 * 60


def test_bundle_is_the_plotly_js_version_the_python_package_writes_figures_for():
    header = BUNDLE.read_text(encoding="utf-8")[:300]
    version = re.search(r"plotly\.js v([0-9.]+)", header).group(1)
    assert version == plotly.offline.get_plotlyjs_version()


def test_bundle_names_its_traces_and_licence_and_is_a_third_of_the_full_build():
    header = BUNDLE.read_text(encoding="utf-8")[:300]
    assert "scatter, scattergl, bar" in header and "MIT License" in header
    assert (VENDOR / "LICENSE-plotly.js.txt").read_text().startswith("MIT License")
    full = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    assert BUNDLE.stat().st_size < full.stat().st_size / 3


def test_bundle_registers_every_trace_type_the_charts_draw():
    charts = "".join(path.read_text() for path in (ROOT / "timeline" / "charts").glob("*.py"))
    types = set(re.findall(r'"type": "([a-z0-9]+)"', charts))
    traces = {name for name in types if _is_trace(name)}
    assert traces == {"scatter", "scattergl", "bar"}
    entry = (ROOT / "tools" / "plotly-bundle" / "entry.js").read_text()
    assert all(f"plotly.js/lib/{name}'" in entry for name in traces - {"scatter"})


def _is_trace(name):
    kind = getattr(plotly.graph_objects, name.capitalize(), None)
    return isinstance(kind, type) and issubclass(kind, BaseTraceType)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """A static root with the bundle and a page script, post-processed as collectstatic does."""
    tmp_path = tmp_path_factory.mktemp("static")
    names = ["vendor/plotly-tracker.min.js", "timeline/timeline.js"]
    for name in names:
        source = ROOT / "timeline" / "static" / name
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, tmp_path / name)
    storage = HashedCompressedStorage(location=str(tmp_path), base_url="/static/")
    processed = list(storage.post_process({name: (storage, name) for name in names}))
    assert not [error for *_, error in processed if isinstance(error, Exception)]
    storage.save_manifest()
    return tmp_path, HashedCompressedStorage(location=str(tmp_path), base_url="/static/")


def test_collected_files_have_hashed_names_with_brotli_and_gzip_beside(collected):
    root, storage = collected
    url = storage.url("vendor/plotly-tracker.min.js")
    assert re.fullmatch(r"/static/vendor/plotly-tracker\.min\.[0-9a-f]{12}\.js", url)
    hashed = root / url.removeprefix("/static/")
    for suffix in (".br", ".gz"):
        compressed = Path(f"{hashed}{suffix}")
        assert compressed.stat().st_size < hashed.stat().st_size / 2


def test_names_missing_from_the_manifest_stay_plain(tmp_path):
    storage = HashedCompressedStorage(location=str(tmp_path), base_url="/static/")
    assert storage.url("vendor/plotly-tracker.min.js") == "/static/vendor/plotly-tracker.min.js"


@pytest.mark.parametrize(("accepts", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip")])
def test_hashed_files_are_served_precompressed_and_cached_a_year(collected, accepts, encoding):
    root, storage = collected
    url = storage.url("vendor/plotly-tracker.min.js")
    with override_settings(STATIC_ROOT=root, WHITENOISE_USE_FINDERS=False, DEBUG=False):
        middleware = WhiteNoiseMiddleware(lambda request: None)
        response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING=accepts))
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= YEAR and "immutable" in response["Cache-Control"]
    assert int(response["Content-Length"]) < BUNDLE.stat().st_size / 2
