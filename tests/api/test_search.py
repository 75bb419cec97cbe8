"""Search in the read API: the same search and access rules as the /search/ page."""

import pytest
from jsonschema import Draft202012Validator

from tests.factories import EventFactory, NegotiationFactory
from tracker.revisions import bump_revision
from tracker.tokens import issue_token
from tracker.workspace.tags import add_tag

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def hidden(db):
    negotiation = NegotiationFactory(slug="hidden", title="Hidden talks", is_published=False)
    EventFactory(negotiation=negotiation, title="Zanzibarite furlough plan")
    return negotiation


def test_api_search_answers_hits_best_first_with_links(client, demo):
    body = client.get(f"{API}/search", {"q": "furlough"}).json()
    assert body["count"] == 6 and body["query"] == "furlough"
    events = [item for item in body["items"] if item["lane"] == "events"]
    april = next(item for item in events if item["when"] == "1 April 2020")
    event = demo.event_set.get(date="2020-04-01")
    assert april["key"] == f"events-{event.pk}"
    assert april["url"] == f"/negotiations/sma-11/?focus=events-{event.pk}"
    assert april["negotiation"] == {"slug": "sma-11", "title": demo.title}
    assert "<mark>furlough</mark>" in april["snippet_html"]
    assert "<mark>" not in april["snippet"]


def test_api_search_matches_the_openapi_document(client, demo):
    spec = client.get(f"{API}/openapi.json").json()
    assert "/api/v1/search" in spec["paths"]
    assert "/api/v1/negotiations/{slug}/search" in spec["paths"]
    schema = spec["paths"]["/api/v1/search"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]
    schema = {**schema, "components": spec["components"]}
    body = client.get(f"{API}/search", {"q": "furlough"}).json()
    Draft202012Validator(schema).validate(body)


def test_api_search_anonymous_never_sees_unpublished_words(client, demo, hidden):
    body = client.get(f"{API}/search", {"q": "furlough", "page_size": 500}).json()
    assert body["count"] == 6
    assert "Zanzibarite" not in str(body)
    assert client.get(f"{API}/search", {"q": "zanzibarite"}).json()["count"] == 0
    response = client.get(f"{API}/negotiations/hidden/search", {"q": "furlough"})
    assert response.status_code == 404


def test_api_search_with_a_token_sees_what_the_group_may(client, demo, hidden, analyst):
    token = issue_token(user=analyst, name="notebook")[1]
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get(f"{API}/search", {"q": "zanzibarite"}, headers=headers).json()
    assert body["count"] == 1 and body["items"][0]["negotiation"]["slug"] == "hidden"
    keys = client.get(f"{API}/negotiations/hidden/search", {"q": "furlough"}, headers=headers)
    assert keys.json()["keys"] == [f"events-{hidden.event_set.get().pk}"]


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({}, "q"),
        ({"q": "  "}, "q: type a word to search for."),
        ({"q": "--"}, "q: type a word to search for."),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_api_search_says_what_is_wrong_with_the_query(client, db, query, detail):
    response = client.get(f"{API}/search", query)
    assert response.status_code == 400
    assert response.json()["parameter"] == "q"
    assert response.json()["detail"].startswith(detail)


def test_api_negotiation_search_lists_matching_keys(client, demo):
    body = client.get(f"{API}/negotiations/sma-11/search", {"q": "Cooper"}).json()
    assert body["query"] == "cooper"
    assert {key.split("-")[0] for key in body["keys"]} == {"statements", "people"}


def test_api_search_pages(client, db):
    EventFactory.create_batch(7, title="Furlough update")
    body = client.get(f"{API}/search", {"q": "furlough", "page_size": 5}).json()
    assert (body["count"], body["pages"], len(body["items"])) == (7, 2, 5)
    second = client.get(body["next"]).json()
    assert len(second["items"]) == 2


def test_api_search_answers_304_when_nothing_changed(client, demo):
    first = client.get(f"{API}/search", {"q": "furlough"})
    again = client.get(f"{API}/search", {"q": "furlough"}, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    bump_revision(demo.pk)
    changed = client.get(
        f"{API}/search", {"q": "furlough"}, headers={"If-None-Match": first["ETag"]}
    )
    assert changed.status_code == 200


def test_api_search_finds_tagged_records_for_a_token_of_a_logged_in_user(client, demo, analyst):
    statement = demo.statement_set.order_by("pk").first()
    headers = {"Authorization": f"Bearer {issue_token(user=analyst, name='notebook')[1]}"}
    before = client.get(f"{API}/search", {"q": "quixotic"}, headers=headers)
    assert before.json()["count"] == 0
    add_tag(demo, "statements", statement.pk, "quixotic", user=analyst)
    again = {**headers, "If-None-Match": before.headers["ETag"]}
    answer = client.get(f"{API}/search", {"q": "quixotic"}, headers=again)
    assert answer.status_code == 200  # the tag changed the answer: not a 304
    body = answer.json()
    assert body["count"] == 1
    assert body["items"][0]["key"] == f"statements-{statement.pk}"
    assert body["items"][0]["tags"] == ["quixotic"]
    assert "Last-Modified" not in answer.headers  # a removed tag would leave no time behind
    anonymous = client.get(f"{API}/search", {"q": "quixotic"}).json()
    assert anonymous["count"] == 0 and "quixotic" not in str(anonymous["items"])


def test_api_negotiation_search_adds_tagged_keys_for_a_logged_in_caller(client, demo, analyst):
    statement = demo.statement_set.order_by("pk").first()
    client.force_login(analyst)
    url = f"{API}/negotiations/sma-11/search"
    before = client.get(url, {"q": "quixotic"})
    assert before.json()["keys"] == []
    add_tag(demo, "statements", statement.pk, "quixotic", user=analyst)
    after = client.get(url, {"q": "quixotic"}, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and "Last-Modified" not in after.headers
    assert after.json()["keys"] == [f"statements-{statement.pk}"]
    client.logout()
    assert client.get(url, {"q": "quixotic"}).json()["keys"] == []
