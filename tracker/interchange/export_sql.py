"""A negotiation's lanes as `export_json_bytes` lays them out, written by PostgreSQL itself.

One `COPY (SELECT ...) TO STDOUT` per lane returns each record already as its JSON text,
indented for its place in the document: strings through `to_json(text)`, which escapes
exactly as orjson does (quotes, backslashes, control characters; non-ASCII, U+2028 and
"</script>" kept as they are), amounts through `trim_scale` as `amounts.plain_decimal`
writes them, keys left out when `export._put` would leave them out. The layout itself is
built here, not by `json_build_object` (which writes `"key" : value`) nor jsonb (which
reorders keys). Each source's text is written once per query however many records cite it,
and the records come out in order without their text being sorted. Python only joins the
rows and undoes COPY's escaping. `tests/interchange/test_export_sql.py` holds this path and
`export_json_bytes` to the same bytes."""

import codecs

from django.db import connection

BATCH_BYTES = 1 << 18
RECORD_DEPTH = 4


def lane_pieces(lane, negotiation_id, kept_versions):
    """The lane's records in pieces that join into its part of the document: each record on
    its own line at depth 4, after a comma from the second one on; nothing for an empty
    lane. A source's `supersedes` is kept only when it names one of `kept_versions` (ids)."""
    query = LANES[lane]()
    args = {"negotiation": negotiation_id, "kept": list(kept_versions)}
    with connection.cursor() as cursor:
        # The many text expressions make the cost estimate cross PostgreSQL's JIT threshold,
        # and compiling them takes longer than running them (as for csvcopy's CSV). The
        # planner, which takes the written text for a few bytes, would hash-join the records
        # with their sources and sort a hundred megabytes of text at 100,000 statements:
        # without hash joins they merge in order instead. The links sort in memory.
        cursor.execute("SET jit = off; SET enable_hashjoin = off; SET work_mem = '64MB'")
        try:
            yield from _copied(cursor.cursor, query, args)
        finally:
            cursor.execute("RESET jit; RESET enable_hashjoin; RESET work_mem")


def _copied(cursor, query, args):
    # Each row is a record on its lines, indented and followed by a comma; COPY's text format
    # ends the row with a raw newline (the one before the next record) and escapes the
    # record's own newlines and backslashes, which one escape_decode restores. A batch is
    # held until the next one arrives, so that the last record's comma can be cut off.
    held = None
    with cursor.copy(f"COPY ({query}) TO STDOUT", args) as copy:
        for rows in _batches(copy):
            text = codecs.escape_decode(b"".join(rows))[0]
            if held is None:
                held = b"\n" + text
            else:
                yield held
                held = text
    if held is not None:
        yield held[: -len(b",\n")]


def _batches(rows):
    """Lists of rows of about BATCH_BYTES."""
    batch, size = [], 0
    for row in rows:
        batch.append(row)
        size += len(row)
        if size >= BATCH_BYTES:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _indent(depth):
    return "E'\\n" + " " * depth + "'"


def _object(members, depth):
    """SQL for a JSON object whose first line sits at `depth`: its members (SQL, NULL when
    left out) each on a line at depth + 1; `{}` when every member is left out."""
    inner = _indent(depth + 1)
    joined = f"concat_ws(',' || {inner}, {', '.join(members)})"
    return f"coalesce('{{' || {inner} || NULLIF({joined}, '') || {_indent(depth)} || '}}', '{{}}')"


def _text(key, value):
    """A member that is always written: the text, or null."""
    return f"""'"{key}": ' || coalesce(to_json({value})::text, 'null')"""


def _optional(key, value):
    """A member left out when the text is empty or missing."""
    return f"""'"{key}": ' || to_json(NULLIF({value}, ''))::text"""


def _number(key, value):
    """A member left out when the integer is missing (0 is written)."""
    return f"""'"{key}": ' || ({value})::text"""


def _amount(key, value):
    """A decimal as `plain_decimal` writes it, in a JSON string; left out when missing."""
    return f"""'"{key}": "' || trim_scale({value})::text || '"'"""


def _source(depth):
    """SQL for one source (`src`, the version it supersedes `sup`) as `export._source` writes
    it: its address alone when nothing else is known, else an object of what is."""
    fields = ("title", "publisher", "author", "published", "note", "story", "version_note")
    address_only = " AND ".join(
        [
            "src.url <> ''",
            *(f"coalesce(src.{field}, '') = ''" for field in fields),
            "src.version IS NULL",
            "coalesce(sup.url, '') = ''",
        ]
    )
    members = [
        _optional("url", "src.url"),
        *(_optional(field, f"src.{field}") for field in fields[:-1]),
        _number("version", "src.version"),
        _optional("version_note", "src.version_note"),
        # A link to a version no record or person of the negotiation cites leaves the document.
        f"""CASE WHEN sup.id = ANY(%(kept)s) THEN {_optional("supersedes", "sup.url")} END""",
    ]
    return (
        f"CASE WHEN {address_only} THEN to_json(src.url)::text ELSE {_object(members, depth)} END"
    )


def _cited(owner):
    """`cited`: each record's sources as JSON text at depth 6, joined in the order cited, in
    the records' order."""
    depth = RECORD_DEPTH + 2
    # The links are read in the records' order; each source's text is written by a subquery
    # that PostgreSQL memoizes by source (OFFSET 0 keeps it a subquery), so a source cited by
    # a thousand records is written once, and the texts are never sorted.
    return (
        "WITH cited AS (SELECT links.sequence, links.record_id, "
        f"string_agg(source.text, ',' || {_indent(depth)} ORDER BY links.id) AS texts "
        f"FROM (SELECT l.id, l.{owner}_id AS record_id, l.source_id, r.sequence "
        f"FROM tracker_{owner}_sources l JOIN tracker_{owner} r ON r.id = l.{owner}_id "
        f"WHERE r.negotiation_id = %(negotiation)s ORDER BY r.sequence, l.{owner}_id) links "
        f"CROSS JOIN LATERAL (SELECT {_source(depth)} AS text FROM tracker_source src "
        "LEFT JOIN tracker_source sup ON sup.id = src.supersedes_id "
        "WHERE src.id = links.source_id OFFSET 0) source "
        "GROUP BY links.sequence, links.record_id ORDER BY links.sequence, links.record_id) "
    )


def _select(owner, members, joins="", ctes=""):
    """One lane's records of the negotiation, each as its JSON text, in document order."""
    depth = RECORD_DEPTH + 1
    sources = (
        f"""'"sources": [' || {_indent(depth + 1)} || cited.texts || {_indent(depth)} || ']'"""
    )
    members = [*members, _optional("note", f"{owner}.note"), sources]
    # A record always has a member to write (its date, party or start): no `{}` to fall
    # back to.
    record = (
        f"'{' ' * RECORD_DEPTH}{{' || {_indent(depth)} || concat_ws(',' || {_indent(depth)}, "
        f"{', '.join(members)}) || {_indent(RECORD_DEPTH)} || '}},'"
    )
    # Joined on the order's own columns, the sources come in document order already: the
    # records merge with them as they are read in order (statements by their index) and the
    # written text, a hundred megabytes at 100,000 statements, is never sorted.
    return (
        f"{_cited(owner)}{ctes} SELECT {record} FROM tracker_{owner} {owner} {joins} "
        f"LEFT JOIN cited ON cited.sequence = {owner}.sequence AND cited.record_id = {owner}.id "
        f"WHERE {owner}.negotiation_id = %(negotiation)s ORDER BY {owner}.sequence, {owner}.id"
    )


def _rounds():
    depth = RECORD_DEPTH + 1
    # Grouped in the rounds' order, as their sources are, to be merged with them.
    leads = (
        ", leads AS (SELECT r.sequence, ln.round_id, "
        f"'{{' || {_indent(depth + 1)} || string_agg(to_json(pa.name)::text || ': ' "
        f"|| to_json(pe.name)::text, ',' || {_indent(depth + 1)} ORDER BY ln.id) "
        f"|| {_indent(depth)} || '}}' AS text FROM tracker_leadnegotiator ln "
        "JOIN tracker_round r ON r.id = ln.round_id "
        "JOIN tracker_party pa ON pa.id = ln.party_id "
        "JOIN tracker_person pe ON pe.id = ln.person_id "
        "WHERE r.negotiation_id = %(negotiation)s GROUP BY r.sequence, ln.round_id "
        "ORDER BY r.sequence, ln.round_id)"
    )
    joins = "LEFT JOIN leads ON leads.sequence = round.sequence AND leads.round_id = round.id"
    members = [
        _number("number", "round.number"),
        _number("number_inferred", "round.number_inferred"),
        _text("start", "round.start"),
        _optional("end", 'round."end"'),
        _optional("location", "round.location"),
        _text("format", "round.format"),
        """'"lead_negotiators": ' || leads.text""",
    ]
    return _select("round", members, joins, leads)


def _positions():
    members = [
        _text("party", "p.name"),
        _text("issue", "i.slug"),
        _optional("date", "position.date"),
        _optional("reported_on", "position.reported_on"),
        _text("kind", "position.kind"),
        _amount("amount", "position.amount"),
        _amount("amount_min", "position.amount_min"),
        _amount("amount_max", "position.amount_max"),
        _optional("currency", "position.currency"),
        _optional("unit", "position.unit"),
        _amount("percent_change", "position.percent_change"),
        _optional("period", "position.period"),
    ]
    joins = (
        "LEFT JOIN tracker_party p ON p.id = position.party_id "
        "LEFT JOIN tracker_issue i ON i.id = position.issue_id"
    )
    return _select("position", members, joins)


def _events():
    members = [
        _text("date", "event.date"),
        _optional("end", 'event."end"'),
        _text("title", "event.title"),
    ]
    return _select("event", members)


def _statements():
    members = [
        _text("date", "statement.date"),
        _optional("speaker", "sp.name"),
        _optional("speaker_title", "statement.speaker_title"),
        _optional("party", "p.name"),
        _text("kind", "statement.kind"),
        _text("quote", "statement.quote"),
        _optional("context", "statement.context"),
    ]
    joins = (
        "LEFT JOIN tracker_person sp ON sp.id = statement.speaker_id "
        "LEFT JOIN tracker_party p ON p.id = statement.party_id"
    )
    return _select("statement", members, joins)


LANES = {
    "rounds": _rounds,
    "positions": _positions,
    "events": _events,
    "statements": _statements,
}
