"""Derived facts about one negotiation as of a day: rounds, positions, gaps, events, statements.

Pure functions: plain records in (the dataclasses below; `tracker.facts.data`
builds them from the database), a JSON-ready dict out. The rules:

- By as_of: a record counts only when its date CERTAINLY fell on or before
  as_of (`PartialDate.certainly_on_or_before`), so a position dated "2020-03"
  counts from 31 March 2020. Records that only possibly did, and positions with
  no date, are listed under `possibly` and never counted.
- Rounds: a round is held by as_of when its start certainly is on or before
  as_of; a round under way on as_of counts and has `in_progress` true. The
  latest is the last by start date; `latest_may_be` lists held rounds whose
  less precise date ("2020-03") could fall after it.
  `highest_stated_number` is the highest ordinal a source states; when it
  differs from `held` the facts say so (inferred and unnumbered rounds).
- Positions are grouped by issue (agenda item), party, kind and measure (a
  currency, a unit, or "percent" for percentage-only positions): a KRW and a USD
  figure are two series, never "first" and "latest" of one, and so are figures
  on two issues. Order is by date, then by place in
  the record (two figures dated "2020-03" keep the order the editor gave).
- Gaps: a party's latest demand against each other party's latest offer, and
  against the latest baseline whoever it is recorded under, on the same issue
  only: a demand about the trade deficit is never set against an offer about
  soybean purchases, whatever their currencies (a baseline is the
  status quo both sides argue from; the demo records the 2019 $870 million
  under South Korea, the payer). A ratio and a difference are computed only
  for single amounts in the same currency and unit, and for percentages only
  the difference in points. Otherwise both figures are shown and `ratio` is
  null with a `reason`; nothing is ever converted.
- `ratio` is demand / reference, a decimal string to 4 places (ROUND_HALF_UP);
  sentences round it to 1 place ("4.6 times"). When either side is a range
  there is no single `ratio`: `ratio_min` and `ratio_max` give the least and
  greatest the range allows (null at an open end) and `reason` is "range".
- Sources as of a day: a source published certainly after as_of is not listed
  as a fact's source, so the facts as of a day rest on what had been reported by
  then (a later version of a story does not show before it appeared). Undated
  sources are always listed.
- Days since: from the latest event by as_of whose title mentions an expiry
  ("expire", "expired", "expiry"), or from the event chosen by `since_event`.
  A month- or year-precision event gives a range of days.
"""

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlsplit

from ..amounts import plain_decimal
from ..partialdate import PartialDate
from . import text as facts_text

RATIO_PLACES = Decimal("0.0001")
EVENT_OF_INTEREST = re.compile(r"expir", re.IGNORECASE)
FORMATS = ("in_person", "virtual", "hybrid")
KIND_ORDER = ("demand", "offer", "baseline", "agreed")
SAFE_URL = re.compile(r"^https?://", re.IGNORECASE)


def _date(value):
    return PartialDate.parse(value) if value not in (None, "") else None


def _decimal(value):
    return Decimal(str(value)) if value not in (None, "") else None


@dataclass(frozen=True)
class SourceRecord:
    id: int
    url: str = ""
    title: str = ""
    publisher: str = ""
    published: PartialDate | None = None

    def __post_init__(self):
        object.__setattr__(self, "published", _date(self.published))


@dataclass(frozen=True)
class RoundRecord:
    id: int
    start: PartialDate
    end: PartialDate | None = None
    number: int | None = None
    number_inferred: int | None = None
    location: str = ""
    format: str = "in_person"
    sequence: int = 0
    source_ids: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "start", _date(self.start))
        object.__setattr__(self, "end", _date(self.end))


@dataclass(frozen=True)
class PositionRecord:
    id: int
    party: str
    kind: str
    issue: str = ""
    issue_title: str = ""
    issue_order: int = 0
    date: PartialDate | None = None
    amount: Decimal | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    currency: str = ""
    unit: str = ""
    percent_change: Decimal | None = None
    period: str = ""
    sequence: int = 0
    source_ids: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "date", _date(self.date))
        for name in ("amount", "amount_min", "amount_max", "percent_change"):
            object.__setattr__(self, name, _decimal(getattr(self, name)))


@dataclass(frozen=True)
class EventRecord:
    id: int
    date: PartialDate
    title: str
    end: PartialDate | None = None
    sequence: int = 0
    source_ids: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "date", _date(self.date))
        object.__setattr__(self, "end", _date(self.end))


@dataclass(frozen=True)
class StatementRecord:
    id: int
    date: PartialDate
    party: str = ""
    sequence: int = 0
    source_ids: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "date", _date(self.date))


@dataclass(frozen=True)
class NegotiationRecords:
    """Everything the facts need about one negotiation, free of the ORM."""

    slug: str = ""
    title: str = ""
    rounds: tuple = ()
    positions: tuple = ()
    events: tuple = ()
    statements: tuple = ()
    sources: dict = field(default_factory=dict)


class SinceEventError(ValueError):
    """Raised when `since_event` names no event of the negotiation."""


def compute_facts(records, as_of=None, *, since_event=None):
    """The facts as of a day (default today), with sentences; see the module docstring."""
    as_of = as_of or dt.date.today()
    records = as_reported(records, as_of)
    positions = position_facts(records.positions, as_of)
    facts = {
        "negotiation": {"slug": records.slug, "title": records.title},
        "as_of": as_of.isoformat(),
        "as_of_display": PartialDate.parse(as_of).display(),
        "rounds": round_facts(records.rounds, as_of),
        "positions": positions,
        "gaps": gap_facts(positions),
        "events": event_facts(records.events, as_of, since_event=since_event),
        "statements": statement_facts(records.statements, as_of),
    }
    facts["sentences"] = [
        _with_sources(sentence, records.sources) for sentence in facts_text.sentences(facts)
    ]
    # The counted records are listed once, in the sentences' `records`, not again here.
    del facts["rounds"]["held_rounds"], facts["statements"]["held_statements"]
    return facts


def as_reported(records, as_of):
    """The records citing only sources published possibly on or before as_of."""
    later = {
        source.id
        for source in records.sources.values()
        if source.published is not None and not source.published.possibly_on_or_before(as_of)
    }
    if not later:
        return records

    def cited(lane):
        return tuple(
            replace(r, source_ids=tuple(i for i in r.source_ids if i not in later))
            if later.intersection(r.source_ids)
            else r
            for r in lane
        )

    return replace(
        records,
        rounds=cited(records.rounds),
        positions=cited(records.positions),
        events=cited(records.events),
        statements=cited(records.statements),
    )


def _with_sources(sentence, sources):
    """Swap source ids for {id, url, title, publisher, label}; only http(s) URLs are kept."""
    listed = []
    for source_id in sentence.pop("source_ids"):
        source = sources.get(source_id, SourceRecord(id=source_id))
        url = source.url if SAFE_URL.match(source.url or "") else ""
        label = source.publisher or urlsplit(url).hostname or source.title or f"source {source.id}"
        listed.append(
            {
                "id": source.id,
                "url": url,
                "title": source.title,
                "publisher": source.publisher,
                "label": label,
            }
        )
    unlisted = sentence["source_count"] - len(listed)
    return {**sentence, "sources": listed, "sources_unlisted": unlisted}


def _certain(date, as_of):
    return date is not None and date.certainly_on_or_before(as_of)


def _by_date(records, attribute):
    return sorted(records, key=lambda r: (getattr(r, attribute).iso, r.sequence, r.id))


def round_facts(rounds, as_of):
    """Rounds held by as_of: count, first start, latest, stated numbering, counts by format."""
    held, possibly = rounds_by(rounds, as_of)
    first = held[0] if held else None
    return {
        "held": len(held),
        "first_start": first.start.iso if first else None,
        "first_start_display": facts_text.month_words(first.start.iso) if first else None,
        "latest": _round_dict(held[-1], as_of) if held else None,
        "latest_may_be": [_round_dict(r, as_of) for r in _maybe_later(held)],
        **round_numbering(held),
        "held_rounds": [_round_dict(r, as_of) for r in held],
        "possibly": [_round_dict(r, as_of) for r in possibly],
    }


def round_numbering(held):
    """The stated numbering and formats of the rounds held (anything with `number`,
    `number_inferred` and `format`): highest_stated_number, numbering, by_format."""
    stated = [r.number for r in held if r.number is not None]
    numbering = {
        "stated": len(stated),
        "inferred": sorted(
            r.number_inferred for r in held if r.number is None and r.number_inferred
        ),
        "unnumbered": sum(1 for r in held if r.number is None and r.number_inferred is None),
    }
    # True when the stated ordinals alone account for every round held, as 1..held.
    numbering["agrees"] = sorted(stated) == list(range(1, len(held) + 1))
    return {
        "highest_stated_number": max(stated) if stated else None,
        "numbering": numbering,
        "by_format": {f: sum(1 for r in held if r.format == f) for f in FORMATS},
    }


def rounds_by(rounds, as_of):
    """(the rounds held by as_of, those only possibly held by then), each by start date."""
    return _dated_by(rounds, "start", as_of)


def _dated_by(records, attribute, as_of):
    """(the records whose date `attribute` certainly fell on or before as_of, those whose
    date only possibly did), each by date."""
    certain = _by_date([r for r in records if _certain(getattr(r, attribute), as_of)], attribute)
    certain_ids = {r.id for r in certain}
    possibly = [
        r
        for r in records
        if r.id not in certain_ids and getattr(r, attribute).possibly_on_or_before(as_of)
    ]
    return certain, _by_date(possibly, attribute)


def _maybe_later(held):
    """Held rounds a less precise date leaves possibly later than the one listed last."""
    if not held:
        return []
    last = held[-1].start
    return [r for r in held[:-1] if r.start.latest > last.earliest]


def _round_dict(round_, as_of):
    last_day = round_.end or round_.start
    return {
        "lane": "rounds",
        "id": round_.id,
        "number": round_.number,
        "number_inferred": round_.number_inferred,
        "start": round_.start.iso,
        "end": round_.end.iso if round_.end else None,
        "display": facts_text.span_words(round_.start.iso, round_.end.iso if round_.end else None),
        "location": round_.location,
        "format": round_.format,
        "in_progress": not last_day.certainly_on_or_before(as_of),
        "sources": list(round_.source_ids),
    }


def _measure(position):
    """What a figure counts: "USD", "KRW", a unit, "percent"; None for a position with no figure."""
    if any(v is not None for v in (position.amount, position.amount_min, position.amount_max)):
        return " ".join(part for part in (position.currency, position.unit) if part) or "number"
    return "percent" if position.percent_change is not None else None


def position_facts(positions, as_of):
    """Per issue, party, kind and measure: the first and latest figure by as_of, and the
    possible ones."""
    found = []
    for (issue, party, kind, measure), members in position_groups(positions).items():
        certain, possibly = positions_by(members, as_of)
        if not certain and not possibly:
            continue
        found.append(
            {
                "issue": issue,
                "issue_title": members[0].issue_title,
                "issue_order": members[0].issue_order,
                "party": party,
                "kind": kind,
                "measure": measure,
                "count": len(certain),
                "first": _position_dict(certain[0], measure) if certain else None,
                "latest": _position_dict(certain[-1], measure) if certain else None,
                "possibly": [_position_dict(p, measure) for p in possibly],
            }
        )
    kind_rank = {kind: i for i, kind in enumerate(KIND_ORDER)}
    found.sort(
        key=lambda g: (
            g["issue_order"],
            g["issue"],
            kind_rank.get(g["kind"], 99),
            g["party"],
            g["measure"],
        )
    )
    for group in found:
        del group["issue_order"]  # the order is the list's
    return found


def position_groups(positions):
    """{(issue, party, kind, measure): [its positions, in record order]}, for positions
    (anything with the PositionRecord fields a measure needs) that have a figure."""
    groups = {}
    for position in positions:
        measure = _measure(position)
        if measure is not None:
            key = (position.issue, position.party, position.kind, measure)
            groups.setdefault(key, []).append(position)
    return groups


def positions_by(members, as_of):
    """(the positions certainly taken by as_of, by date; those possibly, in record order)."""
    certain = _by_date([p for p in members if _certain(p.date, as_of)], "date")
    certain_ids = {p.id for p in certain}
    possibly = [p for p in members if p.id not in certain_ids and _possible(p.date, as_of)]
    return certain, possibly


def _possible(date, as_of):
    return date is None or date.possibly_on_or_before(as_of)


def _position_dict(position, measure):
    return {
        "lane": "positions",
        "id": position.id,
        "issue": position.issue,
        "party": position.party,
        "kind": position.kind,
        "measure": measure,
        "date": position.date.iso if position.date else None,
        "amount": plain_decimal(position.amount),
        "amount_min": plain_decimal(position.amount_min),
        "amount_max": plain_decimal(position.amount_max),
        "currency": position.currency,
        "unit": position.unit,
        "percent_change": plain_decimal(position.percent_change),
        "period": position.period,
        "sources": list(position.source_ids),
    }


def gap_facts(groups):
    """Each party's latest demand against the other side's latest offer and the latest baseline."""
    gaps = []
    for demand_group in groups:
        demand = demand_group["latest"]
        if demand_group["kind"] != "demand" or demand is None:
            continue
        for kind in ("offer", "baseline"):
            references = [
                g["latest"]
                for g in groups
                if g["kind"] == kind
                and g["issue"] == demand_group["issue"]
                and g["latest"] is not None
                and (kind == "baseline" or g["party"] != demand["party"])
            ]
            gaps.extend(_gap(demand, ref) for ref in _pick_references(demand, references, kind))
    return gaps


def _pick_references(demand, references, kind):
    """The same-measure references when any exist (latest per party; latest baseline), else all."""
    same = [r for r in references if r["measure"] == demand["measure"]]
    if not same:
        return references
    if kind == "baseline":
        return [max(same, key=lambda r: r["date"] or "")]
    return same


def _gap(demand, reference):
    gap = {
        "issue": demand["issue"],
        "party": demand["party"],
        "kind": demand["kind"],
        "demand_id": demand["id"],
        **{key: demand[key] for key in ("amount", "amount_min", "amount_max", "currency", "unit")},
        "percent_change": demand["percent_change"],
        "date": demand["date"],
        "against": reference,
        "ratio": None,
        "ratio_min": None,
        "ratio_max": None,
        "difference": None,
        "difference_points": None,
        "reason": _no_ratio_reason(demand, reference),
    }
    if gap["reason"] == "range":
        gap["ratio_min"], gap["ratio_max"] = _ratio_range(demand, reference)
    elif gap["reason"] is None:
        if demand["measure"] == "percent":
            points = Decimal(demand["percent_change"]) - Decimal(reference["percent_change"])
            gap["difference_points"] = plain_decimal(points)
        else:
            high, low = Decimal(demand["amount"]), Decimal(reference["amount"])
            gap["difference"] = plain_decimal(high - low)
            gap["ratio"] = _ratio(high, low)
    return gap


def _ratio(numerator, denominator):
    return str((numerator / denominator).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP))


def _bounds(figure):
    """(low, high) of a figure as Decimals; a single amount is both; None for an open end."""
    if figure["amount"] is not None:
        return (Decimal(figure["amount"]),) * 2
    return tuple(
        Decimal(figure[key]) if figure[key] is not None else None
        for key in ("amount_min", "amount_max")
    )


def _ratio_range(demand, reference):
    """The least and greatest ratio a range allows; None at an open or zero end."""
    demand_low, demand_high = _bounds(demand)
    reference_low, reference_high = _bounds(reference)
    low = _ratio(demand_low, reference_high) if demand_low is not None and reference_high else None
    high = _ratio(demand_high, reference_low) if demand_high is not None and reference_low else None
    return low, high


def _no_ratio_reason(demand, reference):
    if "percent" in (demand["measure"], reference["measure"]):
        return None if demand["measure"] == reference["measure"] else "percentage"
    if demand["currency"] != reference["currency"]:
        return "different currencies"
    if demand["unit"] != reference["unit"]:
        return "different units"
    if demand["amount"] is None or reference["amount"] is None:
        return "range"
    if Decimal(reference["amount"]) == 0:
        return "zero"
    return None


def event_facts(events, as_of, *, since_event=None):
    """The latest event by as_of, those only possibly by then, days since the one of interest."""
    happened, possibly = events_by(events, as_of)
    if since_event is not None:
        chosen = [e for e in events if e.id == since_event]
        if not chosen:
            raise SinceEventError(f"since_event: no event {since_event} in this negotiation")
        interest, rule = chosen[0], "chosen by since_event"
    else:
        matching = [e for e in happened if EVENT_OF_INTEREST.search(e.title)]
        interest = matching[-1] if matching else None
        rule = "latest event by as_of whose title mentions an expiry"
    return {
        "count": len(happened),
        "latest": _event_dict(happened[-1]) if happened else None,
        "possibly": [_event_dict(e) for e in possibly],
        "since": _days_since(interest, as_of, rule),
    }


def events_by(events, as_of):
    """(the events that happened by as_of, those that only possibly did), each by date."""
    return _dated_by(events, "date", as_of)


def _days_since(event, as_of, rule):
    since = {"rule": rule, "event": None, "days_min": None, "days_max": None}
    if event is None:
        return since
    since["event"] = _event_dict(event)
    if _certain(event.date, as_of):
        since["days_min"] = (as_of - event.date.latest).days
        since["days_max"] = (as_of - event.date.earliest).days
    return since


def _event_dict(event):
    return {
        "lane": "events",
        "id": event.id,
        "date": event.date.iso,
        "end": event.end.iso if event.end else None,
        "title": event.title,
        "sources": list(event.source_ids),
    }


def parties_most_first(counts):
    """{party: count} from (party, count) pairs: most first, then by name, "" (no party) last
    among equals."""
    return dict(sorted(counts, key=lambda item: (-item[1], item[0] == "", item[0])))


def statement_facts(statements, as_of):
    """Statements by as_of, counted by party (its own, else its speaker's), most first."""
    made = [s for s in statements if _certain(s.date, as_of)]
    by_party = {}
    for statement in made:
        by_party[statement.party] = by_party.get(statement.party, 0) + 1
    return {
        "count": len(made),
        "by_party": parties_most_first(by_party.items()),
        "possibly": sum(
            1 for s in statements if not _certain(s.date, as_of) and _possible(s.date, as_of)
        ),
        "held_statements": [
            {"lane": "statements", "id": s.id, "sources": list(s.source_ids)} for s in made
        ],
    }
