"""The /search/ page: grouped hits, links to the timeline at the record, escaping, access."""

import pytest

from tests.factories import EventFactory, NegotiationFactory
from tracker.workspace.tags import add_tag

pytestmark = pytest.mark.django_db


def test_search_page_groups_hits_by_negotiation_and_lane(client, demo):
    response = client.get("/search/", {"q": "furlough"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "6 matches for <strong>furlough</strong> in 1 negotiation." in html
    assert html.count('class="search-group"') == 1
    assert html.index("<h3>Events</h3>") < html.index("<h3>Statements</h3>")
    april = demo.event_set.get(date="2020-04-01")
    assert f'href="/negotiations/sma-11/?focus=events-{april.pk}"' in html
    assert "<mark>furlough</mark>" in html


def test_search_page_links_people_and_issues_to_the_timeline_filtered(client, demo):
    html = client.get("/search/", {"q": "Cooper"}).content.decode()
    assert "<h3>People</h3>" in html
    assert 'href="/negotiations/sma-11/?q=cooper"' in html


def test_search_page_without_a_query_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert b'id="search-q"' in response.content
    assert b"search-count" not in response.content


def test_search_page_says_what_is_wrong_with_a_bad_query(client, db):
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert b"q: at most 200 characters, not 201." in response.content


def test_search_page_escapes_user_text(client, db):
    EventFactory(title="<script>alert(1)</script> furlough", note="b")
    html = client.get("/search/", {"q": 'furlough "<b>"'}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>furlough</mark>" in html
    assert 'value="furlough &quot;&lt;b&gt;&quot;"' in html


def test_search_page_hides_unpublished_negotiations_from_anonymous(client, analyst, db):
    hidden = NegotiationFactory(title="Quietly talks", is_published=False)
    EventFactory(negotiation=hidden, title="Quietly agreed furlough")
    assert b"0 matches" in client.get("/search/", {"q": "quietly"}).content
    client.force_login(analyst)
    assert b"2 matches" in client.get("/search/", {"q": "quietly"}).content


def test_search_page_pages_through_many_hits(client, db):
    negotiation = NegotiationFactory()
    EventFactory.create_batch(55, negotiation=negotiation, title="Furlough update")
    first = client.get("/search/", {"q": "furlough"}).content.decode()
    assert first.count('class="search-hit"') == 50
    assert 'rel="next"' in first
    second = client.get("/search/", {"q": "furlough", "page": "2"}).content.decode()
    assert second.count('class="search-hit"') == 5
    assert 'rel="prev"' in second and 'rel="next"' not in second


def test_search_page_query_count_does_not_grow_with_hits(client, db, django_assert_max_num_queries):
    negotiation = NegotiationFactory()
    EventFactory.create_batch(40, negotiation=negotiation, title="Furlough update")
    with django_assert_max_num_queries(4):
        client.get("/search/", {"q": "furlough"})


def test_header_has_the_search_box_on_every_page(client, demo):
    for url in ("/", "/negotiations/sma-11/", "/compare/"):
        html = client.get(url).content.decode()
        assert 'action="/search/"' in html and 'id="site-search-q"' in html


def test_timeline_page_has_its_search_field_keeping_the_other_filters(client, demo):
    html = client.get("/negotiations/sma-11/", {"q": "furlough", "lanes": "events"}).content
    html = html.decode()
    assert 'id="timeline-search-q" name="q" value="furlough"' in html
    assert '<input type="hidden" name="lanes" value="events">' in html
    assert 'data-api="/api/v1/negotiations/sma-11/search"' in html


def test_search_page_says_when_there_are_more_matches_than_it_ranks(client, db, monkeypatch):
    from tracker.search import engine

    monkeypatch.setattr(engine, "MAX_RANKED", 3)
    EventFactory.create_batch(4, negotiation=NegotiationFactory(), title="Furlough update")
    html = client.get("/search/", {"q": "furlough"}).content.decode()
    assert "More than 3 matches (the first 3 found are ranked" in html
    assert html.count('class="search-hit"') == 3


def test_search_page_shows_tagged_records_to_a_logged_in_user(client, demo, analyst):
    statement = demo.statement_set.order_by("pk").first()
    add_tag(demo, "statements", statement.pk, "Contract <b>length</b>", user=analyst)
    client.force_login(analyst)
    html = client.get("/search/", {"q": "contract length"}).content.decode()
    assert f'href="/negotiations/sma-11/?focus=statements-{statement.pk}"' in html
    assert "Tagged <mark>contract &lt;b&gt;length&lt;/b&gt;</mark>" in html
    assert "<b>length</b>" not in html


def test_search_page_never_shows_tags_to_anonymous_visitors(client, demo, analyst):
    statement = demo.statement_set.order_by("pk").first()
    add_tag(demo, "statements", statement.pk, "quixotic", user=analyst)
    html = client.get("/search/", {"q": "quixotic"}).content.decode()
    assert "0 matches for <strong>quixotic</strong>" in html
    assert "search-hit-tags" not in html and "statements-" not in html
