import copy
import json
import os
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tracker.interchange import (
    InterchangeError,
    Problem,
    export_document,
    export_json_bytes,
    import_document,
    load_document,
    plan_import,
    validate_document,
)
from tracker.models import (
    Event,
    Issue,
    LeadNegotiator,
    Negotiation,
    Party,
    Person,
    Position,
    Round,
    Source,
    Statement,
)

EVERY_FIELD_PATH = Path(__file__).resolve().parent.parent / "data" / "every-field.json"
MODELS = (
    Negotiation,
    Issue,
    Party,
    Person,
    Source,
    Round,
    LeadNegotiator,
    Position,
    Event,
    Statement,
)


@pytest.fixture
def every_field():
    return json.loads(EVERY_FIELD_PATH.read_text(encoding="utf-8"))


def row_counts():
    """Rows of every tracker model and of their history tables."""
    counts = {model.__name__: model.objects.count() for model in MODELS}
    counts.update({f"history {m.__name__}": m.history.count() for m in MODELS})
    return counts


def export_all():
    return export_document(Negotiation.objects.order_by("id"))


def statements_document(count, slug="many"):
    """A valid document with `count` statements, each citing one of ten sources."""
    return {
        "format": "negotiation-tracker/1",
        "negotiations": [
            {
                "slug": slug,
                "title": "Many statements",
                "status": "ongoing",
                "parties": ["Freedonia"],
                "statements": [
                    {
                        "date": f"2020-{1 + i % 12:02d}",
                        "speaker": f"Speaker {i % 7}",
                        "party": "Freedonia",
                        "kind": "quote",
                        "quote": f"Words number {i}.",
                        "sources": [f"https://news.example.org/{i % 10}"],
                    }
                    for i in range(count)
                ],
            }
        ],
    }


# Round trips -----------------------------------------------------------------


def test_import_document_demo_round_trips(db, demo_document):
    import_document(demo_document)

    assert export_all() == demo_document


def test_import_document_every_field_round_trips(db, every_field):
    import_document(every_field)

    assert export_all() == every_field


def test_export_json_bytes_matches_the_hand_written_file_byte_for_byte(db, every_field):
    import_document(every_field)

    data = export_json_bytes(Negotiation.objects.order_by("id"))

    assert data == EVERY_FIELD_PATH.read_bytes().rstrip(b"\n")
    assert "서울".encode() in data
    assert data.startswith(b'{\n "format": "negotiation-tracker/2",\n "negotiations": [\n  {\n')


def test_export_document_keeps_untidy_values(db, every_field):
    import_document(every_field)
    exported = export_all()["negotiations"][0]

    assert "number" not in exported["rounds"][1]
    assert exported["rounds"][2] == every_field["negotiations"][0]["rounds"][2]
    assert exported["positions"][1]["amount_min"] == "1000000000.5"
    assert exported["positions"][3]["unit"] == "tonnes of US soybeans"
    assert "currency" not in exported["positions"][3]
    assert exported["positions"][4]["amount"] == "0.000001"
    assert exported["rounds"][1]["sources"][0] == {
        "title": "Talks resume by video link",
        "publisher": "Radio Sylvania",
        "published": "2019-10",
    }


def test_export_document_only_the_given_negotiations(db, every_field):
    import_document(every_field)

    exported = export_document(Negotiation.objects.filter(slug="second-test-negotiation"))

    assert exported == {**every_field, "negotiations": every_field["negotiations"][1:]}


def test_export_document_query_count_does_not_grow(db, every_field, demo_document):
    import_document(every_field)
    # Every lane has records here: an empty lane skips its sources query (sources are read
    # per chunk of records, so the count grows only by one per 2,000 records).
    with CaptureQueriesContext(connection) as small:
        export_document(Negotiation.objects.filter(slug="freedonia-sylvania-trade"))
    import_document(demo_document)
    import_document(statements_document(300))

    with CaptureQueriesContext(connection) as large:
        export_document(Negotiation.objects.all())

    assert len(large) == len(small)


# Re-import -------------------------------------------------------------------


def test_import_document_twice_changes_nothing(db, every_field):
    import_document(every_field)
    before = row_counts()
    revisions = dict(Negotiation.objects.values_list("slug", "revision"))
    modified = dict(Negotiation.objects.values_list("slug", "modified"))

    plan = import_document(every_field)

    assert not plan.changed
    assert row_counts() == before
    assert dict(Negotiation.objects.values_list("slug", "revision")) == revisions
    assert dict(Negotiation.objects.values_list("slug", "modified")) == modified


def test_import_document_edited_updates_in_place(db, every_field):
    import_document(every_field)
    negotiation = Negotiation.objects.get(slug="freedonia-sylvania-trade")
    round_ids = list(Round.objects.filter(negotiation=negotiation).values_list("id", flat=True))
    statement_ids = list(negotiation.statement_set.values_list("id", flat=True))
    revision = negotiation.revision
    edited = copy.deepcopy(every_field)
    entry = edited["negotiations"][0]
    entry["rounds"][1]["location"] = "Geneva"
    entry["statements"][0]["quote"] = "Corrected words."
    entry["events"].pop()
    entry["positions"].append(
        {"party": "Sylvania", "issue": "soybeans", "kind": "offer", "percent_change": "1"}
    )

    plan = import_document(edited)

    lanes = plan.negotiations[0].lanes
    assert (lanes["rounds"].updated, lanes["rounds"].unchanged) == (1, 3)
    assert (lanes["events"].deleted, lanes["positions"].created) == (1, 1)
    assert lanes["statements"].updated == 1
    assert not plan.negotiations[1].changed
    assert list(Round.objects.filter(negotiation=negotiation).values_list("id", flat=True)) == (
        round_ids
    )
    assert list(negotiation.statement_set.values_list("id", flat=True)) == statement_ids
    negotiation.refresh_from_db()
    assert negotiation.revision == revision + 1
    assert Negotiation.objects.get(slug="second-test-negotiation").revision == 1  # unchanged
    assert export_all() == edited


def test_import_document_reordered_round_numbers(db, every_field):
    import_document(every_field)
    edited = copy.deepcopy(every_field)
    rounds = edited["negotiations"][0]["rounds"]
    rounds[0]["number"], rounds[3]["number"] = 4, 1

    import_document(edited)

    assert export_all() == edited


def test_import_document_reordered_sources_and_parties(db, every_field):
    import_document(every_field)
    edited = copy.deepcopy(every_field)
    entry = edited["negotiations"][0]
    entry["parties"].reverse()
    entry["people"].reverse()
    entry["statements"][0]["sources"].reverse()
    entry["people"][-1]["sources"].reverse()

    plan = import_document(edited)

    assert plan.negotiations[0].details_changed
    assert plan.negotiations[0].lanes["statements"].updated == 1
    assert export_all() == edited


def test_import_document_shorter_lists_delete_the_rest(db, every_field):
    import_document(every_field)
    edited = copy.deepcopy(every_field)
    edited["negotiations"][0]["rounds"] = edited["negotiations"][0]["rounds"][:1]
    del edited["negotiations"][0]["statements"]

    plan = import_document(edited)

    assert plan.negotiations[0].lanes["rounds"].deleted == 3
    assert plan.negotiations[0].lanes["statements"].deleted == 3
    assert Round.objects.count() == 1
    assert export_all() == edited


def test_import_document_leaves_is_published_alone(db, every_field):
    import_document(every_field)
    assert not Negotiation.objects.filter(is_published=True).exists()
    Negotiation.objects.update(is_published=True)
    edited = copy.deepcopy(every_field)
    edited["negotiations"][0]["title"] = "Renamed"

    import_document(edited)

    assert Negotiation.objects.filter(is_published=False).count() == 0


def test_import_document_bare_url_keeps_source_details(db, every_field):
    import_document(every_field)
    document = statements_document(1)
    document["negotiations"][0]["statements"][0]["sources"] = [
        "https://archive.example.org/2019/firefly?lang=en&page=2"
    ]

    import_document(document)

    source = Source.objects.get(url="https://archive.example.org/2019/firefly?lang=en&page=2")
    assert source.title == "Firefly takes charge"


def test_import_document_edited_source_is_updated(db, every_field):
    import_document(every_field)
    edited = copy.deepcopy(every_field)
    edited["negotiations"][0]["people"][0]["sources"][1]["title"] = "Firefly takes over"
    count = Source.objects.count()

    plan = import_document(edited)

    assert (plan.sources.updated, Source.objects.count()) == (1, count)
    assert plan.negotiations[0].changed and not plan.negotiations[1].changed
    assert export_all() == edited


def test_import_document_records_history_with_user(db, every_field):
    user = UserFactory()

    import_document(every_field, user=user)

    statement = Statement.objects.get(quote__startswith="If you can't")
    record = statement.history.get()
    assert record.history_user == user and record.history_type == "+"
    assert [link.source_id for link in record.sources.order_by("id")] == list(
        statement.sources.through.objects.filter(statement=statement)
        .order_by("id")
        .values_list("source_id", flat=True)
    )
    negotiation = Negotiation.objects.get(slug="freedonia-sylvania-trade")
    assert negotiation.history.get().parties.count() == 3
    assert LeadNegotiator.history.filter(history_user=user).count() == 4


def test_import_document_deletion_history_names_the_user(db, every_field):
    import_document(every_field)
    user = UserFactory()
    edited = copy.deepcopy(every_field)
    edited["negotiations"][0]["events"].pop()

    import_document(edited, user=user)

    deleted = Event.history.get(history_type="-")
    assert deleted.history_user == user
    assert deleted.title.startswith("Talks suspended")


def test_import_document_reports_progress(db):
    calls = []

    import_document(statements_document(2100), progress=lambda *call: calls.append(call))

    assert calls[-1] == (2101, 2101)
    assert len(calls) >= 3
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_import_document_query_count_does_not_grow_with_records(db):
    with CaptureQueriesContext(connection) as small:
        import_document(statements_document(20, slug="small"))
    with CaptureQueriesContext(connection) as large:
        import_document(statements_document(1500, slug="large"))

    # Bulk inserts split only by the database's limit on query parameters.
    assert len(small) < 40
    assert len(large) < 1500 // 15


def test_import_document_accepts_json_text(db, demo_document):
    plan = import_document(json.dumps(demo_document))

    assert plan.negotiations[0].slug == "sma-11"


# Planning --------------------------------------------------------------------


def test_plan_import_writes_nothing(db, every_field):
    plan = plan_import(every_field)

    assert [(p.slug, p.is_new) for p in plan.negotiations] == [
        ("freedonia-sylvania-trade", True),
        ("second-test-negotiation", True),
    ]
    assert plan.negotiations[0].lanes["rounds"].created == 4
    assert plan.parties.created == 3
    assert all(count == 0 for count in row_counts().values())


def test_plan_import_of_an_edit_matches_the_import(db, every_field):
    import_document(every_field)
    edited = copy.deepcopy(every_field)
    edited["negotiations"][0]["rounds"][0]["note"] = "Changed."
    edited["negotiations"][0]["statements"].pop(0)

    plan = plan_import(edited)

    assert plan == import_document(edited)
    lanes = plan.negotiations[0].lanes
    assert not plan.negotiations[0].is_new
    assert (lanes["rounds"].updated, lanes["rounds"].unchanged) == (1, 3)
    assert (lanes["statements"].updated, lanes["statements"].deleted) == (2, 1)


def test_plan_import_summary_lines(db, demo_document):
    import_document(demo_document)

    lines = plan_import(demo_document).summary_lines()

    assert lines[0].startswith("sma-11 (unchanged)")
    assert "  rounds: 0 created, 0 updated, 0 deleted, 9 unchanged" in lines


# Malformed documents ---------------------------------------------------------


def _set(path, value):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        target[last] = value

    return change


def _delete(path):
    def change(document):
        *parents, last = path
        target = document
        for key in parents:
            target = target[key]
        del target[last]

    return change


N0, N1 = ("negotiations", 0), ("negotiations", 1)
MALFORMED = [
    (
        _set((*N0, "rounds", 3, "end"), "2019-13"),
        "negotiations[0].rounds[3].end",
        '"2019-13" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)',
    ),
    (
        _set((*N0, "rounds", 0, "end"), "2019-09-23"),
        "negotiations[0].rounds[0].end",
        '"2019-09-23" is before the start "2019-09-24"',
    ),
    (_set((*N0, "slug"), "Trade Talks"), "negotiations[0].slug", "may only hold lowercase"),
    (_set((*N0, "status"), "paused"), "negotiations[0].status", '"paused" is not one of'),
    (_delete((*N0, "title")), "negotiations[0].title", "is required"),
    (
        _set((*N0, "rounds", 0, "colour"), "red"),
        "negotiations[0].rounds[0].colour",
        "unknown key",
    ),
    (
        _set((*N0, "positions", 0, "amount"), 5000000000),
        "negotiations[0].positions[0].amount",
        "must be a decimal written as text",
    ),
    (
        _set((*N0, "positions", 0, "amount"), "-5"),
        "negotiations[0].positions[0].amount",
        '"-5" is negative',
    ),
    (
        _set((*N0, "positions", 1, "amount_min"), "2000000000"),
        "negotiations[0].positions[1].amount_min",
        "is above amount_max",
    ),
    (
        _set((*N0, "positions", 0, "currency"), "USX"),
        "negotiations[0].positions[0].currency",
        '"USX" is not an ISO 4217 currency code',
    ),
    (
        _set((*N0, "positions", 0, "party"), "Atlantis"),
        "negotiations[0].positions[0].party",
        '"Atlantis" is not one of this negotiation\'s parties',
    ),
    (
        _set((*N0, "rounds", 2, "lead_negotiators", "Atlantis"), "Someone"),
        "negotiations[0].rounds[2].lead_negotiators.Atlantis",
        "not one of this negotiation's parties",
    ),
    (
        _set((*N0, "people", 2, "party"), "Atlantis"),
        "negotiations[0].people[2].party",
        "not one of this negotiation's parties",
    ),
    (
        _set((*N0, "rounds", 3, "number"), 1),
        "negotiations[0].rounds[3].number",
        "round 1 is already negotiations[0].rounds[0]",
    ),
    (
        _set((*N1, "slug"), "freedonia-sylvania-trade"),
        "negotiations[1].slug",
        "is already used by negotiations[0]",
    ),
    (
        _set((*N1, "statements", 0, "kind"), "rumour"),
        "negotiations[1].statements[0].kind",
        '"rumour" is not one of "quote", "paraphrase", "report"',
    ),
    (
        _set((*N1, "statements", 0, "date"), "02/02/2022"),
        "negotiations[1].statements[0].date",
        "is not a date",
    ),
    (
        _set((*N0, "events", 0, "sources"), ["javascript:alert(1)"]),
        "negotiations[0].events[0].sources[0]",
        "is not an http or https address",
    ),
    (
        _set((*N0, "positions", 3, "unit"), "t" * 201),
        "negotiations[0].positions[3].unit",
        "is 201 characters long (at most 200)",
    ),
    (
        _set((*N0, "rounds", 0, "number"), True),
        "negotiations[0].rounds[0].number",
        "must be a whole number",
    ),
    (
        _set((*N0, "positions", 0, "amount"), "1e9"),
        "negotiations[0].positions[0].amount",
        "is not a plain decimal number",
    ),
    (
        _set((*N0, "positions", 3, "percent_change"), "13.90001"),
        "negotiations[0].positions[3].percent_change",
        "more than 4 decimal places",
    ),
    (_set((*N0, "parties"), []), "negotiations[0].parties", "must name at least one party"),
    (
        _set((*N1, "parties"), ["Sylvania", "Sylvania"]),
        "negotiations[1].parties[1]",
        '"Sylvania" is listed twice',
    ),
    (
        _set(("format",), "negotiation-tracker/3"),
        "format",
        'must be "negotiation-tracker/2" or "negotiation-tracker/1" '
        '(found "negotiation-tracker/3")',
    ),
    (
        _set((*N1, "people"), [{"name": "Trentino", "title": "Someone else"}]),
        "negotiations[1].people[0]",
        'describes "Trentino" differently from negotiations[0].people[1]',
    ),
    (_set((*N0, "rounds"), {}), "negotiations[0].rounds", "must be a list, not an object"),
    (_set((*N0, "people", 0, "sources"), 5), "negotiations[0].people[0].sources", "must be a list"),
    (
        _set((*N0, "rounds", 0, "lead_negotiators", "Sylvania"), 7),
        "negotiations[0].rounds[0].lead_negotiators.Sylvania",
        "must be a person's name as text, not the number 7",
    ),
    (
        _set((*N0, "events", 0, "two words"), 1),
        'negotiations[0].events[0]["two words"]',
        "unknown key",
    ),
    (
        _set((*N0, "statements", 0, "quote"), "nul \x00 inside"),
        "negotiations[0].statements[0].quote",
        "contains a NUL character",
    ),
    (_set((*N0, "statements", 2), "text"), "negotiations[0].statements[2]", "must be an object"),
]


@pytest.mark.parametrize(("change", "path", "message"), MALFORMED, ids=[m[1] for m in MALFORMED])
def test_import_document_malformed_writes_nothing(db, every_field, change, path, message):
    change(every_field)

    with pytest.raises(InterchangeError) as caught:
        import_document(every_field)

    assert [p.path for p in caught.value.problems] == [path]
    assert message in caught.value.problems[0].message
    assert all(count == 0 for count in row_counts().values())


def test_import_document_malformed_leaves_existing_data_alone(db, every_field):
    import_document(every_field)
    before = row_counts()
    edited = copy.deepcopy(every_field)
    edited["negotiations"][0]["title"] = "Changed"
    edited["negotiations"][1]["statements"][0]["date"] = "yesterday"

    with pytest.raises(InterchangeError):
        import_document(edited)

    assert row_counts() == before
    assert Negotiation.objects.filter(title="Changed").count() == 0


def test_validate_document_reports_every_problem(every_field):
    entry = every_field["negotiations"][0]
    entry["rounds"][0]["start"] = "2019-02-30"
    entry["positions"][0]["kind"] = "wish"
    every_field["negotiations"][1]["statements"][0]["quote"] = ""

    problems = validate_document(every_field)

    assert [str(problem) for problem in problems] == [
        'negotiations[0].rounds[0].start: "2019-02-30" is not a date '
        "(use YYYY, YYYY-MM or YYYY-MM-DD)",
        'negotiations[0].positions[0].kind: "wish" is not one of '
        '"demand", "offer", "agreed", "baseline"',
        "negotiations[1].statements[0].quote: must not be empty",
    ]


def test_validate_document_accepts_the_demo(demo_document):
    assert validate_document(demo_document) == []


def test_problem_reads_as_path_and_message():
    problem = Problem("negotiations[0].slug", "is required")

    assert str(problem) == "negotiations[0].slug: is required"


@pytest.mark.parametrize("document", [None, [], "text", 3, {}, {"format": "negotiation-tracker/1"}])
def test_validate_document_refuses_other_shapes(document):
    assert validate_document(document)


# Loading ---------------------------------------------------------------------


def test_load_document_parses_bytes_text_and_files(every_field):
    data = EVERY_FIELD_PATH.read_bytes()

    assert load_document(data) == every_field
    assert load_document(data.decode()) == every_field
    with EVERY_FIELD_PATH.open("rb") as handle:
        assert load_document(handle) == every_field


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{\n "format": "negotiation-tracker/1",\n "negotiations": [,]\n}', "line 3, column"),
        (b"", "the document is empty"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"format": "other/1", "negotiations": []}', 'must be "negotiation-tracker/2" or'),
        (b'{"negotiations": []}', "(found missing)"),
        (b'{"format": "negotiation-tracker/1", "x": ' + b"[" * 20 + b"]" * 20 + b"}", "nested"),
        (b"[" * 5000 + b"]" * 5000, "nested"),
        (b'{"a": "\xff"}', "not valid JSON"),
    ],
)
def test_load_document_refuses_unusable_input(data, message):
    with pytest.raises(InterchangeError) as caught:
        load_document(data)

    assert message in str(caught.value.problems[0])


def test_load_document_refuses_a_document_over_the_size_limit(settings):
    settings.INTERCHANGE_MAX_BYTES = 100

    with pytest.raises(InterchangeError) as caught:
        load_document(b'{"format": "negotiation-tracker/1", "negotiations": []}' + b" " * 100)

    assert "larger than the limit of 100 bytes" in str(caught.value)


def test_load_document_accepts_the_deepest_valid_document(every_field):
    load_document(json.dumps(every_field), max_depth=7)
    with pytest.raises(InterchangeError):
        load_document(json.dumps(every_field), max_depth=6)


# Property-based: any damage gives a clean error or a clean import ------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


def _containers(value, path=()):
    """Every (path, container) inside a parsed document."""
    if isinstance(value, dict | list):
        yield path, value
        keys = value.keys() if isinstance(value, dict) else range(len(value))
        for key in keys:
            yield from _containers(value[key], (*path, key))


@st.composite
def damaged_documents(draw):
    document = json.loads(EVERY_FIELD_PATH.read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_containers(document))
        path, container = draw(st.sampled_from(places))
        if isinstance(container, dict):
            key = draw(st.sampled_from([*container.keys(), "unexpected"]))
        else:
            key = draw(st.integers(0, len(container)))
        action = draw(st.sampled_from(["replace", "delete"]))
        if action == "delete" and (isinstance(container, dict) and key in container):
            del container[key]
        elif action == "delete" and isinstance(container, list) and key < len(container):
            container.pop(key)
        elif isinstance(container, dict):
            container[key] = draw(JSON_VALUES)
        elif key < len(container):
            container[key] = draw(JSON_VALUES)
        else:
            container.append(draw(JSON_VALUES))
    return document


@given(st.one_of(JSON_VALUES, damaged_documents()))
@settings(max_examples=int(os.environ.get("TRACKER_HYPOTHESIS_EXAMPLES", "300")), deadline=None)
def test_validate_document_never_crashes(document):
    problems = validate_document(document)

    assert all(isinstance(problem, Problem) and problem.path for problem in problems)


@given(damaged_documents())
@settings(
    max_examples=int(os.environ.get("TRACKER_HYPOTHESIS_IMPORTS", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_import_document_damaged_is_a_clean_error_or_a_clean_import(db, document):
    before = row_counts()

    try:
        import_document(document)
    except InterchangeError as error:
        assert error.problems
        assert row_counts() == before
    else:
        slugs = [n["slug"] for n in document["negotiations"]]
        exported = export_document(Negotiation.objects.filter(slug__in=slugs))["negotiations"]
        assert sorted(n["slug"] for n in exported) == sorted(set(slugs))
        if not slugs:  # a document with no negotiations is a clean import of nothing
            assert row_counts() == before
