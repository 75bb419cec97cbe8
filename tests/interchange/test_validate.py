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
