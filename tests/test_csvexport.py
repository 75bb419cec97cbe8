"""CSV export: one row per fact, formula cells neutralised, numbers left as numbers."""

import csv
import io
from decimal import Decimal

import pytest

from tests import factories
from timeline.csvexport import COLUMNS, csv_text, neutralise
from timeline.data import timeline_data
from timeline.exports import export_facts


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            '=HYPERLINK("https://evil.example","click")',
            '\'=HYPERLINK("https://evil.example","click")',
        ),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Plain words = fine", "Plain words = fine"),
        ("", ""),
        (None, ""),
        (Decimal("-13.9000"), "-13.9"),
        (Decimal("5000000000.000000"), "5000000000"),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def _rows(negotiation):
    return list(csv.DictReader(io.StringIO(csv_text(export_facts(timeline_data(negotiation))))))


@pytest.fixture
def negotiation(db):
    negotiation = factories.NegotiationFactory()
    factories.RoundFactory.create_batch(2, negotiation=negotiation)
    factories.PositionFactory(negotiation=negotiation, percent_change=Decimal("-13.9"))
    factories.PositionFactory(negotiation=negotiation, date=None)
    factories.EventFactory(negotiation=negotiation, date="2020-03", title="=cmd|' /C calc'!A0")
    factories.StatementFactory.create_batch(3, negotiation=negotiation)
    return negotiation


def test_csv_text_has_one_row_per_fact(negotiation):
    rows = _rows(negotiation)
    assert len(rows) == 2 + 2 + 1 + 3
    assert [row["lane"] for row in rows] == ["rounds"] * 2 + ["positions"] * 2 + ["events"] + [
        "statements"
    ] * 3


def test_csv_text_header_is_the_columns(negotiation):
    assert (
        next(csv.reader(io.StringIO(csv_text(export_facts(timeline_data(negotiation)))))) == COLUMNS
    )


def test_csv_text_neutralises_formula_text(negotiation):
    event = next(row for row in _rows(negotiation) if row["lane"] == "events")
    assert event["text"] == "'=cmd|' /C calc'!A0"


def test_csv_text_keeps_dates_at_their_precision(negotiation):
    event = next(row for row in _rows(negotiation) if row["lane"] == "events")
    assert (event["date"], event["start"], event["end"]) == ("March 2020", "2020-03", "")
    assert (event["earliest"], event["latest"]) == ("2020-03-01", "2020-03-31")


def test_csv_text_writes_amounts_as_plain_numbers(negotiation):
    position = _rows(negotiation)[2]
    assert (position["amount"], position["currency"]) == ("5000000000", "USD")
    assert position["percent_change"] == "-13.9"


def test_csv_text_leaves_undated_facts_undated(negotiation):
    undated = _rows(negotiation)[3]
    assert (undated["date"], undated["start"], undated["earliest"]) == ("", "", "")


def test_csv_text_lists_source_urls(db):
    statement = factories.StatementFactory()
    # One at a time: add(a, b) links them in the order of a set of ids, which differs on
    # PostgreSQL when the ids straddle a hash slot.
    first = factories.SourceFactory()
    statement.sources.add(first)
    statement.sources.add(factories.SourceFactory(url="", title="Memo"))
    (row,) = _rows(statement.negotiation)
    assert row["sources"] == f"{first.url}; Memo"
    assert (row["who"], row["party"]) == (statement.speaker.name, statement.party.name)


def test_csv_text_names_each_position_issue(db):
    issue = factories.IssueFactory(title="=Soybean purchases")
    factories.PositionFactory(negotiation=issue.negotiation, issue=issue)
    factories.EventFactory(negotiation=issue.negotiation)

    rows = _rows(issue.negotiation)

    assert [(row["lane"], row["issue"]) for row in rows] == [
        ("positions", "'=Soybean purchases"),
        ("events", ""),
    ]
