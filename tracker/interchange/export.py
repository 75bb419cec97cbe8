"""Writes negotiations out as a `negotiation-tracker/2` document, in a fixed number of queries."""

from collections import defaultdict

import orjson
from django.db import connection
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast

from ..amounts import plain_decimal
from ..idlists import ids_in
from ..models import (
    Event,
    Issue,
    LeadNegotiator,
    Negotiation,
    Party,
    Person,
    Position,
    Round,
    Source,
    Statement,
)
from . import export_sql
from .validate import FORMAT_NAME, LANES, SOURCE_FIELDS, VERSION_FIELDS

EXPORTED_SOURCE_FIELDS = SOURCE_FIELDS + VERSION_FIELDS
SOURCE_COLUMNS = tuple(
    f"source__{field}" if field != "supersedes" else "source__supersedes__url"
    for field in EXPORTED_SOURCE_FIELDS
)
# The fields each lane's builder reads (besides id, negotiation_id and note).
EXPORTED_FIELDS = {
    Round: ("number", "number_inferred", "start", "end", "location", "format"),
    Position: (
        "party__name", "issue__slug", "date", "reported_on", "kind", "amount", "amount_min",
        "amount_max", "currency", "unit", "percent_change", "period",
    ),
    Event: ("date", "end", "title"),
    Statement: (
        "date", "speaker__name", "speaker_title", "party__name", "kind", "quote", "context",
    ),
}  # fmt: skip
CHUNK = 2000


def export_document(negotiations):
    """The interchange document (a dict) for a queryset or list of negotiations, in their order."""
    negotiations = list(negotiations)
    ids = [negotiation.pk for negotiation in negotiations]
    parties = _links(Negotiation.parties.through, "negotiation", ids, "party__name")
    aliases = _party_aliases(ids)
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
        _put(entry, "party_aliases", aliases.get(negotiation.pk))
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
    return _one_space_indent(
        orjson.dumps(export_document(negotiations), option=orjson.OPT_INDENT_2)
    )


def _one_space_indent(data):
    """orjson's JSON indented by two spaces a level, indented by one instead."""
    # Strings never hold a raw newline (nor a NUL), so every run of spaces after a newline is
    # layout. Deepest first, each level's indent becomes NULs, which no shallower level matches.
    deepest = 0
    while b"\n" + b"  " * (deepest + 1) in data:
        deepest += 1
    for level in range(deepest, 0, -1):
        data = data.replace(b"\n" + b"  " * level, b"\n" + b"\0" * level)
    return data.replace(b"\0", b" ")


def iter_export_json(negotiation):
    """The bytes `export_json_bytes([negotiation])` returns, in pieces, a chunk of records at a
    time: a download of any size streams in bounded memory. On PostgreSQL the database writes
    each record's JSON text (`export_sql`); elsewhere Python does."""
    yield b'{\n "format": ' + orjson.dumps(FORMAT_NAME) + b',\n "negotiations": [\n  {'
    ids = [negotiation.pk]
    head = {"slug": negotiation.slug, "title": negotiation.title}
    _put(head, "summary", negotiation.summary)
    head["status"] = negotiation.status
    head["parties"] = _links(Negotiation.parties.through, "negotiation", ids, "party__name").get(
        negotiation.pk, []
    )
    _put(head, "party_aliases", _party_aliases(ids).get(negotiation.pk))
    _put(head, "issues", _issues(ids).get(negotiation.pk))
    _put(head, "people", _people(ids).get(negotiation.pk))
    kept = _kept_versions(negotiation)
    for person in head.get("people", ()):
        _drop_links_to(person.get("sources", ()), {*kept.values(), None})
    yield b",".join(
        b'\n   "' + key.encode() + b'": ' + _block(value, 3) for key, value in head.items()
    )
    pieces = export_sql.lane_pieces if connection.vendor == "postgresql" else _lane_pieces
    for lane in LANES:
        opened = False
        for text in pieces(lane, negotiation.pk, kept):
            yield (b"" if opened else b',\n   "' + lane.encode() + b'": [') + text
            opened = True
        if opened:
            yield b"\n   ]"
    yield b"\n  }\n ]\n}"


def _lane_pieces(lane, negotiation_id, kept_versions):
    """`export_sql.lane_pieces` written by Python, a chunk of records at a time."""
    ids = [negotiation_id]
    model, build = _LANE_BUILDERS[lane]
    if lane == "rounds":
        build = _round_builder(ids)  # the rounds' lead negotiators, read once
    cited = {*kept_versions.values(), None}
    for index, chunk in enumerate(_record_chunks(model, ids, build)):
        records = [entry for _, entry in chunk]
        _drop_links_to((s for r in records for s in r.get("sources", ())), cited)
        # The chunk dumped as one list: "[", then each record on its own line at depth 4
        # after a comma, then "\n   ]"; without the brackets, the records as the document
        # lays them out.
        text = _block(records, 3).removeprefix(b"[").removesuffix(b"\n   ]")
        yield (b"," if index else b"") + text


def _block(value, depth):
    """`value` as export_json_bytes lays it out when it starts at indent `depth`."""
    text = _one_space_indent(orjson.dumps(value, option=orjson.OPT_INDENT_2))
    return text.replace(b"\n", b"\n" + b" " * depth)


def _kept_versions(negotiation):
    """{id: address} of the sources that another source supersedes and that a record or a
    person of the negotiation cites: a `supersedes` naming any other source leaves the
    document."""
    cited = Q()
    for model in (Round, Position, Event, Statement):
        owner = model._meta.model_name
        links = model.sources.through.objects.filter(**{f"{owner}__negotiation": negotiation})
        cited |= Exists(links.filter(source_id=OuterRef("pk")))
    linked = Negotiation.people.through.objects.filter(negotiation=negotiation).values("person_id")
    links = Person.sources.through.objects.filter(person_id__in=linked)
    cited |= Exists(links.filter(source_id=OuterRef("pk")))
    earlier = Source.objects.filter(supersedes__isnull=False).values("supersedes_id")
    return dict(Source.objects.filter(cited, id__in=earlier).values_list("id", "url"))


def _drop_links_to(sources, cited):
    for source in sources:
        if isinstance(source, dict) and source.get("supersedes") not in cited:
            del source["supersedes"]


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
    grouped = defaultdict(list)
    for chunk in _record_chunks(model, negotiation_ids, build):
        for negotiation_id, entry in chunk:
            grouped[negotiation_id].append(entry)
    return grouped


def _rounds(negotiation_ids):
    return _lane(Round, negotiation_ids, _round_builder(negotiation_ids))


def _record_chunks(model, negotiation_ids, build):
    """Lists of (negotiation id, exported record) of one lane in document order, CHUNK at a
    time: each chunk's sources come in one query, so memory does not grow with the lane."""
    records = model.objects.filter(negotiation_id__in=negotiation_ids).order_by(
        "negotiation_id", "sequence", "id"
    )
    # Plain dicts of the exported fields: no model instances, no timestamps parsed.
    fields = EXPORTED_FIELDS[model]
    # Dates as the ISO text stored (PartialDateField saves PartialDate.iso), not parsed.
    dates = {name: Cast(name, TextField()) for name in fields if name in _DATE_FIELDS}
    names = [name for name in fields if name not in dates]
    records = records.values("id", "negotiation_id", "note", *names, **_stored(dates))
    for batch in batched(records.iterator(chunk_size=CHUNK), CHUNK):
        sources = _sources_of(model, [record["id"] for record in batch])
        chunk = []
        for record in batch:
            entry = build(record)
            _put(entry, "note", record["note"])
            _put(entry, "sources", sources.get(record["id"]))
            chunk.append((record["negotiation_id"], entry))
        yield chunk


_DATE_FIELDS = {"start", "end", "date", "reported_on"}


def _stored(dates):
    # values() refuses an expression under a field's own name; "*_iso" keys hold the text.
    return {f"{name}_iso": expression for name, expression in dates.items()}


def batched(items, size):
    """Lists of up to `size` items, in order (itertools.batched from Python 3.12)."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sources_of(model, record_ids):
    """Exported sources per record id, for the records `record_ids` of `model`."""
    through = model.sources.through
    owner = model._meta.model_name
    rows = (
        through.objects.filter(ids_in(f"{owner}_id", record_ids))
        .order_by("id")
        .values_list(f"{owner}_id", "source_id", *SOURCE_COLUMNS)
    )
    return _group_sources(rows)


def _round_builder(negotiation_ids):
    leads = defaultdict(dict)
    rows = (
        LeadNegotiator.objects.filter(round__negotiation_id__in=negotiation_ids)
        .order_by("id")
        .values_list("round_id", "party__name", "person__name")
    )
    for round_id, party, person in rows:
        leads[round_id][party] = person

    def build(record):
        entry = {}
        _put(entry, "number", record["number"])
        _put(entry, "number_inferred", record["number_inferred"])
        entry["start"] = record["start_iso"]
        _put(entry, "end", record["end_iso"])
        _put(entry, "location", record["location"])
        entry["format"] = record["format"]
        _put(entry, "lead_negotiators", leads.get(record["id"]))
        return entry

    return build


def _position(record):
    entry = {"party": record["party__name"], "issue": record["issue__slug"]}
    _put(entry, "date", record["date_iso"])
    _put(entry, "reported_on", record["reported_on_iso"])
    entry["kind"] = record["kind"]
    _put(entry, "amount", plain_decimal(record["amount"]))
    _put(entry, "amount_min", plain_decimal(record["amount_min"]))
    _put(entry, "amount_max", plain_decimal(record["amount_max"]))
    _put(entry, "currency", record["currency"])
    _put(entry, "unit", record["unit"])
    _put(entry, "percent_change", plain_decimal(record["percent_change"]))
    _put(entry, "period", record["period"])
    return entry


def _event(record):
    entry = {"date": record["date_iso"]}
    _put(entry, "end", record["end_iso"])
    entry["title"] = record["title"]
    return entry


def _statement(record):
    entry = {"date": record["date_iso"]}
    _put(entry, "speaker", record["speaker__name"])
    _put(entry, "speaker_title", record["speaker_title"])
    _put(entry, "party", record["party__name"])
    entry["kind"] = record["kind"]
    entry["quote"] = record["quote"]
    _put(entry, "context", record["context"])
    return entry


# Each lane's model and its record builder (the rounds' is made per export).
_LANE_BUILDERS = {
    "rounds": (Round, None),
    "positions": (Position, _position),
    "events": (Event, _event),
    "statements": (Statement, _statement),
}


def _party_aliases(negotiation_ids):
    """{negotiation id: {party name: [aliases]}} for its parties that have aliases, in order."""
    rows = _links(
        Negotiation.parties.through, "negotiation", negotiation_ids, "party__name", "party__aliases"
    )
    grouped = {}
    for negotiation_id, parties in rows.items():
        named = {name: Party(aliases=text).alias_list() for name, text in parties if text.strip()}
        if named:
            grouped[negotiation_id] = named
    return grouped
