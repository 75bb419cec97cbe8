"""The facts of `compute_facts(load_records(...))`, with the statements counted in the database.

Statements are the one lane that grows without bound (100,000 in a large record), and
the facts only count them: how many certainly by as_of, by party, how many possibly,
and the first SENTENCE_LIST_LIMIT records and sources their sentence lists. So
instead of loading every statement and its sources, `facts_for` asks the database
for counts per (date, party) and applies the as-of rules of `derive` to each distinct
date in Python (a few thousand at most); the listed records and sources, and the
count of distinct sources, come from three small queries over the statements found
certain. Rounds, positions and events are read and derived as before: equal
results by construction, which tests check against the full derivation.
"""

from itertools import islice

from django.db.models import Count, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..models import Source, Statement
from ..partialdate import PartialDate
from . import text as facts_text
from .data import LANES, load_records
from .derive import (
    SourceRecord,
    _with_sources,
    as_reported,
    event_facts,
    gap_facts,
    position_facts,
    round_facts,
)

LIMIT = facts_text.SENTENCE_LIST_LIMIT


def facts_for(negotiation, as_of=None, *, since_event=None):
    """The facts about a negotiation as of a day (default today), as `compute_facts` gives."""
    as_of = as_of or timezone.localdate()
    records = as_reported(_records_without_statements(negotiation), as_of)
    statements = _statement_counts(negotiation, as_of)
    positions = position_facts(records.positions, as_of)
    facts = {
        "negotiation": {"slug": records.slug, "title": records.title},
        "as_of": as_of.isoformat(),
        "as_of_display": PartialDate.parse(as_of).display(),
        "rounds": round_facts(records.rounds, as_of),
        "positions": positions,
        "gaps": gap_facts(positions),
        "events": event_facts(records.events, as_of, since_event=since_event),
        "statements": statements.facts,
    }
    sources = dict(records.sources)
    sources.update(statements.sources)
    found = []
    for sentence in facts_text.sentences(facts):
        if sentence["key"] == "statements":
            sentence.update(
                record_count=statements.facts["count"],
                source_count=statements.source_count,
                source_ids=statements.source_ids,
            )
        found.append(_with_sources(sentence, sources))
    facts["sentences"] = found
    del facts["rounds"]["held_rounds"], facts["statements"]["held_statements"]
    return facts


def _records_without_statements(negotiation):
    """`load_records` for rounds, positions and events."""
    lanes = {lane: spec for lane, spec in LANES.items() if lane != "statements"}
    return load_records(negotiation, lanes=lanes)


class _StatementCounts:
    """What the facts say about statements as of a day, read with a few grouped queries."""

    def __init__(self, facts, source_count, source_ids, sources):
        self.facts, self.source_count = facts, source_count
        self.source_ids, self.sources = source_ids, sources


def _statement_counts(negotiation, as_of):
    statements = Statement.objects.filter(negotiation=negotiation)
    party = Coalesce(F("party__name"), F("speaker__party__name"), Value(""))
    groups = (
        statements.order_by()
        .annotate(party_name=party)
        .values_list("date", "party_name")
        .annotate(count=Count("id"))
    )
    made, possibly, by_party = set(), 0, {}
    for date, party_name, count in groups:
        if date is None:  # not allowed by the model; counted as the derivation would
            possibly += count
        elif date.certainly_on_or_before(as_of):
            made.add(date.iso)
            by_party[party_name] = by_party.get(party_name, 0) + count
        elif date.possibly_on_or_before(as_of):
            possibly += count
    ordered = sorted(by_party.items(), key=lambda item: (-item[1], item[0] == "", item[0]))
    held = statements.filter(date__in=made).order_by("sequence", "id")
    first = list(held.values_list("id", flat=True)[:LIMIT]) if made else []
    source_count, source_ids, sources = _statement_sources(negotiation, made, as_of)
    facts = {
        "count": sum(by_party.values()),
        "by_party": dict(ordered),
        "possibly": possibly,
        "held_statements": [{"lane": "statements", "id": id_, "sources": []} for id_ in first],
    }
    return _StatementCounts(facts, source_count, source_ids, sources)


def _statement_sources(negotiation, made, as_of):
    """(distinct sources the statements made by as_of cite, the first LIMIT of them in the
    order the full derivation meets them, {id: SourceRecord} of those), leaving out sources
    published certainly after as_of."""
    if not made:
        return 0, [], {}
    through = Statement.sources.through
    cited = Source.objects.filter(statements__negotiation=negotiation)
    later = [
        published
        for published in cited.values_list("published", flat=True).distinct()
        if published is not None and not published.possibly_on_or_before(as_of)
    ]
    links = through.objects.filter(statement__negotiation=negotiation, statement__date__in=made)
    if later:
        links = links.exclude(source__published__in=later)
    count = links.values("source_id").distinct().count()
    ordered = links.order_by("statement__sequence", "statement_id", "source_id").values_list(
        "source_id", "source__url", "source__title", "source__publisher", "source__published"
    )
    first = {}
    for source_id, url, title, publisher, published in _first_distinct(ordered.iterator()):
        first[source_id] = SourceRecord(
            source_id, url or "", title or "", publisher or "", published
        )
    return count, list(first), first


def _first_distinct(rows):
    """The first LIMIT rows with distinct source ids."""
    seen = set()

    def fresh(row):
        if row[0] in seen:
            return False
        seen.add(row[0])
        return True

    return islice(filter(fresh, rows), LIMIT)
