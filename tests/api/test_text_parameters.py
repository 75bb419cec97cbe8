"""Free-text query parameters of the read API refuse control characters, naming the parameter."""

import pytest

from tests.factories import NegotiationFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.mark.parametrize(
    ("url", "name", "value", "problem"),
    [
        ("/negotiations", "q", "SMA\x0c11", "contains a form feed (U+000C) at character 4"),
        ("/negotiations", "party", "Korea\x0b", "contains a vertical tab (U+000B) at character 6"),
        ("/negotiations", "q", "C1 \x9b", "contains a control character (U+009B) at character 4"),
        (
            "/negotiations/talks/figure",
            "party",
            "\x1bKorea",
            "contains an escape (U+001B) at character 1",
        ),
    ],
)
def test_api_refuses_control_characters_in_text_parameters(client, url, name, value, problem):
    NegotiationFactory(slug="talks")

    response = client.get(API + url, {name: value})

    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == name
    assert body["detail"].startswith(f"{name}: {problem}")


def test_api_takes_text_parameters_without_control_characters(client):
    NegotiationFactory(slug="talks", title="SMA 11")

    response = client.get(f"{API}/negotiations", {"q": "SMA 11"})

    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["talks"]
