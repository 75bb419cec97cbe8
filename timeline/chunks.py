"""A negotiation's timeline rows a chunk at a time, for downloads that stream (CSV, TimelineJS).

`timeline_chunks(negotiation, params)` yields the rows `timeline_data(negotiation, params)`
holds, in the same order and filtered the same way, as `TimelineData` pieces of at most
CHUNK rows: one query for a chunk's rows (a server-side cursor on PostgreSQL) and one for
its sources, so a worker's memory does not grow with the record.
"""

from django.db.models import F
from django.db.models.functions import Coalesce

from tracker.interchange.export import batched
from tracker.models import Event, Position, Statement

from .data import (
    POSITION_FIELDS,
    STATEMENT_FIELDS,
    UNATTRIBUTED,
    EventRow,
    NegotiationInfo,
    PositionRow,
    StatementRow,
    TimelineData,
    _rounds,
    _sources_by_record,
)

CHUNK = 2000
EVENT_FIELDS = ("id", "date", "end", "title", "note")


def timeline_chunks(negotiation, params):
    """`TimelineData` pieces of at most CHUNK rows each, lane by lane in document order."""
    info = NegotiationInfo(
        id=negotiation.pk,
        slug=negotiation.slug,
        title=negotiation.title,
        summary=negotiation.summary,
        status=negotiation.status,
        parties=tuple(sorted(party.name for party in negotiation.parties.all())),
    )
    if "rounds" in params.lanes:
        # Rounds are meetings: hundreds at most, read whole with their lead negotiators.
        yield TimelineData(negotiation=info, rounds=_rounds(negotiation)).filtered(params)
    for lane, model, queryset, fields, make in _LANES:
        if lane not in params.lanes:
            continue
        rows = queryset(negotiation).values_list(*fields).iterator(chunk_size=CHUNK)
        for batch in batched(rows, CHUNK):
            sources = _sources_by_record(model, negotiation, [row[0] for row in batch])
            piece = tuple(make(row, sources.get(row[0], ())) for row in batch)
            yield TimelineData(negotiation=info, **{lane: piece}).filtered(params)


def _statement_row(row, sources):
    id, date, speaker, title, party, kind, quote, context, note = row
    return StatementRow(
        id,
        date,
        speaker or "",
        title,
        party or UNATTRIBUTED,
        kind,
        quote,
        context,
        note,
        sources=sources,
    )


def _statements(negotiation):
    return Statement.objects.filter(negotiation=negotiation).annotate(
        party_name=Coalesce(F("party__name"), F("speaker__party__name"))
    )


_LANES = (
    (
        "positions",
        Position,
        lambda negotiation: Position.objects.filter(negotiation=negotiation),
        POSITION_FIELDS,
        lambda row, sources: PositionRow(*row, sources=sources),
    ),
    (
        "events",
        Event,
        lambda negotiation: Event.objects.filter(negotiation=negotiation),
        EVENT_FIELDS,
        lambda row, sources: EventRow(*row, sources=sources),
    ),
    ("statements", Statement, _statements, STATEMENT_FIELDS, _statement_row),
)
