"""The CSV download written by PostgreSQL itself: one `COPY (SELECT ...) TO STDOUT` whose rows
are the lines `csvexport.csv_chunks` writes from the same facts, byte for byte.

Python then only joins lines: the dates as a reader writes them, the figures with thousands
separators, the leading quote on formula-like text and the CSV quoting all happen in the
query, so a 100,000-statement download takes about as long as the database takes to read
the rows. The same columns, lanes, parties and as-of filtering as `timeline_chunks` feed
the CSV; `tests/test_csvcopy.py` holds both paths to the same bytes.
"""

import codecs
import csv
import io
from decimal import Decimal

import orjson
from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Cast, Coalesce

from tracker.amounts import plain_decimal
from tracker.models import Event, Position, Round, Statement
from tracker.partialdate import PartialDate, span_fields

from . import csvexport
from .data import UNATTRIBUTED, figure_text

BATCH_BYTES = 1 << 18
WORK_MEM = "128MB"
_FORMULA_STARTS = ", ".join(
    "E'\\t'" if c == "\t" else "E'\\r'" if c == "\r" else f"'{c}'"
    for c in csvexport.FORMULA_PREFIXES
)


def csv_copy_chunks(negotiation, params):
    """`csvexport.csv_chunks(...)`'s bytes for the negotiation's view `params`, from COPY."""
    yield csvexport.header_bytes()
    query, args = lines_query(negotiation.pk, params)
    with connection.cursor() as cursor:
        # The query's many text expressions make its cost estimate cross PostgreSQL's JIT
        # threshold, and compiling them takes longer (2 s at 100,000 rows) than running them.
        cursor.execute("SET jit = off")
        # The lines are sorted into document order: at 100,000 statements that sort holds
        # 110 MB, which the default 4 MB of work_mem would spill to disk.
        cursor.execute(f"SET work_mem = '{WORK_MEM}'")
        try:
            yield from _copied(cursor.cursor, query, args)
        finally:
            cursor.execute("RESET jit")
            cursor.execute("RESET work_mem")


def _copied(cursor, query, args):
    with cursor.copy(f"COPY ({query}) TO STDOUT", args) as copy:
        batch, size = [], 0
        for line in copy:
            batch.append(line)
            size += len(line)
            if size >= BATCH_BYTES:
                yield _unescaped(batch)
                batch, size = [], 0
        if batch:
            yield _unescaped(batch)


def _unescaped(lines):
    """COPY's text-format lines as CSV lines: each row ends with CRLF, escapes decoded."""
    # Raw newlines in COPY text output only end rows; a newline in the data comes as "\n".
    data = b"".join(lines).replace(b"\n", b"\r\n")
    return codecs.escape_decode(data)[0] if b"\\" in data else data


def lines_query(negotiation_id, params):
    """(SQL, arguments) selecting one CSV line per fact, lane by lane in document order."""
    parts, args = [], []
    for lane, select in _LANES:
        if lane in params.lanes:
            query, lane_args = select(negotiation_id, params)
            parts.append(query)
            args += lane_args
    if not parts:
        return "SELECT ''::text WHERE false", []
    facts = " UNION ALL ".join(f"({part})" for part in parts)
    return (
        f"SELECT {_line()} FROM ({facts}) AS f ORDER BY lane_order, sequence, id",
        [orjson.dumps(date_lookup(negotiation_id, params)).decode(), *args],
    )


def _line():
    cells = []
    for column in csvexport.COLUMNS:
        if column in ("lane", "round_inferred") or column in _NUMBERS:
            cells.append(f"f.{column}")
        elif column == DATE_COLUMNS[0]:
            # Looked up in a JSON object of a few thousand dates, much as a dict is in Python.
            cells.append("(%s::jsonb ->> concat(f.start_date, '/', f.end_date))")
        elif column not in DATE_COLUMNS:
            cells.append(_text(f"f.{column}"))
    return "concat(" + ", ',', ".join(cells) + ")"


def _text(value):
    """A text cell as csvexport writes it: formula-like text quoted, CSV-quoted when needed."""
    safe = (
        f"(CASE WHEN left({value}, 1) IN ({_FORMULA_STARTS}) THEN '''' || {value} ELSE {value} END)"
    )
    return (
        f"CASE WHEN strpos({value}, '\"') > 0 OR strpos({value}, ',') > 0 "
        f"OR strpos({value}, E'\\r') > 0 OR strpos({value}, E'\\n') > 0 "
        f"THEN '\"' || replace({safe}, '\"', '\"\"') || '\"' "
        f"ELSE {safe} END"
    )


# The date columns, side by side in COLUMNS, come whole from Python for each start and end.
DATE_COLUMNS = ("date", "start", "end", "start_precision", "end_precision", "earliest", "latest")
_NUMBERS = {"round", "amount", "amount_min", "amount_max", "percent_change"}


def date_lookup(negotiation_id, params):
    """{"start/end": cells} for each pair of dates (as stored) in the lanes asked for: the
    date columns as a piece of a CSV line, written by csvexport itself."""
    pairs = set()
    for lane, model, *fields in _DATED:
        if lane in params.lanes:
            # The text stored, as the query's key reads it: no PartialDate per row here.
            texts = [
                Coalesce(Cast(name, TextField()), Value(""), output_field=TextField())
                for name in fields
            ]
            rows = model.objects.filter(negotiation_id=negotiation_id).values_list(*texts)
            pairs.update((start, *end, "")[:2] for start, *end in rows.order_by().distinct())
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    keys = []
    for start, end in pairs:
        keys.append(f"{start}/{end}")
        dates = (PartialDate.parse(text) if text else None for text in (start, end))
        writer.writerow(csvexport.cells(span_fields(*dates), DATE_COLUMNS))
    return dict(zip(keys, buffer.getvalue().split("\r\n"), strict=False))


_DATED = (
    ("rounds", Round, "start", "end"),
    ("positions", Position, "date"),
    ("events", Event, "date", "end"),
    ("statements", Statement, "date"),
)


def _plain(value):
    """`amounts.plain_decimal`: the shortest plain decimal text."""
    return f"trim_scale({value})::text"


def figure_lookup(negotiation_id, params):
    """{key: figure} for each set of amounts of the negotiation's positions: the text
    `exports.export_facts` writes for it ("no figure" for none); the key as `FIGURE_KEY`."""
    if "positions" not in params.lanes:
        return {}
    rows = Position.objects.filter(negotiation_id=negotiation_id).values_list(*_AMOUNTS)
    return {
        _SEPARATOR.join(map(_key_part, row)): figure_text(*row) or "no figure"
        for row in rows.order_by().distinct()
    }


def _key_part(value):
    return "" if value is None else plain_decimal(value) if isinstance(value, Decimal) else value


_AMOUNTS = ("amount", "amount_min", "amount_max", "currency", "unit", "percent_change")
# A control character no stored text holds: the importer and the forms refuse them.
_SEPARATOR = "\x1f"
FIGURE_KEY = (
    "concat("
    + ", E'\\x1f', ".join(
        f"trim_scale(position.{name})::text"
        if name.startswith(("amount", "percent"))
        else f"position.{name}"
        for name in _AMOUNTS
    )
    + ")"
)


def known_by(date):
    """SQL keeping what possibly happened on or before the day (one %s): ISO text sorts as
    its first day, compared byte by byte as Python compares it, whatever the collation."""
    return f'({date} IS NULL OR {date} COLLATE "C" <= %s)'


def lane_conditions(owner, negotiation_id, params, date_sql, party=None):
    """(conditions, arguments) choosing one negotiation's records of a lane as
    `TimelineData.filtered` does: of the parties asked for, known by the as-of day."""
    conditions, args = [f"{owner}.negotiation_id = %s"], [negotiation_id]
    if party and params.parties:
        conditions.append(f"{party} = ANY(%s)")
        args.append(list(params.parties))
    if params.as_of:
        conditions.append(known_by(date_sql))
        args.append(params.as_of.isoformat())
    return conditions, args


def _sources(owner, negotiation_id, params):
    """A join of each record's source cells ("; "-joined), in the order cited, as of the day."""
    args = [negotiation_id]
    published = "true"
    if params.as_of:
        published = known_by("NULLIF(src.published, '')")
        args.append(params.as_of.isoformat())
    query = (
        f"LEFT JOIN (SELECT l.{owner}_id AS record_id, string_agg(src.cell, '; ' ORDER BY l.id) "
        f"AS cells FROM tracker_{owner}_sources l JOIN {_SOURCE_CELLS} src ON src.id = l.source_id "
        f"JOIN tracker_{owner} record ON record.id = l.{owner}_id "
        f"WHERE record.negotiation_id = %s AND {published} GROUP BY l.{owner}_id) cited "
        f"ON cited.record_id = {owner}.id"
    )
    return query, args


# Each source's cell (its http(s) address, else its title), worked out once per source rather
# than once per link to it: 25,000 sources against 200,000 links at 100,000 statements. OFFSET
# 0 keeps PostgreSQL from folding the subquery into the join, which would undo that.
_SOURCE_CELLS = (
    "(SELECT src.id, src.published, coalesce(NULLIF(CASE WHEN lower(src.url) LIKE 'https://%%' "
    "OR lower(src.url) LIKE 'http://%%' THEN src.url END, ''), src.title, '') AS cell "
    "FROM tracker_source src OFFSET 0)"
)


def _select(lane, order, columns, tables, negotiation_id, params, date_sql, party=None):
    """One lane's facts in the union's columns, filtered as `TimelineData.filtered` does."""
    owner = lane.removesuffix("s")
    sources, args = _sources(owner, negotiation_id, params)
    conditions, chosen = lane_conditions(owner, negotiation_id, params, date_sql, party)
    args += chosen
    names = dict.fromkeys(_UNION, "NULL::text")
    names.update(columns)
    names.update(lane=f"'{lane}'::text", lane_order=str(order), sequence=f"{owner}.sequence")
    names.update(id=f"{owner}.id", sources="cited.cells")
    select = ", ".join(f"{value} AS {name}" for name, value in names.items())
    where = " AND ".join(conditions)
    return f"SELECT {select} FROM {tables} {sources} WHERE {where}", args


_UNION = (
    "lane_order", "sequence", "id", "lane", "start_date", "end_date", "round",
    "round_inferred", "party", "who", "kind", "issue", "text", "context", "note", "amount",
    "amount_min", "amount_max", "currency", "unit", "percent_change", "period", "sources",
)  # fmt: skip


def _date(column):
    return f"NULLIF({column}, '')"


def _rounds(negotiation_id, params):
    columns = {
        "start_date": _date("round.start"),
        "end_date": _date('round."end"'),
        "round": "coalesce(round.number, round.number_inferred)::text",
        "round_inferred": "CASE WHEN round.number IS NOT NULL THEN 'no' "
        "WHEN round.number_inferred IS NOT NULL THEN 'yes' END",
        "who": "leads.names",
        "kind": "replace(round.format, '_', ' ')",
        "text": "round.location",
        "note": "round.note",
    }
    # Each round's lead negotiators, "; "-joined, grouped once for the negotiation's rounds
    # rather than looked up round by round.
    tables = (
        "tracker_round round LEFT JOIN (SELECT ln.round_id, "
        "string_agg(pe.name || ' (' || pa.name || ')', '; ' ORDER BY pa.name, ln.id) AS names "
        "FROM tracker_leadnegotiator ln JOIN tracker_party pa ON pa.id = ln.party_id "
        "JOIN tracker_person pe ON pe.id = ln.person_id "
        "JOIN tracker_round led ON led.id = ln.round_id WHERE led.negotiation_id = %s "
        "GROUP BY ln.round_id) leads ON leads.round_id = round.id"
    )
    query, args = _select(
        "rounds", 0, columns, tables, negotiation_id, params, _date("round.start")
    )
    # The leads' negotiation is the first argument, in the FROM before the others.
    return query, [negotiation_id, *args]


def _positions(negotiation_id, params):
    columns = {
        "start_date": _date("position.date"),
        "party": "p.name",
        "kind": "position.kind",
        "issue": "i.title",
        "text": f"(%s::jsonb ->> {FIGURE_KEY})",
        "note": "position.note",
        "amount": _plain("position.amount"),
        "amount_min": _plain("position.amount_min"),
        "amount_max": _plain("position.amount_max"),
        "currency": "position.currency",
        "unit": "position.unit",
        "percent_change": _plain("position.percent_change"),
        "period": "position.period",
    }
    tables = (
        "tracker_position position JOIN tracker_party p ON p.id = position.party_id "
        "LEFT JOIN tracker_issue i ON i.id = position.issue_id"
    )
    query, args = _select(
        "positions", 1, columns, tables, negotiation_id, params,
        f"coalesce({_date('position.date')}, {_date('position.reported_on')})", party="p.name",
    )  # fmt: skip
    # The figure's lookup is the one argument in the select list, before the others.
    return query, [orjson.dumps(figure_lookup(negotiation_id, params)).decode(), *args]


def _events(negotiation_id, params):
    columns = {
        "start_date": _date("event.date"),
        "end_date": _date('event."end"'),
        "text": "event.title",
        "note": "event.note",
    }
    return _select(
        "events", 2, columns, "tracker_event event", negotiation_id, params, _date("event.date")
    )


def _statements(negotiation_id, params):
    party = f"coalesce(NULLIF(coalesce(p.name, sp_party.name), ''), '{UNATTRIBUTED}')"
    columns = {
        "start_date": _date("statement.date"),
        "party": f"NULLIF({party}, '{UNATTRIBUTED}')",
        "who": "concat_ws(', ', NULLIF(sp.name, ''), NULLIF(statement.speaker_title, ''))",
        "kind": "statement.kind",
        "text": "statement.quote",
        "context": "statement.context",
        "note": "statement.note",
    }
    tables = (
        "tracker_statement statement LEFT JOIN tracker_party p ON p.id = statement.party_id "
        "LEFT JOIN tracker_person sp ON sp.id = statement.speaker_id "
        "LEFT JOIN tracker_party sp_party ON sp_party.id = sp.party_id"
    )
    return _select(
        "statements", 3, columns, tables, negotiation_id, params, _date("statement.date"), party
    )


_LANES = (
    ("rounds", _rounds),
    ("positions", _positions),
    ("events", _events),
    ("statements", _statements),
)
