"""One negotiation's records from the database, as the plain records `derive` takes.

Eight queries whatever the size of the record: one per lane, and one per lane's
links to its sources (with the source's address, title and publisher joined in).
Rows are read as tuples, not model instances: a negotiation with 20,000
statements loads in well under a second this way. A statement's party is its
own, else its speaker's.
"""

from django.utils import timezone

from ..models import Event, Position, Round, Statement
from .derive import (
    EventRecord,
    NegotiationRecords,
    PositionRecord,
    RoundRecord,
    SourceRecord,
    StatementRecord,
    compute_facts,
)

LANES = {
    # model, record class, {record field: ORM lookup}
    "rounds": (
        Round,
        RoundRecord,
        {
            "start": "start",
            "end": "end",
            "number": "number",
            "number_inferred": "number_inferred",
            "location": "location",
            "format": "format",
        },
    ),
    "positions": (
        Position,
        PositionRecord,
        {
            "party": "party__name",
            "issue": "issue__slug",
            "issue_title": "issue__title",
            "issue_order": "issue__order",
            "kind": "kind",
            "date": "date",
            "amount": "amount",
            "amount_min": "amount_min",
            "amount_max": "amount_max",
            "currency": "currency",
            "unit": "unit",
            "percent_change": "percent_change",
            "period": "period",
        },
    ),
    "events": (Event, EventRecord, {"date": "date", "end": "end", "title": "title"}),
    "statements": (
        Statement,
        StatementRecord,
        {"date": "date", "party": "party__name", "speaker_party": "speaker__party__name"},
    ),
}
# Text columns that may come back as NULL through a join; the records want "".
TEXT_FIELDS = {
    *("location", "format", "currency", "unit", "period", "title", "party", "kind"),
    *("issue", "issue_title"),
}
SOURCE_LOOKUPS = (
    "source_id",
    "source__url",
    "source__title",
    "source__publisher",
    "source__published",
)


def load_records(negotiation, *, lanes=LANES, ids=None, with_sources=True):
    """The negotiation's rounds, positions, events, statements and sources as plain records
    (only the `lanes` given, a subset of LANES; the others come empty). `ids`, when given,
    maps each lane to the ids of the only records to read from it; without `with_sources`
    the records cite no sources and none are read."""
    sources = {}
    loaded = {}
    for lane, (model, record_class, lookups) in lanes.items():
        only = {} if ids is None else {"id__in": ids[lane]}
        links = _source_links(model, negotiation, sources, only) if with_sources else {}
        rows = (
            model.objects.filter(negotiation=negotiation, **only)
            .order_by("sequence", "id")
            .values_list("id", "sequence", *lookups.values())
        )
        records = []
        for id_, sequence, *values in rows:
            fields = dict(zip(lookups, values, strict=True))
            if lane == "statements":
                speaker_party = fields.pop("speaker_party")
                fields["party"] = fields["party"] or speaker_party or ""
            fields = {
                name: "" if value is None and name in TEXT_FIELDS else value
                for name, value in fields.items()
            }
            records.append(
                record_class(id=id_, sequence=sequence, source_ids=links.get(id_, ()), **fields)
            )
        loaded[lane] = tuple(records)
    return NegotiationRecords(
        slug=negotiation.slug, title=negotiation.title, sources=sources, **loaded
    )


def _source_links(model, negotiation, sources, only):
    """{record id: (source id, ...)} for one lane (the records `only` selects); fills
    `sources` with the sources met."""
    through = model.sources.through
    owner = model._meta.model_name
    selected = {f"{owner}__{lookup}": value for lookup, value in only.items()}
    rows = (
        through.objects.filter(**{f"{owner}__negotiation": negotiation}, **selected)
        .order_by(f"{owner}_id", "source_id")
        .values_list(f"{owner}_id", *SOURCE_LOOKUPS)
    )
    links = {}
    for record_id, source_id, url, title, publisher, published in rows:
        links.setdefault(record_id, []).append(source_id)
        if source_id not in sources:
            sources[source_id] = SourceRecord(
                source_id, url or "", title or "", publisher or "", published
            )
    return {record_id: tuple(ids) for record_id, ids in links.items()}


def facts_for(negotiation, as_of=None, *, since_event=None):
    """The facts about a negotiation as of a day (default today, in TIME_ZONE)."""
    as_of = as_of or timezone.localdate()
    return compute_facts(load_records(negotiation), as_of, since_event=since_event)
