"""`csv_copy_chunks`: PostgreSQL's COPY writes the same CSV bytes as `csvexport.csv_chunks`."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from tests import factories
from timeline import csvcopy, csvexport
from timeline.chunks import timeline_chunks
from timeline.exports import export_facts
from timeline.params import TimelineParams
from tracker.interchange import import_document
from tracker.models import Negotiation
from tracker.synthetic import synthetic_document

DATA = Path(__file__).resolve().parent / "data"
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite streams from Python"
)

VIEWS = {
    "everything": TimelineParams(),
    "two lanes": TimelineParams(lanes=("rounds", "statements")),
    "one party": TimelineParams(parties=("North Korea",)),
    "unattributed": TimelineParams(parties=("Unattributed", "Freedonia")),
    "as of 2019": TimelineParams(as_of=dt.date(2019, 12, 31)),
    "positions as of a day": TimelineParams(lanes=("positions",), as_of=dt.date(2020, 3, 1)),
    "no lane": TimelineParams(lanes=()),
}


def _both(negotiation, params):
    copied = b"".join(csvcopy.csv_copy_chunks(negotiation, params))
    facts = map(export_facts, timeline_chunks(negotiation, params))
    return copied, b"".join(csvexport.csv_chunks(facts))


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
def test_copy_of_the_demo_equals_the_python_csv(demo, view):
    copied, written = _both(demo, VIEWS[view])
    assert copied == written


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("name", ["every-field.json", "every-field-v1.json"])
def test_copy_of_every_field_equals_the_python_csv(name, view):
    import_document(json.loads((DATA / name).read_text(encoding="utf-8")))
    for negotiation in Negotiation.objects.order_by("id"):
        copied, written = _both(negotiation, VIEWS[view])
        assert copied == written


@on_postgresql
@pytest.mark.django_db
def test_copy_of_synthetic_records_equals_the_python_csv():
    import_document(synthetic_document(slug="synthetic", statements=300, seed=5))
    copied, written = _both(Negotiation.objects.get(slug="synthetic"), TimelineParams())
    assert copied.count(b"\r\n") > 300
    assert copied == written


@pytest.fixture
def hostile(db):
    """Text a spreadsheet or a CSV reader could misread, as stored (control characters too)."""
    negotiation = factories.NegotiationFactory()
    unattributed = factories.PersonFactory(name="=Anon", party=None, title="")
    awkward = 'Quote "this", then\r\na line\\n that is not one, a tab\t and a form feed\x0c.'
    factories.RoundFactory(
        negotiation=negotiation, number=None, number_inferred=4, start="2019", end="2020-02",
        location="+Geneva, \"Palais\"", note="-note", format="in_person",
    )  # fmt: skip
    factories.RoundFactory(negotiation=negotiation, start="2019-02-27", end="2019-03-02")
    factories.PositionFactory(
        negotiation=negotiation, amount=Decimal("1234567.891"), currency="XYZ", unit="tonnes"
    )
    factories.PositionFactory(
        negotiation=negotiation, amount=None, amount_min=Decimal("1000.50"), currency="KRW",
        percent_change=Decimal("-0.5000"), period="@2020", date=None, reported_on="2019-05",
    )  # fmt: skip
    factories.PositionFactory(negotiation=negotiation, amount=None, currency="", date="2019")
    factories.PositionFactory(negotiation=negotiation, amount=Decimal(0), percent_change=0)
    event = factories.EventFactory(negotiation=negotiation, title=awkward, note="\t=1")
    for source in (
        factories.SourceFactory(url="javascript:alert(1)", title="@evil", published="2019-01"),
        factories.SourceFactory(url="HTTPS://Example.org/a,b", published="2030"),
        factories.SourceFactory(url="", title="", published=""),
    ):
        event.sources.add(source)  # one at a time: cited in this order
    factories.StatementFactory(
        negotiation=negotiation, speaker=unattributed, party=None, quote=awkward,
        context="ü ∑ 🤝 \\ back\\slash", speaker_title="=Chair",
    )  # fmt: skip
    factories.StatementFactory(negotiation=negotiation, date="2019-12")
    return negotiation


HOSTILE_VIEWS = {
    "everything": TimelineParams(),
    "as of 2019": TimelineParams(as_of=dt.date(2019, 12, 31)),
    "unattributed": TimelineParams(parties=("Unattributed",)),
}


@on_postgresql
@pytest.mark.parametrize("view", HOSTILE_VIEWS)
def test_copy_of_awkward_text_equals_the_python_csv(hostile, view):
    copied, written = _both(hostile, HOSTILE_VIEWS[view])
    assert copied == written


@on_postgresql
def test_copy_writes_figures_quotes_formula_cells_and_keeps_line_breaks(hostile):
    copied, _ = _both(hostile, TimelineParams())
    assert b'"\'=Anon, =Chair"' in copied
    assert b'"Quote ""this"", then\r\na line\\n that is not one' in copied
    assert b',"\'+Geneva, ""Palais""",,\'-note,' in copied
    assert b',"XYZ 1,234,567.891 tonnes",,,1234567.891,,,XYZ,tonnes,' in copied
    assert ',"₩1,000.5 to ? (-0.5%)",,,,1000.5,,KRW,,-0.5,\'@2020,'.encode() in copied
    assert b",US$0 (+0%),,,0,,,USD,,0,," in copied
    assert b',"\'@evil; HTTPS://Example.org/a,b; "\r\n' in copied


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([b"a,b\n", b"c\n"], b"a,b\r\nc\r\n"),
        ([b'"x\\ny"\n'], b'"x\ny"\r\n'),
        ([b"back\\\\n\\t\\r\\f\n"], b"back\\n\t\r\x0c\r\n"),
        ([b"\xc3\xbc\\\\\n"], b"\xc3\xbc\\\r\n"),
    ],
)
def test_unescaped_turns_copy_text_lines_into_csv_lines(lines, expected):
    assert csvcopy._unescaped(lines) == expected


@on_postgresql
def test_an_abandoned_download_leaves_the_connection_as_it_was(demo, monkeypatch):
    monkeypatch.setattr(csvcopy, "BATCH_BYTES", 100)
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        [(before,)] = cursor.fetchall()
        cursor.execute("SHOW work_mem")
        [(work_mem,)] = cursor.fetchall()
    pieces = csvcopy.csv_copy_chunks(demo, TimelineParams())
    next(pieces), next(pieces), next(pieces)  # the header, then two batches of lines
    pieces.close()  # the reader went away mid-download
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchall() == [(before,)]
        cursor.execute("SHOW work_mem")
        assert cursor.fetchall() == [(work_mem,)]
        cursor.execute("SELECT count(*) FROM tracker_statement")
        assert cursor.fetchall() == [(demo.statement_set.count(),)]
