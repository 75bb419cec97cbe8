"""Version 2 of the interchange format: agenda issues, source versions, and version 1 beside it."""

import copy
import json
from pathlib import Path

import pytest

from tracker.interchange import (
    InterchangeError,
    export_document,
    export_json_bytes,
    import_document,
    plan_import,
    validate_document,
)
from tracker.models import Issue, Negotiation, Position, Source

DATA = Path(__file__).resolve().parent.parent / "data"
V1_PATH = DATA / "every-field-v1.json"
V2_PATH = DATA / "every-field.json"
N0 = ("negotiations", 0)


@pytest.fixture
def v1():
    return json.loads(V1_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def v2():
    return json.loads(V2_PATH.read_text(encoding="utf-8"))


def export_all():
    return export_document(Negotiation.objects.order_by("id"))


def as_version_2(document):
    """What a version 1 document becomes: every position in the "General" issue."""
    document = copy.deepcopy(document)
    document["format"] = "negotiation-tracker/2"
    for index, entry in enumerate(document["negotiations"]):
        if not entry.get("positions"):
            continue
        rebuilt = {}
        for key, value in entry.items():
            rebuilt[key] = value
            if key == "parties":
                rebuilt["issues"] = [{"slug": "general", "title": "General"}]
        rebuilt["positions"] = [
            {
                "party": p["party"],
                "issue": "general",
                **{k: v for k, v in p.items() if k != "party"},
            }
            for p in entry["positions"]
        ]
        document["negotiations"][index] = rebuilt
    return document


def test_import_document_version_1_exports_as_its_version_2_equivalent(db, v1):
    import_document(v1)

    assert export_all() == as_version_2(v1)


def test_import_document_version_1_puts_every_position_in_general(db, v1):
    import_document(v1)

    negotiation = Negotiation.objects.get(slug="freedonia-sylvania-trade")
    assert list(negotiation.issues.values_list("slug", "title")) == [("general", "General")]
    assert set(Position.objects.values_list("issue__slug", flat=True)) == {"general"}
    assert not Issue.objects.filter(negotiation__slug="second-test-negotiation").exists()
    assert not Source.objects.exclude(story="", version=None, supersedes=None).exists()


def test_import_document_version_1_then_its_export_changes_nothing(db, v1):
    import_document(v1)

    plan = import_document(export_all())

    assert not plan.changed


def test_export_json_bytes_of_version_2_round_trips_byte_for_byte(db, v2):
    import_document(v2)
    Negotiation.objects.all().delete()
    import_document(V2_PATH.read_bytes())

    data = export_json_bytes(Negotiation.objects.order_by("id"))

    assert data == V2_PATH.read_bytes().rstrip(b"\n")


def test_import_document_links_versions_of_a_story(db, v2):
    import_document(v2)

    lead = Source.objects.get(url="https://news.example.org/summit")
    assert (lead.story, lead.version, lead.supersedes.url) == (
        "summit-2020",
        2,
        "https://news.example.org/summit-early",
    )
    assert lead.version_note.startswith("(LEAD) ATTN: CHANGES headline")
    assert lead.supersedes.version == 1


def test_import_document_positions_keep_their_issues(db, v2):
    import_document(v2)

    issues = list(
        Position.objects.filter(negotiation__slug="freedonia-sylvania-trade")
        .order_by("sequence")
        .values_list("issue__slug", flat=True)
    )
    assert issues == ["tariffs", "tariffs", "general", "soybeans", "tariffs", "general"]
    titles = Issue.objects.filter(slug="tariffs").values_list("title", "description", "order")
    assert list(titles) == [
        ("Tariffs on «Sylvanian» goods", "Duties each side charges; <b>markup</b> stays text.", 0)
    ]


def test_import_document_position_naming_no_issue_goes_to_general(db, v2):
    entry = v2["negotiations"][0]
    entry["issues"] = [issue for issue in entry["issues"] if issue["slug"] != "general"]
    for position in entry["positions"]:
        if position["issue"] == "general":
            del position["issue"]

    import_document(v2)

    issues = Issue.objects.filter(negotiation__slug="freedonia-sylvania-trade")
    assert list(issues.values_list("slug", "order")) == [
        ("tariffs", 0),
        ("soybeans", 1),
        ("general", 2),
    ]
    assert Position.objects.filter(issue__slug="general").count() == 2


def test_import_document_edited_issues_update_and_unused_ones_go(db, v2):
    import_document(v2)
    tariffs = Issue.objects.get(slug="tariffs")
    edited = copy.deepcopy(v2)
    entry = edited["negotiations"][0]
    entry["issues"] = [{"slug": "tariffs", "title": "Tariffs"}, *entry["issues"][2:]]
    for position in entry["positions"]:
        if position["issue"] == "soybeans":
            position["issue"] = "tariffs"

    plan = import_document(edited)

    assert plan.negotiations[0].details_changed
    assert list(Issue.objects.values_list("id", "slug", "title", "description", "order")) == [
        (tariffs.id, "tariffs", "Tariffs", "", 0),
        (Issue.objects.get(slug="general").id, "general", "General", "", 1),
    ]
    assert export_all() == edited


def test_plan_import_counts_an_issue_change_without_writing(db, v2):
    import_document(v2)
    edited = copy.deepcopy(v2)
    edited["negotiations"][0]["issues"][1]["title"] = "Soybeans"

    plan = plan_import(edited)

    assert plan.negotiations[0].changed
    assert Issue.objects.get(slug="soybeans").title == "Soybean purchases"


def test_import_document_moving_a_version_link(db, v2):
    import_document(v2)
    edited = copy.deepcopy(v2)
    lead = edited["negotiations"][0]["events"][1]["sources"][0]
    del lead["supersedes"]

    plan = import_document(edited)

    assert plan.sources.updated == 1
    assert Source.objects.get(url="https://news.example.org/summit").supersedes is None


def test_export_document_leaves_out_a_link_to_a_version_not_in_the_document(db, v2):
    entry = v2["negotiations"][0]
    entry["events"][1]["sources"].pop()  # the early version, cited only here
    entry["events"].append(
        {"date": "2020", "title": "Elsewhere", "sources": ["https://news.example.org/summit-early"]}
    )
    import_document(v2)
    # Export without the record citing the early version: the link cannot be written.
    Negotiation.objects.get(slug="freedonia-sylvania-trade").event_set.filter(
        title="Elsewhere"
    ).delete()

    exported = export_all()

    lead = exported["negotiations"][0]["events"][1]["sources"][0]
    assert "supersedes" not in lead
    assert validate_document(exported) == []


def _set(path, value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


LEAD = (*N0, "events", 1, "sources", 0)
EARLY = (*N0, "events", 1, "sources", 2)
MALFORMED = [
    (
        _set((*N0, "positions", 0, "issue"), "fisheries"),
        "negotiations[0].positions[0].issue",
        '"fisheries" is not one of this negotiation\'s issues ("tariffs", "soybeans", "general")',
    ),
    (
        _set((*N0, "issues", 1, "slug"), "tariffs"),
        "negotiations[0].issues[1].slug",
        '"tariffs" is already used by negotiations[0].issues[0]',
    ),
    (
        _set((*N0, "issues", 1, "slug"), "Soy Beans"),
        "negotiations[0].issues[1].slug",
        'may only hold lowercase letters, digits and "-"',
    ),
    (
        _set((*N0, "issues", 0, "title"), " "),
        "negotiations[0].issues[0].title",
        "must not be empty",
    ),
    (_set((*N0, "issues", 0, "colour"), "red"), "negotiations[0].issues[0].colour", "unknown key"),
    (_set((*LEAD, "version"), 0), f"{'negotiations[0].events[1].sources[0]'}.version", "from 1 up"),
    (
        _set((*LEAD, "version"), "2"),
        "negotiations[0].events[1].sources[0].version",
        'must be a whole number from 1 up, not "2"',
    ),
    (
        _set((*LEAD, "version"), True),
        "negotiations[0].events[1].sources[0].version",
        "not true/false",
    ),
    (
        _set((*LEAD, "supersedes"), "https://news.example.org/nowhere"),
        "negotiations[0].events[1].sources[0].supersedes",
        '"https://news.example.org/nowhere" is not the url of a source in this document',
    ),
    (
        _set((*LEAD, "supersedes"), "https://news.example.org/summit"),
        "negotiations[0].events[1].sources[0].supersedes",
        "a source cannot supersede itself",
    ),
    (
        _set((*EARLY, "supersedes"), "https://news.example.org/summit"),
        "negotiations[0].events[1].sources[0].supersedes",
        "the versions supersede each other in a circle",
    ),
]


@pytest.mark.parametrize(("change", "path", "message"), MALFORMED, ids=[m[2] for m in MALFORMED])
def test_validate_document_version_2_problems(v2, change, path, message):
    change(v2)

    problems = validate_document(v2)

    assert [problem.path for problem in problems][:1] == [path]
    assert message in problems[0].message


def test_validate_document_reports_each_link_of_a_longer_circle(v2):
    sources = v2["negotiations"][0]["events"][1]["sources"]
    sources[1] = {"url": sources[1], "supersedes": "https://news.example.org/summit"}
    sources[2]["supersedes"] = sources[1]["url"]

    problems = validate_document(v2)

    assert {problem.message for problem in problems} == {
        "the versions supersede each other in a circle"
    }
    assert len(problems) == 3


def test_validate_document_source_without_url_cannot_supersede(v2):
    people = v2["negotiations"][0]["people"]
    people[1]["sources"][0]["supersedes"] = "https://news.example.org/summit"

    problems = validate_document(v2)

    assert [str(problem) for problem in problems] == [
        "negotiations[0].people[1].sources[0].supersedes: "
        "only a source with a url can supersede another"
    ]


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        ((*N0, "issues"), [], "negotiations[0].issues"),
        ((*N0, "positions", 0, "issue"), "general", "negotiations[0].positions[0].issue"),
        ((*N0, "rounds", 0, "sources", 0), {"url": "https://a.example", "version": 1}, "version"),
    ],
)
def test_validate_document_version_1_refuses_version_2_keys(v1, path, value, where):
    _set(path, value)(v1)

    problems = validate_document(v1)

    assert len(problems) == 1
    assert where in str(problems[0]) and "unknown key" in problems[0].message


def test_import_document_refused_version_2_writes_nothing(db, v2):
    _set((*N0, "positions", 0, "issue"), "fisheries")(v2)

    with pytest.raises(InterchangeError):
        import_document(v2)

    assert not Issue.objects.exists() and not Source.objects.exists()
