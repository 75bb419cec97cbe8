"""`timeline_chunks`: the rows of `timeline_data` a chunk at a time, in order, filtered alike."""

import datetime as dt

import orjson
import pytest

from timeline import chunks, csvexport
from timeline.chunks import timeline_chunks
from timeline.data import timeline_data
from timeline.exports import export_facts
from timeline.params import TimelineParams
from timeline.timelinejs import timeline_document, timeline_json_chunks

pytestmark = pytest.mark.django_db

VIEWS = {
    "everything": TimelineParams(),
    "two lanes": TimelineParams(lanes=("rounds", "statements")),
    "one party": TimelineParams(parties=("North Korea",)),
    "as of 2019": TimelineParams(as_of=dt.date(2019, 12, 31)),
    "positions as of a day": TimelineParams(lanes=("positions",), as_of=dt.date(2020, 3, 1)),
}


@pytest.fixture(params=[2000, 4], ids=["one chunk", "chunks of four"])
def chunk(request, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK", request.param)
    return request.param


@pytest.mark.parametrize("view", VIEWS)
def test_chunks_hold_the_rows_of_timeline_data_in_order(chunk, demo, view):
    params = VIEWS[view]
    pieces = list(timeline_chunks(demo, params))
    streamed = [row for piece in pieces for row in piece.records()]
    assert streamed == list(timeline_data(demo, params).records())
    assert all(len(piece.records()) <= max(chunk, 9) for piece in pieces)  # 9 rounds, whole


def test_chunks_of_four_really_split_the_lanes(demo, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK", 4)
    assert len(list(timeline_chunks(demo, TimelineParams(lanes=("statements",))))) == 5  # 18


@pytest.mark.parametrize("view", VIEWS)
def test_streamed_csv_equals_the_whole_csv(chunk, demo, view):
    params = VIEWS[view]
    streamed = b"".join(csvexport.csv_chunks(map(export_facts, timeline_chunks(demo, params))))
    whole = csvexport.csv_text(export_facts(timeline_data(demo, params)))
    assert streamed == whole.encode("utf-8-sig")


@pytest.mark.parametrize("view", VIEWS)
def test_streamed_timelinejs_equals_the_whole_document(chunk, demo, view):
    params = VIEWS[view]
    negotiation = {"title": demo.title, "summary": demo.summary}
    pieces = timeline_json_chunks(
        negotiation, map(export_facts, timeline_chunks(demo, params)), credit="Source: here"
    )
    whole = timeline_document(
        negotiation, export_facts(timeline_data(demo, params)), credit="Source: here"
    )
    assert orjson.loads(b"".join(pieces)) == whole
