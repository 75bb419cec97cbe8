"""A negotiation's record as plain rows, the extractor's only view of the database.

`context_for(negotiation)` reads it from the database (a fixed number of queries);
`context_from_document(item)` builds it from an interchange document's negotiation, numbering
records in order, so the evaluation runs without a database.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ..partialdate import PartialDate


@dataclass(frozen=True)
class Row:
    """One recorded fact: its id, lane and fields (interchange names), and its sources' ids."""

    id: int
    lane: str
    fields: dict
    source_ids: tuple = ()


@dataclass(frozen=True)
class PartyRow:
    name: str
    aliases: tuple = ()


@dataclass(frozen=True)
class PersonRow:
    id: int
    name: str
    title: str = ""
    party: str = ""


@dataclass(frozen=True)
class SourceRow:
    id: int
    url: str = ""
    title: str = ""
    publisher: str = ""
    published: PartialDate | None = None
    story: str = ""
    version: int | None = None


@dataclass
class NegotiationContext:
    slug: str
    parties: list = field(default_factory=list)
    people: list = field(default_factory=list)
    issues: list = field(default_factory=list)  # (slug, title)
    rows: dict = field(default_factory=dict)  # lane -> [Row]
    sources: list = field(default_factory=list)


def context_for(negotiation):
    """The negotiation's parties, people, issues, records and cited sources, from the database."""
    from ..models import Event, Person, Position, Round, Source, Statement

    parties = [PartyRow(p.name, tuple(p.alias_list())) for p in negotiation.parties.all()]
    people = [
        PersonRow(p.id, p.name, p.title, p.party.name if p.party_id else "")
        for p in Person.objects.in_negotiation(negotiation).select_related("party")
    ]
    issues = list(negotiation.issues.values_list("slug", "title"))
    lanes = {
        "rounds": (Round, ["number", "start", "end", "location", "format"]),
        "positions": (
            Position,
            [
                "party__name",
                "issue__slug",
                "kind",
                "date",
                "amount",
                "amount_min",
                "amount_max",
                "currency",
                "unit",
                "percent_change",
            ],
        ),  # fmt: skip
        "events": (Event, ["date", "end", "title"]),
        "statements": (
            Statement,
            ["date", "speaker__name", "party__name", "kind", "quote", "speaker__party__name"],
        ),
    }
    rows = {}
    source_ids = set()
    for lane, (model, names) in lanes.items():
        links = {}
        through = model.sources.through
        owner = model._meta.model_name
        for record_id, source_id in through.objects.filter(
            **{f"{owner}__negotiation": negotiation}
        ).values_list(f"{owner}_id", "source_id"):
            links.setdefault(record_id, []).append(source_id)
            source_ids.add(source_id)
        records = model.objects.filter(negotiation=negotiation).order_by("sequence", "id")
        rows[lane] = [
            Row(values[0], lane, _fields(names, values[1:]), tuple(links.get(values[0], ())))
            for values in records.values_list("id", *names)
        ]
    sources = [
        SourceRow(s.id, s.url, s.title, s.publisher, s.published, s.story, s.version)
        for s in Source.objects.filter(pk__in=source_ids)
    ]
    return NegotiationContext(negotiation.slug, parties, people, issues, rows, sources)


def _fields(names, values):
    fields = {}
    for name, value in zip(names, values, strict=True):
        key = name.split("__")[0]
        if name == "speaker__party__name":
            fields["party"] = fields.get("party") or value or ""
            continue
        fields[key] = "" if value is None and key in ("party", "speaker", "issue") else value
    return fields


def context_from_document(item):
    """The same view of a negotiation in an interchange document (ids count from 1 per lane)."""
    parties = [
        PartyRow(name, tuple(item.get("party_aliases", {}).get(name, ())))
        for name in item["parties"]
    ]
    people = [
        PersonRow(number, p["name"], p.get("title", ""), p.get("party") or "")
        for number, p in enumerate(item.get("people", []), start=1)
    ]
    sources = {}
    rows = {}
    for lane in ("rounds", "positions", "events", "statements"):
        rows[lane] = []
        for number, record in enumerate(item.get(lane, []), start=1):
            ids = tuple(_source_id(source, sources) for source in record.get("sources", []))
            rows[lane].append(Row(number, lane, _document_fields(lane, record), ids))
    issues = [(issue["slug"], issue["title"]) for issue in item.get("issues", [])]
    return NegotiationContext(item["slug"], parties, people, issues, rows, list(sources.values()))


def _source_id(source, sources):
    if isinstance(source, str):
        source = {"url": source}
    key = source.get("url") or (source.get("title"), source.get("publisher"))
    if key not in sources:
        published = source.get("published")
        sources[key] = SourceRow(
            len(sources) + 1,
            source.get("url", ""),
            source.get("title", ""),
            source.get("publisher", ""),
            PartialDate.parse(published) if published else None,
        )
    return sources[key].id


def _document_fields(lane, record):
    fields = {}
    for key, value in record.items():
        if key in ("sources", "note", "lead_negotiators"):
            continue
        if key in ("start", "end", "date") and value:
            value = PartialDate.parse(value)
        elif key in ("amount", "amount_min", "amount_max", "percent_change") and value:
            value = Decimal(value)
        fields[key] = value
    return fields
