"""Cross-origin reads: published negotiations to any origin without credentials, never others."""

import pytest
from django.test import Client

from tests import factories
from tracker.tokens import issue_token

OPEN, CLOSED = "open-talks", "closed-talks"
READS = [
    "/negotiations/{slug}/figure.json",
    "/negotiations/{slug}/facts.json",
    "/negotiations/{slug}/timelinejs.json",
    "/negotiations/{slug}/data.csv",
    "/negotiations/{slug}/export.json",
    "/api/v1/negotiations/{slug}",
    "/api/v1/negotiations/{slug}/rounds",
    "/api/v1/negotiations/{slug}/facts",
    "/api/v1/negotiations/{slug}/figure",
]
REVALIDATED = [read for read in READS if not read.endswith((".csv", "export.json", "js.json"))]
ORIGIN = {"origin": "https://notebook.example.net"}


@pytest.fixture
def negotiations(db):
    for slug, published in ((OPEN, True), (CLOSED, False)):
        negotiation = factories.NegotiationFactory(slug=slug, is_published=published)
        factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24")


def assert_shared(response):
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]


def assert_not_shared(response):
    assert not any(name.lower().startswith("access-control-") for name in response.headers)


@pytest.mark.parametrize("read", READS)
def test_published_reads_are_shared_with_any_origin(negotiations, read):
    response = Client().get(read.format(slug=OPEN), headers=ORIGIN)

    assert response.status_code == 200
    assert_shared(response)


@pytest.mark.parametrize("read", REVALIDATED)
def test_published_not_modified_is_shared_too(negotiations, read):
    etag = Client().get(read.format(slug=OPEN))["ETag"]

    again = Client().get(read.format(slug=OPEN), headers={**ORIGIN, "if-none-match": etag})

    assert again.status_code == 304
    assert_shared(again)


@pytest.mark.parametrize("read", READS)
def test_unpublished_reads_are_never_shared_even_with_analysts(negotiations, analyst, read):
    anonymous = Client().get(read.format(slug=CLOSED), headers=ORIGIN)
    client = Client()
    client.force_login(analyst)
    logged_in = client.get(read.format(slug=CLOSED), headers=ORIGIN)

    assert anonymous.status_code == 404
    assert logged_in.status_code == 200
    assert_not_shared(anonymous)
    assert_not_shared(logged_in)


def test_unpublished_api_read_with_a_token_is_not_shared(negotiations, analyst):
    _token, plain = issue_token(user=analyst, name="notebook")

    response = Client().get(
        f"/api/v1/negotiations/{CLOSED}", headers={**ORIGIN, "authorization": f"Bearer {plain}"}
    )

    assert response.status_code == 200
    assert_not_shared(response)


def test_published_read_by_an_analyst_is_shared(negotiations, analyst):
    client = Client()
    client.force_login(analyst)

    assert_shared(client.get(f"/negotiations/{OPEN}/data.csv", headers=ORIGIN))


def test_bad_parameter_on_a_published_read_is_readable_cross_origin(negotiations):
    response = Client().get(f"/api/v1/negotiations/{OPEN}/figure?as_of=soon", headers=ORIGIN)

    assert response.status_code == 400
    assert_shared(response)


def test_api_list_is_shared_with_anonymous_callers_only(negotiations, analyst):
    anonymous = Client().get("/api/v1/negotiations", headers=ORIGIN)
    client = Client()
    client.force_login(analyst)
    logged_in = client.get("/api/v1/negotiations", headers=ORIGIN)

    assert [item["slug"] for item in anonymous.json()["items"]] == [OPEN]
    assert_shared(anonymous)
    assert CLOSED in [item["slug"] for item in logged_in.json()["items"]]
    assert_not_shared(logged_in)


def test_oembed_of_a_published_negotiation_is_shared(negotiations):
    response = Client().get(f"/oembed?url=http://testserver/embed/{OPEN}/", headers=ORIGIN)

    assert response.status_code == 200
    assert_shared(response)


def test_oembed_for_a_logged_in_user_is_not_shared(negotiations, analyst):
    client = Client()
    client.force_login(analyst)

    response = client.get(f"/oembed?url=http://testserver/embed/{CLOSED}/", headers=ORIGIN)

    assert response.status_code == 200
    assert_not_shared(response)


@pytest.mark.parametrize("address", ["/negotiations/{slug}/", "/embed/{slug}/", "/admin/"])
def test_pages_are_not_shared(negotiations, address):
    assert_not_shared(Client().get(address.format(slug=OPEN), headers=ORIGIN))


def preflight(address):
    return Client().options(
        address,
        headers={
            **ORIGIN,
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )


@pytest.mark.parametrize("read", READS)
def test_preflight_of_a_published_read_allows_conditional_gets(negotiations, read):
    response = preflight(read.format(slug=OPEN))

    assert response.status_code == 204
    assert_shared(response)
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "Authorization" not in response["Access-Control-Allow-Headers"]


@pytest.mark.parametrize("read", READS)
def test_preflight_of_an_unpublished_read_is_refused(negotiations, read):
    response = preflight(read.format(slug=CLOSED))

    assert response.status_code >= 400
    assert_not_shared(response)


def test_preflight_of_a_page_is_not_answered(negotiations):
    assert_not_shared(preflight(f"/negotiations/{OPEN}/"))
