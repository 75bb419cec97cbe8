"""Gzip for what anonymous readers get; nothing compressed beside a signed-in user's secrets."""

import gzip

import orjson
import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tracker.compression import CompressionMiddleware

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


def _urls():
    return {
        "page": reverse("negotiation-detail", args=["sma-11"]),
        "figure": reverse("negotiation-figure", args=["sma-11"]),
        "facts": reverse("negotiation-facts", args=["sma-11"]),
        "embed": reverse("embed", args=["sma-11"]),
        "list": reverse("negotiation-list"),
    }


@pytest.mark.parametrize("name", ["page", "figure", "facts", "embed", "list"])
def test_anonymous_pages_and_json_come_gzipped_when_accepted(client, demo, name):
    url = _urls()[name]
    plain = client.get(url)
    response = client.get(url, **GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) < len(plain.content)
    body = gzip.decompress(response.content)
    if name in ("figure", "facts"):
        assert orjson.loads(body) == orjson.loads(plain.content)
    else:
        assert body.startswith(b"<!DOCTYPE html>") or body.lstrip().startswith(b"<!")


def test_without_accept_encoding_nothing_is_compressed(client, demo):
    response = client.get(_urls()["figure"])
    assert not response.has_header("Content-Encoding")


def test_signed_in_users_get_uncompressed_pages(client, demo, editor):
    client.force_login(editor)
    response = client.get(_urls()["page"], **GZIP)
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_admin_pages_go_out_uncompressed(client, demo, editor):
    client.force_login(editor)
    response = client.get("/admin/", **GZIP)
    assert not response.has_header("Content-Encoding")


def test_requests_with_credentials_are_not_compressed(client, demo):
    response = client.get(_urls()["figure"], HTTP_AUTHORIZATION="Bearer nothing", **GZIP)
    assert not response.has_header("Content-Encoding")


def test_a_compressed_answer_still_revalidates_with_its_weak_etag(client, demo):
    first = client.get(_urls()["figure"], **GZIP)
    assert first["ETag"].startswith('W/"')
    again = client.get(_urls()["figure"], HTTP_IF_NONE_MATCH=first["ETag"], **GZIP)
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("content_type", "compressed"),
    [("image/png", False), ("application/pdf", False), ("text/csv; charset=utf-8", True)],
)
def test_only_text_types_are_compressed(content_type, compressed):
    request = RequestFactory().get("/", **GZIP)
    response = HttpResponse(b"x" * 5000, content_type=content_type)
    answered = CompressionMiddleware(lambda request: response)(request)
    assert answered.has_header("Content-Encoding") is compressed
