"""One negotiation's records, read from the database as the plain records `tracker.facts` takes.

Eight queries whatever the size of the record: one per lane and one per lane's
sources. A statement's party is its own, else its speaker's.
"""

from django.db.models import Prefetch

from .facts import (
    EventRecord,
    NegotiationRecords,
    PositionRecord,
    RoundRecord,
    SourceRecord,
    StatementRecord,
    compute_facts,
)
from .models import Event, Position, Round, Source, Statement

SOURCE_FIELDS = ("id", "url", "title", "publisher")


def _with_sources(queryset):
    return queryset.prefetch_related(
        Prefetch("sources", queryset=Source.objects.only(*SOURCE_FIELDS).order_by("id"))
    )


def load_records(negotiation):
    """The negotiation's rounds, positions, events, statements and sources as plain records."""
    sources = {}

    def source_ids(record):
        for source in record.sources.all():
            sources.setdefault(
                source.id,
                SourceRecord(source.id, source.url, source.title, source.publisher),
            )
        return tuple(source.id for source in record.sources.all())

    lane = {"negotiation": negotiation}
    rounds = [
        RoundRecord(
            id=r.id,
            start=r.start,
            end=r.end,
            number=r.number,
            number_inferred=r.number_inferred,
            location=r.location,
            format=r.format,
            sequence=r.sequence,
            source_ids=source_ids(r),
        )
        for r in _with_sources(Round.objects.filter(**lane))
    ]
    positions = [
        PositionRecord(
            id=p.id,
            party=p.party.name,
            kind=p.kind,
            date=p.date,
            amount=p.amount,
            amount_min=p.amount_min,
            amount_max=p.amount_max,
            currency=p.currency,
            unit=p.unit,
            percent_change=p.percent_change,
            period=p.period,
            sequence=p.sequence,
            source_ids=source_ids(p),
        )
        for p in _with_sources(Position.objects.filter(**lane).select_related("party"))
    ]
    events = [
        EventRecord(
            id=e.id,
            date=e.date,
            end=e.end,
            title=e.title,
            sequence=e.sequence,
            source_ids=source_ids(e),
        )
        for e in _with_sources(Event.objects.filter(**lane))
    ]
    statements = [
        StatementRecord(
            id=s.id,
            date=s.date,
            party=_statement_party(s),
            sequence=s.sequence,
            source_ids=source_ids(s),
        )
        for s in _with_sources(
            Statement.objects.filter(**lane).select_related("party", "speaker__party")
        )
    ]
    return NegotiationRecords(
        slug=negotiation.slug,
        title=negotiation.title,
        rounds=tuple(rounds),
        positions=tuple(positions),
        events=tuple(events),
        statements=tuple(statements),
        sources=sources,
    )


def _statement_party(statement):
    if statement.party_id:
        return statement.party.name
    speaker = statement.speaker
    return speaker.party.name if speaker is not None and speaker.party_id else ""


def facts_for(negotiation, as_of=None, *, since_event=None):
    """The facts about a negotiation as of a day: `compute_facts` over `load_records`."""
    return compute_facts(load_records(negotiation), as_of, since_event=since_event)
