"""The TimelineJS download on PostgreSQL: one `COPY (SELECT ...) TO STDOUT` per lane reads
each dated fact's slide as plain text, and `timelinejs` writes the slides from it: the
same bytes as `timelinejs.timeline_json_chunks` writes from the same facts.

The query does what costs Python most: the filtering by lane, party and as-of day, the
order, the headlines, leads and figures as `exports.export_facts` words them, the HTML of
each headline and body (escaped as `html.escape` escapes, each text the headline does not
already say a paragraph, as `timelinejs.slide_text` writes them) and the ids of the
sources each fact cites. Each source's link is written once per download, by one query.
Python adds the links and the dates (`timelinejs.slide`, once per distinct pair) and dumps
each chunk of slides with one orjson call. The database reads the next rows while Python
writes these, so the two share the work. `tests/test_timelinejs_sql.py` holds both paths
to the same bytes.
"""

import orjson
from django.db import connection, transaction

from .csvcopy import FIGURE_KEY, figure_lookup, known_by, lane_conditions
from .data import UNATTRIBUTED
from .timelinejs import document_head, slide, slide_era, sources_paragraph

CHUNK = 1000
# id, start, end, headline (HTML), text (HTML, sources apart), cited source ids ("1,5").
_TYPES = ["int8", "text", "text", "text", "text", "text"]


def timeline_json_copy_chunks(negotiation, params, *, credit=""):
    """`timelinejs.timeline_json_chunks(...)`'s bytes for the negotiation's view `params`."""
    yield document_head({"title": negotiation.title, "summary": negotiation.summary}, credit)
    eras, separator = [], b""
    # One transaction: the lanes read one snapshot of the record, and a download abandoned
    # mid-COPY (cancelled on the server) rolls back without harming the connection.
    with transaction.atomic(), connection.cursor() as cursor:
        # The text expressions push the cost estimate past PostgreSQL's JIT threshold, and
        # compiling them takes longer than running them.
        cursor.execute("SET LOCAL jit = off")
        items = source_items(cursor, negotiation.pk, params)
        for lane, select in _LANES:
            if lane in params.lanes:
                query, args = select(negotiation.pk, params)
                # Binary: text comes as it is stored, with no escapes for Python to undo.
                copied = f"COPY ({query}) TO STDOUT (FORMAT binary)"
                with cursor.cursor.copy(copied, args) as copy:
                    copy.set_types(_TYPES)
                    rounds = eras if lane == "rounds" else None
                    for slides in _slides(lane, copy.rows(), items, rounds):
                        # One list dumped, without its brackets: the slides joined by commas.
                        yield separator + orjson.dumps(slides)[1:-1]
                        separator = b","
    yield b'],"eras":' + orjson.dumps(eras) + b"}"


def _slides(lane, rows, items, eras=None):
    """Lists of at most CHUNK slides from the lane's rows; with `eras`, a list, the rounds'
    eras are added to it."""
    batch = []
    for id, start, end, headline, text, cited in rows:
        if cited:
            # A source left out of `items` was published after the as-of day: not listed.
            text += sources_paragraph([*filter(None, map(items.get, cited.split(",")))])
        batch.append(slide(lane, id, start, end, headline, text))
        if eras is not None and (found := slide_era(batch[-1])):
            eras.append(found)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def source_items(cursor, negotiation_id, params):
    """{source id (text): its link or label as `timelinejs.source_links` writes it} for the
    sources the negotiation's records cite; as of a day, only those published by then."""
    cited = " UNION ".join(
        f"SELECT l.source_id FROM tracker_{owner}_sources l JOIN tracker_{owner} record "
        f"ON record.id = l.{owner}_id WHERE record.negotiation_id = %s"
        for owner in ("round", "position", "event", "statement")
    )
    args = [negotiation_id] * 4
    published = "true"
    if params.as_of:
        published = known_by("NULLIF(src.published, '')")
        args.append(params.as_of.isoformat())
    url = (
        "CASE WHEN lower(src.url) LIKE 'https://%%' OR lower(src.url) LIKE 'http://%%' "
        "THEN src.url ELSE '' END"
    )
    title = f"coalesce(NULLIF(src.title, ''), NULLIF({url}, ''), 'Untitled source')"
    label = (
        f"{_escaped(title)} || CASE WHEN src.publisher <> '' "
        f"THEN ' (' || {_escaped('src.publisher')} || ')' ELSE '' END"
    )
    item = (
        f"CASE WHEN {url} <> '' THEN '<a href=\"' || {_escaped(url)} || "
        f'\'" target="_blank" rel="noopener">\' || {label} || \'</a>\' ELSE {label} END'
    )
    cursor.execute(
        f"SELECT src.id::text, {item} FROM tracker_source src "
        f"WHERE src.id IN ({cited}) AND {published}",
        args,
    )
    return dict(cursor.fetchall())


def _escaped(value):
    """`html.escape(value)` in SQL."""
    for character, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        value = f"replace({value}, '{character}', '{entity}')"
    return f"replace({value}, '''', '&#x27;')"


def _paragraph(value):
    """A paragraph as `timelinejs._paragraphs` writes it: escaped, line breaks as <br>."""
    return f"'<p>' || replace({_escaped(value)}, E'\\n', '<br>') || '</p>'"


def _text(names):
    """`timelinejs.slide_text` in SQL: the issue, then the texts the headline does not say."""
    issue = names["issue"]
    said = _paragraph("'Issue: ' || " + issue)
    texts = [f"CASE WHEN {issue} <> '' THEN {said} END"]
    for name in ("text", "who", "context", "note"):
        value = names[name]
        texts.append(
            f"CASE WHEN {value} <> '' AND strpos({names['headline']}, {value}) = 0 "
            f"THEN {_paragraph(value)} END"
        )
    return "concat(" + ", ".join(texts) + ")"


def _select(lane, columns, tables, negotiation_id, params, date_sql, party=None, args=()):
    """(SQL, arguments) for a lane's dated facts as `_TYPES` rows, in document order and
    filtered as `TimelineData.filtered` filters them; `args` are those of `tables`."""
    owner = lane.removesuffix("s")
    names = dict.fromkeys(("end", "issue", "text", "who", "context"), "''")
    names.update(columns)
    names.setdefault("note", f"{owner}.note")
    cited = (
        f"(SELECT string_agg(l.source_id::text, ',' ORDER BY l.id) "
        f"FROM tracker_{owner}_sources l WHERE l.{owner}_id = {owner}.id)"
    )
    select = (
        f"{owner}.id, {names['start']}, {names['end']}, {_escaped(names['headline'])}, "
        f"{_text(names)}, {cited}"
    )
    conditions, chosen = lane_conditions(owner, negotiation_id, params, date_sql, party)
    conditions.append(f"{names['start']} <> ''")
    args = [*args, *chosen]
    where = " AND ".join(conditions)
    query = f"SELECT {select} FROM {tables} WHERE {where} ORDER BY {owner}.sequence, {owner}.id"
    return query, args


def _rounds(negotiation_id, params):
    # Joined once per round: the slide's text reads them several times.
    leads = (
        "LEFT JOIN LATERAL (SELECT coalesce(string_agg(pe.name || ' (' || pa.name || ')', '; ' "
        "ORDER BY pa.name, ln.id), '') AS names FROM tracker_leadnegotiator ln "
        "JOIN tracker_party pa ON pa.id = ln.party_id "
        "JOIN tracker_person pe ON pe.id = ln.person_id WHERE ln.round_id = round.id) leads ON true"
    )
    at = "CASE WHEN round.location <> '' THEN ', ' || round.location ELSE '' END"
    headline = (
        f"CASE WHEN round.number IS NOT NULL THEN 'Round ' || round.number || {at} "
        "WHEN round.number_inferred IS NOT NULL "
        f"THEN 'Round ' || round.number_inferred || ' (inferred)' || {at} "
        f"ELSE 'Unnumbered round' || {at} END"
    )
    columns = {
        "start": "coalesce(round.start, '')",
        "end": "coalesce(round.\"end\", '')",
        "headline": headline,
        "text": "round.location",
        "who": "leads.names",
    }
    return _select(
        "rounds", columns, f"tracker_round round {leads}", negotiation_id, params,
        "NULLIF(round.start, '')",
    )  # fmt: skip


def _positions(negotiation_id, params):
    columns = {
        "start": "coalesce(position.date, '')",
        "headline": "concat(p.name, ' ', position.kind, ': ', figures.figure)",
        "issue": "coalesce(i.title, '')",
        "text": "figures.figure",
    }
    figures = (
        "JOIN (SELECT key, value #>> '{}' AS figure FROM jsonb_each(%s::jsonb)) figures "
        f"ON figures.key = {FIGURE_KEY}"
    )
    tables = (
        "tracker_position position JOIN tracker_party p ON p.id = position.party_id "
        f"LEFT JOIN tracker_issue i ON i.id = position.issue_id {figures}"
    )
    date = "coalesce(NULLIF(position.date, ''), NULLIF(position.reported_on, ''))"
    # The figures as exports write them, looked up as the CSV download's query does.
    figures = orjson.dumps(figure_lookup(negotiation_id, params)).decode()
    return _select("positions", columns, tables, negotiation_id, params, date, "p.name", [figures])


def _events(negotiation_id, params):
    columns = {
        "start": "coalesce(event.date, '')",
        "end": "coalesce(event.\"end\", '')",
        "headline": "event.title",
        "text": "event.title",
    }
    return _select(
        "events", columns, "tracker_event event", negotiation_id, params,
        "NULLIF(event.date, '')",
    )  # fmt: skip


def _statements(negotiation_id, params):
    party = f"coalesce(NULLIF(coalesce(p.name, sp_party.name), ''), '{UNATTRIBUTED}')"
    who = "concat_ws(', ', NULLIF(sp.name, ''), NULLIF(statement.speaker_title, ''))"
    columns = {
        "start": "coalesce(statement.date, '')",
        "headline": f"coalesce(NULLIF({who}, ''), '{UNATTRIBUTED}')",
        "text": "statement.quote",
        "who": who,
        "context": "statement.context",
    }
    tables = (
        "tracker_statement statement LEFT JOIN tracker_person sp ON sp.id = statement.speaker_id"
    )
    if params.parties:
        # Joined only to filter: without them the rows come in document order from an index.
        tables += (
            " LEFT JOIN tracker_party p ON p.id = statement.party_id "
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
