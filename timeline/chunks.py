"""A negotiation's timeline rows a chunk at a time, for downloads that stream (CSV, TimelineJS).

`timeline_chunks(negotiation, params)` yields the rows `timeline_data(negotiation, params)`
holds, in the same order and filtered the same way, as `TimelineData` pieces of at most
CHUNK rows: one query for a chunk's rows (a server-side cursor on PostgreSQL) and one for
its sources, so a worker's memory does not grow with the record. The rows are built by the
same functions as `timeline_data`'s (`data.ROW_LANES`).
"""

from tracker.interchange.export import batched

from .data import ROW_LANES, TimelineData, _rounds, _sources_by_record, negotiation_info

CHUNK = 2000


def timeline_chunks(negotiation, params):
    """`TimelineData` pieces of at most CHUNK rows each, lane by lane in document order."""
    info = negotiation_info(negotiation)
    if "rounds" in params.lanes:
        # Rounds are meetings: hundreds at most, read whole with their lead negotiators.
        yield TimelineData(negotiation=info, rounds=_rounds(negotiation)).filtered(params)
    for lane, model, queryset, fields, make in ROW_LANES:
        if lane not in params.lanes:
            continue
        rows = queryset(negotiation).values_list(*fields).iterator(chunk_size=CHUNK)
        for batch in batched(rows, CHUNK):
            sources = _sources_by_record(model, negotiation, [row[0] for row in batch])
            piece = tuple(make(row, sources.get(row[0], ())) for row in batch)
            yield TimelineData(negotiation=info, **{lane: piece}).filtered(params)
