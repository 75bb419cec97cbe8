"""The timeline and comparison pages in real Chromium: drawing, hover, side panel, permalinks."""

import re

import pytest

from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ESPER = "Korea is a wealthy country"
ESPER_SOURCE = (
    "https://www.washingtonexaminer.com/policy/defense-national-security/"
    "americas-most-consistent-message-to-its-allies-its-past-time-to-start-paying-your-way"
)

# Where a point of a named trace is on screen, from plotly's own axis conversions.
POINT_POSITION = """([name, needle]) => {
  const gd = document.getElementById("timeline-chart");
  const trace = gd.data.find((t) => t.name === name);
  const index = trace.hovertext.findIndex((text) => text && text.includes(needle));
  const layout = gd._fullLayout;
  const xa = layout.xaxis;
  const ya = layout["yaxis" + (trace.yaxis || "y").slice(1)];
  const box = gd.querySelector(".main-svg").getBoundingClientRect();
  return {
    x: box.left + xa._offset + xa.d2p(trace.x[index]),
    y: box.top + ya._offset + ya.d2p(trace.y[index]),
  };
}"""


def open_timeline(page, live_server, query=""):
    page.goto(f"{live_server.url}/negotiations/sma-11/{query}")
    page.wait_for_selector("#timeline-chart[data-ready='true']")
    return page


def trace_names(page):
    return page.evaluate(
        "() => document.getElementById('timeline-chart').data.map((trace) => trace.name)"
    )


def drawn_bars(page, chart_id):
    """Bars drawn in the chart itself, leaving out the range slider's miniature."""
    return page.evaluate(
        """(id) => [...document.querySelectorAll(`#${id} .barlayer .point`)]
            .filter((node) => !node.closest(".rangeslider-container")).length""",
        chart_id,
    )


def point(page, name, needle):
    return page.evaluate(POINT_POSITION, [name, needle])


def test_timeline_page_draws_the_demo(page, live_server, demo):
    open_timeline(page, live_server)
    assert page.locator("#timeline-chart.js-plotly-plot").count() == 1
    names = trace_names(page)
    assert {"Rounds", "Events", "Statements: United States", "United States demand (USD)"} <= set(
        names
    )
    assert drawn_bars(page, "timeline-chart") == 9
    assert page.locator("#timeline-chart .rangeslider-container").count() == 1
    assert page.console_errors == []


def test_hover_on_a_statement_shows_the_quote(page, live_server, demo):
    open_timeline(page, live_server)
    where = point(page, "Statements: Unattributed", ESPER)
    page.mouse.move(where["x"], where["y"])
    label = page.locator("#timeline-chart .hoverlayer .hovertext")
    label.wait_for()
    text = label.text_content()
    assert ESPER in text
    assert "15 November 2019" in text
    assert "Mark Esper" in text
    assert page.console_errors == []


def test_click_opens_the_side_panel_with_the_source_link(page, live_server, demo):
    open_timeline(page, live_server)
    where = point(page, "Statements: Unattributed", ESPER)
    page.mouse.click(where["x"], where["y"])
    panel = page.locator("#detail-panel")
    panel.wait_for(state="visible")
    assert ESPER in panel.locator("blockquote").text_content()
    link = panel.locator("a", has_text="washingtonexaminer")
    assert link.get_attribute("href") == ESPER_SOURCE
    panel.locator("button", has_text="Close").click()
    assert panel.is_hidden()
    # Back from the Close button: plotly reports a click on a point it has hovered, and two
    # clicks within its double-click delay (300 ms) would be a double click (zoom out).
    # Closing returns focus to the chart, which may scroll the page: measure the point again.
    page.wait_for_timeout(800)
    where = point(page, "Statements: Unattributed", ESPER)
    page.mouse.move(where["x"], where["y"])
    page.locator("#timeline-chart .hoverlayer .hovertext").wait_for()
    page.mouse.click(where["x"], where["y"])
    panel.wait_for(state="visible")
    page.keyboard.press("Escape")
    assert panel.is_hidden()
    assert page.console_errors == []


def test_hover_shows_markup_in_a_quote_as_characters(page, live_server, db):
    statement = factories.StatementFactory(
        quote="<b>not bold</b> <img src=x onerror=alert(1)>",
        negotiation=factories.NegotiationFactory(slug="sma-11", title="Escaping"),
    )
    open_timeline(page, live_server)
    box = page.evaluate(POINT_POSITION, [f"Statements: {statement.party.name}", "not bold"])
    page.mouse.click(box["x"], box["y"])
    hover = page.locator("#timeline-chart .hoverlayer .hovertext").text_content()
    assert "<b>not bold</b>" in hover
    assert page.locator("#detail-panel blockquote").text_content() == statement.quote
    assert page.locator("#timeline-chart .hoverlayer b", has_text="not bold").count() == 0
    assert page.locator("img[src='x']").count() == 0
    assert page.console_errors == []


def has_trace(name):
    return f"() => document.getElementById('timeline-chart').data.some((t) => t.name === '{name}')"


def lacks_trace(name):
    return f"() => !document.getElementById('timeline-chart').data.some((t) => t.name === '{name}')"


def test_a_filter_changes_the_url_and_the_chart_and_back_restores_it(page, live_server, demo):
    open_timeline(page, live_server)
    lane = page.locator("#timeline-filters input[name='lanes'][value='events']")
    lane.uncheck()  # toggles apply at once
    page.wait_for_url(re.compile(r"\?lanes=rounds%2Cpositions%2Cstatements$"))
    page.wait_for_function(lacks_trace("Events"))
    assert page.locator("#table-events").count() == 0

    page.locator("#timeline-filters input[name='party'][value='United States']").check()
    page.wait_for_url(re.compile(r"lanes=rounds%2Cpositions%2Cstatements&party=United\+States"))
    page.wait_for_function(lacks_trace("Statements: South Korea"))
    assert "Statements: United States" in trace_names(page)

    page.go_back()
    page.wait_for_function(has_trace("Statements: South Korea"))
    assert "party=" not in page.url and "lanes=" in page.url
    assert "Events" not in trace_names(page)

    page.go_back()
    page.wait_for_function(has_trace("Events"))
    assert "lanes=" not in page.url
    assert page.locator("#table-events").count() == 1
    assert lane.is_checked()
    assert page.console_errors == []


def test_a_permalink_opens_the_same_view(page, live_server, demo):
    open_timeline(page, live_server, "?lanes=positions&start=2019-09&end=2020-06")
    assert all("Statements" not in name for name in trace_names(page))
    x_range = page.evaluate("() => document.getElementById('timeline-chart').layout.xaxis.range")
    assert x_range[0].startswith("2019-09-01") and x_range[1].startswith("2020-06-30")
    assert page.locator("#timeline-filters input[name='start']").input_value() == "2019-09-01"
    assert page.console_errors == []


def test_zooming_writes_the_date_window_into_the_url(page, live_server, demo):
    open_timeline(page, live_server)
    zoom_around(page, ESPER)  # waits for the start and end in the URL
    assert page.console_errors == []


def zoom_around(page, needle):
    """Drag a zoom box around a statement; the zoomed range once the URL has it."""
    start = point(page, "Statements: Unattributed", needle)
    page.mouse.move(start["x"] - 60, start["y"] - 5)
    page.mouse.down()
    page.mouse.move(start["x"] + 60, start["y"] - 5, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(r"start=2019-\d\d-\d\d&end=20\d\d-\d\d-\d\d"))
    return page.evaluate("() => document.getElementById('timeline-chart').layout.xaxis.range")


X_RANGE = "() => document.getElementById('timeline-chart')._fullLayout.xaxis.range"
FITTED = "() => document.getElementById('timeline-chart').dataset.fittedWidth"


def test_a_zoom_survives_a_resize_and_a_theme_change(page, live_server, demo):
    open_timeline(page, live_server)
    zoomed = zoom_around(page, ESPER)
    assert page.evaluate(X_RANGE) == zoomed

    page.set_viewport_size({"width": 700, "height": 900})
    page.wait_for_function(f"() => ({FITTED[6:]}) !== '{page.evaluate(FITTED)}'")
    assert page.evaluate(X_RANGE) == zoomed
    # Drawn again at the new width: the page does not scroll sideways.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 700
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(
        "() => document.getElementById('timeline-chart')._fullLayout.paper_bgcolor !== '#fff'"
    )
    assert page.evaluate(X_RANGE) == zoomed
    assert page.console_errors == []


def test_a_new_filter_draws_its_own_date_window_after_a_zoom(page, live_server, demo):
    open_timeline(page, live_server)
    zoom_around(page, ESPER)
    page.fill("#timeline-filters input[name='start']", "2019-09-01")
    page.fill("#timeline-filters input[name='end']", "2020-06-30")
    page.locator("#timeline-filters").evaluate("(form) => form.requestSubmit()")
    page.wait_for_url(re.compile(r"start=2019-09-01&end=2020-06-30"))
    page.wait_for_function(
        "() => String(document.getElementById('timeline-chart')._fullLayout.xaxis.range[0])"
        ".startsWith('2019-09-01')"
    )
    assert page.console_errors == []


def test_dark_system_preference_darkens_the_chart(page, live_server, demo):
    page.emulate_media(color_scheme="dark")
    open_timeline(page, live_server)
    background = page.evaluate(
        "() => document.getElementById('timeline-chart')._fullLayout.paper_bgcolor"
    )
    assert background in {"#16191d", "rgb(22, 25, 29)"}
    assert page.evaluate("() => document.documentElement.dataset.resolvedTheme") == "dark"
    halos = page.evaluate(
        """() => [...document.querySelectorAll('#timeline-chart .annotation-text')]
            .filter((text) => ['South Korea', 'United States'].includes(text.textContent))
            .map((text) => getComputedStyle(text).textShadow)"""
    )
    assert len(halos) >= 2 and set(halos) == {", ".join(["rgb(22, 25, 29) 0px 0px 2px"] * 3)}
    body = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(body) == "rgb(22, 25, 29)"

    open_timeline(page, live_server, "?theme=light")  # the parameter pins the theme
    assert page.evaluate("() => document.documentElement.dataset.resolvedTheme") == "light"
    assert page.evaluate(body) == "rgb(255, 255, 255)"
    assert page.console_errors == []


def test_compare_page_draws_two_negotiations(page, live_server, demo):
    other = factories.NegotiationFactory(slug="other-talks", title="Other talks")
    for number, start in enumerate(["2021-01-10", "2021-02-03", "2021-03-01"], start=1):
        factories.RoundFactory(negotiation=other, number=number, start=start, end=None)
    page.goto(f"{live_server.url}/compare/?n=sma-11&n=other-talks&align=relative")
    page.wait_for_selector("#compare-chart[data-ready='true']")
    bars = page.evaluate(
        "() => document.getElementById('compare-chart').data"
        ".filter((t) => t.type === 'bar').map((t) => t.x.length)"
    )
    assert bars == [9, 3]
    assert drawn_bars(page, "compare-chart") == 12
    assert page.console_errors == []

    # A click on a round opens that negotiation's timeline at the round's row.
    where = page.evaluate(
        """() => {
          const gd = document.getElementById("compare-chart");
          const bars = gd.data.find((t) => t.type === "bar");
          const layout = gd._fullLayout;
          const box = gd.querySelector(".main-svg").getBoundingClientRect();
          const middle = bars.base[6] + bars.x[6] / 2;
          return {
            x: box.left + layout.xaxis._offset + layout.xaxis.d2p(middle),
            y: box.top + layout.yaxis._offset + layout.yaxis.d2p(bars.y[6]),
          };
        }"""
    )
    page.mouse.click(where["x"], where["y"])
    page.wait_for_url(re.compile(r"/negotiations/sma-11/#rounds-\d+$"))


def test_a_tap_on_a_phone_opens_the_side_panel(chromium, live_server, demo):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    )
    try:
        phone = context.new_page()
        open_timeline(phone, live_server)
        phone.locator("#timeline-chart").scroll_into_view_if_needed()
        phone.evaluate("window.scrollBy(0, 200)")
        where = point(phone, "Statements: Unattributed", ESPER)
        assert 0 < where["x"] < 390 and 0 < where["y"] < 844

        phone.touchscreen.tap(where["x"], where["y"])

        panel = phone.locator("#detail-panel")
        panel.wait_for(state="visible")
        assert ESPER in panel.locator("blockquote").text_content()
        box = panel.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert phone.evaluate("document.documentElement.scrollWidth") == 390
    finally:
        context.close()
