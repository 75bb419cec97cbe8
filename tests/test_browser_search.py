"""Search in real Chromium: from the header to the record with its panel open, dimming
inside a timeline with a count, and the results page at phone, tablet and desktop widths."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

APRIL_EVENT = "About 4,000 Korean USFK workers placed on unpaid leave"
X_RANGE = "() => document.getElementById('timeline-chart').layout.xaxis.range.map(String)"
EVENT_OPACITIES = """() => {
  const gd = document.getElementById("timeline-chart");
  const trace = gd.data.find((t) => t.name === "Events" && Array.isArray(t.customdata));
  return trace.customdata.map((c, i) => [c[0] + "-" + c[1], trace.marker.opacity[i]]);
}"""


def wait_for_search(page):
    page.wait_for_selector("#timeline-chart[data-search-ready='true']")


def test_header_search_lands_on_the_record_with_its_panel_open(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    page.fill("#site-search-q", "furlough")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=furlough$"))
    assert page.locator(".search-hit").count() == 6
    event = demo.event_set.get(date="2020-04-01")
    hit = page.locator(f".search-hit[data-key='events-{event.pk}']")
    assert "1 April 2020" in hit.inner_text()
    assert hit.locator("mark").first.inner_text().lower() == "furlough"
    hit.locator("a").click()
    page.wait_for_url(re.compile(rf"/negotiations/sma-11/\?.*focus=events-{event.pk}"))
    wait_for_search(page)
    panel = page.locator("#detail-panel")
    panel.wait_for(state="visible")
    assert APRIL_EVENT in panel.locator(".detail-title").inner_text()
    assert "1 April 2020" in panel.inner_text()
    start, end = page.evaluate(X_RANGE)
    assert "2020-02" in start and "2020-05" in end  # zoomed to about six weeks either side
    assert page.console_errors == []


def test_timeline_q_dims_what_does_not_match_and_counts(page, live_server, demo):
    page.goto(f"{live_server.url}/negotiations/sma-11/?q=furlough")
    wait_for_search(page)
    count = page.locator("#timeline-search-count")
    assert count.inner_text() == "6 of 63 facts match \u201cfurlough\u201d"
    assert page.locator("#timeline-live tr.search-dim").count() == 57
    assert page.locator("#timeline-live tr[id]:not(.search-dim)").count() == 6
    opacities = dict(page.evaluate(EVENT_OPACITIES))
    matching = {key for key, value in opacities.items() if value == 1}
    dimmed = {key for key, value in opacities.items() if value < 0.5}
    assert len(matching) == 4 and len(dimmed) == len(opacities) - 4
    assert page.locator("#timeline-search-q").input_value() == "furlough"
    assert page.console_errors == []


def test_timeline_search_field_updates_the_url_and_survives_filters(page, live_server, demo):
    page.goto(f"{live_server.url}/negotiations/sma-11/")
    wait_for_search(page)
    assert page.locator("#timeline-live tr.search-dim").count() == 0
    page.fill("#timeline-search-q", "Cooper")
    page.press("#timeline-search-q", "Enter")
    page.wait_for_url(re.compile(r"\?q=Cooper$"))
    count = page.locator("#timeline-search-count")
    count.filter(has_text="of 63 facts").wait_for()
    assert count.inner_text().startswith("4 of 63 facts")
    page.uncheck("#timeline-filters input[name='lanes'][value='rounds']")
    page.wait_for_url(re.compile(r"lanes=.*&q=Cooper"))
    count.filter(has_text="of 54 facts").wait_for()
    assert page.locator("#timeline-live tr[id]:not(.search-dim)").count() == 4
    page.go_back()
    page.wait_for_url(re.compile(r"\?q=Cooper$"))
    page.go_back()
    page.wait_for_function(
        "() => document.getElementById('timeline-search-count').textContent === ''"
    )
    assert page.locator("#timeline-live tr.search-dim").count() == 0
    assert page.console_errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 600, 1366])
def test_results_page_fits_without_sideways_scroll(chromium, live_server, demo, width, scheme):
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/search/?q=%22cost+sharing%22")
        assert page.locator(".search-hit").count() > 5
        sizes = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert sizes[0] <= sizes[1]
        boxes = page.evaluate(
            """() => [".brand", ".site-search", ".site-header nav"].map((s) => {
                const r = document.querySelector(s).getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom];
            })"""
        )
        for i, a in enumerate(boxes):
            assert a[2] <= width + 0.5
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (a, b)
        wide = page.evaluate(
            """() => [...document.querySelectorAll(".search-hit, .search-hit *")]
                .filter((n) => n.getBoundingClientRect().right > window.innerWidth + 0.5).length"""
        )
        assert wide == 0
        mark = page.locator("mark").first
        colors = mark.evaluate(
            "(n) => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor]"
        )
        assert colors[0] != colors[1]
    finally:
        context.close()


def test_header_search_finds_tagged_statements_for_the_analyst_only(
    page, chromium, live_server, demo, analyst
):
    from tests.test_browser_workspace import log_in
    from tracker.workspace.tags import add_tag

    statements = list(demo.statement_set.order_by("pk")[:3])
    for statement in statements:
        add_tag(demo, "statements", statement.pk, "Contract length", user=analyst)
    keys = [f"statements-{s.pk}" for s in statements]
    log_in(page, live_server, "analyst")
    page.fill("#site-search-q", "contract length")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=contract\+length$"))
    hits = page.locator(".search-hit")
    assert [hits.nth(i).get_attribute("data-key") for i in range(3)] == keys
    assert hits.first.locator(".search-hit-tags").inner_text() == "Tagged contract length"
    hits.first.locator("a").click()
    page.wait_for_url(re.compile(rf"/negotiations/sma-11/\?.*focus={keys[0]}"))
    page.locator("#detail-panel").wait_for(state="visible")
    panel = page.locator("#detail-panel")
    panel.locator(".ws-tags .ws-tag", has_text="contract length").wait_for()
    assert page.console_errors == []

    anonymous = chromium.new_context().new_page()
    add_tag(demo, "statements", statements[0].pk, "quixotic", user=analyst)
    anonymous.goto(f"{live_server.url}/search/?q=quixotic")
    assert anonymous.locator("#search-count").inner_text() == "0 matches for quixotic."
    assert anonymous.locator(".search-hit").count() == 0
    anonymous.context.close()
