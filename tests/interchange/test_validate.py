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
