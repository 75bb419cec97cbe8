"""The records notes and tags hang on, named as the timeline names them: lane and id."""

from tracker.models import Event, Position, Round, Statement

from .models import Lane

RECORD_MODELS = {
    Lane.ROUNDS: Round,
    Lane.POSITIONS: Position,
    Lane.EVENTS: Event,
    Lane.STATEMENTS: Statement,
}


class RecordError(ValueError):
    """A lane, record or text the workspace cannot take; the message says which and why."""


def parse_record_key(key):
    """("statements", 12) from "statements-12"; RecordError for anything else."""
    lane, _, number = (key or "").partition("-")
    if lane not in RECORD_MODELS or not number.isdigit() or len(number) > 12:
        raise RecordError(f'record: "{(key or "")[:40]}" is not a record (use <lane>-<id>)')
    return lane, int(number)


def check_record(negotiation, lane, record_id):
    """Raise RecordError unless the negotiation has this record."""
    model = RECORD_MODELS.get(lane)
    if model is None or not model.objects.filter(negotiation=negotiation, pk=record_id).exists():
        raise RecordError(f"record: {negotiation.slug} has no {lane}-{record_id}")


def record_labels(negotiation, records):
    """{"<lane>-<id>": what the record is, e.g. "Mark Esper, 15 November 2019: Korea is..."}
    for (lane, id) pairs of the negotiation; one query per lane asked for."""
    wanted = {}
    for lane, record_id in records:
        wanted.setdefault(lane, set()).add(record_id)
    related = {Lane.POSITIONS: ("party",), Lane.STATEMENTS: ("speaker",)}
    labels = {}
    for lane, ids in wanted.items():
        model = RECORD_MODELS.get(lane)
        if model is None:
            continue
        rows = model.objects.filter(negotiation=negotiation, pk__in=ids)
        for record in rows.select_related(*related.get(lane, ())):
            labels[f"{lane}-{record.pk}"] = str(record)
    return labels
