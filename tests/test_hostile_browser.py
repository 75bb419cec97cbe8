"""Hostile strings in real Chromium: shown as text everywhere, run nowhere.

Every text field of every model holds corpus strings (tests/hostile.py). The timeline
page (with every hover label and every side panel opened), the embed, the admin
changelists and change page, and the SVG export must open no dialog, contain no element
or attribute from the corpus, have no link from a record that can navigate the top
window, and log no error (a CSP violation is logged as one).
"""

import pytest

from tests.hostile import MARKER, hostile_negotiation
from tracker.models import Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Everything in the document (frames included) that a record could have smuggled in.
AUDIT = """(marker) => {
  const bad = [];
  const urls = ["href", "src", "xlink:href", "action", "formaction", "data", "poster"];
  const unsafe = /^(javascript|vbscript|data:text)/;
  const built = [
    ["b", "bold"], ["i", "italic"], ["sup", "up"], ["sub", "down"], ["div", "hover me"],
    ["button", "go"], ["a", "click"], ["a", "data"], ["a", "read more"], ["a", "parent"],
  ];
  const never = ["marquee", "foreignobject", "animate", "video", "object", "embed"];
  const docs = [document];
  for (const frame of document.querySelectorAll("iframe")) {
    try { if (frame.contentDocument) docs.push(frame.contentDocument); } catch (e) {}
  }
  for (const doc of docs) {
    for (const el of doc.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.trim().toLowerCase();
        if (name.startsWith("on")) bad.push(`${tag}[${name}]`);
        if (name === "srcdoc") bad.push(`${tag}[srcdoc]`);
        if (urls.includes(name) && unsafe.test(value.replace(/\\s/g, "")))
          bad.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`);
        if (name === "target" && /^_(top|parent)$/.test(value))
          bad.push(`${tag}[target=${value}]`);
        if (urls.includes(name) && value.includes("evil.example"))
          bad.push(`${tag}[${name}] from a record`);
        if (name === "style" && value.includes("400px")) bad.push(`${tag}[style] from a record`);
      }
      const text = (el.textContent || "").trim();
      const source = el.src || "";
      if (tag === "script" && el.type !== "application/json"
          && (text.includes(marker) || source.includes(marker)))
        bad.push("script from a record");
      if (never.includes(tag)) bad.push(`<${tag}> from a record`);
      // The embed's own <base target="_blank"> sends links to a new window; nothing else.
      if (tag === "base" && (el.hasAttribute("href") || el.getAttribute("target") !== "_blank"))
        bad.push("<base> from a record");
      if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh")
        bad.push("meta refresh");
      if (tag === "img" && el.getAttribute("src") === "x") bad.push("<img src=x>");
      for (const [name, words] of built) {
        if (tag === name && text === words) bad.push(`<${tag}>${words}</${tag}> from a record`);
      }
    }
  }
  return bad;
}"""

HOVER_EVERY_POINT = """() => {
  const gd = document.getElementById("timeline-chart");
  const shown = [];
  gd.data.forEach((trace, curve) => {
    const count = (trace.x || []).length;
    // Only traces on screen have axes to place a label on (reference lines have none).
    if (gd._fullData[curve].visible !== true || trace.hoverinfo === "skip") return;
    for (let i = 0; i < count; i += 1) {
      const subplot = (trace.xaxis || "x") + (trace.yaxis || "y");
      Plotly.Fx.hover(gd, [{ curveNumber: curve, pointNumber: i }], subplot);
      const layer = gd.querySelector(".hoverlayer");
      shown.push(layer ? layer.textContent : "");
    }
  });
  return shown.join("\\n");
}"""

CLICK_EVERY_RECORD = """() => {
  const gd = document.getElementById("timeline-chart");
  const keys = [];
  gd.data.forEach((trace) => (trace.customdata || []).forEach((data) => {
    if (data && data.length >= 2) keys.push(data);
  }));
  return keys;
}"""


@pytest.fixture
def hostile(transactional_db):
    return hostile_negotiation()


@pytest.fixture
def guarded(page):
    """The page, with every dialog recorded (and dismissed) and every console message kept."""
    page.dialogs = []
    page.messages = []

    def on_dialog(dialog):
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda message: page.messages.append(message.text))
    page.failed = []
    page.on("response", lambda r: r.status >= 400 and page.failed.append(f"{r.status} {r.url}"))
    page.set_default_timeout(120_000)
    return page


def assert_clean(page):
    assert page.dialogs == []
    found = page.evaluate(AUDIT, MARKER)
    assert found == [], found[:20]
    violations = [m for m in page.messages if "Content Security Policy" in m]
    assert violations == []
    assert page.failed == []
    # Chromium's own /favicon.ico request (no page event) is the only unlisted 404.
    errors = [e for e in page.console_errors if not e.startswith("Failed to load resource")]
    assert errors == []


def test_timeline_page_hover_labels_and_side_panel(guarded, live_server, hostile):
    page = guarded
    page.goto(f"{live_server.url}/negotiations/{hostile.slug}/")
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    assert hostile.title in page.locator("h1").first.text_content()
    assert_clean(page)

    hover_text = page.evaluate(HOVER_EVERY_POINT)
    assert MARKER in hover_text
    assert "<script>" in hover_text or "&lt;script&gt;" not in hover_text
    assert_clean(page)

    keys = page.evaluate(CLICK_EVERY_RECORD)
    assert keys
    panel = page.locator("#detail-panel")
    for data in keys:
        page.evaluate(
            "(data) => document.getElementById('timeline-chart')"
            ".emit('plotly_click', {points: [{customdata: data}]})",
            data,
        )
        panel.wait_for(state="visible")
    assert MARKER in panel.text_content()
    assert_clean(page)


def test_tables_show_the_strings_as_text(guarded, live_server, hostile):
    page = guarded
    page.goto(f"{live_server.url}/negotiations/{hostile.slug}/")
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    body = page.locator("body").inner_text()
    assert hostile.title in body
    assert hostile.summary in body
    quotes = [q for q in Statement.objects.values_list("quote", flat=True) if q.isprintable()]
    assert quotes and all(quote in body for quote in quotes)
    assert_clean(page)


def test_embed(guarded, live_server, hostile):
    page = guarded
    page.goto(f"{live_server.url}/embed/{hostile.slug}/")
    page.wait_for_selector("#embed-chart[data-ready='true']")
    assert hostile.title in page.locator("body").inner_text()
    assert_clean(page)


def log_in(page, live_server, admin_user):
    admin_user.set_password("correct horse battery")
    admin_user.save()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


@pytest.mark.parametrize(
    "path",
    [
        "/admin/tracker/negotiation/",
        "/admin/tracker/statement/",
        "/admin/tracker/round/",
        "/admin/tracker/position/",
        "/admin/tracker/event/",
        "/admin/tracker/person/",
        "/admin/tracker/source/",
        "/admin/tracker/party/",
        "change",
        "history",
    ],
)
def test_admin_pages(guarded, live_server, hostile, admin_user, path):
    page = guarded
    log_in(page, live_server, admin_user)
    if path == "change":
        path = f"/admin/tracker/negotiation/{hostile.pk}/change/"
    elif path == "history":
        path = f"/admin/tracker/negotiation/{hostile.pk}/history/"
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    assert page.locator("#content").count() == 1
    assert MARKER in page.content()
    assert_clean(page)


def test_svg_export(guarded, live_server, hostile):
    page = guarded
    response = page.goto(f"{live_server.url}/negotiations/{hostile.slug}/timeline.svg")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert page.evaluate("() => document.documentElement.tagName.toLowerCase()") == "svg"
    assert_clean(page)
