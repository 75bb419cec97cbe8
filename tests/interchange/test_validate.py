import json
from pathlib import Path

import pytest

from tracker.interchange import export_document, import_document, validate_document
from tracker.models import Negotiation, Position

EVERY_FIELD_PATH = Path(__file__).resolve().parent.parent / "data" / "every-field.json"


@pytest.fixture
def every_field():
    return json.loads(EVERY_FIELD_PATH.read_text(encoding="utf-8"))


def first_position(document):
    return document["negotiations"][0]["positions"][0]


@pytest.mark.parametrize("extra", [{"amount_min": "1"}, {"amount_max": "7000000000"}])
def test_validate_document_refuses_an_amount_with_a_range(every_field, extra):
    first_position(every_field).update(extra)

    problems = validate_document(every_field)

    assert [str(problem) for problem in problems] == [
        "negotiations[0].positions[0].amount: give either an amount or "
        "amount_min/amount_max, not both"
    ]


@pytest.mark.django_db
def test_import_document_takes_a_currency_in_any_case_in_capitals(every_field):
    first_position(every_field)["currency"] = "usd"

    import_document(every_field)
    first_plan = import_document(every_field)

    assert Position.objects.filter(currency="USD").count() == 1
    assert not first_plan.changed, "the same document again changes nothing"
    exported = export_document(Negotiation.objects.order_by("id"))
    assert first_position(exported)["currency"] == "USD"


@pytest.mark.django_db
def test_imported_speakers_and_lead_negotiators_are_the_negotiations_people(client, every_field):
    import_document(every_field)
    Negotiation.objects.update(is_published=True)

    body = client.get("/api/v1/negotiations/second-test-negotiation/people").json()
    first = client.get("/api/v1/negotiations/freedonia-sylvania-trade/people").json()

    assert [person["name"] for person in body["items"]] == ["Trentino"]
    assert "Pinky" in [person["name"] for person in first["items"]]


def negotiation_of(document):
    return document["negotiations"][0]


@pytest.mark.parametrize(
    ("change", "path", "problem"),
    [
        (
            lambda n: n.update(title="SMA\x0c11"),
            "negotiations[0].title",
            "contains a form feed (U+000C) at character 4",
        ),
        (
            lambda n: n["statements"][0].update(quote="Words\x0bwords"),
            "negotiations[0].statements[0].quote",
            "contains a vertical tab (U+000B) at character 6",
        ),
        (
            lambda n: n["events"][0].update(note="C1 \x85 here"),
            "negotiations[0].events[0].note",
            "contains a next line (U+0085) at character 4",
        ),
        (
            lambda n: n["people"][0].update(name=n["people"][0]["name"] + "\r"),
            "negotiations[0].people[0].name",
            "contains a carriage return (U+000D)",
        ),
        (
            lambda n: n["statements"][0].update(speaker="Nobody\x1b"),
            "negotiations[0].statements[0].speaker",
            "contains an escape (U+001B) at character 7",
        ),
        (
            lambda n: n["rounds"][0]["sources"].__setitem__(0, "https://news.example.org/\x07"),
            "negotiations[0].rounds[0].sources[0]",
            "contains a bell (U+0007) at character 26",
        ),
    ],
    ids=["title", "quote", "c1-note", "cr-in-name", "speaker", "bare-url"],
)
def test_validate_document_refuses_control_characters_naming_the_path(
    every_field, change, path, problem
):
    change(negotiation_of(every_field))

    problems = validate_document(every_field)

    assert [p.path for p in problems] == [path]
    assert problems[0].message.startswith(problem)


def test_validate_document_takes_tabs_and_line_breaks(every_field):
    negotiation = negotiation_of(every_field)
    negotiation["summary"] = "One\r\ntwo\tthree\n"
    negotiation["statements"][0]["quote"] = "Line one\r\nline two"

    assert validate_document(every_field) == []


def test_validate_document_refuses_a_party_name_with_a_control_character(every_field):
    negotiation = negotiation_of(every_field)
    negotiation["parties"].append("Sylvania\x0c")

    problems = validate_document(every_field)

    assert [str(p) for p in problems] == [
        "negotiations[0].parties[3]: contains a form feed (U+000C) at character 9, which text "
        "may not hold (of the control characters only tabs and line feeds are allowed)"
    ]


# Single values (survivors of mutation testing, TEST-STRENGTH.md items 9-10) ----------


def document(position=None, round_=None):
    """A version 2 document with one position and one round, changed as given."""
    return {
        "format": "negotiation-tracker/2",
        "negotiations": [
            {
                "slug": "n",
                "title": "N",
                "parties": ["A"],
                "rounds": [{"start": "2020-01-01", **(round_ or {})}],
                "positions": [{"party": "A", "kind": "demand", **(position or {})}],
            }
        ],
    }


def problems(**changes):
    return [str(problem) for problem in validate_document(document(**changes))]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"position": {"date": "2020-13"}},
            'negotiations[0].positions[0].date: "2020-13" is not a date',
        ),
        (
            {"position": {"reported_on": "soon"}},
            'negotiations[0].positions[0].reported_on: "soon" is not a date',
        ),
        (
            {"round_": {"format": "zoom"}},
            'negotiations[0].rounds[0].format: "zoom" is not one of "in_person", "virtual"',
        ),
        (
            {"position": {"amount": "1" + "0" * 24}},
            'negotiations[0].positions[0].amount: "1' + "0" * 24 + '" is too large',
        ),
        (
            {"position": {"amount_max": "9" * 36}},
            'negotiations[0].positions[0].amount_max: "' + "9" * 36 + '" is too large',
        ),
    ],
)
def test_validate_document_refuses_a_bad_value(changes, expected):
    found = problems(**changes)

    assert len(found) == 1 and found[0].startswith(expected), found


def test_validate_document_position_needs_a_party():
    doc = document()
    del doc["negotiations"][0]["positions"][0]["party"]

    assert [str(p) for p in validate_document(doc)] == [
        "negotiations[0].positions[0].party: is required"
    ]


@pytest.mark.parametrize(
    "position",
    [
        {"amount": "9" * 24},
        {"amount": "9" * 24 + ".999999"},
        {"amount": "0"},
        {"amount_min": "0", "amount_max": "0"},
        {"amount_min": "12.5", "amount_max": "12.5"},
        {"percent_change": "-0"},
        {"date": "2020-02-29", "reported_on": "2020"},
    ],
)
def test_validate_document_accepts_values_at_the_limits(position):
    assert problems(position=position) == []
