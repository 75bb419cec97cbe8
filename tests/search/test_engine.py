"""One search on PostgreSQL and SQLite alike (CI runs this file on both): stemming, phrases,
highlighting, ranking, and nothing of an unpublished negotiation for those who may not see it."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.factories import (
    EventFactory,
    NegotiationFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)
from tracker.search.engine import matching_keys, search
from tracker.search.query import SearchQueryError
from tracker.workspace.tags import add_tag

ANONYMOUS = AnonymousUser()
SECRET = "zanzibarite"


def keys(results):
    return [hit.key for hit in results.hits]


@pytest.fixture
def hidden(db):
    """An unpublished negotiation whose words appear nowhere else."""
    negotiation = NegotiationFactory(
        slug="hidden-talks", title=f"Hidden {SECRET} talks", is_published=False
    )
    EventFactory(
        negotiation=negotiation, title=f"Secret {SECRET} furlough deal", note="cost sharing"
    )
    StatementFactory(negotiation=negotiation, quote=f"The {SECRET} furlough plan", context=SECRET)
    return negotiation


def test_search_finds_the_furlough_events_of_the_demo(demo):
    results = search("furlough", user=ANONYMOUS)
    assert results.total == 6
    found = {(hit.lane, hit.when) for hit in results.hits}
    assert ("events", "1 April 2020") in found  # through its source's headline
    assert ("statements", "31 March 2020") in found


def test_search_stems_words(demo):
    assert set(keys(search("furloughs", user=ANONYMOUS))) == set(
        keys(search("furlough", user=ANONYMOUS))
    )
    titles = [hit.title for hit in search("furlough", user=ANONYMOUS).hits]
    assert "Furloughed Korean USFK workers (more than 4,000) return to work" in titles


@pytest.mark.parametrize("text", ['"cost sharing"', "cost-sharing", '"Cost Sharing"'])
def test_search_phrase_matches_the_hyphenated_spelling(demo, text):
    titles = [hit.title for hit in search(text, user=ANONYMOUS).hits]
    assert "Trump says he rejected South Korea's offer on defense cost-sharing" in titles


def test_search_phrase_needs_the_words_together(db):
    apart = EventFactory(title="The cost of the plan, and the sharing of burdens")
    together = EventFactory(title="A cost sharing plan", negotiation=apart.negotiation)
    assert keys(search('"cost sharing"', user=ANONYMOUS)) == [f"events-{together.pk}"]
    assert set(keys(search("cost sharing", user=ANONYMOUS))) == {
        f"events-{apart.pk}",
        f"events-{together.pk}",
    }


def test_search_needs_every_word(demo):
    results = search("furlough Abrams", user=ANONYMOUS)
    assert [hit.when for hit in results.hits] == ["1 April 2020"]
    assert results.hits[0].lane == "statements"


def test_search_highlights_matches_in_escaped_html(db):
    event = EventFactory(title='<img src=x onerror="alert(1)"> furlough & "cost-sharing"')
    (hit,) = search("furlough cost-sharing", user=ANONYMOUS).hits
    assert hit.key == f"events-{event.pk}"
    assert "<img" not in hit.title_html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in hit.title_html
    assert "<mark>furlough</mark>" in hit.title_html
    assert "<mark>" in hit.title_html.replace("<mark>furlough</mark>", "")
    assert hit.title == event.title


def test_search_snippet_shows_the_matching_words_of_the_body(demo):
    hit = next(h for h in search("impending", user=ANONYMOUS).hits if h.lane == "statements")
    assert "<mark>impending</mark>" in hit.snippet_html
    assert hit.title == "Jeong Eun-bo"


def test_search_ranks_a_title_match_above_a_source_match(db):
    negotiation = NegotiationFactory()
    cited = EventFactory(negotiation=negotiation, title="Workers sent home")
    cited.sources.add(SourceFactory(title="Furlough begins"))
    named = EventFactory(negotiation=negotiation, title="Furlough begins for workers")
    noted = EventFactory(
        negotiation=negotiation, title="Workers wait", note="The furlough drags on"
    )
    assert keys(search("furlough", user=ANONYMOUS)) == [
        f"events-{named.pk}",
        f"events-{noted.pk}",
        f"events-{cited.pk}",
    ]


def test_search_anonymous_sees_published_negotiations_only(demo, hidden):
    assert search(SECRET, user=ANONYMOUS).total == 0
    assert search(SECRET, user=ANONYMOUS).hits == ()
    assert {hit.negotiation_slug for hit in search("furlough", user=ANONYMOUS).hits} == {"sma-11"}


def test_search_never_leaks_unpublished_words_in_hits_snippets_or_counts(demo, hidden):
    for text in ("furlough", '"cost sharing"', "plan", "deal"):
        results = search(text, user=ANONYMOUS, limit=500)
        shown = " ".join(
            f"{h.negotiation_title} {h.title_html} {h.snippet_html} {h.title} {h.snippet}"
            for h in results.hits
        )
        assert SECRET not in shown
        assert "hidden" not in {h.negotiation_slug.split("-")[0] for h in results.hits}
        assert results.total == len(results.hits)
    assert matching_keys("furlough", user=ANONYMOUS, negotiation=hidden) == []


def test_search_analysts_see_unpublished_negotiations(demo, hidden, analyst):
    results = search(SECRET, user=analyst)
    assert results.total == 3
    assert {hit.negotiation_slug for hit in results.hits} == {"hidden-talks"}
    assert {hit.lane for hit in results.hits} == {"negotiation", "events", "statements"}


def test_search_within_one_negotiation(demo, hidden, analyst):
    results = search("furlough", user=analyst, negotiation=hidden)
    assert {hit.negotiation_slug for hit in results.hits} == {"hidden-talks"}
    assert results.total == 2


def test_search_pages_keep_the_total(demo):
    first = search("furlough", user=ANONYMOUS, limit=4)
    second = search("furlough", user=ANONYMOUS, limit=4, offset=4)
    beyond = search("furlough", user=ANONYMOUS, limit=4, offset=40)
    assert (first.total, second.total, beyond.total) == (6, 6, 6)
    assert len(first.hits) == 4 and len(second.hits) == 2 and beyond.hits == ()
    assert not set(keys(first)) & set(keys(second))


def test_matching_keys_lists_every_matching_record_of_a_negotiation(demo):
    assert matching_keys("furlough", user=ANONYMOUS, negotiation=demo) == sorted(
        hit.key for hit in search("furlough", user=ANONYMOUS).hits
    )


def test_search_refuses_a_query_without_words(db):
    with pytest.raises(SearchQueryError):
        search('"" --', user=ANONYMOUS)


def test_search_treats_query_syntax_as_words(demo):
    for text in ('furlough OR "', "NEAR(furlough abrams)", "furlough*", "-furlough", "'; DROP"):
        search(text, user=ANONYMOUS)  # no syntax error from either database
    assert search("furlough*", user=ANONYMOUS).total == 6


def test_search_counts_past_the_ranking_limit_as_more(db, monkeypatch):
    from tracker.search import engine

    monkeypatch.setattr(engine, "MAX_RANKED", 5)
    negotiation = NegotiationFactory()
    EventFactory.create_batch(7, negotiation=negotiation, title="Furlough update")
    first = search("furlough", user=ANONYMOUS, limit=4)
    assert (first.total, first.more, len(first.hits)) == (5, True, 4)
    second = search("furlough", user=ANONYMOUS, limit=4, offset=4)
    assert (second.total, second.more, len(second.hits)) == (5, True, 1)
    assert search("furlough", user=ANONYMOUS, limit=4, offset=8).hits == ()
    few = search("furlough", user=ANONYMOUS, limit=4, negotiation=None)
    assert few.more


def _tag_statements(negotiation, name, count, *, user):
    statements = list(negotiation.statement_set.order_by("pk")[:count])
    for statement in statements:
        add_tag(negotiation, "statements", statement.pk, name, user=user)
    return [f"statements-{s.pk}" for s in statements]


def test_search_finds_records_by_their_tag_for_a_logged_in_user(demo, analyst):
    tagged = _tag_statements(demo, "contract length", 3, user=analyst)
    for text in ("contract length", '"contract lengths"', "length"):
        results = search(text, user=analyst)
        assert keys(results)[:3] == tagged
        assert [hit.tags for hit in results.hits[:3]] == [("contract length",)] * 3


def test_search_lists_tagged_records_before_word_matches(demo, analyst):
    (tagged,) = _tag_statements(demo, "furlough", 1, user=analyst)
    results = search("furlough", user=analyst)
    assert keys(results)[0] == tagged
    assert results.total == 7  # the six records with the word, and the tagged one
    assert [hit.tags for hit in results.hits[1:]] == [()] * 6
    assert keys(results)[1:] == keys(search("furlough", user=ANONYMOUS))


def test_search_counts_a_tagged_record_with_the_word_once(demo, analyst):
    april = demo.event_set.get(date="2020-04-01")
    add_tag(demo, "events", april.pk, "furlough", user=analyst)
    results = search("furlough", user=analyst)
    assert results.total == 6 and len(set(keys(results))) == 6
    assert keys(results)[0] == f"events-{april.pk}"
    assert results.hits[0].tags == ("furlough",)


def test_search_pages_through_tagged_records_then_word_matches(demo, analyst):
    tagged = _tag_statements(demo, "furlough", 3, user=analyst)
    pages = [search("furlough", user=analyst, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [len(page.hits) for page in pages] == [2, 2, 2]
    assert {page.total for page in pages} == {9}
    assert [key for page in pages for key in keys(page)][:3] == tagged
    assert len({key for page in pages for key in keys(page)}) == 6


def test_search_never_matches_tags_for_anonymous_or_inactive_users(demo, analyst):
    _tag_statements(demo, SECRET, 2, user=analyst)
    analyst.is_active = False
    for user in (ANONYMOUS, analyst):
        results = search(SECRET, user=user)
        assert (results.total, results.hits) == (0, ())
    assert search("furlough", user=ANONYMOUS).hits[0].tags == ()


def test_search_never_leaks_tags_of_a_negotiation_the_user_may_not_see(demo, hidden, analyst):
    event = hidden.event_set.get()
    add_tag(hidden, "events", event.pk, "quixotic plan", user=analyst)
    reader = UserFactory()  # logged in, no right to see unpublished negotiations
    assert search("quixotic", user=reader).total == 0
    assert search("quixotic", user=reader, negotiation=hidden).hits == ()
    assert keys(search("quixotic", user=analyst)) == [f"events-{event.pk}"]


def test_matching_keys_adds_tagged_records_for_those_who_may_see_tags(demo, analyst):
    (tagged,) = _tag_statements(demo, "furlough", 1, user=analyst)
    by_words = matching_keys("furlough", user=ANONYMOUS, negotiation=demo)
    assert tagged not in by_words
    assert matching_keys("furlough", user=analyst, negotiation=demo) == sorted([*by_words, tagged])
