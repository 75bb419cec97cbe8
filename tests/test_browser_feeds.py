"""The Atom feed end to end in real Chromium: a reader subscribes from the SMA timeline, an
editor edits an event in the admin, and the reader's next fetch carries the edit on top."""

import re
import xml.etree.ElementTree as ET

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATOM = "{http://www.w3.org/2005/Atom}"
NEW_TITLE = "About 4,000 Korean USFK workers furloughed without pay"


def fetch(reader, url):
    """The feed's entries as a feed reader reads them: [(id, title, summary)], newest first."""
    response = reader.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.body())
    return [
        tuple(entry.find(f"{ATOM}{name}").text for name in ("id", "title", "summary"))
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_a_subscriber_of_the_sma_feed_sees_the_next_edit(page, chromium, live_server, demo):
    # The admin asks for a /favicon.ico the site does not serve: its console is not checked.
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("chief", password="correct horse battery")
    event = demo.event_set.get(date="2020-04-01")
    reader = chromium.new_context()  # anonymous, like a feed reader
    timeline = reader.new_page()
    timeline.goto(f"{live_server.url}/negotiations/sma-11/")
    href = timeline.locator("a[type='application/atom+xml']").get_attribute("href")
    feed_url = f"{live_server.url}{href}"
    before = fetch(reader, feed_url)

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "correct horse battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/tracker/event/{event.pk}/change/")
    page.fill("#id_title", NEW_TITLE)
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/tracker/event/(\?.*)?$"))

    after = fetch(reader, feed_url)
    entry_id, title, summary = after[0]
    assert entry_id not in {entry[0] for entry in before}
    assert title.endswith("changed") and NEW_TITLE in summary
    assert after[1:] == before[: len(after) - 1]  # the earlier entries keep their ids
    reader.close()
