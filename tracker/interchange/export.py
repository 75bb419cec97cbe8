"""Writes negotiations out as a `negotiation-tracker/2` document, in a fixed number of queries."""

import re
from collections import defaultdict

import orjson

from ..amounts import plain_decimal
from ..models import Event, Issue, LeadNegotiator, Negotiation, Person, Position, Round, Statement
from .validate import FORMAT_NAME, LANES, SOURCE_FIELDS, VERSION_FIELDS

EXPORTED_SOURCE_FIELDS = SOURCE_FIELDS + VERSION_FIELDS
SOURCE_COLUMNS = tuple(
    f"source__{field}" if field != "supersedes" else "source__supersedes__url"
    for field in EXPORTED_SOURCE_FIELDS
)
RELATED = {Position: ("party", "issue"), Statement: ("speaker", "party"), Event: ()}
_INDENT = re.compile(rb"(?m)^((?:  )+)")


def export_document(negotiations):
    """The interchange document (a dict) for a queryset or list of negotiations, in their order."""
    negotiations = list(negotiations)
    ids = [negotiation.pk for negotiation in negotiations]
    parties = _links(Negotiation.parties.through, "negotiation", ids, "party__name")
    people = _people(ids)
    issues = _issues(ids)
    lanes = {
        "rounds": _rounds(ids),
        "positions": _lane(Position, ids, _position),
        "events": _lane(Event, ids, _event),
        "statements": _lane(Statement, ids, _statement),
    }
    entries = []
    for negotiation in negotiations:
        entry = {"slug": negotiation.slug, "title": negotiation.title}
        _put(entry, "summary", negotiation.summary)
        entry["status"] = negotiation.status
        entry["parties"] = parties.get(negotiation.pk, [])
        _put(entry, "issues", issues.get(negotiation.pk))
        _put(entry, "people", people.get(negotiation.pk))
        for lane, records in lanes.items():
            _put(entry, lane, records.get(negotiation.pk))
        entries.append(entry)
    _drop_links_leaving_the_document(entries)
    return {"format": FORMAT_NAME, "negotiations": entries}


def _issues(negotiation_ids):
    """Exported issues per negotiation id, in their order."""
    grouped = defaultdict(list)
    rows = (
        Issue.objects.filter(negotiation_id__in=negotiation_ids)
        .order_by("negotiation_id", "order", "id")
        .values_list("negotiation_id", "slug", "title", "description")
    )
    for negotiation_id, slug, title, description in rows:
        issue = {"slug": slug, "title": title}
        _put(issue, "description", description)
        grouped[negotiation_id].append(issue)
    return grouped


def _cited_sources(entries):
    for entry in entries:
        for record in (
            *entry.get("people", ()),
            *(r for lane in LANES for r in entry.get(lane, ())),
        ):
            yield from record.get("sources", ())


def _drop_links_leaving_the_document(entries):
    """A `supersedes` must name a source of the document: a link to an earlier version that
    no exported record cites is left out."""
    sources = list(_cited_sources(entries))
    urls = {source if isinstance(source, str) else source.get("url") for source in sources}
    for source in sources:
        if isinstance(source, dict) and source.get("supersedes") not in (None, *urls):
            del source["supersedes"]


def export_json_bytes(negotiations):
    """The document as UTF-8 JSON indented by one space, non-ASCII text kept as it is."""
    data = orjson.dumps(export_document(negotiations), option=orjson.OPT_INDENT_2)
    # orjson indents by two; strings never hold a raw newline, so each line's indent is layout.
    return _INDENT.sub(lambda match: b" " * (len(match.group(1)) // 2), data)


def _put(entry, key, value):
    """Set `key` only when there is something to say: no nulls, empty strings or empty lists."""
    if value not in (None, "", [], {}):
        entry[key] = value


def _links(through, owner, owner_ids, *columns):
    """Related values per owner id, in the order the links were made."""
    rows = (
        through.objects.filter(**{f"{owner}_id__in": owner_ids})
        .order_by("id")
        .values_list(f"{owner}_id", *columns)
    )
    grouped = defaultdict(list)
    for owner_id, *values in rows:
        grouped[owner_id].append(values[0] if len(values) == 1 else values)
    return grouped


def _sources_by_record(model, negotiation_ids):
    """Exported sources per record id of `model`, for records of the given negotiations."""
    through = model.sources.through
    owner = model._meta.model_name
    rows = (
        through.objects.filter(**{f"{owner}__negotiation_id__in": negotiation_ids})
        .order_by("id")
        .values_list(f"{owner}_id", "source_id", *SOURCE_COLUMNS)
    )
    return _group_sources(rows)


def _group_sources(rows):
    exported = {}
    grouped = defaultdict(list)
    for owner_id, source_id, *fields in rows:
        if source_id not in exported:
            exported[source_id] = _source(fields)
        grouped[owner_id].append(exported[source_id])
    return grouped


def _source(fields):
    values = dict(zip(EXPORTED_SOURCE_FIELDS, fields, strict=True))
    if values["published"] is not None:
        values["published"] = values["published"].iso
    if values["url"] and not any(values[field] for field in EXPORTED_SOURCE_FIELDS[1:]):
        return values["url"]
    return {field: value for field, value in values.items() if value}


def _people(negotiation_ids):
    through = Negotiation.people.through
    rows = list(
        through.objects.filter(negotiation_id__in=negotiation_ids)
        .order_by("id")
        .values_list(
            "negotiation_id", "person_id", "person__name", "person__title", "person__party__name"
        )
    )
    linked = through.objects.filter(negotiation_id__in=negotiation_ids).values("person_id")
    sources = _group_sources(
        Person.sources.through.objects.filter(person_id__in=linked)
        .order_by("id")
        .values_list("person_id", "source_id", *SOURCE_COLUMNS)
    )
    grouped = defaultdict(list)
    for negotiation_id, person_id, name, title, party in rows:
        person = {"name": name}
        _put(person, "title", title)
        _put(person, "party", party)
        _put(person, "sources", sources.get(person_id))
        grouped[negotiation_id].append(person)
    return grouped


def _lane(model, negotiation_ids, build):
    """Exported records of one lane per negotiation id, in document order."""
    sources = _sources_by_record(model, negotiation_ids)
    grouped = defaultdict(list)
    records = model.objects.filter(negotiation_id__in=negotiation_ids).order_by(
        "negotiation_id", "sequence", "id"
    )
    if RELATED[model]:
        records = records.select_related(*RELATED[model])
    for record in records.iterator(chunk_size=2000):
        entry = build(record)
        _put(entry, "note", record.note)
        _put(entry, "sources", sources.get(record.pk))
        grouped[record.negotiation_id].append(entry)
    return grouped


def _rounds(negotiation_ids):
    sources = _sources_by_record(Round, negotiation_ids)
    leads = defaultdict(dict)
    rows = (
        LeadNegotiator.objects.filter(round__negotiation_id__in=negotiation_ids)
        .order_by("id")
        .values_list("round_id", "party__name", "person__name")
    )
    for round_id, party, person in rows:
        leads[round_id][party] = person
    grouped = defaultdict(list)
    records = Round.objects.filter(negotiation_id__in=negotiation_ids).order_by(
        "negotiation_id", "sequence", "id"
    )
    for record in records.iterator(chunk_size=2000):
        entry = {}
        _put(entry, "number", record.number)
        _put(entry, "number_inferred", record.number_inferred)
        entry["start"] = record.start.iso
        _put(entry, "end", _iso(record.end))
        _put(entry, "location", record.location)
        entry["format"] = record.format
        _put(entry, "lead_negotiators", leads.get(record.pk))
        _put(entry, "note", record.note)
        _put(entry, "sources", sources.get(record.pk))
        grouped[record.negotiation_id].append(entry)
    return grouped


def _position(record):
    entry = {"party": record.party.name, "issue": record.issue.slug}
    _put(entry, "date", _iso(record.date))
    _put(entry, "reported_on", _iso(record.reported_on))
    entry["kind"] = record.kind
    _put(entry, "amount", plain_decimal(record.amount))
    _put(entry, "amount_min", plain_decimal(record.amount_min))
    _put(entry, "amount_max", plain_decimal(record.amount_max))
    _put(entry, "currency", record.currency)
    _put(entry, "unit", record.unit)
    _put(entry, "percent_change", plain_decimal(record.percent_change))
    _put(entry, "period", record.period)
    return entry


def _event(record):
    entry = {"date": record.date.iso}
    _put(entry, "end", _iso(record.end))
    entry["title"] = record.title
    return entry


def _statement(record):
    entry = {"date": record.date.iso}
    _put(entry, "speaker", record.speaker.name if record.speaker_id else None)
    _put(entry, "speaker_title", record.speaker_title)
    _put(entry, "party", record.party.name if record.party_id else None)
    entry["kind"] = record.kind
    entry["quote"] = record.quote
    _put(entry, "context", record.context)
    return entry


def _iso(date):
    return date.iso if date is not None else None
