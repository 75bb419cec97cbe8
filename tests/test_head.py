"""HEAD is answered wherever GET is: the same status and headers, no body."""

import pytest
from django.test import Client

from tests import factories

SLUG = "open-talks"
# Every kind of GET view: pages, embeds, downloads, facts, oEmbed, the API (django-ninja).
ADDRESSES = [
    "/",
    f"/negotiations/{SLUG}/",
    f"/negotiations/{SLUG}/figure.json",
    f"/negotiations/{SLUG}/facts.json",
    f"/embed/{SLUG}/",
    f"/oembed?url=http://testserver/embed/{SLUG}/",
    f"/negotiations/{SLUG}/data.csv",
    f"/negotiations/{SLUG}/export.json",
    f"/negotiations/{SLUG}/timelinejs.json",
    f"/negotiations/{SLUG}/timeline.html",
    "/compare/",
    "/api/v1/negotiations",
    f"/api/v1/negotiations/{SLUG}",
    f"/api/v1/negotiations/{SLUG}/rounds",
    f"/api/v1/negotiations/{SLUG}/facts",
    f"/api/v1/negotiations/{SLUG}/figure",
    "/api/v1/openapi.json",
    "/accounts/login/",
]
# Headers that differ between two requests by nature.
PER_REQUEST = {"Date", "X-Request-ID", "Set-Cookie"}


@pytest.fixture
def published(db):
    negotiation = factories.NegotiationFactory(slug=SLUG, title="Open talks")
    factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24")
    factories.EventFactory(negotiation=negotiation, date="2020-03", title="Agreement expires")
    return negotiation


def headers(response):
    return {name: value for name, value in response.items() if name not in PER_REQUEST}


def body(response):
    """The body, read from the stream for streamed downloads."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


@pytest.mark.parametrize("address", ADDRESSES)
def test_head_answers_like_get_without_a_body(published, address):
    get = Client().get(address)
    head = Client().head(address)

    assert get.status_code == 200
    assert head.status_code == 200
    assert body(head) == b""
    assert body(get)
    assert headers(head) == headers(get)


def test_head_keeps_the_length_of_the_get_body(published):
    get = Client().get(f"/negotiations/{SLUG}/figure.json")
    head = Client().head(f"/negotiations/{SLUG}/figure.json")

    assert int(head["Content-Length"]) == len(get.content) > 0


def test_head_of_an_unknown_negotiation_is_404(db):
    assert Client().head("/negotiations/nothing-here/figure.json").status_code == 404
    assert Client().head("/api/v1/negotiations/nothing-here").status_code == 404


def test_head_answers_not_modified_like_get(published):
    etag = Client().get(f"/negotiations/{SLUG}/figure.json")["ETag"]

    head = Client().head(f"/negotiations/{SLUG}/figure.json", headers={"if-none-match": etag})

    assert head.status_code == 304


def test_other_methods_are_still_refused(published):
    assert Client().post(f"/negotiations/{SLUG}/figure.json").status_code == 405
    assert Client().delete(f"/api/v1/negotiations/{SLUG}").status_code == 405


def test_middleware_drops_the_body_itself_keeping_its_length(rf):
    from django.http import HttpResponse

    from tracker.head import HeadMiddleware

    seen = []

    def view(request):
        seen.append(request.method)
        return HttpResponse(b"x" * 1234)

    response = HeadMiddleware(view)(rf.head("/"))

    assert seen == ["GET"]
    assert response.content == b""
    assert response["Content-Length"] == "1234"


def test_middleware_closes_a_streamed_body_unread(rf, db):  # close() ends the request
    from django.http import StreamingHttpResponse

    from tracker.head import HeadMiddleware

    produced = []

    def rows():
        try:
            for number in range(3):
                produced.append(number)
                yield f"{number}\n"
        finally:
            produced.append("closed")

    generator = rows()
    response = HeadMiddleware(lambda request: StreamingHttpResponse(generator))(rf.head("/"))

    assert b"".join(response.streaming_content) == b""
    response.close()  # as the WSGI server does at the end
    assert produced == []
    assert generator.gi_frame is None  # closed without producing a row
