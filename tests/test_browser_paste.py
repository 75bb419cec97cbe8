"""Paste a report in real Chromium: paste the seed story, review, accept, save, see the timeline."""

import pytest
from django.test import Client

from tests.extract.conftest import SEED_COPY
from tracker.models import Event, Negotiation, Statement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URL = "https://en.yna.co.kr/view/AEN20200403000100325"

# Boxes that overlap another in the same candidate card, and anything wider than the window.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push(`page ${document.documentElement.scrollWidth}px wide in ${window.innerWidth}px`);
  }
  for (const card of document.querySelectorAll(".paste-card")) {
    const parts = ".paste-fields > div, .paste-decision, .paste-evidence";
    const boxes = [...card.querySelectorAll(parts)]
      .map((node) => [node, node.getBoundingClientRect()]);
    for (let i = 0; i < boxes.length; i++) {
      const [node, a] = boxes[i];
      if (a.right > card.getBoundingClientRect().right + 1) {
        problems.push(`${node.className} overflows its card`);
      }
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j][1];
        const overlap = Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
          && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
        if (overlap) problems.push(`${node.className} overlaps ${boxes[j][0].className}`);
      }
    }
  }
  return problems;
}"""


def logged_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return page


def open_review(page, live_server, negotiation):
    page.goto(f"{live_server.url}/admin/tracker/negotiation/{negotiation.pk}/change/")
    page.get_by_role("link", name="Paste a report").click()
    page.get_by_label("URL").fill(URL)
    page.get_by_label("Text").fill(SEED_COPY.read_text())
    page.get_by_role("button", name="Read the report").click()
    page.wait_for_selector("#lane-statements")


@pytest.fixture
def staff(admin_user):
    """A superuser: the Editors group does not survive the flush of live-server tests."""
    return admin_user


def test_paste_review_save_shows_the_source_on_the_timeline(page, live_server, demo, staff):
    sma = Negotiation.objects.get(slug="sma-11")
    failed = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    logged_in(page, live_server, staff)
    open_review(page, live_server, sma)

    statements = page.locator("#lane-statements .candidate")
    quotes = statements.filter(has=page.locator("select option[value=quote][selected]"))
    assert quotes.count() == 5
    for index in range(5):
        assert (
            quotes.nth(index).locator("input[name$='-speaker']").input_value() == "R. Clarke Cooper"
        )
    assert "agrees with the record" in page.locator("#checks").text_content()
    figures = page.locator("#lane-positions .candidate")
    assert [figures.nth(i).locator("select[name$='-party']").input_value() for i in range(2)] == [
        "United States",
        "South Korea",
    ]
    furlough = page.locator("#lane-events .candidate").filter(has_text="unpaid leave")
    assert "unpaid leave" in furlough.locator(".recorded").text_content()
    assert furlough.get_by_label("Add this source to the existing record").is_checked()

    quotes.nth(4).get_by_label("Accept").check()
    page.get_by_role("button", name="Save accepted").click()
    page.wait_for_selector(".messagelist .success")
    assert "Saved 9 facts" in page.locator(".messagelist").text_content()

    event = Event.objects.get(negotiation=sma, date="2020-04-01")
    new_quote = Statement.objects.get(quote__startswith="But the important thing")
    # The admin pages ask for /favicon.ico, which the site does not serve; nothing else failed.
    assert [url for url in failed if not url.endswith("/favicon.ico")] == []
    page.console_errors.clear()
    page.goto(f"{live_server.url}/negotiations/sma-11/")
    for row in (f"#events-{event.pk}", f"#statements-{new_quote.pk}"):
        assert page.locator(f"{row} a[href='{URL}']").count() == 1
    assert page.console_errors == []


@pytest.mark.parametrize("width", [390, 600, 1366])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_paste_review_fits_the_window(chromium, live_server, demo, staff, width, scheme, tmp_path):
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        logged_in(page, live_server, staff)
        open_review(page, live_server, Negotiation.objects.get(slug="sma-11"))
        assert page.evaluate(LAYOUT_PROBLEMS) == []
        page.screenshot(path=str(tmp_path / f"review-{width}-{scheme}.png"), full_page=True)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(255, 255, 255)") == (scheme == "light")
    finally:
        context.close()
