"""Framing headers of embed pages hold on every answer, revalidated ones included."""

import pytest

from tests import factories


@pytest.fixture
def published(db):
    negotiation = factories.NegotiationFactory(slug="open-talks", title="Open talks")
    factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24")
    return negotiation


def framing(response):
    policy = response["Content-Security-Policy"]
    ancestors = next(part.strip() for part in policy.split(";") if "frame-ancestors" in part)
    return response.get("X-Frame-Options"), ancestors


@pytest.mark.parametrize(
    ("origins", "expected"),
    [
        (["*"], "frame-ancestors *"),
        (["https://news.example.org"], "frame-ancestors 'self' https://news.example.org"),
    ],
)
def test_embed_not_modified_carries_the_framing_of_the_full_answer(
    client, published, settings, origins, expected
):
    settings.EMBED_FRAME_ANCESTORS = origins
    full = client.get("/embed/open-talks/")
    again = client.get("/embed/open-talks/", headers={"if-none-match": full["ETag"]})

    assert full.status_code == 200
    assert again.status_code == 304
    assert framing(again) == framing(full) == (None, expected)


def test_embed_served_from_the_cache_carries_the_framing(client, published):
    client.get("/embed/open-talks/")
    cached = client.get("/embed/open-talks/")

    assert cached.status_code == 200
    assert framing(cached) == (None, "frame-ancestors *")


def test_embed_not_modified_since_carries_the_framing(client, published):
    full = client.get("/embed/open-talks/")
    again = client.get("/embed/open-talks/", headers={"if-modified-since": full["Last-Modified"]})

    assert again.status_code == 304
    assert framing(again) == (None, "frame-ancestors *")


def test_other_not_modified_answers_still_refuse_framing(client, published):
    full = client.get("/negotiations/open-talks/figure.json")
    again = client.get(
        "/negotiations/open-talks/figure.json", headers={"if-none-match": full["ETag"]}
    )

    assert again.status_code == 304
    assert framing(again) == ("DENY", "frame-ancestors 'none'")
