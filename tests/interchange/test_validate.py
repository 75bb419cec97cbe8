"""Checks of single values in a document (tracker/interchange/validate.py)."""

import pytest

from tracker.interchange import validate_document


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
