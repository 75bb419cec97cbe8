"""Malformed documents to the importer: a clean InterchangeError or a clean import, nothing else.

Hypothesis mutates a document that uses every field of the format (replacing, deleting and
adding values anywhere in it) and also feeds raw bytes; whatever comes in, the importer
either imports it or raises InterchangeError with path-named problems, and on error no row
of any tracker model (history included) is written.
"""

import copy
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile import CORPUS
from tracker.interchange import InterchangeError, import_document, load_document

BASE = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "every-field.json").read_text(
        encoding="utf-8"
    )
)
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

TRICKY = [
    "2019",
    "2019-13",
    "2019-02-30",
    "2019-9-1",
    "0000",
    "99999",
    "-5",
    "1e309",
    "NaN",
    "5000000000",
    "5,000,000,000",
    "0.0000001",
    "1" * 40,
    "USD",
    "usd",
    "XXX",
    "in_person",
    "demand",
    "quote",
    "ongoing",
    "https://news.example.org/a",
    "ftp://x",
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=2**63, max_value=2**80)
    | st.floats()
    | st.text(max_size=30)
    | st.sampled_from(TRICKY)
    | st.sampled_from(CORPUS)
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["url", "name", "sources"]), children, max_size=3
        )
    ),
    max_leaves=6,
)


def paths(value, prefix=()):
    """Every path (tuple of keys and indexes) inside a JSON value, the root included."""
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += paths(child, (*prefix, index))
    return found


def apply(document, path, operation, value):
    """The document with one edit at `path`: replace, delete, add a key, or duplicate."""
    document = copy.deepcopy(document)
    if not path:
        return value if operation == "replace" else document
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if operation == "replace":
        parent[last] = value
    elif operation == "delete":
        del parent[last]
    elif operation == "add" and isinstance(parent[last], dict):
        parent[last]["unexpected " + str(len(parent[last]))] = value
    elif operation == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    return document


@st.composite
def mutated_documents(draw):
    document = BASE
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(paths(document)))
        operation = draw(st.sampled_from(["replace", "poison", "delete", "add", "duplicate"]))
        if operation == "poison":  # a string where a string belongs, but a nasty one
            value, operation = draw(st.sampled_from(TRICKY) | st.sampled_from(CORPUS)), "replace"
        else:
            value = draw(json_values)
        document = apply(document, path, operation, value)
    return document


def row_counts():
    """Rows in every tracker model, history models included."""
    return {
        model.__name__: model.objects.count()
        for model in apps.get_app_config("tracker").get_models()
    }


def encode(document):
    """JSON bytes; Python's encoder writes NaN, Infinity and huge integers that JSON forbids."""
    try:
        return json.dumps(document, ensure_ascii=False).encode("utf-8", "surrogatepass")
    except ValueError:
        return json.dumps(document).encode()


def assert_clean_outcome(data):
    """Import `data` in a savepoint: success, or InterchangeError and no row written."""
    with transaction.atomic():
        before = row_counts()
        try:
            import_document(load_document(data, max_bytes=10**6, max_depth=12))
        except InterchangeError as error:
            assert error.problems
            for problem in error.problems:
                assert isinstance(problem.path, str) and problem.path
                assert isinstance(problem.message, str) and problem.message
            assert row_counts() == before
        transaction.set_rollback(True)


@pytest.mark.django_db
@FUZZ
@given(document=mutated_documents())
def test_mutated_documents_import_cleanly_or_fail_cleanly(document):
    assert_clean_outcome(encode(document))


@pytest.mark.django_db
@FUZZ
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_random_bytes_fail_cleanly(data):
    assert_clean_outcome(data)


@pytest.mark.django_db
@FUZZ
@given(document=json_values)
def test_any_json_value_fails_cleanly(document):
    assert_clean_outcome(encode(document))


def test_base_document_imports(db):
    import_document(load_document(encode(BASE)))
    assert row_counts()["Negotiation"] == len(BASE["negotiations"])


def error_text(data, **limits):
    with pytest.raises(InterchangeError) as caught:
        load_document(data, **limits)
    return str(caught.value)


def test_size_limit_has_a_clear_message():
    text = error_text(encode(BASE), max_bytes=1024)
    assert "larger than the limit of 1 KB" in text


@pytest.mark.parametrize("depth", [13, 40, 5000])
def test_depth_limit_has_a_clear_message(depth):
    data = (
        b'{"format": "negotiation-tracker/1", "negotiations": ' + b"[" * depth + b"]" * depth + b"}"
    )
    assert "nested more than 12 levels deep" in error_text(data, max_depth=12)


def test_depth_within_limit_is_not_refused_for_depth(db):
    assert "nested" not in error_text(encode({**BASE, "format": "other"}), max_depth=12)


def test_partial_write_is_impossible_when_the_last_record_is_bad(db):
    document = copy.deepcopy(BASE)
    document["negotiations"][0]["statements"][-1]["date"] = "2020-13"
    before = row_counts()
    with pytest.raises(InterchangeError) as caught:
        import_document(document)
    assert any(problem.path.endswith(".date") for problem in caught.value.problems)
    assert row_counts() == before


def test_same_source_twice_in_one_record_is_a_clear_problem(db):
    document = copy.deepcopy(BASE)
    round_ = document["negotiations"][0]["rounds"][0]
    round_["sources"] = [*round_["sources"], round_["sources"][0]]
    with pytest.raises(InterchangeError) as caught:
        import_document(document)
    assert [problem.path for problem in caught.value.problems] == [
        "negotiations[0].rounds[0].sources[1]"
    ]


@pytest.mark.parametrize("where", ["title", "parties", "statements"])
def test_nul_character_is_a_clear_problem(db, where):
    document = copy.deepcopy(BASE)
    negotiation = document["negotiations"][0]
    if where == "title":
        negotiation["title"] = "a\x00b"
    elif where == "parties":
        negotiation["parties"][0] += "\x00"
    else:
        negotiation["statements"][0]["sources"] = ["https://news.example.org/\x00"]
    before = row_counts()
    with pytest.raises(InterchangeError) as caught:
        import_document(document)
    assert any("NUL" in problem.message for problem in caught.value.problems)
    assert row_counts() == before


@pytest.fixture
def importer(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="uploader", is_staff=True, is_superuser=True))
    return client


def upload(client, data, name="document.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/admin/tracker/negotiation/import/",
        {"document": SimpleUploadedFile(name, data, content_type="application/json")},
    )


def test_upload_over_the_size_limit_is_refused_with_a_message(importer, settings):
    settings.INTERCHANGE_UPLOAD_MAX_BYTES = 2048
    before = row_counts()
    response = upload(importer, encode(BASE))
    assert response.status_code == 200
    assert "uploads are limited to 2.0\xa0KB" in response.content.decode()
    assert row_counts() == before


def test_upload_too_deep_is_refused_with_a_message(importer):
    before = row_counts()
    deep = b'{"format": "negotiation-tracker/1", "negotiations": ' + b"[" * 40 + b"]" * 40 + b"}"
    response = upload(importer, deep)
    assert response.status_code == 200
    assert "nested more than 12 levels deep" in response.content.decode()
    assert row_counts() == before


def test_upload_of_garbage_is_refused_with_a_message(importer):
    response = upload(importer, b"\x89PNG\r\n\x1a\n not json")
    assert response.status_code == 200
    assert "this is not a JSON document" in response.content.decode()
