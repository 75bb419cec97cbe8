"""Tests for tracker/synthetic.py and the generate_synthetic command."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tracker.interchange import export_document, validate_document
from tracker.models import Negotiation, Statement
from tracker.partialdate import PartialDate
from tracker.synthetic import materialize, synthetic_document


def small(seed=7, **counts):
    counts = {"statements": 200, **counts}
    return synthetic_document(slug="synthetic", seed=seed, **counts)


def test_synthetic_document_same_seed_same_document():
    assert materialize(small(seed=7)) == materialize(small(seed=7))


def test_synthetic_document_other_seed_other_document():
    assert materialize(small(seed=7)) != materialize(small(seed=8))


def test_synthetic_document_rereading_a_lane_gives_equal_records():
    statements = small()["negotiations"][0]["statements"]
    assert list(statements) == list(statements)
    assert statements[5] == list(statements)[5] == statements[-195]
    assert statements[3:6] == list(statements)[3:6]


def test_synthetic_document_counts_default_to_a_tenth_of_the_statements():
    negotiation = small(statements=300)["negotiations"][0]
    counts = {
        lane: len(negotiation[lane]) for lane in ("statements", "rounds", "positions", "events")
    }
    assert counts == {"statements": 300, "rounds": 30, "positions": 30, "events": 30}


def test_synthetic_document_counts_can_be_given():
    negotiation = small(statements=50, rounds=3, positions=0, events=9)["negotiations"][0]
    assert [len(negotiation[lane]) for lane in ("rounds", "positions", "events")] == [3, 0, 9]


def test_synthetic_document_negative_count_is_refused():
    with pytest.raises(ValueError, match="rounds"):
        small(rounds=-1)


def test_synthetic_document_is_valid_interchange():
    assert validate_document(small(statements=500)) == []


def test_synthetic_document_has_the_variety_of_real_data():
    negotiation = materialize(small(statements=2000))["negotiations"][0]
    statements, positions = negotiation["statements"], negotiation["positions"]
    precisions = {PartialDate.parse(s["date"]).precision for s in statements}
    assert {"day", "month"} <= precisions
    assert len(negotiation["parties"]) >= 3
    assert len({p["currency"] for p in positions if p.get("currency")}) >= 3
    assert any("amount_min" in p for p in positions)
    assert any(p.get("unit") for p in positions)
    assert max(len(s["quote"]) for s in statements) > 800
    urls = {source["url"] for s in statements for source in s["sources"]}
    assert len(urls) > 300
    assert all(url.startswith("https://news.example.org/") for url in urls)


def test_synthetic_document_day_precision_dates_are_in_order():
    negotiation = materialize(small(statements=1000))["negotiations"][0]
    days = [s["date"] for s in negotiation["statements"] if len(s["date"]) == 10]
    assert len(days) > 500
    assert days == sorted(days)


def test_generate_synthetic_imports_through_the_importer(db):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "generate_synthetic",
        "--slug=syn",
        "--statements=120",
        "--seed=3",
        "--publish",
        stdout=out,
        stderr=err,
    )
    negotiation = Negotiation.objects.get(slug="syn")
    assert negotiation.is_published
    assert Statement.objects.filter(negotiation=negotiation).count() == 120
    assert negotiation.round_set.count() == 12
    assert "importing:" in err.getvalue()
    assert "statements: 120 created" in out.getvalue()


def test_generate_synthetic_round_trips_to_the_same_document(db):
    call_command(
        "generate_synthetic",
        "--slug=syn",
        "--statements=60",
        "--seed=4",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    exported = export_document(Negotiation.objects.filter(slug="syn"))
    expected = materialize(synthetic_document(slug="syn", statements=60, seed=4))
    assert len(exported["negotiations"][0]["statements"]) == 60
    assert [s["quote"] for s in exported["negotiations"][0]["statements"]] == [
        s["quote"] for s in expected["negotiations"][0]["statements"]
    ]


def test_generate_synthetic_again_changes_nothing(db):
    options = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("generate_synthetic", "--slug=syn", "--statements=40", "--seed=5", **options)
    revision = Negotiation.objects.get(slug="syn").revision
    out = io.StringIO()
    call_command(
        "generate_synthetic",
        "--slug=syn",
        "--statements=40",
        "--seed=5",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert Negotiation.objects.get(slug="syn").revision == revision
    assert "statements: 0 created, 0 updated, 0 deleted, 40 unchanged" in out.getvalue()


def test_generate_synthetic_bad_count_is_a_clear_error(db):
    with pytest.raises(CommandError, match="events"):
        call_command("generate_synthetic", "--slug=syn", "--statements=10", "--events=-2")
