"""Tests for timeline/caching.py: ETags, 304s, the shared cache and its invalidation."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from tests.factories import NegotiationFactory, StatementFactory
from timeline import facts_views
from timeline.caching import cache_per_revision, normalized_query, stored_or_built
from tracker.facts import facts_for
from tracker.models import Negotiation
from tracker.revisions import bump_revision

CALLS = []


@cache_per_revision
@xframe_options_exempt
def figure_view(request, slug):
    negotiation = Negotiation.objects.visible_to(request.user).filter(slug=slug).first()
    if negotiation is None:
        raise Http404("no such negotiation")
    CALLS.append(slug)
    response = HttpResponse(
        f'{{"title": "{negotiation.title}", "call": {len(CALLS)}}}',
        content_type="application/json",
    )
    response.csp_frame_ancestors = ["https://reports.example.org"]
    return response


@pytest.fixture(autouse=True)
def fresh():
    cache.clear()
    CALLS.clear()


@pytest.fixture
def negotiation(db):
    return NegotiationFactory(slug="talks", title="Talks")


def get(path="/negotiations/talks/figure.json", user=None, **headers):
    request = RequestFactory().get(path, headers=headers)
    request.user = user or AnonymousUser()
    return figure_view(request, "talks")


def test_cache_per_revision_sends_etag_and_last_modified(negotiation):
    response = get()
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert "Last-Modified" in response
    assert "no-cache" in response["Cache-Control"]


def test_cache_per_revision_answers_304_when_unchanged(negotiation):
    etag = get()["ETag"]
    response = get(if_none_match=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_cache_per_revision_serves_repeats_from_the_cache(negotiation):
    first, second = get(), get()
    assert second.content == first.content
    assert len(CALLS) == 1


def test_cache_per_revision_keeps_framing_attributes_on_cached_answers(negotiation):
    get()
    cached = get()
    assert cached.xframe_options_exempt is True
    assert cached.csp_frame_ancestors == ["https://reports.example.org"]
    assert cached["Content-Type"] == "application/json"


def test_cache_per_revision_edit_invalidates_etag_and_cache(negotiation):
    etag = get()["ETag"]
    Negotiation.objects.filter(pk=negotiation.pk).update(title="Renamed talks")
    bump_revision(negotiation.pk)
    response = get(if_none_match=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert b"Renamed talks" in response.content
    assert len(CALLS) == 2


def test_cache_per_revision_query_is_part_of_the_key(negotiation):
    plain = get()
    filtered = get("/negotiations/talks/figure.json?party=A")
    assert plain["ETag"] != filtered["ETag"]
    assert len(CALLS) == 2


def test_cache_per_revision_equal_queries_share_an_entry(negotiation):
    first = get("/negotiations/talks/figure.json?b=2&a=1&empty=")
    second = get("/negotiations/talks/figure.json?a=1&b=2")
    assert first["ETag"] == second["ETag"]
    assert len(CALLS) == 1


def test_cache_per_revision_unpublished_is_404_for_anonymous_even_when_cached(negotiation, analyst):
    Negotiation.objects.filter(pk=negotiation.pk).update(is_published=False)
    assert get(user=analyst).status_code == 200
    with pytest.raises(Http404):
        get()


def test_cache_per_revision_one_query_for_a_conditional_hit(negotiation, django_assert_num_queries):
    etag = get()["ETag"]
    with django_assert_num_queries(1):
        assert get(if_none_match=etag).status_code == 304
    with django_assert_num_queries(1):
        assert get().status_code == 200


def test_cache_per_revision_passes_other_methods_through(negotiation):
    request = RequestFactory().post("/negotiations/talks/figure.json")
    request.user = AnonymousUser()
    response = figure_view(request, "talks")
    assert "ETag" not in response
    assert len(CALLS) == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ""),
        ("b=2&a=1", "a=1&b=2"),
        ("party=B&party=A&x=", "party=B&party=A"),
    ],
)
def test_normalized_query(query, expected):
    assert normalized_query(RequestFactory().get("/?" + query).GET) == expected


def test_cache_per_revision_starts_afresh_each_day(negotiation, monkeypatch):
    # Facts default to "as of today": yesterday's answer must not be served, nor a 304 given.
    import datetime as dt

    from timeline import caching

    first = get()
    tomorrow = caching.timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(caching.timezone, "localdate", lambda: tomorrow)
    again = get(if_none_match=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b'"call": 2' in again.content
    assert get(if_modified_since=first["Last-Modified"]).status_code == 200


def test_stored_or_built_builds_once_while_others_wait_for_the_answer():
    calls = []

    def build():
        calls.append(1)
        time.sleep(0.3)
        return HttpResponse(b"built once")

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda _: stored_or_built("test:once", build), range(4)))
    assert len(calls) == 1
    assert [answer.content for answer in answers] == [b"built once"] * 4


def test_stored_or_built_waiters_build_themselves_when_the_builder_stores_nothing():
    calls = []

    def build():
        calls.append(1)
        time.sleep(0.2)
        return HttpResponse(b"not stored", status=400)

    with ThreadPoolExecutor(max_workers=3) as pool:
        answers = list(pool.map(lambda _: stored_or_built("test:refused", build), range(3)))
    assert len(calls) == 3  # each waiter built its own once the builder gave up the lock
    assert {answer.status_code for answer in answers} == {400}


@pytest.fixture
def shared_redis(settings):
    """The cache every server shares in production: Redis (database 11, kept for tests)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/11",
            "TIMEOUT": 60,
        }
    }
    cache.clear()
    yield cache
    cache.clear()


def test_facts_json_first_request_is_computed_once_for_two_workers_sharing_redis(
    transactional_db, shared_redis, monkeypatch
):
    negotiation = NegotiationFactory(slug="shared", title="Shared")
    StatementFactory.create_batch(3, negotiation=negotiation)
    computed = []

    def counted(*args, **kwargs):
        computed.append(1)
        time.sleep(0.3)  # the other worker asks while this one computes
        return facts_for(*args, **kwargs)

    monkeypatch.setattr(facts_views, "facts_for", counted)
    url = reverse("negotiation-facts", args=["shared"])
    both_ready = threading.Barrier(2)

    def worker(_):
        """One server: its own thread, database connection and Redis client."""
        both_ready.wait()
        try:
            response = Client().get(url)
            return response.status_code, response.content
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(worker, range(2)))
    assert len(computed) == 1
    assert answers[0] == answers[1]
    assert answers[0][0] == 200 and b'"statements"' in answers[0][1]
