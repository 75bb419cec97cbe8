"""The facts of `compute_facts(load_records(...))`, reading only what they count and name.

A large record (100,000 statements, 10,000 rounds, positions and events) is never loaded
whole. Statements are counted in the database (per party, certainly and only possibly
by as_of: `conditions`); rounds, positions and events are read as slim rows and `choose`
picks, by `derive`'s own rules, the few records the facts name, which are then read in
full and derived as before. The counts the full lists would give (rounds held, their
numbering, each position group's figures, events that happened) come from the slim rows,
and the sentences that rest on every round held or every statement made get their record
and source counts, and their first sources, from the database. Equal results to the full
derivation, which tests check.
"""

from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Round, Source, Statement
from ..partialdate import PartialDate
from . import text as facts_text
from .choose import chosen_events, chosen_positions, chosen_rounds
from .conditions import certainly_by, only_possibly_by, published_after
from .data import LANES, load_records
from .derive import (
    SourceRecord,
    _with_sources,
    as_reported,
    event_facts,
    gap_facts,
    parties_most_first,
    position_facts,
    round_facts,
    round_numbering,
)

LIMIT = facts_text.SENTENCE_LIST_LIMIT
# The lanes read in full, for the records `choose` names; statements are only counted.
NAMED_LANES = {lane: spec for lane, spec in LANES.items() if lane != "statements"}


class Listing:
    """The records one sentence rests on: how many, and the sources they cite (a count, the
    first LIMIT ids in the order the full derivation meets them, {id: SourceRecord})."""

    def __init__(self, record_count, source_count, source_ids, sources):
        self.record_count, self.source_count = record_count, source_count
        self.source_ids, self.sources = source_ids, sources


def facts_for(negotiation, as_of=None, *, since_event=None):
    """The facts about a negotiation as of a day (default today), as `compute_facts` gives."""
    as_of = as_of or timezone.localdate()
    facts, records, held = _derived(negotiation, as_of, since_event, with_sources=True)
    held_rounds = Round.objects.filter(certainly_by("start", as_of), negotiation=negotiation)
    round_listing = _listing(held_rounds, len(held), ("start", "sequence"), as_of)
    made = Statement.objects.filter(certainly_by("date", as_of), negotiation=negotiation)
    listings = {
        "rounds": round_listing,
        "rounds-numbering": round_listing,
        "statements": _listing(made, facts["statements"]["count"], ("sequence",), as_of),
    }
    facts["sentences"] = _sentences(facts, listings, records.sources)
    del facts["rounds"]["held_rounds"], facts["statements"]["held_statements"]
    return facts


def sentence_texts(negotiation, as_of=None):
    """The text of each of `facts_for(negotiation, as_of)`'s sentences, in order; what they
    say does not depend on the records and sources they rest on, so no source is read."""
    as_of = as_of or timezone.localdate()
    facts, _, _ = _derived(negotiation, as_of, None, with_sources=False)
    return [sentence["text"] for sentence in facts_text.sentences(facts)]


def _derived(negotiation, as_of, since_event, *, with_sources):
    """(the facts without their sentences, the named records, the rounds held by as_of)."""
    held, round_ids = chosen_rounds(negotiation, as_of)
    group_counts, position_ids = chosen_positions(negotiation, as_of)
    happened, event_ids = chosen_events(negotiation, as_of, since_event)
    ids = {"rounds": round_ids, "positions": position_ids, "events": event_ids}
    records = load_records(negotiation, lanes=NAMED_LANES, ids=ids, with_sources=with_sources)
    records = as_reported(records, as_of)
    positions = _counted(position_facts(records.positions, as_of), group_counts)
    facts = {
        "negotiation": {"slug": records.slug, "title": records.title},
        "as_of": as_of.isoformat(),
        "as_of_display": PartialDate.parse(as_of).display(),
        "rounds": _round_facts(records.rounds, held, as_of),
        "positions": positions,
        "gaps": gap_facts(positions),
        "events": {
            **event_facts(records.events, as_of, since_event=since_event),
            "count": happened,
        },
        "statements": _statement_facts(negotiation, as_of),
    }
    return facts, records, held


def _round_facts(named, held, as_of):
    """`derive.round_facts` of the named rounds, with the counts and numbering of every round
    `held` and the first LIMIT of them listed."""
    rounds = round_facts(named, as_of)
    rounds.update(held=len(held), **round_numbering(held))
    rounds["held_rounds"] = rounds["held_rounds"][:LIMIT]
    return rounds


def _counted(groups, counts):
    """The position groups with their counts of every figure certain by as_of."""
    for group in groups:
        group["count"] = counts[group["issue"], group["party"], group["kind"], group["measure"]]
    return groups


def _sentences(facts, listings, sources):
    """The sentences with their sources, counts from `listings` for those resting on more
    records than the facts list."""
    sources = dict(sources)
    for listing in listings.values():
        sources.update(listing.sources)
    found = []
    for sentence in facts_text.sentences(facts):
        listing = listings.get(sentence["key"])
        if listing is not None:
            sentence.update(
                record_count=listing.record_count,
                source_count=listing.source_count,
                source_ids=listing.source_ids,
            )
        found.append(_with_sources(sentence, sources))
    return found


def _statement_facts(negotiation, as_of):
    """What `derive.statement_facts` says, read with grouped queries."""
    statements = Statement.objects.filter(negotiation=negotiation)
    made = statements.filter(certainly_by("date", as_of))
    party = Coalesce(F("party__name"), F("speaker__party__name"), Value(""))
    counted = (
        made.order_by()
        .annotate(party_name=party)
        .values("party_name")
        .annotate(count=Count("id"))
        .values_list("party_name", "count")
    )
    by_party = parties_most_first(counted)
    first = made.order_by("sequence", "id").values_list("id", flat=True)[:LIMIT]
    return {
        "count": sum(by_party.values()),
        "by_party": by_party,
        "possibly": statements.filter(only_possibly_by("date", as_of)).count(),
        "held_statements": [{"lane": "statements", "id": id_, "sources": []} for id_ in first],
    }


def _listing(held, record_count, order, as_of):
    """The Listing of the `held` records of one lane, met in `order` (then by id), leaving out
    sources published certainly after as_of.

    The first sources are looked for among the first records only, four times as many
    each time until LIMIT distinct sources are found: never a sort of every link."""
    if not record_count:
        return Listing(0, 0, [], {})
    owner = held.model._meta.model_name
    through = held.model.sources.through
    cited = through.objects.filter(**{f"{owner}__in": held.values("id")}).values("source_id")
    source_count = (
        Source.objects.filter(pk__in=cited).exclude(published_after("published", as_of)).count()
    )
    links = through.objects.exclude(published_after("source__published", as_of))
    size = 4 * LIMIT
    while True:
        leading = held.order_by(*order, "id").values("id")[:size]
        met = (
            links.filter(**{f"{owner}__in": leading})
            .order_by(*(f"{owner}__{field}" for field in order), f"{owner}_id", "source_id")
            .values_list("source_id", flat=True)
        )
        first = list(dict.fromkeys(met))[:LIMIT]
        if len(first) == LIMIT or size >= record_count:
            break
        size *= 4
    rows = Source.objects.filter(pk__in=first).values_list(
        "id", "url", "title", "publisher", "published"
    )
    sources = {
        id_: SourceRecord(id_, url or "", title or "", publisher or "", published)
        for id_, url, title, publisher, published in rows
    }
    return Listing(record_count, source_count, first, sources)
