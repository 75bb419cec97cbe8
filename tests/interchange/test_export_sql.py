"""`export_sql`: PostgreSQL writes each lane's records as the bytes `export_json_bytes` lays out.

The comparisons against `export_json_bytes` run on both databases (on SQLite they hold the
Python lanes to the same bytes); the ones naming `export_sql` run on PostgreSQL only.
"""

import json
from decimal import Decimal
from pathlib import Path

import orjson
import pytest
from django.core.management import call_command
from django.db import connection

from tests import factories
from tests.hostile import hostile_negotiation
from tracker.amounts import plain_decimal
from tracker.interchange import export, export_json_bytes, export_sql, import_document
from tracker.interchange.validate import LANES
from tracker.models import Negotiation

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY is PostgreSQL's; SQLite writes from Python"
)
# What a text may hold that JSON escapes, or that a JSON writer might wrongly escape.
AWKWARD = [
    "\x01", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x1b", "\x1f", '"', "\\", "\\u0041",
    "\\n", "/", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\u202e", "é", "한국어", "😀",
    "👩🏽‍⚖️", "</script><script>alert(1)</script>", "<!--", "]]>", "&amp;", "'", "{", "}",
    "  ", "\n  \"indent\": 1",
]  # fmt: skip


def _document(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _every_field(name):
    import_document(_document(name))
    return list(Negotiation.objects.order_by("id"))


def _generated():
    call_command("generate_synthetic", slug="generated", statements=300, seed=4, verbosity=0)
    return [Negotiation.objects.get(slug="generated")]


NEGOTIATIONS = {
    "every field": lambda: _every_field("every-field.json"),
    "every field, version 1": lambda: _every_field("every-field-v1.json"),
    "hostile text": lambda: [hostile_negotiation()],
    "generated": _generated,
}


@pytest.fixture(params=[*NEGOTIATIONS, "demo"])
def negotiations(request):
    if request.param == "demo":
        return [request.getfixturevalue("demo")]
    return NEGOTIATIONS[request.param]()


def _streamed(negotiation):
    return b"".join(export.iter_export_json(negotiation))


def _lanes(negotiation):
    """{lane: (bytes from export_sql, bytes from Python)}."""
    kept = export._kept_versions(negotiation)
    return {
        lane: (
            b"".join(export_sql.lane_pieces(lane, negotiation.pk, kept)),
            b"".join(export._lane_pieces(lane, negotiation.pk, kept)),
        )
        for lane in LANES
    }


def test_streamed_export_equals_the_whole_export(negotiations):
    for negotiation in negotiations:
        assert _streamed(negotiation) == export_json_bytes([negotiation])


@on_postgresql
def test_sql_lanes_equal_the_python_lanes(negotiations):
    for negotiation in negotiations:
        for lane, (written, expected) in _lanes(negotiation).items():
            assert written == expected, lane


@on_postgresql
def test_sql_lanes_in_batches_of_one_record_equal_the_python_lanes(monkeypatch):
    (negotiation,) = _generated()
    monkeypatch.setattr(export_sql, "BATCH_BYTES", 1)
    for lane, (written, expected) in _lanes(negotiation).items():
        assert written == expected, lane


@on_postgresql
def test_sql_lanes_of_a_negotiation_without_records_are_empty():
    negotiation = factories.NegotiationFactory()
    assert all(pieces == (b"", b"") for pieces in _lanes(negotiation).values())


@pytest.mark.parametrize("text", AWKWARD)
def test_export_of_awkward_text_in_every_field_equals_the_whole_export(text):
    source = factories.SourceFactory(title=f"a{text}b", note=text, version_note=text)
    statement = factories.StatementFactory(
        quote=f"{text}quoted{text}", context=text, speaker_title=text, note=text
    )
    statement.sources.add(source)
    factories.EventFactory(negotiation=statement.negotiation, title=text, note=f"{text}x")
    negotiation = statement.negotiation

    streamed = _streamed(negotiation)

    assert streamed == export_json_bytes([negotiation])
    assert json.loads(streamed)["negotiations"][0]["statements"][0]["quote"].count(text) == 2


@on_postgresql
def test_to_json_escapes_every_character_as_orjson_does():
    # PostgreSQL text holds any code point but NUL (and no surrogates, which UTF-8 cannot).
    text = "".join(chr(c) for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_json(%s::text)::text", [text])
        (written,) = cursor.fetchone()
    assert written.encode() == orjson.dumps(text)


@on_postgresql
def test_postgresql_json_builders_differ_from_the_document_layout():
    """Why export_sql lays records out itself and writes amounts through trim_scale."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT json_build_object('b', 1, 'a', 2)::text, "
            "jsonb_build_object('bb', 1, 'a', 2)::text, to_json(5.000000::numeric(30, 6))::text"
        )
        built, binary, amount = cursor.fetchone()
    assert built == '{"b" : 1, "a" : 2}'  # spaces around the colon
    assert binary == '{"a": 2, "bb": 1}'  # keys reordered, shortest first
    assert amount == "5.000000" != plain_decimal(Decimal("5.000000"))  # scale kept


@pytest.mark.parametrize(
    "amount",
    ["0", "0.000001", "100", "100.5", "12.25", "5000000000.000000", "987654321012.125"],
)
def test_export_of_amounts_equals_the_whole_export(amount):
    position = factories.PositionFactory(
        amount=Decimal(amount), amount_min=Decimal(amount), percent_change=Decimal("-0.5000")
    )
    negotiation = position.negotiation

    streamed = _streamed(negotiation)

    assert streamed == export_json_bytes([negotiation])
    assert json.loads(streamed)["negotiations"][0]["positions"][0]["amount"] == plain_decimal(
        Decimal(amount)
    )


@on_postgresql
def test_sql_lanes_keep_a_link_to_a_version_only_when_asked():
    (negotiation, *_) = _every_field("every-field.json")
    kept = export._kept_versions(negotiation)
    assert kept  # the fixture cites an early version and the version replacing it

    with_links = b"".join(export_sql.lane_pieces("events", negotiation.pk, kept))
    without = b"".join(export_sql.lane_pieces("events", negotiation.pk, {}))

    assert b'"supersedes"' in with_links
    assert b'"supersedes"' not in without


def _settings():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('enable_hashjoin'), "
            "current_setting('work_mem')"
        )
        return cursor.fetchone()


@on_postgresql
def test_sql_lanes_leave_the_session_settings_as_they_were(demo):
    before = _settings()
    b"".join(export_sql.lane_pieces("statements", demo.pk, {}))
    assert _settings() == before


@on_postgresql
def test_sql_lanes_leave_the_session_settings_when_the_download_stops_early(demo, monkeypatch):
    monkeypatch.setattr(export_sql, "BATCH_BYTES", 1)
    before = _settings()
    pieces = export_sql.lane_pieces("statements", demo.pk, {})
    next(pieces)  # the COPY under way, set for the query

    pieces.close()  # as when the client goes away

    assert _settings() == before


@on_postgresql
def test_streamed_export_queries_do_not_grow_with_the_records(
    django_assert_num_queries, django_assert_max_num_queries
):
    small = factories.StatementFactory().negotiation
    (generated,) = _generated()
    with django_assert_max_num_queries(30) as counted:
        _streamed(small)
    with django_assert_num_queries(len(counted)):
        _streamed(generated)


@on_postgresql
def test_sql_lanes_write_the_widest_amounts_as_python_does():
    widest = Decimal("123456789012345678901234.123456")  # 30 digits, 6 after the point
    position = factories.PositionFactory(amount=widest, amount_max=widest)
    lanes = _lanes(position.negotiation)
    assert lanes["positions"][0] == lanes["positions"][1]
    assert b'"amount": "123456789012345678901234.123456"' in lanes["positions"][0]


SOURCE_FIELDS = {
    "nothing else": {},
    "title": {"title": "Talks resume"},
    "publisher": {"publisher": "Yonhap"},
    "author": {"author": "Kim"},
    "published": {"published": "2019-09"},
    "note": {"note": "Paywalled"},
    "story": {"story": "AEN2019"},
    "version": {"version": 2},
    "version note": {"version_note": "(LEAD)"},
}


@pytest.mark.parametrize("field", [*SOURCE_FIELDS, "a cited earlier version", "no address"])
def test_export_of_a_source_with_one_field_besides_its_address_equals_the_whole_export(field):
    statement = factories.StatementFactory()
    if field == "no address":
        source = factories.SourceFactory(url="", publisher="")
    else:
        source = factories.SourceFactory(
            **{"title": "", "publisher": "", **SOURCE_FIELDS.get(field, {})}
        )
    if field == "a cited earlier version":
        source.supersedes = factories.SourceFactory(title="", publisher="")
        source.save()
        statement.sources.add(source.supersedes)
    statement.sources.add(source)
    negotiation = statement.negotiation

    streamed = _streamed(negotiation)

    assert streamed == export_json_bytes([negotiation])
    cited = json.loads(streamed)["negotiations"][0]["statements"][0]["sources"][-1]
    assert isinstance(cited, str) == (field == "nothing else")
