"""Charts fit for publication at every width, measured in real Chromium.

For the demo, the every-field test document and a dense synthetic negotiation, each view is
drawn light and dark and measured: no two visible SVG text elements overlap (an overlap is an
intersection above 20% of the smaller box; hover labels left out), the plotting area (the
union of the subplots' drag rectangles) spans at least 75% of the chart's width (70% below
500 px), and the page never scrolls sideways. The comparison page and the SVG export are held
to the same rules. One browser page per document keeps the run short.
"""

import json
from pathlib import Path

import pytest

from tests.conftest import DEMO_PATH
from tests.test_browser_embeds import host_article, third_party  # noqa: F401 - a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parent / "data"
DOCUMENTS = {
    "sma-11": DEMO_PATH,
    "freedonia-sylvania-trade": DATA / "every-field.json",
    "dense-synthetic": DATA / "dense.json",
}
EMBED_WIDTHS = (360, 600, 1000)
PAGE_WIDTHS = (390, 1366)
THEMES = ("light", "dark")
OVERLAP_SHARE = 0.2

# Visible text boxes of a chart's SVG, and the union of its subplots' drag rectangles.
MEASURE = """(selector) => {
  const root = document.querySelector(selector);
  function shown(node) {
    if (!node.textContent.trim()) return false;
    for (let el = node; el && el.nodeType === 1; el = el.parentNode) {
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") return false;
      if (parseFloat(style.opacity) === 0) return false;
    }
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }
  const texts = [...root.querySelectorAll("svg text")]
    .filter((node) => !node.closest(".hoverlayer") && shown(node))
    .map((node) => {
      const box = node.getBoundingClientRect();
      return { text: node.textContent, left: box.left, top: box.top,
               right: box.right, bottom: box.bottom };
    });
  const drags = [...root.querySelectorAll(".draglayer .nsewdrag")].map((node) =>
    node.getBoundingClientRect());
  const chart = root.getBoundingClientRect();
  // A static image has no drag rectangles: its subplots' clip rectangles give the plot width.
  const clips = [...root.querySelectorAll("clipPath[id$='plot'] rect")].map((node) =>
    Number(node.getAttribute("width")));
  return {
    texts: texts,
    plotLeft: drags.length ? Math.min(...drags.map((box) => box.left)) : 0,
    plotRight: drags.length ? Math.max(...drags.map((box) => box.right)) : Math.max(0, ...clips),
    chartWidth: chart.width,
    chartLeft: chart.left,
    chartRight: chart.right,
    scrollWidth: document.documentElement.scrollWidth,
    viewportWidth: window.innerWidth,
  };
}"""


def overlaps(texts):
    """Pairs of text boxes whose intersection exceeds 20% of the smaller one."""
    found = []
    for index, a in enumerate(texts):
        for b in texts[index + 1 :]:
            width = min(a["right"], b["right"]) - max(a["left"], b["left"])
            height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if width <= 0 or height <= 0:
                continue
            smaller = min(
                (box["right"] - box["left"]) * (box["bottom"] - box["top"]) for box in (a, b)
            )
            if width * height > OVERLAP_SHARE * smaller:
                found.append((a["text"], b["text"]))
    return found


def problems(measured, width, where):
    """What breaks the rules in one measured view, as readable lines; the first is a summary."""
    pairs = overlaps(measured["texts"])
    found = [f"{where}: '{a}' overlaps '{b}'" for a, b in pairs]
    share = (measured["plotRight"] - measured["plotLeft"]) / measured["chartWidth"]
    wanted = 0.70 if width < 500 else 0.75
    if share < wanted:
        found.append(f"{where}: the plot gets {share:.0%} of the width (wanted {wanted:.0%})")
    cut = [
        box["text"]
        for box in measured["texts"]
        if box["right"] > measured["chartRight"] + 1 or box["left"] < measured["chartLeft"] - 1
    ]
    found += [f"{where}: '{text}' runs past the edge of the chart" for text in cut]
    extra = measured["scrollWidth"] - measured["viewportWidth"]
    if extra > 0:
        found.append(f"{where}: the page is {extra} px wider than the screen")
    summary = (
        f"{where}: {len(pairs)} overlaps, {len(cut)} cut, plot {share:.0%}, "
        f"{max(extra, 0)} px too wide"
    )
    return summary, found


def check(views_measured):
    """Assert no view breaks a rule; the message starts with every view's figures."""
    summaries = [summary for summary, _ in views_measured]
    print("\n".join(summaries))  # the figures, for `pytest -s`
    found = [line for _, lines in views_measured for line in lines]
    assert not found, "\n".join(summaries + found)


def measure(page, url, widths, selector):
    """Open the view once and measure it at each width, redrawn as a reader's resize would."""
    page.set_viewport_size({"width": widths[0], "height": 900})
    page.goto(url)
    page.wait_for_selector(f"{selector}[data-ready='true']")
    results = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.wait_for_function(FITTED, arg=selector)
        results.append((width, page.evaluate(MEASURE, selector)))
    return results


# The chart was drawn and its labels fitted at its present width.
FITTED = """(selector) => {
  const chart = document.querySelector(selector);
  return chart._fullLayout && Math.round(chart._fullLayout.width) === chart.clientWidth &&
    chart.dataset.fittedWidth === String(chart.clientWidth);
}"""


@pytest.fixture
def documents(db):
    """The three test negotiations, imported and published."""
    from tracker.interchange import import_document
    from tracker.models import Negotiation

    for path in DOCUMENTS.values():
        import_document(json.loads(path.read_text(encoding="utf-8")))
    Negotiation.objects.update(is_published=True)
    return list(DOCUMENTS)


def views(slug):
    """(label, path, widths, chart selector) of every view measured for one negotiation."""
    for theme in THEMES:
        yield f"embed {theme}", f"/embed/{slug}/?theme={theme}", EMBED_WIDTHS, "#embed-chart"
        path = f"/negotiations/{slug}/?theme={theme}"
        yield f"timeline {theme}", path, PAGE_WIDTHS, "#timeline-chart"


@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_chart_fits_every_width(page, live_server, documents, slug):
    measured = [
        problems(figures, width, f"{slug} {label} {width}")
        for label, path, widths, selector in views(slug)
        for width, figures in measure(page, live_server.url + path, widths, selector)
    ]
    assert page.console_errors == []
    check(measured)


def test_compare_page_fits_every_width(page, live_server, documents):
    query = "&".join(f"n={slug}" for slug in documents)
    url = f"{live_server.url}/compare/?{query}&theme="
    widths = (*EMBED_WIDTHS, *PAGE_WIDTHS)
    measured = [
        problems(figures, width, f"compare {theme} {width}")
        for theme in THEMES
        for width, figures in measure(page, url + theme, widths, "#compare-chart")
    ]
    check(measured)


@pytest.mark.parametrize("width", [600, 1200])
def test_svg_export_text_does_not_overlap(page, live_server, documents, width):
    measured = []
    for slug in documents:
        url = f"{live_server.url}/negotiations/{slug}/timeline.svg?width={width}"
        response = page.request.get(url)
        assert response.ok, response.text()
        page.set_viewport_size({"width": width, "height": 900})
        page.set_content(f"<body style='margin:0'><div id='export'>{response.text()}</div></body>")
        figures = page.evaluate(MEASURE, "#export")
        measured.append(problems(figures, width, f"{slug} SVG {width}"))
    check(measured)


def test_plain_embed_code_fits_its_content_at_600_px(
    page,
    live_server,
    documents,
    third_party,  # noqa: F811 - the fixture imported above
):
    """The code without the resize script has a fixed height: nothing in it scrolls or is cut."""
    from timeline.embeds import DEFAULT_CHART_HEIGHT, PAGE_CHROME, iframe_html

    page.set_viewport_size({"width": 600, "height": 900})
    too_tall = []
    for slug in documents:
        src = f"{live_server.url}/embed/{slug}/?height={DEFAULT_CHART_HEIGHT}"
        code = iframe_html(src, slug, DEFAULT_CHART_HEIGHT + PAGE_CHROME)
        host_article(page, third_party, f"<div style='width:600px'>{code}</div>")
        page.frame_locator("iframe").locator("#embed-chart[data-ready='true']").wait_for()
        inner = page.frames[1].evaluate(
            "() => [document.documentElement.scrollHeight, window.innerHeight]"
        )
        if inner[0] > inner[1]:
            too_tall.append(f"{slug}: {inner[0]} px of content in a {inner[1]} px frame")
    assert too_tall == []


@pytest.mark.parametrize("theme", THEMES)
def test_standalone_html_fits_every_width(page, live_server, documents, tmp_path, theme):
    """The saved file fits its labels to the screen it is opened on, and again on resize."""
    measured = []
    for slug in documents:
        response = page.request.get(
            f"{live_server.url}/negotiations/{slug}/timeline.html?theme={theme}"
        )
        assert response.ok
        saved = tmp_path / f"{slug}-{theme}.html"
        saved.write_bytes(response.body())
        widths = (*EMBED_WIDTHS, *PAGE_WIDTHS)
        for width, figures in measure(page, saved.as_uri(), widths, "#standalone-chart"):
            measured.append(problems(figures, width, f"{slug} standalone {theme} {width}"))
    assert page.console_errors == []
    check(measured)
