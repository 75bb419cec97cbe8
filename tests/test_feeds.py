"""The Atom feeds: valid Atom, published negotiations only, stable entry ids."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response):
    """The feed element, after checking what RFC 4287 requires of a feed and its entries."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
            assert entry.find(f"{ATOM}{name}").text.strip()
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None and link.get("href").startswith("http")
        assert entry.find(f"{ATOM}id").text.startswith("tag:")
    return feed


def entry_ids(feed):
    return [entry.find(f"{ATOM}id").text for entry in feed.findall(f"{ATOM}entry")]


@pytest.fixture
def secret(db):
    negotiation = factories.NegotiationFactory(slug="secret-talks", is_published=False)
    factories.EventFactory(negotiation=negotiation, title="Secret summit in Geneva")
    return negotiation


def test_feed_of_a_negotiation_is_atom_with_its_new_and_changed_facts(client, demo):
    event = demo.event_set.first()
    event.title = "A retitled event"
    event.save()
    feed = atom(client.get(reverse("negotiation-feed", args=["sma-11"])))
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    assert entries[0].find(f"{ATOM}title").text.endswith("changed")
    assert "A retitled event" in entries[0].find(f"{ATOM}summary").text


def test_feed_entry_ids_stay_the_same_after_new_edits(client, demo):
    url = reverse("negotiation-feed", args=["sma-11"])
    before = entry_ids(atom(client.get(url)))
    event = demo.event_set.first()
    event.title = "Edited later"
    event.save()
    after = entry_ids(atom(client.get(url)))
    assert after[1:] == before[:-1]
    assert after[0] not in before


@pytest.mark.parametrize("logged_in", [False, True])
def test_feeds_never_carry_unpublished_negotiations(client, demo, secret, editor, logged_in):
    if logged_in:
        client.force_login(editor)
    everything = client.get(reverse("changes-feed"))
    atom(everything)
    assert b"Secret summit" not in everything.content
    assert b"secret-talks" not in everything.content
    assert client.get(reverse("negotiation-feed", args=["secret-talks"])).status_code == 404


def test_feed_hides_editors_names(client, demo, editor):
    event = demo.event_set.first()
    event._history_user = editor
    event.title = "Edited by someone"
    event.save()
    response = client.get(reverse("changes-feed"))
    atom(response)
    assert b"by an editor" in response.content
    assert b"by editor" not in response.content


def test_feed_leaves_out_deletions(client, demo):
    event = demo.event_set.first()
    event.delete()
    feed = atom(client.get(reverse("negotiation-feed", args=["sma-11"])))
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert not any(title.endswith("deleted") for title in titles)


def test_feed_summaries_keep_user_text_as_text(client, demo):
    event = demo.event_set.first()
    event.title = "<b>Bold</b> & <script>alert(1)</script>"
    event.save()
    feed = atom(client.get(reverse("negotiation-feed", args=["sma-11"])))
    entry = feed.find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # Once the reader decodes the XML, the HTML it renders shows the tags as text.
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;" in summary.text
    assert "<script>" not in summary.text
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert "<b>Bold</b> &" in entry.find(f"{ATOM}title").text
