"""Which rounds, positions and events the facts name, chosen from slim rows.

A large record has tens of thousands of rounds, positions and events, but the facts
name few of them: the first SENTENCE_LIST_LIMIT rounds held, the latest round and those
that may be later, each position group's first and latest figure, the latest event, the
event of interest, and whatever only possibly happened by as_of. Each function here reads
one lane as plain tuples (ids, order, dates and the fields the rules look at; no sources,
no text to show), applies `derive`'s own rules to them, and returns what the facts count
and the ids of the records to read in full (`data.load_records(..., ids=...)`).
"""

from collections import namedtuple

from django.db.models import CharField, F
from django.db.models.functions import Cast

from ..models import Event, Position, Round
from . import text as facts_text
from .derive import (
    EVENT_OF_INTEREST,
    _date,
    _maybe_later,
    events_by,
    position_groups,
    positions_by,
    rounds_by,
)

LIMIT = facts_text.SENTENCE_LIST_LIMIT
SlimRound = namedtuple("SlimRound", "id sequence start number number_inferred format")
SlimPosition = namedtuple(
    "SlimPosition",
    "id sequence issue party kind date amount amount_min amount_max currency unit percent_change",
)
SlimEvent = namedtuple("SlimEvent", "id sequence date title")


def chosen_rounds(negotiation, as_of):
    """(the rounds held by as_of as slim rows, by start date; ids of the rounds to read)."""
    rows = _slim(Round, negotiation, "start", "number", "number_inferred", "format")
    held, possibly = rounds_by([SlimRound(*row) for row in rows], as_of)
    named = (*held[:LIMIT], *_maybe_later(held), *held[-1:], *possibly)
    return held, {r.id for r in named}


def chosen_positions(negotiation, as_of):
    """({(issue, party, kind, measure): figures certain by as_of}, ids of the positions to read:
    each group's first and latest figure and those only possibly taken by then)."""
    rows = _slim(
        Position,
        negotiation,
        "date",
        *("issue__slug", "party__name", "kind", "amount", "amount_min", "amount_max"),
        *("currency", "unit", "percent_change"),
    )
    positions = [
        SlimPosition(id_, sequence, issue or "", party or "", kind or "", date, *amounts, *units)
        for id_, sequence, date, issue, party, kind, *amounts, currency, unit, percent in rows
        for units in [(currency or "", unit or "", percent)]
    ]
    counts, named = {}, set()
    for key, members in position_groups(positions).items():
        certain, possibly = positions_by(members, as_of)
        counts[key] = len(certain)
        named.update(p.id for p in (*certain[:1], *certain[-1:], *possibly))
    return counts, named


def chosen_events(negotiation, as_of, since_event=None):
    """(how many events happened by as_of, ids of the events to read: the latest, the latest
    whose title mentions an expiry, `since_event`, and those only possibly by then)."""
    rows = _slim(Event, negotiation, "date", "title")
    happened, possibly = events_by([SlimEvent(*row) for row in rows], as_of)
    interest = next((e for e in reversed(happened) if EVENT_OF_INTEREST.search(e.title)), None)
    named = {e.id for e in (*happened[-1:], *possibly)}
    if interest is not None:
        named.add(interest.id)
    if since_event is not None:
        named.add(since_event)
    return len(happened), named


def _slim(model, negotiation, date, *fields):
    """(id, sequence, date, *fields) per record in record order, the partial date `date`
    parsed from its text (read as text: no field conversion per row)."""
    rows = list(
        model.objects.filter(negotiation=negotiation)
        .order_by("sequence", "id")
        .annotate(date_text=Cast(F(date), CharField()))
        .values_list("id", "sequence", "date_text", *fields)
    )
    dates = {text: _date(text) for text in {row[2] for row in rows}}  # a few thousand at most
    return [(id_, sequence, dates[text], *rest) for id_, sequence, text, *rest in rows]
