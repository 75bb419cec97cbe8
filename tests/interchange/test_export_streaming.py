"""`iter_export_json`: the export of one negotiation in pieces, equal to `export_json_bytes`."""

import json
from pathlib import Path

import pytest

from tracker.interchange import export, export_json_bytes, import_document
from tracker.models import Negotiation
from tracker.synthetic import synthetic_document

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.django_db


def _streamed(negotiation):
    return b"".join(export.iter_export_json(negotiation))


@pytest.fixture(params=[2000, 3], ids=["one chunk", "chunks of three"])
def chunk(request, monkeypatch):
    monkeypatch.setattr(export, "CHUNK", request.param)
    return request.param


@pytest.mark.parametrize("name", ["every-field.json", "every-field-v1.json"])
def test_streamed_export_equals_the_whole_export_byte_for_byte(chunk, name):
    import_document(json.loads((DATA / name).read_text(encoding="utf-8")))
    for negotiation in Negotiation.objects.order_by("id"):
        assert _streamed(negotiation) == export_json_bytes([negotiation])


def test_streamed_export_of_the_demo_equals_the_whole_export(chunk, demo):
    assert _streamed(demo) == export_json_bytes([demo])


def test_streamed_export_of_synthetic_records_equals_the_whole_export(chunk):
    import_document(synthetic_document(slug="synthetic", statements=120, seed=3))
    negotiation = Negotiation.objects.get(slug="synthetic")
    streamed = _streamed(negotiation)
    assert streamed == export_json_bytes([negotiation])
    assert len(json.loads(streamed)["negotiations"][0]["statements"]) == 120


def test_streamed_export_leaves_out_a_link_to_a_version_no_record_cites(chunk):
    document = json.loads((DATA / "every-field.json").read_text(encoding="utf-8"))
    entry = document["negotiations"][0]
    entry["events"][1]["sources"].pop()  # the early version, cited only here
    entry["events"].append(
        {"date": "2020", "title": "Elsewhere", "sources": ["https://news.example.org/summit-early"]}
    )
    import_document(document)
    negotiation = Negotiation.objects.get(slug=entry["slug"])
    negotiation.event_set.filter(title="Elsewhere").delete()

    streamed = _streamed(negotiation)

    assert streamed == export_json_bytes([negotiation])
    assert "supersedes" not in json.loads(streamed)["negotiations"][0]["events"][1]["sources"][0]


def test_streamed_export_queries_once_per_chunk_not_per_record(
    chunk, demo, django_assert_max_num_queries
):
    records = sum(
        model.objects.filter(negotiation=demo).count()
        for model in (
            demo.round_set.model,
            demo.position_set.model,
            demo.event_set.model,
            demo.statement_set.model,
        )
    )
    chunks = 4 + records // chunk
    with django_assert_max_num_queries(12 + 2 * chunks):
        _streamed(demo)
