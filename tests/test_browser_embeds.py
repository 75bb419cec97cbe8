"""Embeds and exports in real Chromium: a third-party page, the share panel, offline files."""

import json
import math
import os
import shutil
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TIMELINEJS = Path(__file__).resolve().parent / "js"
TIMELINEJS_DIST = TIMELINEJS / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
HEIGHT_MESSAGE = "negotiation-tracker:embed-height"


class _ArticleHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(type(self).body)

    def log_message(self, *args):
        pass


@pytest.fixture
def third_party():
    """Another site on this machine (a real server: Chromium's local network checks refuse
    frames of local pages inside pages it did not fetch from a local address)."""
    handler = type("Handler", (_ArticleHandler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/article.html"
    server.shutdown()
    thread.join()


def host_article(page, third_party, body):
    """Show `body` in an article on another site, as an author's page would embed us."""
    handler, url = third_party
    html = f"<!doctype html><html><head><title>Article</title></head><body>{body}</body></html>"
    handler.body = html.encode()
    page.goto(url)
    return url


def embedded_chart(page, selector="iframe"):
    frame = page.frame_locator(selector)
    frame.locator("#embed-chart[data-ready='true']").wait_for()
    return frame


def frame_height(page, selector="iframe"):
    return page.evaluate(f"() => document.querySelector({json.dumps(selector)}).style.height")


def offline(page):
    """Let the page load file:// URLs only; return the list of other requests it tried."""
    tried = []

    def handle(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            tried.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return tried


# Embeds on another site --------------------------------------------------------------------


def test_oembed_code_draws_the_chart_in_a_third_party_page(page, live_server, demo, third_party):
    timeline = f"{live_server.url}/negotiations/sma-11/?lanes=rounds,events"
    answer = page.request.get(f"{live_server.url}/oembed", params={"url": timeline}).json()
    host_article(page, third_party, f"<h1>Report</h1>{answer['html']}")
    frame = embedded_chart(page)
    assert frame.locator("h1").inner_text() == demo.title
    assert frame.locator("#embed-chart .barlayer .point").count() >= 9
    assert frame.get_by_role("link", name="Get the data (CSV)").count() == 1
    assert page.console_errors == []


def test_embed_cannot_navigate_the_host_page(page, live_server, demo, third_party):
    answer = page.request.get(
        f"{live_server.url}/oembed", params={"url": f"{live_server.url}/embed/sma-11/"}
    ).json()
    article = host_article(page, third_party, answer["html"])
    embedded_chart(page)
    frame = page.frames[1]
    frame.evaluate(
        """() => { try { window.top.location.href = "http://evil.test/"; } catch (e) {} }"""
    )
    page.wait_for_timeout(0)
    assert page.url == article
    assert page.evaluate("() => document.title") == "Article"


def test_embed_links_open_a_new_tab_outside_the_sandbox(page, live_server, demo, third_party):
    answer = page.request.get(
        f"{live_server.url}/oembed", params={"url": f"{live_server.url}/embed/sma-11/"}
    ).json()
    article = host_article(page, third_party, answer["html"])
    frame = embedded_chart(page)
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name=f"Negotiation tracker, {demo.title}").click()
    popup = opened.value
    popup.wait_for_load_state()
    assert popup.url == f"{live_server.url}/negotiations/sma-11/"
    assert page.url == article


def test_embed_data_link_downloads_the_csv(page, live_server, demo, third_party):
    answer = page.request.get(
        f"{live_server.url}/oembed", params={"url": f"{live_server.url}/embed/sma-11/"}
    ).json()
    article = host_article(page, third_party, answer["html"])
    frame = embedded_chart(page)
    with page.expect_download() as download:
        frame.get_by_role("link", name="Get the data (CSV)").click()
    assert download.value.suggested_filename == "sma-11.csv"
    rows = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("lane,date,start,end")
    assert len(rows) == 1 + 63
    assert page.url == article


def test_responsive_embed_follows_the_chart_height(page, live_server, demo, third_party):
    page.goto(f"{live_server.url}/negotiations/sma-11/?lanes=rounds")
    page.get_by_text("Share / embed").click()
    page.get_by_label("Responsive: the frame follows the chart's height").check()
    code = page.locator("#share-code").input_value()
    assert "data-tracker-embed" in code
    assert "embed-resize.js" in code
    host_article(page, third_party, code)
    frame = embedded_chart(page)
    page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
    inner = frame.locator("html").evaluate("(html) => html.getBoundingClientRect().height")
    assert frame_height(page) == f"{math.ceil(inner)}px"
    before = int(frame_height(page).removesuffix("px"))
    frame.get_by_text("Data table and sources").click()
    page.wait_for_function(
        f"() => parseInt(document.querySelector('iframe').style.height) > {before}"
    )


def test_embed_resize_ignores_messages_not_from_the_frame(page, live_server, demo, third_party):
    resize = f"{live_server.url}/static/timeline/embed-resize.js"
    host_article(
        page,
        third_party,
        f'<iframe data-tracker-embed src="{live_server.url}/embed/sma-11/" height="300" '
        f'sandbox="allow-scripts allow-popups"></iframe><script src="{resize}"></script>',
    )
    frame = embedded_chart(page)
    page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
    page.evaluate(
        """(type) => {
            window.postMessage({ type: type, height: 777 }, "*");
            window.postMessage({ type: type, height: 5 }, "*");
        }""",
        HEIGHT_MESSAGE,
    )
    # A forged message from the frame itself: wrong shape, or a height out of bounds.
    page.frames[1].evaluate(
        """(type) => {
            parent.postMessage({ type: type, height: 20000 }, "*");
            parent.postMessage({ type: type, height: "900" }, "*");
            parent.postMessage({ type: type, height: 900, extra: 1 }, "*");
        }""",
        HEIGHT_MESSAGE,
    )
    page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")
    # Only the frame's honest reports count: its height is its document's, never a forged one.
    inner = frame.locator("html").evaluate("(html) => html.getBoundingClientRect().height")
    assert frame_height(page) == f"{math.ceil(inner)}px"
    assert frame_height(page) not in {"777px", "5px", "20000px", "900px"}


@pytest.mark.parametrize(
    ("query", "paper"),
    [("", "#ffffff"), ("?theme=auto", "#16191d"), ("?theme=dark", "#16191d")],
)
def test_embed_is_light_on_a_dark_system_unless_its_code_asks(
    page, live_server, demo, query, paper
):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{live_server.url}/embed/sma-11/{query}")
    page.wait_for_selector("#embed-chart[data-ready='true']")
    drawn = page.evaluate("() => document.getElementById('embed-chart')._fullLayout.paper_bgcolor")
    assert drawn == paper
    assert page.console_errors == []


# The share panel ---------------------------------------------------------------------------


def test_share_panel_copies_code_and_previews_the_view(page, live_server, demo):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(f"{live_server.url}/negotiations/sma-11/?lanes=rounds&theme=dark")
    page.get_by_text("Share / embed").click()
    page.locator("#share-height").fill("400")
    code = page.locator("#share-code").input_value()
    assert (
        f'src="{live_server.url}/embed/sma-11/?lanes=rounds&amp;theme=dark&amp;height=400"' in code
    )
    assert 'height="510"' in code
    page.get_by_role("button", name="Copy code").click()
    page.get_by_text("Copied the embed code.").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == code
    preview = embedded_chart(page, "#share-preview")
    assert preview.locator("#embed-chart .barlayer .point").count() >= 9
    assert page.console_errors == []


# Offline files -----------------------------------------------------------------------------


def test_standalone_html_draws_with_the_network_blocked(page, live_server, demo, tmp_path):
    response = page.request.get(f"{live_server.url}/negotiations/sma-11/timeline.html")
    assert response.ok
    saved = tmp_path / "sma-11-timeline.html"
    saved.write_bytes(response.body())
    tried = offline(page)
    page.goto(saved.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg")
    bars = page.locator(".barlayer .point").evaluate_all(
        "(nodes) => nodes.filter((n) => !n.closest('.rangeslider-container')).length"
    )
    assert bars == 9
    texts = page.locator(".annotation-text").evaluate_all("(ns) => ns.map((n) => n.textContent)")
    assert any(text.startswith("Source: Negotiation tracker") for text in texts)
    assert tried == []
    assert page.console_errors == []


@pytest.fixture(scope="session")
def timelinejs_dist():
    """Knight Lab's TimelineJS from tests/js (npm ci when missing); skip or fail without it."""
    script = TIMELINEJS_DIST / "js" / "timeline.js"
    if not script.exists() and shutil.which("npm"):
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=TIMELINEJS, check=False, timeout=300
        )
    if not script.exists():
        reason = "TimelineJS is not installed: cd tests/js && npm ci"
        if os.environ.get("TRACKER_REQUIRE_BROWSER"):
            pytest.fail(reason + " (TRACKER_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    return TIMELINEJS_DIST


def render_timelinejs(page, dist, document, tmp_path):
    """Load a TimelineJS document into the real TimelineJS, offline; return the requests tried."""
    html = tmp_path / "timelinejs.html"
    html.write_text(
        "<!doctype html><html><head>"
        f'<link rel="stylesheet" href="{(dist / "css" / "timeline.css").as_uri()}">'
        f'<script src="{(dist / "js" / "timeline.js").as_uri()}"></script>'
        '</head><body><div id="timeline-embed" style="width: 1000px; height: 650px"></div>'
        "</body></html>"
    )
    tried = offline(page)
    page.goto(html.as_uri())
    page.evaluate(
        """(data) => {
            window.timeline = new TL.Timeline("timeline-embed", data, { font: null });
        }""",
        document,
    )
    return tried


def test_timelinejs_renders_our_export(page, live_server, demo, tmp_path, timelinejs_dist):
    document = page.request.get(f"{live_server.url}/negotiations/sma-11/timelinejs.json").json()
    tried = render_timelinejs(page, timelinejs_dist, document, tmp_path)
    page.wait_for_function(
        "(count) => document.querySelectorAll('.tl-slide').length === count",
        arg=len(document["events"]) + 1,
    )
    assert page.locator(".tl-timemarker").count() == len(document["events"])
    assert page.locator(".tl-timeera").count() == len(document["eras"])
    assert tried == []
    assert page.console_errors == []


def test_timelinejs_shows_record_markup_as_text(page, live_server, db, tmp_path, timelinejs_dist):
    event = factories.EventFactory(
        title='<img src=x onerror="document.title=1">', note="<script>document.title=2</script>"
    )
    url = f"{live_server.url}/negotiations/{event.negotiation.slug}/timelinejs.json"
    document = page.request.get(url).json()
    render_timelinejs(page, timelinejs_dist, document, tmp_path)
    page.wait_for_function("() => document.querySelectorAll('.tl-slide').length === 2")
    assert page.locator(".tl-slide img[src='x']").count() == 0
    assert page.get_by_text('<img src=x onerror="document.title=1">').count() >= 1
    assert page.title() == ""


# Roles whose children are presentational: nothing focusable may sit inside them (axe's
# nested-interactive rule). The chart's own buttons (the mode bar) are focusable.
CHILDREN_PRESENTATIONAL = """() => {
  const roles = ["img", "button", "link", "checkbox", "radio", "switch", "tab", "progressbar",
                 "slider", "menuitem", "option", "separator", "meter", "scrollbar"];
  const focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
  return [...document.querySelectorAll("[role]")]
    .filter((element) => roles.includes(element.getAttribute("role")))
    .filter((element) => element.querySelector(focusable))
    .map((element) => element.id || element.getAttribute("role"));
}"""


def test_embed_has_no_focusable_control_inside_a_presentational_role(page, live_server, demo):
    page.goto(f"{live_server.url}/embed/sma-11/")
    page.wait_for_selector("#embed-chart[data-ready='true']")

    assert page.locator("#embed-chart button, #embed-chart a[href]").count() > 0
    assert page.evaluate(CHILDREN_PRESENTATIONAL) == []


EMBED_RANGE = "() => document.getElementById('embed-chart')._fullLayout.xaxis.range"


def test_embed_keeps_a_zoom_when_its_frame_is_resized(page, live_server, demo):
    page.set_viewport_size({"width": 1000, "height": 700})
    page.goto(f"{live_server.url}/embed/sma-11/")
    page.wait_for_selector("#embed-chart[data-ready='true']")
    drawn = page.evaluate(EMBED_RANGE)
    box = page.locator("#embed-chart .nsewdrag").first.bounding_box()
    middle_y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.4, middle_y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, middle_y, steps=8)
    page.mouse.up()
    zoomed = page.evaluate(EMBED_RANGE)
    assert zoomed != drawn

    page.set_viewport_size({"width": 600, "height": 700})
    page.wait_for_function(
        "() => document.getElementById('embed-chart').dataset.fittedWidth !== '"
        + page.evaluate("() => document.getElementById('embed-chart').dataset.fittedWidth")
        + "'"
    )
    assert page.evaluate(EMBED_RANGE) == zoomed
    assert page.console_errors == []
