"""`timeline_json_copy_chunks`: PostgreSQL writes the same TimelineJS bytes as the Python path."""

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from django.db import connection
from django.http import QueryDict

from tests import factories
from tests.hostile import hostile_negotiation
from timeline import timelinejs_sql
from timeline.chunks import timeline_chunks
from timeline.exports import export_facts
from timeline.params import TimelineParams
from timeline.timelinejs import timeline_json_chunks
from tracker.interchange import import_document
from tracker.models import Negotiation
from tracker.synthetic import synthetic_document

DATA = Path(__file__).resolve().parent / "data"
CREDIT = "Source: Negotiation tracker, http://testserver/negotiations/x/ <&>"
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite streams from Python"
)

VIEWS = {
    "everything": TimelineParams(),
    "two lanes": TimelineParams(lanes=("rounds", "statements")),
    "no rounds": TimelineParams(lanes=("positions", "events", "statements")),
    "one party": TimelineParams(parties=("North Korea",)),
    "unattributed": TimelineParams(parties=("Unattributed", "Freedonia")),
    "as of 2019": TimelineParams(as_of=dt.date(2019, 12, 31)),
    "positions as of a day": TimelineParams(lanes=("positions",), as_of=dt.date(2020, 3, 1)),
    "no lane": TimelineParams(lanes=()),
}


def _first_difference(copied, written):
    """Where the two downloads part, with some bytes either side, for a readable failure."""
    at = len(os.path.commonprefix([copied, written]))
    around = slice(max(at - 120, 0), at + 120)
    return at, copied[around], written[around]


def _both(negotiation, params):
    """(the COPY path's bytes, the Python path's bytes) for one view of the negotiation."""
    copied = b"".join(timelinejs_sql.timeline_json_copy_chunks(negotiation, params, credit=CREDIT))
    facts = map(export_facts, timeline_chunks(negotiation, params))
    info = {"title": negotiation.title, "summary": negotiation.summary}
    return copied, b"".join(timeline_json_chunks(info, facts, credit=CREDIT))


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
def test_copy_of_the_demo_equals_the_python_timelinejs(demo, view):
    copied, written = _both(demo, VIEWS[view])
    assert copied == written, _first_difference(copied, written)


@pytest.mark.django_db
def test_copy_of_the_demo_has_every_lane_and_eras(demo):
    copied, _ = _both(demo, TimelineParams())
    document = orjson.loads(copied)
    groups = {slide["group"] for slide in document["events"]}
    assert groups == {"Rounds", "Positions", "Events", "Statements"}
    assert document["eras"]


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", ["every-field.json", "every-field-v1.json"])
def test_copy_of_every_field_equals_the_python_timelinejs(name, view):
    import_document(json.loads((DATA / name).read_text(encoding="utf-8")))
    for negotiation in Negotiation.objects.order_by("id"):
        copied, written = _both(negotiation, VIEWS[view])
        assert copied == written, _first_difference(copied, written)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [TimelineParams(), TimelineParams(as_of=dt.date(2020, 6, 30))], ids=["all", "as of"]
)
def test_copy_of_synthetic_records_equals_the_python_timelinejs(params):
    import_document(synthetic_document(slug="synthetic", statements=300, seed=5))
    copied, written = _both(Negotiation.objects.get(slug="synthetic"), params)
    assert len(orjson.loads(copied)["events"]) > 300
    assert copied == written, _first_difference(copied, written)


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["everything", "as of 2019", "unattributed"])
def test_copy_of_the_hostile_corpus_equals_the_python_timelinejs(view):
    negotiation = hostile_negotiation()
    copied, written = _both(negotiation, VIEWS[view])
    assert copied == written, _first_difference(copied, written)


@pytest.fixture
def awkward(db):
    """Dates at every precision, rounds with and without numbers, sources of every kind."""
    negotiation = factories.NegotiationFactory(title='<b>"Talks"</b> & co', summary="a\nb")
    text = "Quote \"this\" <i>, then\r\na line\\n with a tab\t & 'an apostrophe' ü 🤝"
    factories.RoundFactory(
        negotiation=negotiation, number=None, number_inferred=4, start="2019", end="2020-02",
        location="<Geneva>", note="Geneva",
    )  # fmt: skip
    factories.RoundFactory(negotiation=negotiation, number=None, location="", start="2019-03")
    factories.RoundFactory(negotiation=negotiation, start="2019-02-27", end="2019-03-02")
    factories.RoundFactory(negotiation=negotiation, start="2019-11-18", end="2019-11-18")
    factories.PositionFactory(
        negotiation=negotiation, amount=Decimal("1234567.891"), currency="XYZ", unit="<t>"
    )
    factories.PositionFactory(
        negotiation=negotiation, amount=None, amount_min=Decimal("1000.50"), currency="KRW",
        percent_change=Decimal("-0.5000"), period="@2020", date=None, reported_on="2019-05",
    )  # fmt: skip
    factories.PositionFactory(negotiation=negotiation, amount=None, currency="", date="2019")
    event = factories.EventFactory(negotiation=negotiation, title=text, note=text, end="2021")
    for source in (
        factories.SourceFactory(url="javascript:alert(1)", title="", published="2019-01"),
        factories.SourceFactory(url='HTTPS://Example.org/a?b=1&c="2"', title="", publisher="<P>"),
        factories.SourceFactory(url="", title="", published="2030"),
    ):
        event.sources.add(source)  # one at a time: cited in this order
    speaker = factories.PersonFactory(name="", party=None, title="")
    factories.StatementFactory(
        negotiation=negotiation, speaker=speaker, party=None, quote=text, context=text,
        speaker_title="", date="2019-12",
    )  # fmt: skip
    factories.StatementFactory(negotiation=negotiation, quote="", context="", note="")
    return negotiation


@pytest.mark.parametrize("view", ["everything", "as of 2019", "unattributed", "two lanes"])
def test_copy_of_awkward_text_and_dates_equals_the_python_timelinejs(awkward, view):
    copied, written = _both(awkward, VIEWS[view])
    assert copied == written, _first_difference(copied, written)


def test_copy_escapes_user_text_for_html(awkward):
    copied, _ = _both(awkward, TimelineParams())
    document = orjson.loads(copied)
    texts = [slide["text"]["text"] for slide in document["events"]]
    assert any("Quote &quot;this&quot; &lt;i&gt;, then\r<br>a line" in text for text in texts)
    assert any(
        '<a href="HTTPS://Example.org/a?b=1&amp;c=&quot;2&quot;" target="_blank" '
        'rel="noopener">HTTPS://Example.org/a?b=1&amp;c=&quot;2&quot; (&lt;P&gt;)</a>' in text
        for text in texts
    )
    assert "<i>" not in copied.decode()


def test_copy_in_small_chunks_equals_one_chunk(awkward, monkeypatch):
    whole, _ = _both(awkward, TimelineParams())
    monkeypatch.setattr(timelinejs_sql, "CHUNK", 1)
    assert _both(awkward, TimelineParams())[0] == whole


def test_an_abandoned_download_leaves_the_connection_as_it_was(demo, monkeypatch):
    monkeypatch.setattr(timelinejs_sql, "CHUNK", 1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        [(before,)] = cursor.fetchall()
    pieces = timelinejs_sql.timeline_json_copy_chunks(demo, TimelineParams())
    next(pieces), next(pieces), next(pieces)  # the title, then two slides
    pieces.close()  # the reader went away mid-download
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchall() == [(before,)]
        cursor.execute("SELECT count(*) FROM tracker_statement")
        assert cursor.fetchall() == [(demo.statement_set.count(),)]


@pytest.mark.django_db
def test_the_view_streams_the_copy_with_the_query_filters(client, demo):
    query = "party=North Korea&as_of=2019-12-31&lanes=rounds,positions,statements"
    response = client.get(f"/negotiations/sma-11/timelinejs.json?{query}")
    params = TimelineParams.from_query(QueryDict(query))
    credit = (
        "Source: Negotiation tracker, http://testserver/negotiations/sma-11/, "
        "as of 31 December 2019"
    )
    facts = map(export_facts, timeline_chunks(demo, params))
    info = {"title": demo.title, "summary": demo.summary}
    assert response.streaming
    assert response.getvalue() == b"".join(timeline_json_chunks(info, facts, credit=credit))
