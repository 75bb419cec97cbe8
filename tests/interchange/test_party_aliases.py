"""Party aliases in the interchange format: version 2's optional `party_aliases`."""

import copy
import json
from pathlib import Path

import pytest

from tracker.interchange import (
    InterchangeError,
    export,
    export_document,
    export_json_bytes,
    import_document,
    plan_import,
    validate_document,
)
from tracker.models import Negotiation, Party

DATA = Path(__file__).resolve().parent.parent / "data"
ALIASES = {"Freedonia": ["Fredonia", "the Freedonian government"], "Sylvania": ["Sylvan"]}


@pytest.fixture
def v2():
    return json.loads((DATA / "every-field.json").read_text(encoding="utf-8"))


@pytest.fixture
def with_aliases(v2):
    v2["negotiations"][0]["party_aliases"] = copy.deepcopy(ALIASES)
    return v2


def test_import_document_gives_the_parties_their_aliases(db, with_aliases):
    import_document(with_aliases)

    assert Party.objects.get(name="Freedonia").alias_list() == ALIASES["Freedonia"]
    assert Party.objects.get(name="Sylvania").alias_list() == ["Sylvan"]
    assert Party.objects.get(name="대한민국").aliases == ""


def test_export_document_gives_the_aliases_back_for_each_negotiation(db, with_aliases):
    import_document(with_aliases)

    exported = export_document(Negotiation.objects.order_by("id"))["negotiations"]

    assert exported[0]["party_aliases"] == ALIASES
    assert exported[1]["party_aliases"] == {"Sylvania": ["Sylvan"]}
    assert list(exported[0])[:6] == [
        "slug",
        "title",
        "summary",
        "status",
        "parties",
        "party_aliases",
    ]


def test_export_without_aliases_has_no_party_aliases_key(db, v2):
    import_document(v2)

    exported = export_document(Negotiation.objects.order_by("id"))["negotiations"]

    assert all("party_aliases" not in entry for entry in exported)


def test_streamed_export_with_aliases_equals_the_whole_export(db, with_aliases):
    import_document(with_aliases)
    for negotiation in Negotiation.objects.order_by("id"):
        streamed = b"".join(export.iter_export_json(negotiation))
        assert streamed == export_json_bytes([negotiation])


def test_import_document_without_aliases_keeps_a_party_s_own(db, v2):
    Party.objects.create(name="Freedonia", aliases="Fredonia")

    import_document(v2)

    assert Party.objects.get(name="Freedonia").aliases == "Fredonia"


def test_import_document_replaces_a_party_s_aliases_and_counts_the_change(db, with_aliases):
    Party.objects.create(name="Freedonia", aliases="Old name")

    plan = plan_import(with_aliases)

    assert plan.parties.updated == 1
    assert Party.objects.get(name="Freedonia").aliases == "Old name"
    import_document(with_aliases)
    assert Party.objects.get(name="Freedonia").alias_list() == ALIASES["Freedonia"]
    assert Party.objects.get(name="Freedonia").history.first().history_type == "~"


@pytest.mark.parametrize(
    "aliases, where, message",
    [
        (["Fredonia"], "party_aliases", "must map party names to lists of aliases, not a list"),
        ({"Atlantis": ["Atl"]}, "party_aliases.Atlantis", "is not one of this negotiation's"),
        ({"Freedonia": "Fredonia"}, "party_aliases.Freedonia", "must be a list of aliases"),
        ({"Freedonia": [" "]}, "party_aliases.Freedonia", "each of 1 to 200 characters"),
        ({"Freedonia": ["F" * 201]}, "party_aliases.Freedonia", "each of 1 to 200 characters"),
        ({"Freedonia": ["Fred", "Fred"]}, "party_aliases.Freedonia", "lists an alias twice"),
        ({"Freedonia": ["Fred\x00"]}, "party_aliases.Freedonia[0]", "control character"),
    ],
)
def test_validate_document_party_aliases_problems(v2, aliases, where, message):
    v2["negotiations"][0]["party_aliases"] = aliases

    problems = validate_document(v2)

    assert [p.path for p in problems] == [f"negotiations[0].{where}"]
    assert message in problems[0].message


def test_validate_document_a_party_s_aliases_are_the_same_throughout(with_aliases):
    with_aliases["negotiations"][1]["party_aliases"] = {"Sylvania": ["Sylvan", "Sylvanians"]}

    problems = validate_document(with_aliases)

    assert [p.path for p in problems] == ["negotiations[1].party_aliases.Sylvania"]
    assert "negotiations[0].party_aliases.Sylvania" in problems[0].message


def test_validate_document_version_1_refuses_party_aliases(db):
    v1 = json.loads((DATA / "every-field-v1.json").read_text(encoding="utf-8"))
    v1["negotiations"][0]["party_aliases"] = {"Freedonia": ["Fredonia"]}

    problems = validate_document(v1)

    assert [p.path for p in problems] == ["negotiations[0].party_aliases"]
    with pytest.raises(InterchangeError):
        import_document(v1)
    assert not Party.objects.exists()


@pytest.mark.parametrize("first", [True, False], ids=["aliases-first", "aliases-last"])
def test_check_file_lists_the_alias_problems_validate_document_lists(tmp_path, with_aliases, first):
    from tracker.interchange.stream import check_file

    negotiation = with_aliases["negotiations"][0]
    negotiation["party_aliases"] = {
        "Atlantis": ["Atl"], "Freedonia": ["Fred", "Fred"], "Sylvania": ["Sylvan"]
    }  # fmt: skip
    negotiation["parties"] = [*negotiation["parties"], 7]  # a section problem listed before
    aliases = negotiation.pop("party_aliases")
    negotiation = {"party_aliases": aliases, **negotiation} if first else {**negotiation}
    negotiation.setdefault("party_aliases", aliases)
    with_aliases["negotiations"][0] = negotiation
    with_aliases["negotiations"][1]["party_aliases"] = {"Sylvania": ["Other"]}
    path = tmp_path / "document.json"
    path.write_text(json.dumps(with_aliases), encoding="utf-8")

    streamed = [str(p) for p in check_file(path, max_bytes=10**6, max_depth=12)]

    assert streamed == [str(p) for p in validate_document(with_aliases)]
    assert len(streamed) == 4  # and negotiations[1] contradicts [0] on Sylvania
    assert "party_aliases.Atlantis" in streamed[1] and "lists an alias twice" in streamed[2]
