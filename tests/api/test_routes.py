"""The read API: shapes per the OpenAPI document, filters, pages, ETags, access, query counts."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator

from tests.factories import (
    EventFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
)
from tracker.models import (
    Event,
    Issue,
    LeadNegotiator,
    Negotiation,
    Person,
    Position,
    Round,
    Source,
    Statement,
)
from tracker.revisions import bump_revision
from tracker.tokens import issue_token, revoke_tokens

API = "/api/v1"
LANES = ["rounds", "issues", "positions", "events", "statements", "people", "sources"]
ENDPOINTS = [*LANES, "facts", "figure"]


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get(f"{API}/openapi.json").json()


def assert_conforms(openapi, template, response):
    """The response's JSON body validates against what the OpenAPI document says for it."""
    operation = openapi["paths"][API + template]["get"]
    schema = operation["responses"][str(response.status_code)]["content"]["application/json"]
    validator = Draft202012Validator(
        {**schema["schema"], "components": openapi["components"]},
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(response.json())
    ]
    assert errors == []


def bearer(plain):
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


@pytest.fixture
def hidden(db):
    """An unpublished negotiation with one round."""
    negotiation = NegotiationFactory(slug="hidden-talks", title="Hidden talks", is_published=False)
    RoundFactory(negotiation=negotiation)
    return negotiation


@pytest.fixture
def talks(db):
    """A published negotiation with a record in every lane, each citing a source."""
    us, korea = PartyFactory(name="United States"), PartyFactory(name="South Korea")
    negotiation = NegotiationFactory(
        slug="open-talks", title="Open talks", summary="Cost sharing", parties=[us, korea]
    )
    source = SourceFactory(published="2019-09")
    envoy = PersonFactory(name="Envoy", party=us)
    envoy.sources.add(SourceFactory())
    negotiation.people.add(envoy)
    round_ = RoundFactory(negotiation=negotiation, number=1, start="2019-09", end=None)
    round_.leads.create(party=us, person=envoy)
    round_.sources.add(source)
    PositionFactory(negotiation=negotiation, party=us, amount="5000000000.000000").sources.add(
        source
    )
    EventFactory(negotiation=negotiation, date="2020", title="Expiry").sources.add(source)
    StatementFactory(negotiation=negotiation, speaker=envoy, party=us).sources.add(source)
    return negotiation


# Shapes


@pytest.mark.parametrize(
    "template, url",
    [
        ("/negotiations", "/negotiations"),
        ("/negotiations/{slug}", "/negotiations/open-talks"),
        *[
            (f"/negotiations/{{slug}}/{name}", f"/negotiations/open-talks/{name}")
            for name in ENDPOINTS
        ],
    ],
)
def test_api_answers_conform_to_openapi(client, talks, openapi, template, url):
    response = client.get(API + url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert_conforms(openapi, template, response)


@pytest.mark.parametrize("lane", LANES)
def test_api_demo_lanes_conform_to_openapi(client, demo, openapi, lane):
    response = client.get(f"{API}/negotiations/sma-11/{lane}", {"page_size": 500})
    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert_conforms(openapi, f"/negotiations/{{slug}}/{lane}", response)


@pytest.mark.parametrize("as_of", ["2019-09-01", "2019-12-31", "2020-04-02", "2030-01-01"])
def test_api_demo_facts_conform_to_openapi(client, demo, openapi, as_of):
    response = client.get(f"{API}/negotiations/sma-11/facts", {"as_of": as_of})
    assert response.status_code == 200
    assert_conforms(openapi, "/negotiations/{slug}/facts", response)


@pytest.mark.parametrize(
    "query", [{}, {"lanes": "rounds,events", "as_of": "2020-04-02", "theme": "dark"}]
)
def test_api_demo_figure_conforms_to_openapi(client, demo, openapi, query):
    response = client.get(f"{API}/negotiations/sma-11/figure", query)
    assert response.status_code == 200
    assert_conforms(openapi, "/negotiations/{slug}/figure", response)


@pytest.mark.parametrize(
    "template, url, status",
    [
        ("/negotiations", "/negotiations?updated_since=yesterday", 400),
        ("/negotiations/{slug}", "/negotiations/no-such-talks", 404),
        ("/negotiations/{slug}/rounds", "/negotiations/open-talks/rounds?page_size=0", 400),
    ],
)
def test_api_errors_conform_to_openapi(client, talks, openapi, template, url, status):
    response = client.get(API + url)
    assert response.status_code == status
    assert_conforms(openapi, template, response)


def test_api_dates_keep_their_precision(client, talks):
    round_ = client.get(f"{API}/negotiations/open-talks/rounds").json()["items"][0]
    assert (round_["start"], round_["start_precision"]) == ("2019-09", "month")
    assert (round_["end"], round_["end_precision"]) == (None, None)
    event = client.get(f"{API}/negotiations/open-talks/events").json()["items"][0]
    assert (event["date"], event["date_precision"]) == ("2020", "year")
    source = round_["sources"][0]
    assert (source["published"], source["published_precision"]) == ("2019-09", "month")


def test_api_amounts_are_decimal_strings(client, talks):
    position = client.get(f"{API}/negotiations/open-talks/positions").json()["items"][0]
    assert position["amount"] == "5000000000"
    assert position["amount_min"] is None
    assert (position["date"], position["date_precision"]) == ("2019-10", "month")


def test_api_demo_positions_match_the_record(client, demo):
    items = client.get(f"{API}/negotiations/sma-11/positions").json()["items"]
    us_demands = [
        p["amount"]
        for p in items
        if p["party"]["name"] == "United States" and p["kind"] == "demand"
    ]
    assert us_demands[0] == "5000000000"
    assert "870000000" in [p["amount"] for p in items if p["kind"] == "baseline"]


def test_api_demo_issues_in_their_order(client, demo):
    items = client.get(f"{API}/negotiations/sma-11/issues").json()["items"]

    assert [(issue["slug"], issue["order"]) for issue in items] == [
        ("annual-contribution", 0),
        ("cost-categories", 1),
        ("korean-workers", 2),
    ]
    assert items[0]["title"] == "Annual contribution"
    assert items[0]["description"].startswith("What South Korea pays each year")


def test_api_demo_positions_name_their_issue(client, demo):
    items = client.get(f"{API}/negotiations/sma-11/positions").json()["items"]

    wages = [p for p in items if p["amount"] == "200000000"]
    assert [(p["issue"]["slug"], p["issue"]["title"]) for p in wages] == [
        ("korean-workers", "Korean USFK workers' wages")
    ]


def test_api_demo_sources_carry_story_versions(client, demo):
    items = client.get(f"{API}/negotiations/sma-11/sources?page_size=500").json()["items"]

    versions = {s["url"]: s for s in items if s["story"] == "AEN202003190028"}
    first = versions["https://en.yna.co.kr/view/AEN20200319002800325"]
    lead = versions["https://en.yna.co.kr/view/AEN20200319002851325"]
    assert (first["version"], first["supersedes"]) == (1, None)
    assert (lead["version"], lead["supersedes"]) == (2, first["id"])


def test_api_rounds_name_lead_negotiators(client, talks):
    round_ = client.get(f"{API}/negotiations/open-talks/rounds").json()["items"][0]
    assert round_["lead_negotiators"] == [
        {
            "party": {"id": round_["lead_negotiators"][0]["party"]["id"], "name": "United States"},
            "person": {"id": round_["lead_negotiators"][0]["person"]["id"], "name": "Envoy"},
        }
    ]


def test_api_sources_lists_every_cited_source_once(client, talks):
    body = client.get(f"{API}/negotiations/open-talks/sources").json()
    assert body["count"] == 2  # the shared one and the envoy's own
    assert len({source["id"] for source in body["items"]}) == 2


def test_api_detail_counts_records(client, talks):
    body = client.get(f"{API}/negotiations/open-talks").json()
    assert body["counts"] == {
        "rounds": 1,
        "issues": 1,
        "positions": 1,
        "events": 1,
        "statements": 1,
        "people": 1,
    }
    assert body["links"]["rounds"] == f"{API}/negotiations/open-talks/rounds"
    assert body["links"]["page"] == "/negotiations/open-talks/"


def test_api_demo_detail_counts_records(client, demo, demo_document):
    body = client.get(f"{API}/negotiations/sma-11").json()
    document = demo_document["negotiations"][0]
    people = {person["name"] for person in document["people"]}
    people |= {
        statement["speaker"] for statement in document["statements"] if statement.get("speaker")
    }
    lanes = {lane: len(document[lane]) for lane in body["counts"] if lane != "people"}
    assert body["counts"] == {**lanes, "people": len(people)}
    assert sorted(party["name"] for party in body["parties"]) == ["South Korea", "United States"]


def test_api_demo_facts_as_of_the_seed_article(client, demo):
    facts = client.get(f"{API}/negotiations/sma-11/facts", {"as_of": "2020-04-02"}).json()
    assert facts["as_of"] == "2020-04-02"
    assert facts["rounds"]["held"] == 7
    assert facts["rounds"]["first_start"] == "2019-09-24"
    assert (facts["rounds"]["latest"]["number"], facts["rounds"]["latest"]["location"]) == (
        7,
        "Los Angeles, California, United States",
    )
    demand = next(
        s
        for s in facts["positions"]
        if (s["party"], s["kind"], s["measure"]) == ("United States", "demand", "USD")
    )
    assert (demand["first"]["amount"], demand["latest"]["amount"]) == ("5000000000", "4000000000")
    against_baseline = next(g for g in facts["gaps"] if g["against"]["kind"] == "baseline")
    assert against_baseline["against"]["amount"] == "870000000"


def test_api_demo_facts_by_the_end_of_2019(client, demo):
    facts = client.get(f"{API}/negotiations/sma-11/facts", {"as_of": "2019-12-31"}).json()
    assert facts["rounds"]["held"] == 5


@pytest.mark.parametrize("as_of", ["2019-09-01", "2020-04-02", "2021-06-30"])
def test_api_facts_are_the_facts_page_numbers(client, demo, as_of):
    api = client.get(f"{API}/negotiations/sma-11/facts", {"as_of": as_of}).json()
    page = client.get("/negotiations/sma-11/facts.json", {"as_of": as_of}).json()
    assert api == page


@pytest.mark.parametrize(
    "query", [{}, {"lanes": "rounds,positions", "party": "United States", "start": "2019-10"}]
)
def test_api_figure_is_the_timeline_page_figure(client, demo, query):
    api = client.get(f"{API}/negotiations/sma-11/figure", query)
    page = client.get("/negotiations/sma-11/figure.json", query)
    assert api.status_code == page.status_code == 200
    assert api.content == page.content


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/facts?as_of=2020-02-30", "as_of"),
        ("/facts?as_of=2020-14", "as_of"),
        ("/facts?since_event=first", "since_event"),
        ("/facts?since_event=999999", "since_event"),
        ("/facts?since_event=" + "9" * 30, "since_event"),
        ("/figure?lanes=rounds,votes", "lanes"),
        ("/figure?start=2020-13", "start"),
        ("/figure?start=2020-06&end=2020-01", "end"),
        ("/figure?height=9", "height"),
        ("/figure?theme=neon", "theme"),
    ],
)
def test_api_facts_and_figure_bad_parameter_is_400_naming_it(client, talks, url, parameter):
    response = client.get(f"{API}/negotiations/open-talks{url}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_api_figure_etag_follows_the_parameters(client, talks):
    url = f"{API}/negotiations/open-talks/figure"
    etag = client.get(url, {"lanes": "rounds"})["ETag"]
    assert client.get(url, {"lanes": "rounds"}, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, {"lanes": "events"}, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_api_a_client_reading_only_the_document_gets_every_record(client, demo, openapi):
    """Every lane the document lists, walked page by page through `next`, gives every record."""
    counts = client.get(f"{API}/negotiations/sma-11").json()["counts"]
    lanes = [
        path.rsplit("/", 1)[1]
        for path, item in openapi["paths"].items()
        if path.startswith(f"{API}/negotiations/{{slug}}/")
        and "page_size" in {p["name"] for p in item["get"]["parameters"]}
        and not path.endswith("/changes")  # the change log, not a lane of records
    ]
    assert sorted(lanes) == sorted(LANES)
    for lane in lanes:
        ids, url = [], f"{API}/negotiations/sma-11/{lane}?page_size=4"
        while url:
            body = client.get(url).json()
            ids += [item["id"] for item in body["items"]]
            url = body["next"]
        assert len(ids) == len(set(ids)) == body["count"]
        if lane in counts:
            assert len(ids) == counts[lane]


# Filters and pages


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


@pytest.fixture
def several(db):
    """Three published negotiations with distinct parties, statuses and edit times."""
    japan, china = PartyFactory(name="Japan"), PartyFactory(name="China")
    NegotiationFactory(slug="alpha", title="Alpha accord", parties=[japan], status="ongoing")
    NegotiationFactory(
        slug="beta",
        title="Beta talks",
        summary="Soybean tariffs",
        parties=[china],
        status="concluded",
    )
    NegotiationFactory(slug="gamma", title="Gamma round", parties=[japan, china], status="ongoing")
    old = timezone.now() - timedelta(days=30)
    Negotiation.objects.filter(slug__in=["alpha", "beta"]).update(modified=old)
    return japan


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["alpha", "beta", "gamma"]),
        ({"party": "japan"}, ["alpha", "gamma"]),
        ({"party": "China", "status": "ongoing"}, ["gamma"]),
        ({"status": "concluded"}, ["beta"]),
        ({"q": "SOYBEAN"}, ["beta"]),
        ({"q": "gam"}, ["gamma"]),
        ({"party": "Nobody"}, []),
        ({"party": "9" * 30}, []),
        ({"updated_since": (timezone.now() - timedelta(days=1)).date().isoformat()}, ["gamma"]),
        (
            {"updated_since": (timezone.now() - timedelta(days=60)).isoformat()},
            ["alpha", "beta", "gamma"],
        ),
        ({"updated_since": "2999-01-01T00:00:00"}, []),
        ({"q": "  ", "party": ""}, ["alpha", "beta", "gamma"]),
    ],
)
def test_api_list_filters(client, several, query, expected):
    assert slugs(client.get(f"{API}/negotiations", query)) == expected


def test_api_list_filters_by_party_id(client, several):
    assert slugs(client.get(f"{API}/negotiations", {"party": several.pk})) == ["alpha", "gamma"]


@pytest.mark.parametrize(
    "query, parameter",
    [
        ({"updated_since": "last week"}, "updated_since"),
        ({"updated_since": "2020-02-30"}, "updated_since"),
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since"),
        ({"status": "won"}, "status"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "501"}, "page_size"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_api_list_bad_filter_is_400_naming_it(client, several, query, parameter):
    response = client.get(f"{API}/negotiations", query)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter
    assert parameter in body["detail"]


def test_api_list_pages_follow_next_links(client, several):
    NegotiationFactory.create_batch(2)
    seen, url, pages = [], f"{API}/negotiations?page_size=2", 0
    while url:
        body = client.get(url).json()
        assert (body["count"], body["pages"], body["page_size"]) == (5, 3, 2)
        seen += [item["slug"] for item in body["items"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert len(set(seen)) == 5


def test_api_list_page_past_the_end_is_empty(client, several):
    body = client.get(f"{API}/negotiations", {"page": 9, "page_size": 2}).json()
    assert body["items"] == []
    assert body["next"] is None
    assert body["previous"] == f"{API}/negotiations?page=2&page_size=2"


def test_api_lane_pages(client, talks):
    for number in range(2, 8):
        RoundFactory(negotiation=talks, number=number, sequence=number)
    body = client.get(f"{API}/negotiations/open-talks/rounds", {"page": 2, "page_size": 3}).json()
    assert [item["number"] for item in body["items"]] == [4, 5, 6]
    assert body["previous"] == f"{API}/negotiations/open-talks/rounds?page=1&page_size=3"
    assert body["next"] == f"{API}/negotiations/open-talks/rounds?page=3&page_size=3"


def test_api_page_size_maximum_is_documented(openapi):
    parameters = openapi["paths"][f"{API}/negotiations"]["get"]["parameters"]
    page_size = next(p for p in parameters if p["name"] == "page_size")
    assert page_size["schema"]["maximum"] == 500


# ETags and conditional requests


@pytest.mark.parametrize(
    "url", ["/negotiations", "/negotiations/open-talks", "/negotiations/open-talks/rounds"]
)
def test_api_matching_etag_gets_304(client, talks, url):
    first = client.get(API + url)
    etag = first["ETag"]
    again = client.get(API + url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


@pytest.mark.parametrize(
    "url", ["/negotiations", "/negotiations/open-talks", "/negotiations/open-talks/rounds"]
)
def test_api_edit_gives_a_new_etag(client, talks, url):
    etag = client.get(API + url)["ETag"]
    bump_revision(talks.pk)
    response = client.get(API + url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_api_etag_differs_by_page(client, talks):
    first = client.get(f"{API}/negotiations/open-talks/rounds", {"page_size": 1})["ETag"]
    second = client.get(f"{API}/negotiations/open-talks/rounds", {"page_size": 2})["ETag"]
    assert first != second


def test_api_if_modified_since_gets_304(client, talks):
    last_modified = client.get(f"{API}/negotiations/open-talks")["Last-Modified"]
    response = client.get(f"{API}/negotiations/open-talks", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


def test_api_if_modified_since_before_an_edit_gets_200(client, talks):
    stale = "Mon, 01 Jan 2001 00:00:00 GMT"
    response = client.get(f"{API}/negotiations/open-talks", HTTP_IF_MODIFIED_SINCE=stale)
    assert response.status_code == 200


def test_api_demo_reimport_with_an_edit_gives_a_new_etag(client, demo, demo_document):
    from tracker.interchange import import_document

    etag = client.get(f"{API}/negotiations/sma-11/events")["ETag"]
    demo_document["negotiations"][0]["events"][0]["title"] += " (edited)"
    import_document(demo_document)
    response = client.get(f"{API}/negotiations/sma-11/events", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.json()["items"][0]["title"].endswith(" (edited)")


# Access


def test_api_anonymous_sees_published_only(client, talks, hidden):
    assert slugs(client.get(f"{API}/negotiations")) == ["open-talks"]
    response = client.get(f"{API}/negotiations/hidden-talks/rounds")
    assert response.status_code == 404
    assert response.json() == {"detail": 'No negotiation "hidden-talks".', "parameter": "slug"}


def test_api_session_analyst_sees_unpublished(client, talks, hidden, analyst):
    client.force_login(analyst)
    assert slugs(client.get(f"{API}/negotiations")) == ["hidden-talks", "open-talks"]
    assert client.get(f"{API}/negotiations/hidden-talks/rounds").json()["count"] == 1


def test_api_token_of_analyst_sees_unpublished(client, talks, hidden, analyst):
    _, plain = issue_token(user=analyst, name="notebook")
    response = client.get(f"{API}/negotiations", **bearer(plain))
    assert slugs(response) == ["hidden-talks", "open-talks"]
    assert response["Cache-Control"] == "private, no-cache"
    assert client.get(f"{API}/negotiations/hidden-talks", **bearer(plain)).status_code == 200


def test_api_token_of_user_without_rights_sees_published_only(
    client, talks, hidden, django_user_model
):
    _, plain = issue_token(user=django_user_model.objects.create_user("reader"), name="notebook")
    assert slugs(client.get(f"{API}/negotiations", **bearer(plain))) == ["open-talks"]


@pytest.mark.parametrize(
    "url", ["/negotiations", "/negotiations/hidden-talks", "/negotiations/open-talks"]
)
def test_api_revoked_token_is_refused(client, talks, hidden, analyst, url):
    token, plain = issue_token(user=analyst, name="old notebook")
    revoke_tokens(type(token).objects.filter(pk=token.pk))
    response = client.get(API + url, **bearer(plain))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This API token has been revoked.",
        "parameter": "Authorization",
    }
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"hidden" not in response.content


@pytest.mark.parametrize(
    "header", ["Bearer not-a-token", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"]
)
def test_api_bad_authorization_is_401(client, talks, header):
    response = client.get(f"{API}/negotiations", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["parameter"] == "Authorization"


def test_api_token_of_inactive_user_is_refused(client, talks, analyst):
    _, plain = issue_token(user=analyst, name="notebook")
    analyst.is_active = False
    analyst.save()
    assert client.get(f"{API}/negotiations", **bearer(plain)).status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/nothing", "/", "/negotiations/a%2Fb/rounds", "/negotiations/x%0Ay", "/negotiations/x,y"],
)
def test_api_unknown_endpoint_is_a_json_404(client, db, path):
    response = client.get(API + path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["detail"].startswith("No API endpoint")


def test_api_unknown_negotiation_is_404(client, talks):
    response = client.get(f"{API}/negotiations/no-such-talks/events")
    assert response.status_code == 404
    assert response.json()["parameter"] == "slug"


# Query counts: the same for 10 and 500 records


def fill(negotiation, size):
    """`size` records in every lane of `negotiation` (each citing a source), and `size`
    negotiations in all; bulk-created, since only the number of rows matters here."""
    party = negotiation.parties.first()
    people = Person.objects.bulk_create(
        Person(name=f"{negotiation.slug} {i}", party=party) for i in range(size)
    )
    negotiation.people.add(*people)
    lane = {"negotiation": negotiation}
    issues = Issue.objects.bulk_create(
        Issue(negotiation=negotiation, slug=f"issue-{i}", title=f"Issue {i}", order=i)
        for i in range(size)
    )
    lanes = [
        Round.objects.bulk_create(
            Round(number=i + 1, start="2019-09", sequence=i, **lane) for i in range(size)
        ),
        Position.objects.bulk_create(
            Position(party=party, kind="demand", amount=i, currency="USD", issue=issues[i], **lane)
            for i in range(size)
        ),
        Event.objects.bulk_create(Event(date="2020", title=f"E{i}", **lane) for i in range(size)),
        Statement.objects.bulk_create(
            Statement(date="2020-01-02", speaker=people[0], party=party, quote=f"Q{i}", **lane)
            for i in range(size)
        ),
        people,
    ]
    sources = Source.objects.bulk_create(Source(title=f"S{i}") for i in range(size))
    for records in lanes:
        through = type(records[0]).sources.through
        owner = f"{type(records[0])._meta.model_name}_id"
        through.objects.bulk_create(
            through(**{owner: r.pk, "source_id": s.pk})
            for r, s in zip(records, sources, strict=True)
        )
    LeadNegotiator.objects.bulk_create(
        LeadNegotiator(round=r, party=party, person=people[0]) for r in lanes[0]
    )
    return party


def add_negotiations(count, party, prefix="other"):
    others = Negotiation.objects.bulk_create(
        Negotiation(slug=f"{prefix}-{i}", title=f"Other {i}", is_published=True)
        for i in range(count)
    )
    Negotiation.parties.through.objects.bulk_create(
        Negotiation.parties.through(negotiation=n, party=party) for n in others
    )


QUERIES = {
    # negotiation rows for the ETag, the page's negotiations, their parties
    "/negotiations": 3,
    # the negotiation, its lane counts, its people count, its parties
    "/negotiations/big": 4,
    # the negotiation, the count, the page, each prefetch
    "/negotiations/big/rounds": 5,
    "/negotiations/big/issues": 3,
    "/negotiations/big/positions": 4,
    "/negotiations/big/events": 4,
    "/negotiations/big/statements": 4,
    "/negotiations/big/people": 4,
    "/negotiations/big/sources": 3,
}


@pytest.mark.parametrize("size", [10, 500])
def test_api_query_count_does_not_grow(client, db, django_assert_num_queries, size):
    add_negotiations(size - 1, fill(NegotiationFactory(slug="big"), size))
    for url, queries in QUERIES.items():
        with django_assert_num_queries(queries):
            response = client.get(API + url, {"page_size": 500})
        assert response.status_code == 200
        assert response.json().get("count", size) == size


@pytest.mark.parametrize("name", ["facts", "figure"])
def test_api_facts_and_figure_query_count_does_not_grow(client, db, name):
    """As many queries for 500 records as for 10 (how many is for tracker.facts.data and
    timeline.data to say)."""
    fill(NegotiationFactory(slug="small"), 10)
    fill(NegotiationFactory(slug="big"), 500)
    counts = {}
    for slug in ("small", "big"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/negotiations/{slug}/{name}", {"as_of": "2020-01-01"})
        assert response.status_code == 200
        counts[slug] = len(queries)
    assert counts["small"] == counts["big"]


@pytest.mark.parametrize("size", [10, 500])
def test_api_query_count_with_a_token_does_not_grow(
    client, django_assert_num_queries, analyst, size
):
    _, plain = issue_token(user=analyst, name="notebook")
    add_negotiations(size, PartyFactory())
    client.get(f"{API}/negotiations", **bearer(plain))  # last_used is written at most once a minute
    # the token and its user, the user's and the groups' permissions, then as anonymous
    with django_assert_num_queries(3 + 3):
        response = client.get(f"{API}/negotiations", {"page_size": 500}, **bearer(plain))
    assert response.json()["count"] == size


# Documents


def test_api_openapi_document_lists_every_endpoint(openapi):
    paths = set(openapi["paths"])
    assert f"{API}/negotiations" in paths
    assert {f"{API}/negotiations/{{slug}}/{lane}" for lane in LANES} <= paths
    assert openapi["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"


def test_api_docs_are_served_without_a_cdn(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references
    assert all(reference.startswith("/static/") for reference in references), references
    assert not re.search(r"https?://", html)


@pytest.mark.browser
def test_api_docs_render_offline_in_chromium(page, live_server):
    blocked = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    page.route("**/*", only_this_server)
    page.goto(f"{live_server.url}{API}/docs")
    page.wait_for_selector(".opblock-summary-path")
    assert f"{API}/negotiations/{{slug}}/facts" in page.inner_text("#swagger-ui")
    assert blocked == []
    assert page.console_errors == []
