"""Brings the database in line with an interchange document: plans the changes, then makes them.

Identity on re-import: a negotiation by slug, a party or person by name, a source by URL
(else by title, publisher, author and date), and a lane record by its index in the
document's list, kept in `sequence`. Rows are compared before anything is written, so a
document that is already in the database changes nothing.
"""

from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..models import (
    DEFAULT_ISSUE,
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
from ..partialdate import PartialDate
from ..revisions import bump_revision
from ..search.index import reindex_imported
from .bulk import insert_objects, insert_rows, write_history
from .export import batched
from .load import load_document
from .plan import ImportPlan, NegotiationPlan
from .validate import (
    LANES,
    InterchangeError,
    person_definition,
    source_definition,
    source_key,
    validate_document,
)

BATCH = 2000
NOTHING_CITED = frozenset()
LANE_MODELS = {"rounds": Round, "positions": Position, "events": Event, "statements": Statement}
LANE_FIELDS = {
    Round: ("number", "number_inferred", "start", "end", "location", "format", "note"),
    Position: (
        "party_id",
        "issue_id",
        "kind",
        "date",
        "reported_on",
        "amount",
        "amount_min",
        "amount_max",
        "currency",
        "unit",
        "percent_change",
        "period",
        "note",
    ),  # fmt: skip
    Event: ("date", "end", "title", "note"),
    Statement: (
        "date",
        "speaker_id",
        "speaker_title",
        "party_id",
        "kind",
        "quote",
        "context",
        "note",
    ),  # fmt: skip
}
SOURCE_MODEL_FIELDS = (
    "url",
    "title",
    "publisher",
    "author",
    "published",
    "note",
    "story",
    "version",
    "version_note",
)


def plan_import(document, *, listed=None, checked=False):
    """What importing `document` would change, computed against the database without writing;
    with `listed`, the plan lists that many negotiations and sums up the rest. `checked`: the
    caller has validated the document already (`check_file` on its file lists the same)."""
    problems = [] if checked else validate_document(document)
    if problems:
        raise InterchangeError(problems)
    return _Importer(document, dry_run=True, listed=listed).run()


def import_document(document, *, user=None, progress=None):
    """Validate `document`, then write it in one transaction; returns what was done."""
    if isinstance(document, str | bytes | bytearray) or hasattr(document, "read"):
        document = load_document(document)
    problems = validate_document(document)
    if problems:
        raise InterchangeError(problems)
    with transaction.atomic(), _history_user(user):
        plan = _Importer(document, user=user, progress=progress).run()
        # Bulk writes send no signals: the search index is written here.
        reindex_imported([n.slug for n in plan.negotiations if n.changed])
        return plan


@contextmanager
def _history_user(user):
    """Credit history rows written by signals (deletions) to `user`."""
    context = HistoricalRecords.context
    missing = object()
    previous = getattr(context, "request", missing)
    if user is not None:
        context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is missing:
            if hasattr(context, "request"):
                del context.request
        else:
            context.request = previous


def _records(model, owner_ids, owner="negotiation"):
    return model.objects.filter(**{f"{owner}_id__in": owner_ids})


def _batches(items, size=BATCH):
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def _date(value):
    return PartialDate.parse(value) if value else None


def _decimal(value):
    return Decimal(value) if value is not None else None


def _source_fields(definition):
    """A source's model fields from its definition: blanks as the columns store them."""
    wanted = {f: definition.get(f) or "" for f in SOURCE_MODEL_FIELDS}
    wanted["published"] = _date(definition.get("published"))
    wanted["version"] = definition.get("version")
    return wanted


class _Importer:
    def __init__(self, document, *, user=None, progress=None, dry_run=False, listed=None):
        self.document = document
        self.user = user
        self.progress = progress
        self.dry_run = dry_run
        self.plan = ImportPlan(listed=listed)
        self.fake_id = 0
        self.done = 0
        negotiations = document["negotiations"]
        self.total = None
        if progress is not None:  # a pass over the document, for progress only
            self.total = sum(len(n.get(lane) or []) for n in negotiations for lane in LANES)
            self.total += len(negotiations)

    def run(self):
        negotiations = self.document["negotiations"]
        self.changed_people, self.changed_sources = set(), set()
        sources, speakers = self.references(negotiations)
        self.party_ids = self.sync_parties(negotiations)
        self.source_ids = self.sync_sources(sources)
        self.person_ids = self.sync_people(negotiations, speakers)
        existing = existing_negotiations(entry["slug"] for entry in negotiations)
        for entry in negotiations:
            self.plan.add(self.sync_negotiation(entry, existing.get(entry["slug"])))
        return self.plan

    # Shared records -------------------------------------------------------
    def new_id(self):
        self.fake_id -= 1
        return self.fake_id

    def history(self, model, objs, *, update=False, links=None):
        """History rows for objects written in bulk, with a snapshot of their links when given."""
        if objs and not self.dry_run:
            write_history(model, objs, "~" if update else "+", self.user, links)

    def relink(self, model, name, wanted, *, replace=True):
        """Link the owners in `wanted` ({owner id: [target ids]}) in order, replacing their
        links unless they are new."""
        m2m = model._meta.get_field(name)
        through = m2m.remote_field.through
        owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        if replace:
            through.objects.filter(**{f"{owner}_id__in": list(wanted)}).delete()
        rows = [
            (owner_id, target_id) for owner_id, targets in wanted.items() for target_id in targets
        ]
        insert_rows(through, [owner, target], rows)
        return self.current_links(model, name, list(wanted))

    def current_links(self, model, name, owner_ids):
        """{owner id: [(link id, target id), ...]} in link order."""
        m2m = getattr(model, name).field
        owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        links = {}
        for _, chunk in _batches(list(owner_ids)):
            rows = (
                m2m.remote_field.through.objects.filter(**{f"{owner}_id__in": chunk})
                .order_by("id")
                .values_list(f"{owner}_id", "id", f"{target}_id")
            )
            for owner_id, link_id, target_id in rows:
                links.setdefault(owner_id, []).append((link_id, target_id))
        return links

    def sync_parties(self, negotiations):
        names = list(dict.fromkeys(name for n in negotiations for name in n["parties"]))
        # Aliases a document gives replace the party's; a party it gives none keeps its own.
        aliases = {
            name: "\n".join(listed)
            for n in negotiations
            for name, listed in (n.get("party_aliases") or {}).items()
        }
        existing = {party.name: party for party in Party.objects.filter(name__in=names)}
        ids = {name: party.id for name, party in existing.items()}
        missing = [
            Party(name=name, aliases=aliases.get(name, "")) for name in names if name not in ids
        ]
        changed = [
            party
            for name, party in existing.items()
            if name in aliases and party.aliases != aliases[name]
        ]
        for party in changed:
            party.aliases = aliases[party.name]
        self.plan.parties.created = len(missing)
        self.plan.parties.updated = len(changed)
        self.plan.parties.unchanged = len(names) - len(missing) - len(changed)
        if self.dry_run:
            ids.update((party.name, self.new_id()) for party in missing)
            return ids
        if missing:
            Party.objects.bulk_create(missing, batch_size=BATCH)
            self.history(Party, missing)
            ids.update((party.name, party.id) for party in missing)
        if changed:
            Party.objects.bulk_update(changed, ["aliases"], batch_size=BATCH)
            self.history(Party, changed, update=True)
        return ids

    def references(self, negotiations):
        """In one pass over the document: each source cited ({key: definition, or None for a
        bare URL}) and the names of speakers and lead negotiators."""
        sources, people = {}, []
        self.cited_keys = {}
        for negotiation in negotiations:
            cited = set()
            for entry in self.cited(negotiation):
                for source in entry.get("sources") or ():
                    key = source_key(source)
                    cited.add(key)
                    if isinstance(source, dict):
                        sources[key] = source_definition(source)
                    elif key not in sources:
                        sources[key] = None
                if entry.get("speaker"):
                    people.append(entry["speaker"])
                people.extend((entry.get("lead_negotiators") or {}).values())
            # Most negotiations of a document with many cite nothing: one shared empty set.
            self.cited_keys[negotiation["slug"]] = cited or NOTHING_CITED
        return sources, people

    def sync_sources(self, definitions):
        by_key = self.existing_sources(list(definitions))
        created, updated = [], {}
        new = set()
        for key, definition in definitions.items():
            source = by_key.get(key)
            wanted = _source_fields(definition or {"url": key[1]})
            if source is None:
                source = by_key[key] = Source(**wanted)
                created.append(source)
                new.add(key)
            elif definition is not None and any(
                getattr(source, f) != value for f, value in wanted.items()
            ):
                for f, value in wanted.items():
                    setattr(source, f, value)
                updated[key] = source
        if self.dry_run:
            for source in created:
                source.id = self.new_id()
        else:
            Source.objects.bulk_create(created, batch_size=BATCH)
        # Links to earlier versions, once every source of the document has an id.
        for key, definition in definitions.items():
            if definition is None:
                continue
            source, target = by_key[key], definition["supersedes"]
            wanted_id = by_key[("url", target)].id if target else None
            if source.supersedes_id != wanted_id:
                source.supersedes_id = wanted_id
                if key not in new:
                    updated[key] = source
        counts = self.plan.sources
        counts.created, counts.updated = len(created), len(updated)
        counts.unchanged = len(definitions) - len(created) - len(updated)
        self.changed_sources.update(updated)
        self.changed_sources.update(source_key_of(s) for s in created)
        if not self.dry_run:
            now = timezone.now()
            linked = [s for s in created if s.supersedes_id is not None]
            Source.objects.bulk_update(linked, ["supersedes_id"], batch_size=BATCH)
            self.history(Source, created)
            for source in updated.values():
                source.modified = now
            changed = [*SOURCE_MODEL_FIELDS, "supersedes_id", "modified"]
            Source.objects.bulk_update(list(updated.values()), changed, batch_size=BATCH)
            self.history(Source, list(updated.values()), update=True)
        return {key: source.id for key, source in by_key.items()}

    def existing_sources(self, keys):
        """{key: Source} for the sources of `keys` already in the database."""
        by_key = {}
        urls = [key[1] for key in keys if key[0] == "url"]
        for _, chunk in _batches(urls):
            for source in Source.objects.filter(url__in=chunk).order_by("id"):
                by_key.setdefault(("url", source.url), source)
        titles = list({key[1] for key in keys if key[0] == "untitled"})
        for _, chunk in _batches(titles):
            for source in Source.objects.filter(url="", title__in=chunk).order_by("id"):
                by_key.setdefault(source_key_of(source), source)
        return by_key

    def cited(self, negotiation):
        """Every entry of a negotiation that can cite sources."""
        yield from negotiation.get("people") or ()
        for lane in LANES:
            yield from negotiation.get(lane) or ()

    def sync_people(self, negotiations, referenced):
        definitions = {}
        for negotiation in negotiations:
            for person in negotiation.get("people") or ():
                definitions[person["name"]] = person_definition(person)
        names = list(dict.fromkeys([*definitions, *referenced]))
        people = {}
        for _, chunk in _batches(names):
            people.update((p.name, p) for p in Person.objects.filter(name__in=chunk))
        links = self.current_links(
            Person, "sources", [p.id for n, p in people.items() if n in definitions]
        )
        created, updated, relinked = [], [], {}
        for name in names:
            person = people.get(name)
            if name not in definitions:
                if person is None:
                    people[name] = person = Person(name=name)
                    created.append(person)
                continue
            title, party, sources = definitions[name]
            party_id = self.party_ids[party] if party else None
            source_ids = [self.source_ids[source_key(s)] for s in sources]
            if person is None:
                people[name] = person = Person(name=name, title=title, party_id=party_id)
                person.wanted_sources = source_ids
                created.append(person)
                continue
            changed = (person.title, person.party_id) != (title, party_id)
            if [t for _, t in links.get(person.id, ())] != source_ids:
                relinked[person.id] = source_ids
                changed = True
            if changed:
                person.title, person.party_id, person.modified = title, party_id, timezone.now()
                updated.append(person)
                self.changed_people.add(name)
        counts = self.plan.people
        counts.created, counts.updated = len(created), len(updated)
        counts.unchanged = len(names) - len(created) - len(updated)
        self.changed_people.update(person.name for person in created)
        if self.dry_run:
            for person in created:
                person.id = self.new_id()
            return {name: person.id for name, person in people.items()}
        Person.objects.bulk_create(created, batch_size=BATCH)
        relinked.update((p.id, p.wanted_sources) for p in created if hasattr(p, "wanted_sources"))
        if updated:
            Person.objects.bulk_update(updated, ["title", "party_id", "modified"], batch_size=BATCH)
        links.update(self.relink(Person, "sources", relinked))
        self.history(Person, created, links={"sources": links})
        self.history(Person, updated, update=True, links={"sources": links})
        return {name: person.id for name, person in people.items()}

    # Negotiations ---------------------------------------------------------
    def sync_negotiation(self, entry, negotiation):
        """Bring one negotiation in line with its entry; what that does, as a NegotiationPlan."""
        wanted = {
            "title": entry["title"],
            "summary": entry.get("summary") or "",
            "status": entry.get("status") or Negotiation.Status.ONGOING,
        }
        party_ids = [self.party_ids[name] for name in entry["parties"]]
        person_ids = [self.person_ids[person["name"]] for person in entry.get("people") or ()]
        plan = NegotiationPlan(slug=entry["slug"], title=entry["title"], is_new=negotiation is None)
        if negotiation is None:
            negotiation = Negotiation(slug=entry["slug"], **wanted)
            current = {"parties": [], "people": []}
            if not self.dry_run:
                Negotiation.objects.bulk_create([negotiation])
        else:
            current = {
                "parties": self.current_links(Negotiation, "parties", [negotiation.id]).get(
                    negotiation.id, []
                ),
                "people": self.current_links(Negotiation, "people", [negotiation.id]).get(
                    negotiation.id, []
                ),
            }
            plan.details_changed = any(getattr(negotiation, f) != v for f, v in wanted.items())
        relink = {}
        for name, ids in (("parties", party_ids), ("people", person_ids)):
            if [target for _, target in current[name]] != ids:
                relink[name] = ids
        plan.details_changed = plan.details_changed or bool(relink and not plan.is_new)
        unwanted_issues = self.sync_issues(negotiation, entry, plan)
        for lane in LANES:
            self.sync_lane(negotiation, entry.get(lane) or [], lane, plan)
        if unwanted_issues and not self.dry_run:
            Issue.objects.filter(pk__in=unwanted_issues).delete()
        self.step(1)
        people = {person["name"] for person in entry.get("people") or ()}
        cited = self.cited_keys[entry["slug"]]
        if people & self.changed_people or not cited.isdisjoint(self.changed_sources):
            plan.shared_records_changed = True
        if self.dry_run or not plan.changed:
            return plan
        if plan.details_changed or plan.is_new:
            for f, v in wanted.items():
                setattr(negotiation, f, v)
            links = {}
            for name in ("parties", "people"):
                if name in relink:
                    made = self.relink(Negotiation, name, {negotiation.id: relink[name]})
                    links[name] = made
                else:
                    links[name] = {negotiation.id: current[name]}
            if not plan.is_new:
                negotiation.modified = timezone.now()
                Negotiation.objects.filter(pk=negotiation.pk).update(
                    modified=negotiation.modified, **wanted
                )
            if not plan.is_new:
                bump_revision(negotiation.id)
                negotiation.revision += 1
            self.history(Negotiation, [negotiation], update=not plan.is_new, links=links)
        else:
            bump_revision(negotiation.id)
        return plan

    def sync_issues(self, negotiation, entry, plan):
        """Make the negotiation's issues the document's, plus "General" when a position names
        none; sets `self.issues` ({slug: Issue}) and returns the ids to delete after the lanes."""
        wanted = [
            {
                "slug": issue["slug"],
                "title": issue["title"],
                "description": issue.get("description") or "",
                "order": index,
            }
            for index, issue in enumerate(entry.get("issues") or ())
        ]
        slugs = {issue["slug"] for issue in wanted}
        positions = entry.get("positions") or ()
        if DEFAULT_ISSUE["slug"] not in slugs and any(not p.get("issue") for p in positions):
            wanted.append({**DEFAULT_ISSUE, "description": "", "order": len(wanted)})
            slugs.add(DEFAULT_ISSUE["slug"])
        existing = {}
        if not plan.is_new:
            existing = {i.slug: i for i in Issue.objects.filter(negotiation_id=negotiation.pk)}
        self.issues, created, updated = {}, [], []
        for fields in wanted:
            issue = existing.get(fields["slug"])
            if issue is None:
                issue = Issue(negotiation=negotiation, **fields)
                created.append(issue)
            elif any(getattr(issue, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(issue, name, value)
                issue.modified = timezone.now()
                updated.append(issue)
            self.issues[fields["slug"]] = issue
        unwanted = [issue.pk for slug, issue in existing.items() if slug not in slugs]
        if not plan.is_new and (created or updated or unwanted):
            plan.details_changed = True
        if self.dry_run:
            for issue in created:
                issue.id = self.new_id()
            return unwanted
        Issue.objects.bulk_create(created)
        Issue.objects.bulk_update(updated, ["title", "description", "order", "modified"])
        self.history(Issue, created)
        self.history(Issue, updated, update=True)
        return unwanted

    def step(self, count):
        self.done += count
        if self.progress is not None:
            self.progress(self.done, self.total)

    # Lanes ------------------------------------------------------------------
    def wanted_fields(self, model, item):
        if model is Round:
            return {
                "number": item.get("number"),
                "number_inferred": item.get("number_inferred"),
                "start": _date(item["start"]),
                "end": _date(item.get("end")),
                "location": item.get("location") or "",
                "format": item.get("format") or Round.Format.IN_PERSON,
                "note": item.get("note") or "",
            }
        if model is Position:
            return {
                "party_id": self.party_ids[item["party"]],
                "issue_id": self.issues[item.get("issue") or DEFAULT_ISSUE["slug"]].id,
                "kind": item["kind"],
                "date": _date(item.get("date")),
                "reported_on": _date(item.get("reported_on")),
                "amount": _decimal(item.get("amount")),
                "amount_min": _decimal(item.get("amount_min")),
                "amount_max": _decimal(item.get("amount_max")),
                "currency": (item.get("currency") or "").upper(),
                "unit": item.get("unit") or "",
                "percent_change": _decimal(item.get("percent_change")),
                "period": item.get("period") or "",
                "note": item.get("note") or "",
            }
        if model is Event:
            return {
                "date": _date(item["date"]),
                "end": _date(item.get("end")),
                "title": item["title"],
                "note": item.get("note") or "",
            }
        return {
            "date": _date(item["date"]),
            "speaker_id": self.person_ids[item["speaker"]] if item.get("speaker") else None,
            "speaker_title": item.get("speaker_title") or "",
            "party_id": self.party_ids[item["party"]] if item.get("party") else None,
            "kind": item.get("kind") or Statement.Kind.QUOTE,
            "quote": item["quote"],
            "context": item.get("context") or "",
            "note": item.get("note") or "",
        }

    def wanted_leads(self, item):
        leads = item.get("lead_negotiators") or {}
        return [(self.party_ids[party], self.person_ids[person]) for party, person in leads.items()]

    def sync_lane(self, negotiation, items, lane, plan):
        model, counts, is_new = LANE_MODELS[lane], plan.lanes[lane], plan.is_new
        if model is Round and not is_new and not self.dry_run:
            self.free_round_numbers(negotiation, items)
        for start, chunk in _batches(items):
            existing = {}
            doubles = []
            if not is_new:
                rows = (
                    _records(model, [negotiation.pk])
                    .filter(sequence__gte=start, sequence__lt=start + len(chunk))
                    .order_by("sequence", "id")
                    .values_list("id", "sequence", *LANE_FIELDS[model])
                )
                for pk, sequence, *values in rows:
                    if sequence in existing:
                        doubles.append(pk)
                    else:
                        existing[sequence] = (pk, values)
            self.sync_chunk(negotiation, model, start, chunk, existing, counts)
            if doubles:
                counts.deleted += len(doubles)
                if not self.dry_run:
                    model.objects.filter(pk__in=doubles).delete()
            self.step(len(chunk))
        if not is_new:
            beyond = _records(model, [negotiation.pk]).filter(sequence__gte=len(items))
            if self.dry_run:
                counts.deleted += beyond.count()
            else:
                counts.deleted += beyond.delete()[1].get(model._meta.label, 0)

    def free_round_numbers(self, negotiation, items):
        """Clear numbers that move to another round, so no unique check trips midway."""
        wanted = {index: item.get("number") for index, item in enumerate(items)}
        moving = [
            pk
            for pk, sequence, number in _records(Round, [negotiation.pk])
            .filter(number__isnull=False)
            .values_list("id", "sequence", "number")
            if wanted.get(sequence, -1) != number
        ]
        if moving:
            Round.objects.filter(pk__in=moving).update(number=None)

    def sync_chunk(self, negotiation, model, start, chunk, existing, counts):
        ids = [pk for pk, _ in existing.values()]
        links = self.current_links(model, "sources", ids) if ids else {}
        leads = {}
        if model is Round and ids:
            rows = LeadNegotiator.objects.filter(round_id__in=ids).order_by("id")
            for row in rows.values_list("round_id", "party_id", "person_id"):
                leads.setdefault(row[0], []).append(row[1:])
        fields = LANE_FIELDS[model]
        created, changes, relinks, relead = [], {}, {}, {}
        for offset, item in enumerate(chunk):
            wanted = self.wanted_fields(model, item)
            source_ids = [self.source_ids[source_key(s)] for s in item.get("sources") or ()]
            if start + offset not in existing:
                record = model(negotiation=negotiation, sequence=start + offset, **wanted)
                record.wanted_sources = source_ids
                if model is Round:
                    record.wanted_leads = self.wanted_leads(item)
                created.append(record)
                continue
            pk, values = existing[start + offset]
            changed = any(value != wanted[f] for f, value in zip(fields, values, strict=True))
            if [t for _, t in links.get(pk, ())] != source_ids:
                relinks[pk] = source_ids
                changed = True
            if model is Round and leads.get(pk, []) != self.wanted_leads(item):
                relead[pk] = self.wanted_leads(item)
                changed = True
            if changed:
                changes[pk] = wanted
        counts.created += len(created)
        counts.updated += len(changes)
        counts.unchanged += len(chunk) - len(created) - len(changes)
        if self.dry_run:
            return
        now = timezone.now()
        self.insert_records(model, negotiation, created, now)
        updated = list(model.objects.in_bulk(list(changes)).values()) if changes else []
        if updated:
            for record in updated:
                for f, value in changes[record.pk].items():
                    setattr(record, f, value)
                record.modified = now
            model.objects.bulk_update(updated, [*fields, "modified"], batch_size=BATCH)
        if relinks:
            links.update(self.relink(model, "sources", relinks))
        if created:
            made = {record.pk: record.wanted_sources for record in created}
            links.update(self.relink(model, "sources", made, replace=False))
        self.history(model, created, links={"sources": links})
        self.history(model, updated, update=True, links={"sources": links})
        if model is Round:
            relead.update((record.pk, record.wanted_leads) for record in created)
            self.replace_leads(relead)

    def insert_records(self, model, negotiation, records, now):
        """Insert new lane records and give them their ids, found by their unique sequence."""
        if not records:
            return
        for record in records:
            record.negotiation_id, record.created, record.modified = negotiation.pk, now, now
        columns = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
        insert_objects(model, records, columns)
        ids = dict(
            _records(model, [negotiation.pk])
            .filter(sequence__in=[record.sequence for record in records])
            .values_list("sequence", "id")
        )
        for record in records:
            record.id = ids[record.sequence]

    def replace_leads(self, wanted):
        if not wanted:
            return
        LeadNegotiator.objects.filter(round_id__in=list(wanted)).delete()
        rows = [
            LeadNegotiator(round_id=round_id, party_id=party_id, person_id=person_id)
            for round_id, pairs in wanted.items()
            for party_id, person_id in pairs
        ]
        LeadNegotiator.objects.bulk_create(rows, batch_size=BATCH)
        self.history(LeadNegotiator, rows)


def existing_negotiations(slugs):
    """{slug: Negotiation} of those of `slugs` (any iterable) in the database, looked up a
    batch at a time."""
    found = {}
    for batch in batched(slugs, BATCH):
        found.update((n.slug, n) for n in Negotiation.objects.filter(slug__in=batch))
    return found


def source_key_of(source):
    if source.url:
        return ("url", source.url)
    published = source.published.iso if source.published else ""
    return ("untitled", source.title, source.publisher, source.author, published)
