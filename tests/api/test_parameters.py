"""Parameter errors of the read API name the parameter; blank values follow the OpenAPI document."""

import jsonschema
import pytest

from tests import factories
from timeline.api import api

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Formats the document gives that "" never satisfies (jsonschema checks neither by default).
FORMATS_EXCLUDING_BLANK = {"date", "date-time"}


@pytest.fixture
def talks(db):
    negotiation = factories.NegotiationFactory(slug="talks")
    factories.RoundFactory(negotiation=negotiation, number=1, start="2019-09-24")
    factories.EventFactory(negotiation=negotiation, date="2020-03", title="Expiry")
    return negotiation


@pytest.mark.parametrize(
    ("path", "query", "parameter"),
    [
        ("/negotiations/talks/figure", {"party": "x" * 201}, "party"),
        ("/negotiations/talks/figure", {"party": ["Korea", "y" * 500]}, "party"),
        ("/negotiations/talks/figure", {"party": [f"p{n}" for n in range(51)]}, "party"),
        ("/negotiations/talks/figure", {"height": "tall"}, "height"),
        ("/negotiations/talks/figure", {"lanes": "rounds,moods"}, "lanes"),
        ("/negotiations", {"q": "q" * 201}, "q"),
        ("/negotiations", {"page_size": "0"}, "page_size"),
        ("/negotiations/talks/facts", {"since_event": "²"}, "since_event"),
    ],
)
def test_api_parameter_errors_name_the_parameter(client, talks, path, query, parameter):
    response = client.get(API + path, query)

    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert body["detail"].startswith(f"{parameter}: ")


def accepts_blank(schema):
    """True when the document's schema for a query parameter lets "" through."""
    branches = schema.get("anyOf", [schema])
    for branch in branches:
        if branch.get("type") == "array":
            branch = branch["items"]
        if branch.get("format") in FORMATS_EXCLUDING_BLANK:
            continue
        if jsonschema.Draft202012Validator(branch).is_valid(""):
            return True
    return False


# A valid value for each required query parameter, sent beside the blank one under test.
REQUIRED_VALUES = {"q": "expiry"}


def query_parameters():
    document = api.get_openapi_schema()
    for path, operations in document["paths"].items():
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query":
                yield path.removeprefix("/api/v1").replace("{slug}", "talks"), parameter


def required_siblings(path, name):
    """The other required query parameters of this path, with valid values."""
    return {
        parameter["name"]: REQUIRED_VALUES[parameter["name"]]
        for other_path, parameter in QUERY_PARAMETERS
        if other_path == path and parameter.get("required") and parameter["name"] != name
    }


QUERY_PARAMETERS = list(query_parameters())


@pytest.mark.parametrize(
    ("path", "parameter"),
    QUERY_PARAMETERS,
    ids=[f"{path}?{parameter['name']}" for path, parameter in QUERY_PARAMETERS],
)
def test_api_takes_a_blank_parameter_exactly_when_its_document_does(client, talks, path, parameter):
    query = {**required_siblings(path, parameter["name"]), parameter["name"]: ""}
    response = client.get(API + path, query)

    if accepts_blank(parameter["schema"]):
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 400
        assert response.json()["parameter"] == parameter["name"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/negotiations", "updated_since"),
        ("/negotiations/talks/facts", "since_event"),
        ("/negotiations/talks/facts", "as_of"),
        ("/negotiations/talks/figure", "start"),
        ("/negotiations/talks/figure", "end"),
        ("/negotiations/talks/figure", "as_of"),
        ("/negotiations/talks/figure", "lanes"),
    ],
)
@pytest.mark.parametrize("blank", ["", "   "])
def test_api_refuses_blank_dates_and_ids_with_a_clear_message(client, talks, path, name, blank):
    response = client.get(API + path, {name: blank})

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"{name}: is blank; give a value or leave the parameter out.",
        "parameter": name,
    }


def test_api_blank_free_text_is_no_filter(client, talks):
    response = client.get(f"{API}/negotiations", {"q": "", "party": ""})

    assert [item["slug"] for item in response.json()["items"]] == ["talks"]


def test_api_document_says_which_blanks_are_refused():
    assert "any other blank parameter" in api.get_openapi_schema()["info"]["description"]
