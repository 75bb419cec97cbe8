"""The TimelineJS download written by PostgreSQL: one `COPY (SELECT ...) TO STDOUT` per lane
whose rows are the slides `timelinejs.timeline_json_chunks` writes from the same facts, as
JSON text, byte for byte.

The headline and text of each slide are escaped for HTML and then for JSON in the query
(PostgreSQL's `to_json` of text escapes exactly as orjson does); the dates, a few thousand
distinct pairs, are written once each in Python by `timelinejs` itself and joined in. Python
then only joins the lines with commas. The lanes, parties and as-of filtering are those of
`TimelineData.filtered`; `tests/test_timelinejs_sql.py` holds both paths to the same bytes.
"""

from decimal import Decimal

import orjson
from django.db import connection, transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast, Coalesce

from tracker.amounts import plain_decimal
from tracker.models import Event, Position, Round, Source, Statement
from tracker.partialdate import PartialDate

from .data import UNATTRIBUTED, _safe_url, figure_text
from .timelinejs import LANE_GROUPS, _source_item, date_object, document_head, slide_end

BATCH_BYTES = 1 << 18
# Bytes JSON text never holds raw (it escapes every control character), so COPY's CSV format
# writes each slide as it is: no quoting, no escapes to undo.
_COPY_OPTIONS = "FORMAT csv, DELIMITER E'\\x02', QUOTE E'\\x01'"


def timeline_json_copy_chunks(negotiation, params, *, credit=""):
    """`timelinejs.timeline_json_chunks(...)`'s bytes for the negotiation's view `params`."""
    yield document_head({"title": negotiation.title, "summary": negotiation.summary}, credit)
    dates = orjson.dumps(date_lookup(negotiation.pk, params)).decode()
    separator = b""
    # One transaction: the lanes and the eras read one snapshot of the record, and a download
    # abandoned mid-COPY (cancelled on the server) rolls back without harming the connection.
    with transaction.atomic(), connection.cursor() as cursor:
        # Many text expressions push the cost estimate past PostgreSQL's JIT threshold, and
        # compiling them takes longer than running them.
        cursor.execute("SET LOCAL jit = off")
        for lane, select in _LANES:
            if lane in params.lanes:
                query, args = _slides(lane, *select(negotiation.pk, params))
                for piece in _copied(cursor.cursor, query, [*args, dates]):
                    yield separator + piece
                    separator = b","
        eras = _eras(cursor, negotiation.pk, params, dates)
    yield b'],"eras":[' + eras + b"]}"


def _copied(cursor, query, args):
    """The query's rows joined by commas, in pieces of about BATCH_BYTES."""
    with cursor.copy(f"COPY ({query}) TO STDOUT ({_COPY_OPTIONS})", args) as copy:
        batch, size = [], 0
        for line in copy:
            batch.append(line)
            size += len(line)
            if size >= BATCH_BYTES:
                yield b"".join(batch)[:-1].replace(b"\n", b",")
                batch, size = [], 0
        if batch:
            yield b"".join(batch)[:-1].replace(b"\n", b",")


def _eras(cursor, negotiation_id, params, dates):
    """The eras' JSON objects joined by commas: the rounds that end on another date."""
    if "rounds" not in params.lanes:
        return b""
    inner, args = _rounds(negotiation_id, params)
    era = (
        "concat('{', d.era, ',\"text\":{\"headline\":', to_json(" + _escaped("f.headline") + ")"
        "::text, '}}')"
    )
    cursor.execute(
        f"SELECT string_agg({era}, ',' ORDER BY f.sequence, f.id) FROM ({inner}) f "
        f"{_DATES_JOIN} WHERE d.era <> ''",
        [*args, dates],
    )
    [(joined,)] = cursor.fetchall()
    return (joined or "").encode()


def date_lookup(negotiation_id, params):
    """{"start/end": [start_date, end keys, era dates]} for each pair of dates (as stored,
    dated ones only) in the lanes asked for, as JSON text pieces written by `timelinejs`."""
    pairs = set()
    for lane, model, *fields in _DATED:
        if lane in params.lanes:
            texts = [
                Coalesce(Cast(name, TextField()), Value(""), output_field=TextField())
                for name in fields
            ]
            rows = model.objects.filter(negotiation_id=negotiation_id).values_list(*texts)
            pairs.update((start, *end, "")[:2] for start, *end in rows.order_by().distinct())
    return {f"{start}/{end}": _date_pieces(start, end) for start, end in pairs if start}


def _date_pieces(start_text, end_text):
    start = PartialDate.parse(start_text)
    end = PartialDate.parse(end_text) if end_text else None
    tail = orjson.dumps(slide_end(start, end))[1:-1].decode()
    era = ""
    if end is not None and end.iso != start.iso:
        dumped = orjson.dumps({"start_date": date_object(start), "end_date": date_object(end)})
        era = dumped[1:-1].decode()
    return [orjson.dumps(date_object(start)).decode(), "," + tail if tail else "", era]


_DATED = (
    ("rounds", Round, "start", "end"),
    ("positions", Position, "date"),
    ("events", Event, "date", "end"),
    ("statements", Statement, "date"),
)

_DATES_JOIN = (
    "JOIN (SELECT key, value ->> 0 AS start_date, value ->> 1 AS tail, value ->> 2 AS era "
    "FROM jsonb_each(%s::jsonb)) d ON d.key = concat(f.start_key, '/', f.end_key)"
)


def _escaped(value):
    """`html.escape(value)` in SQL."""
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        value = f"replace({value}, '{character}', '{entity}')"
    return f"replace({value}, '''', '&#x27;')"


def _paragraph(value):
    """`timelinejs._paragraphs` of one text: escaped, its line breaks as <br>."""
    return f"'<p>' || replace({_escaped(value)}, E'\\n', '<br>') || '</p>'"


def _unsaid(value):
    """The text's paragraph when the headline does not already say it, else NULL."""
    return (
        f"CASE WHEN {value} <> '' AND strpos(f.headline, {value}) = 0 THEN {_paragraph(value)} END"
    )


def _slides(lane, inner, args):
    """(SQL, arguments after the dates) selecting one slide's JSON text per dated fact."""
    issue = _paragraph("'Issue: ' || f.issue")
    body = (
        f"concat(CASE WHEN f.issue <> '' THEN {issue} END, "
        + ", ".join(_unsaid(f"f.{name}") for name in ("text", "who", "context", "note"))
        + ", '<p>Sources: ' || f.sources || '</p>')"
    )
    slide = (
        f'concat(\'{{"unique_id":"{lane}-\', f.id, \'","start_date":\', d.start_date, '
        f'\',"group":"{LANE_GROUPS[lane]}","text":{{"headline":\', '
        f"to_json({_escaped('f.headline')})::text, ',\"text\":', to_json({body})::text, "
        "'},\"autolink\":false', d.tail, '}')"
    )
    return f"SELECT {slide} FROM ({inner}) f {_DATES_JOIN} ORDER BY f.sequence, f.id", args


def _known_by(date):
    # Kept when it possibly happened on or before the day: ISO text sorts as its first day.
    return f'({date} IS NULL OR {date} COLLATE "C" <= %s)'


def _sources(lane, negotiation_id, params):
    """(a join of each record's sources as `timelinejs.source_links` lists them, its arguments).

    Each source's link is written once, in Python, by `timelinejs` itself; the query only
    joins them in the order cited. Sources published after the as-of day are left out.
    """
    owner = lane.removesuffix("s")
    query = (
        f"LEFT JOIN (SELECT l.{owner}_id AS record_id, string_agg(items.item, '; ' "
        f"ORDER BY l.id) AS items FROM tracker_{owner}_sources l "
        f"JOIN tracker_{owner} record ON record.id = l.{owner}_id "
        "JOIN (SELECT key::bigint AS id, value #>> '{}' AS item FROM jsonb_each(%s::jsonb)) "
        f"items ON items.id = l.source_id WHERE record.negotiation_id = %s "
        f"GROUP BY l.{owner}_id) cited ON cited.record_id = {owner}.id"
    )
    return query, [
        orjson.dumps(source_items(lane, negotiation_id, params)).decode(),
        negotiation_id,
    ]


def source_items(lane, negotiation_id, params):
    """{source id: its link or label} for the sources the lane's records cite (as of the
    day asked for), as `timelinejs.source_links` writes each."""
    rows = (
        Source.objects.filter(**{f"{lane}__negotiation_id": negotiation_id})
        .order_by()
        .distinct()
        .values_list("id", "title", "url", "publisher", "published")
    )
    return {
        str(id): _source_item(title, _safe_url(url), publisher)
        for id, title, url, publisher, published in rows
        if params.as_of is None
        or published is None
        or published.possibly_on_or_before(params.as_of)
    }


def _select(lane, columns, tables, negotiation_id, params, date_sql, party=None):
    """One lane's dated facts in the slides' columns, filtered as `TimelineData.filtered`."""
    owner = lane.removesuffix("s")
    sources, args = _sources(lane, negotiation_id, params)
    conditions = [f"{owner}.negotiation_id = %s", f"{columns['start_key']} <> ''"]
    args.append(negotiation_id)
    if party and params.parties:
        conditions.append(f"{party} = ANY(%s)")
        args.append(list(params.parties))
    if params.as_of:
        conditions.append(_known_by(date_sql))
        args.append(params.as_of.isoformat())
    names = dict.fromkeys(("end_key", "issue", "text", "who", "context"), "''")
    names.update(columns, sequence=f"{owner}.sequence", id=f"{owner}.id", sources="cited.items")
    names.setdefault("note", f"{owner}.note")
    select = ", ".join(f"{value} AS {name}" for name, value in names.items())
    where = " AND ".join(conditions)
    return f"SELECT {select} FROM {tables} {sources} WHERE {where}", args


def _rounds(negotiation_id, params):
    leads = (
        "coalesce((SELECT string_agg(pe.name || ' (' || pa.name || ')', '; ' "
        "ORDER BY pa.name, ln.id) FROM tracker_leadnegotiator ln "
        "JOIN tracker_party pa ON pa.id = ln.party_id "
        "JOIN tracker_person pe ON pe.id = ln.person_id WHERE ln.round_id = round.id), '')"
    )
    at = "CASE WHEN round.location <> '' THEN ', ' || round.location ELSE '' END"
    headline = (
        f"CASE WHEN round.number IS NOT NULL THEN 'Round ' || round.number || {at} "
        "WHEN round.number_inferred IS NOT NULL "
        f"THEN 'Round ' || round.number_inferred || ' (inferred)' || {at} "
        f"ELSE 'Unnumbered round' || {at} END"
    )
    columns = {
        "start_key": "coalesce(round.start, '')",
        "end_key": "coalesce(round.\"end\", '')",
        "headline": headline,
        "text": "round.location",
        "who": leads,
    }
    return _select(
        "rounds", columns, "tracker_round round", negotiation_id, params, "NULLIF(round.start, '')"
    )


def _positions(negotiation_id, params):
    columns = {
        "start_key": "coalesce(position.date, '')",
        "headline": "concat(p.name, ' ', position.kind, ': ', figures.figure)",
        "issue": "coalesce(i.title, '')",
        "text": "figures.figure",
    }
    figures = (
        "JOIN (SELECT key, value #>> '{}' AS figure FROM jsonb_each(%s::jsonb)) figures "
        f"ON figures.key = {_FIGURE_KEY}"
    )
    tables = (
        "tracker_position position JOIN tracker_party p ON p.id = position.party_id "
        f"LEFT JOIN tracker_issue i ON i.id = position.issue_id {figures}"
    )
    date = "coalesce(NULLIF(position.date, ''), NULLIF(position.reported_on, ''))"
    query, args = _select(
        "positions", columns, tables, negotiation_id, params, date, party="p.name"
    )
    # The figures' lookup is the join's one argument, before the sources' and the filters'.
    return query, [orjson.dumps(figure_lookup(negotiation_id)).decode(), *args]


_AMOUNTS = ("amount", "amount_min", "amount_max", "currency", "unit", "percent_change")
# A control character no stored text holds: the importer and the forms refuse them.
_SEPARATOR = "\x1f"
_FIGURE_KEY = (
    "concat("
    + ", E'\\x1f', ".join(
        f"trim_scale(position.{name})::text" if name.startswith(("amount", "percent"))
        else f"position.{name}"
        for name in _AMOUNTS
    )
    + ")"
)  # fmt: skip


def figure_lookup(negotiation_id):
    """{key: figure} for each set of amounts of the negotiation's positions, as the slide's
    headline writes it ("no figure" for none); the key as `_FIGURE_KEY` writes it."""
    rows = Position.objects.filter(negotiation_id=negotiation_id).values_list(*_AMOUNTS)
    return {
        _SEPARATOR.join(map(_key_part, row)): figure_text(*row) or "no figure"
        for row in rows.order_by().distinct()
    }


def _key_part(value):
    return "" if value is None else plain_decimal(value) if isinstance(value, Decimal) else value


def _events(negotiation_id, params):
    columns = {
        "start_key": "coalesce(event.date, '')",
        "end_key": "coalesce(event.\"end\", '')",
        "headline": "event.title",
        "text": "event.title",
    }
    return _select(
        "events", columns, "tracker_event event", negotiation_id, params, "NULLIF(event.date, '')"
    )


def _statements(negotiation_id, params):
    party = f"coalesce(NULLIF(coalesce(p.name, sp_party.name), ''), '{UNATTRIBUTED}')"
    who = "concat_ws(', ', NULLIF(sp.name, ''), NULLIF(statement.speaker_title, ''))"
    columns = {
        "start_key": "coalesce(statement.date, '')",
        "headline": f"coalesce(NULLIF({who}, ''), '{UNATTRIBUTED}')",
        "text": "statement.quote",
        "who": who,
        "context": "statement.context",
    }
    tables = (
        "tracker_statement statement LEFT JOIN tracker_party p ON p.id = statement.party_id "
        "LEFT JOIN tracker_person sp ON sp.id = statement.speaker_id "
        "LEFT JOIN tracker_party sp_party ON sp_party.id = sp.party_id"
    )
    return _select(
        "statements", columns, tables, negotiation_id, params,
        "NULLIF(statement.date, '')", party,
    )  # fmt: skip


_LANES = (
    ("rounds", _rounds),
    ("positions", _positions),
    ("events", _events),
    ("statements", _statements),
)
