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

from django.db.models import BooleanField, Case, CharField, F, Value, When
from django.db.models.functions import Cast, Coalesce

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
# The partial date each rule looks at comes last: `_slim` reads it as text.
SlimRound = namedtuple("SlimRound", "id sequence number number_inferred format start")
SlimPosition = namedtuple(
    "SlimPosition",
    "id sequence issue party kind amount amount_min amount_max currency unit percent_change date",
)
SlimEvent = namedtuple("SlimEvent", "id sequence title date")


def chosen_rounds(negotiation, as_of):
    """(the rounds held by as_of as slim rows, by start date; ids of the rounds to read)."""
    rows = _slim(SlimRound, Round, negotiation, "number", "number_inferred", "format", "start")
    held, possibly = rounds_by(rows, as_of)
    named = (*held[:LIMIT], *_maybe_later(held), *held[-1:], *possibly)
    return held, {r.id for r in named}


def chosen_positions(negotiation, as_of):
    """({(issue, party, kind, measure): figures certain by as_of}, ids of the positions to read:
    each group's first and latest figure and those only possibly taken by then)."""
    # Only whether a figure is there matters to the grouping (`derive._measure`).
    given = {name: _given(name) for name in ("amount", "amount_min", "amount_max")}
    texts = {name: Coalesce(F(name), Value("")) for name in ("issue__slug", "party__name")}
    rows = _slim(
        SlimPosition,
        Position,
        negotiation,
        *(texts["issue__slug"], texts["party__name"], "kind"),
        *(given["amount"], given["amount_min"], given["amount_max"]),
        *("currency", "unit", _given("percent_change"), "date"),
    )
    counts, named = {}, set()
    for key, members in position_groups(rows).items():
        certain, possibly = positions_by(members, as_of)
        counts[key] = len(certain)
        named.update(p.id for p in (*certain[:1], *certain[-1:], *possibly))
    return counts, named


def chosen_events(negotiation, as_of, since_event=None):
    """(how many events happened by as_of, ids of the events to read: the latest, the latest
    whose title mentions an expiry, `since_event`, and those only possibly by then)."""
    happened, possibly = events_by(_slim(SlimEvent, Event, negotiation, "title", "date"), as_of)
    interest = next((e for e in reversed(happened) if EVENT_OF_INTEREST.search(e.title)), None)
    named = {e.id for e in (*happened[-1:], *possibly)}
    if interest is not None:
        named.add(interest.id)
    if since_event is not None:
        named.add(since_event)
    return len(happened), named


def _given(field):
    """True when `field` has a value, else None (as the value itself would be)."""
    return Case(When(**{f"{field}__isnull": False}, then=Value(True)), output_field=BooleanField())


def _slim(record, model, negotiation, *columns):
    """`record` tuples (id, sequence, *columns) of one lane, in record order; each column a
    lookup or an expression, the last a partial date read as text and parsed once per
    distinct text (no field conversion per row)."""
    *others, date = columns
    values = {f"column_{i}": c for i, c in enumerate(others) if not isinstance(c, str)}
    names = [c if isinstance(c, str) else f"column_{i}" for i, c in enumerate(others)]
    rows = list(
        model.objects.filter(negotiation=negotiation)
        .order_by("sequence", "id")
        .annotate(**values, date_text=Cast(F(date), CharField()))
        .values_list("id", "sequence", *names, "date_text")
    )
    dates = {text: _date(text) for text in {row[-1] for row in rows}}  # a few thousand at most
    make = record._make
    return [make((*row[:-1], dates[row[-1]])) for row in rows]
