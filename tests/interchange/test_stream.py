"""The streamed check of a document file lists what `validate_document` lists for it parsed."""

import json
import random

import pytest
from hypothesis import given

from tests.interchange.test_fuzz import BASE, FUZZ, encode, mutated_documents
from tracker.interchange import InterchangeError, load_document, validate_document
from tracker.interchange.stream import check_file

LIMITS = {"max_bytes": 10**6, "max_depth": 12}


def parsed_problems(data, limit=None):
    """What the upload page listed before streaming: load whole, then validate."""
    try:
        document = load_document(data, **LIMITS)
    except InterchangeError as error:
        return [str(problem) for problem in error.problems], len(error.problems)
    problems = validate_document(document, limit=limit)
    return [str(problem) for problem in problems], getattr(problems, "total", len(problems))


def streamed_problems(tmp_path, data, limit=None):
    path = tmp_path / "document.json"
    path.write_bytes(data)
    problems = check_file(path, limit=limit, **LIMITS)
    return [str(problem) for problem in problems], problems.total


@FUZZ
@given(mutated_documents())
def test_check_file_lists_what_validate_document_lists(tmp_path_factory, document):
    data = encode(document)
    tmp_path = tmp_path_factory.mktemp("stream")

    assert streamed_problems(tmp_path, data) == parsed_problems(data)


def shuffled_keys(document, seed):
    """The document with every negotiation's keys in another order."""
    rng = random.Random(seed)
    negotiations = []
    for negotiation in document["negotiations"]:
        if not isinstance(negotiation, dict):
            negotiations.append(negotiation)
            continue
        keys = list(negotiation)
        rng.shuffle(keys)
        negotiations.append({key: negotiation[key] for key in keys})
    return {"negotiations": negotiations, "format": document["format"]}


def broken(document):
    """Every-field with mistakes in each section, references to parties and issues included."""
    first, second = (dict(n) for n in document["negotiations"])
    first["parties"] = [*first["parties"], first["parties"][0], 7]
    first["positions"] = [{**p, "party": "Nobody", "issue": "none"} for p in first["positions"]]
    first["statements"] = [{**s, "party": "Nobody", "date": "soon"} for s in first["statements"]]
    first["extra"] = {"deep": [1, 2]}
    second["parties"] = []
    second["title"] = ""
    return {**document, "negotiations": [first, second, second, "not an object"]}


@pytest.mark.parametrize("seed", range(6))
def test_check_file_lists_problems_in_checking_order_whatever_the_key_order(tmp_path, seed):
    document = shuffled_keys(broken(BASE), seed)
    data = json.dumps(document).encode()

    listed, total = streamed_problems(tmp_path, data)

    assert (listed, total) == parsed_problems(data)
    assert total > 10
    assert any("is not one of this negotiation's parties" in line for line in listed)


def test_check_file_keeps_the_first_problems_and_counts_them_all(tmp_path):
    negotiation = {"slug": "repeats", "title": "Repeats", "parties": ["United States"] * 5000}
    data = json.dumps({"format": "negotiation-tracker/2", "negotiations": [negotiation]}).encode()

    listed, total = streamed_problems(tmp_path, data, limit=200)

    assert total == 4999
    assert len(listed) == 200
    assert listed[0] == 'negotiations[0].parties[1]: "United States" is listed twice'
    assert listed[-1] == 'negotiations[0].parties[200]: "United States" is listed twice'


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"hello",
        b'{"format": "negotiation-tracker/2", "negotiations": [,]}',
        b'{"a": "\xff"}',
        b"[1, 2]",
        b'{"negotiations": []}',
        b'{"format": ["negotiation-tracker/2"], "negotiations": []}',
        b'{"format": "negotiation-tracker/1", "x": ' + b"[" * 20 + b"]" * 20 + b"}",
        b'\xef\xbb\xbf{"format": "negotiation-tracker/2", "negotiations": []}',
        b'{"format": "negotiation-tracker/2", "negotiations": [{"slug": 1e400}]}',
        b'{"format": "negotiation-tracker/2", "negotiations": {}}',
        b'{"format": "negotiation-tracker/2"}',
        b'{"format": "negotiation-tracker/2", "negotiations": null}',
        b'{"negotiations": [{}], "other": 1, "format": "negotiation-tracker/1"}',
    ],
)
def test_check_file_refuses_unusable_files_as_load_document_does(tmp_path, data):
    assert streamed_problems(tmp_path, data) == parsed_problems(data)


def test_check_file_refuses_a_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.json"
    path.write_bytes(b'{"format": "negotiation-tracker/2", "negotiations": []}' + b" " * 100)

    problems = check_file(path, max_bytes=100, max_depth=12)

    assert [str(problem) for problem in problems] == [
        "$: the document is larger than the limit of 100 bytes"
    ]


@pytest.mark.django_db
def test_a_streamed_document_plans_as_the_parsed_one(tmp_path):
    from tracker.interchange import import_document, plan_import
    from tracker.interchange.stream import streamed_document

    first, second = BASE["negotiations"]
    import_document({**BASE, "negotiations": [first]})
    edited = {**BASE, "negotiations": [{**first, "title": "Edited"}, second]}
    path = tmp_path / "document.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(edited).encode())

    streamed = plan_import(streamed_document(path), checked=True)

    assert streamed.summary_lines() == plan_import(edited).summary_lines()
    assert [plan.is_new for plan in streamed.negotiations] == [False, True]
    assert len(streamed_document(path)["negotiations"]) == 2


def test_check_file_refuses_a_key_given_twice_at_the_top(tmp_path):
    # A JSON reader keeps the last "negotiations": the preview must not check the first.
    good = json.dumps(BASE["negotiations"])
    data = f'{{"format": "{BASE["format"]}", "negotiations": {good}, "negotiations": []}}'

    problems, total = streamed_problems(tmp_path, data.encode())

    assert problems == ["negotiations: is given twice in one object (give each key once)"]
    assert total == 1


def test_check_file_refuses_a_key_given_twice_in_a_negotiation(tmp_path):
    first = json.dumps(BASE["negotiations"][0])
    data = first[:-1] + ', "statements": []}'
    document = f'{{"format": "{BASE["format"]}", "negotiations": [{data}]}}'

    problems, _ = streamed_problems(tmp_path, document.encode())

    assert problems == [
        "negotiations[0].statements: is given twice in one object (give each key once)"
    ]
    assert parsed_problems(document.encode()) == ([], 0)  # what a JSON reader alone would say


@pytest.mark.parametrize(
    "document, count",
    [
        ({"format": "negotiation-tracker/2", "negotiations": []}, 0),
        (
            # Nested lists and maps inside a negotiation, and a later top-level key holding a
            # list, are not negotiations.
            {
                "negotiations": [
                    {"slug": "a", "parties": ["A", "B"], "rounds": [{"number": 1}]},
                    {"slug": "b", "people": [{"name": "X", "sources": ["u"]}]},
                    {"slug": "c"},
                ],
                "format": "negotiation-tracker/2",
                "extra": [{}, {}, {}, {}],
            },
            3,
        ),
    ],
    ids=["none", "three"],
)
def test_count_negotiations_counts_the_top_level_list_only(tmp_path, document, count):
    from tracker.interchange.stream import count_negotiations

    path = tmp_path / "document.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(document).encode())

    assert count_negotiations(path) == count
