"""The index rows of the record: what text of each record is searched, and under which heading.

Every row has a heading (`title`, weighted most), the record's other words (`body`) and the
labels of its sources (`sources`, weighted least). A source without a title is known by the
words of its address ("US-military-begins-furlough-of-..."), which is what a reader sees of it.
Reads are set-based: a lane of 100,000 records takes a handful of queries.
"""

import re
from collections import defaultdict
from urllib.parse import unquote, urlsplit

from django.db.models import Exists, OuterRef

from ..models import (
    Event,
    Issue,
    LeadNegotiator,
    Negotiation,
    Position,
    Round,
    Statement,
)
from ..partialdate import display_span
from .models import SearchEntry

RECORD_LANES = ("rounds", "positions", "events", "statements")
SHARED_LANES = ("negotiation", "issues", "people")
LANE_MODELS = {"rounds": Round, "positions": Position, "events": Event, "statements": Statement}
# Private-use characters mark highlights in the databases' answers; never part of the text.
MARKS = ("\ue000", "\ue001")
_URL_WORDS = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+][A-Za-z0-9]+){2,}")


def clean(*parts):
    """Parts joined by line breaks, blanks left out, highlight marks taken out."""
    text = "\n".join(str(part) for part in parts if part)
    return text.replace(MARKS[0], "").replace(MARKS[1], "")


def source_label(title, url, publisher):
    """A source's searchable label: its title, else the headline words of its address."""
    if title:
        return clean(title, publisher)
    path = unquote(urlsplit(url or "").path)
    headlines = _URL_WORDS.findall(path)
    words = max(headlines, key=len) if headlines else ""
    return clean(re.sub(r"[-_+]", " ", words), publisher)


def _sources_of(model, ids=None, *, negotiation_id=None):
    """{record id: "label\\nlabel"} for records of `model` with these ids, or for every record
    of a negotiation (one pass over its links), their sources' labels in order."""
    through = model.sources.through
    owner = f"{model._meta.model_name}_id"
    if negotiation_id is not None:
        wheres = [{f"{model._meta.model_name}__negotiation_id": negotiation_id}]
    else:
        wheres = [{f"{owner}__in": chunk} for chunk in _chunks(ids)]
    links, labels = defaultdict(list), {}
    source_fields = ("source__title", "source__url", "source__publisher")
    for where in wheres:
        rows = through.objects.filter(**where).values_list(owner, "source_id", *source_fields)
        for owner_id, source_id, *source in rows.iterator(chunk_size=5000):
            if source_id not in labels:
                labels[source_id] = source_label(*source)
            links[owner_id].append(source_id)
    return {
        owner_id: clean(*(labels[s] for s in sorted(set(sources))))
        for owner_id, sources in links.items()
    }


def _chunks(ids, size=900):
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _entry(record, lane, title, body, sources, when=""):
    return SearchEntry(
        negotiation_id=record.negotiation_id,
        lane=lane,
        record_id=record.pk,
        when=when,
        title=clean(title),
        body=clean(*body),
        sources=sources.get(record.pk, ""),
    )


def round_entries(rounds, sources=None):
    ids = [r.pk for r in rounds]
    leads = defaultdict(list)
    for chunk in _chunks(ids):
        rows = LeadNegotiator.objects.filter(round_id__in=chunk).values_list(
            "round_id", "person__name", "party__name"
        )
        for round_id, person, party in rows:
            leads[round_id].append(f"{person} ({party})")
    sources = _sources_of(Round, ids) if sources is None else sources
    return [
        _entry(
            r,
            "rounds",
            str(r).rsplit(", ", 1)[0],
            [r.location, *leads[r.pk], r.note],
            sources,
            display_span(r.start, r.end) if r.start else "",
        )
        for r in rounds
    ]


def position_entries(positions, sources=None):
    if sources is None:
        sources = _sources_of(Position, [p.pk for p in positions])
    return [
        _entry(
            p,
            "positions",
            f"{p.party.name} {p.get_kind_display().lower()}: {p.amount_display()}",
            [p.issue.title, p.period, p.unit, p.note],
            sources,
            p.date.display() if p.date else "",
        )
        for p in positions
    ]


def event_entries(events, sources=None):
    if sources is None:
        sources = _sources_of(Event, [e.pk for e in events])
    return [
        _entry(
            e, "events", e.title, [e.note], sources, display_span(e.date, e.end) if e.date else ""
        )
        for e in events
    ]


def statement_entries(statements, sources=None):
    if sources is None:
        sources = _sources_of(Statement, [s.pk for s in statements])
    entries = []
    for s in statements:
        who = s.speaker.name if s.speaker_id else "Unattributed"
        if s.party_id:
            who += f" ({s.party.name})"
        body = [s.quote, s.context, s.speaker_title, s.note]
        entries.append(
            _entry(s, "statements", who, body, sources, s.date.display() if s.date else "")
        )
    return entries


LANE_ENTRIES = {
    "rounds": round_entries,
    "positions": position_entries,
    "events": event_entries,
    "statements": statement_entries,
}


LANE_RELATED = {
    "rounds": (),
    "positions": ("party", "issue"),
    "events": (),
    "statements": ("speaker", "party"),
}
CHUNK = 900


# Read by no index row; deferred, they cost a third of a 100,000-record reindex to load.
TIMESTAMPS = ("created", "modified")


def _records(lane, **filters):
    model, related = LANE_MODELS[lane], LANE_RELATED[lane]
    unused = [*TIMESTAMPS, *(f"{name}__{field}" for name in related for field in TIMESTAMPS)]
    return model.objects.filter(**filters).select_related(*related).defer(*unused).order_by("pk")


def record_entries(lane, ids):
    """Index rows of the records of one lane with these ids (gone ones are left out)."""
    rows = []
    for chunk in _chunks(ids, CHUNK):
        rows.extend(LANE_ENTRIES[lane](list(_records(lane, pk__in=chunk))))
    return rows


def shared_entries(negotiation_id):
    """The negotiation's own row, its issues' and its people's rows."""
    found = Negotiation.objects.filter(pk=negotiation_id)
    return [row for rows in _shared_entries(found) for row in rows]


def _shared_entries(negotiations):
    """Lists of the shared rows of each of these negotiations, in four queries for them all."""
    negotiations = list(negotiations)
    ids = [negotiation.pk for negotiation in negotiations]
    parties, issues, people = defaultdict(list), defaultdict(list), defaultdict(list)
    for negotiation_id, name in (
        Negotiation.parties.through.objects.filter(negotiation_id__in=ids)
        .order_by("negotiation_id", "party__name")
        .values_list("negotiation_id", "party__name")
    ):
        parties[negotiation_id].append(name)
    for issue in Issue.objects.filter(negotiation_id__in=ids):
        issues[issue.negotiation_id].append(issue)
    for negotiation_id, *person in _people_of(ids):
        people[negotiation_id].append(person)
    for negotiation in negotiations:
        rows = [
            SearchEntry(
                negotiation_id=negotiation.pk,
                lane="negotiation",
                record_id=negotiation.pk,
                title=clean(negotiation.title),
                body=clean(negotiation.summary, ", ".join(parties[negotiation.pk])),
            )
        ]
        for issue in issues[negotiation.pk]:
            rows.append(
                SearchEntry(
                    negotiation_id=negotiation.pk,
                    lane="issues",
                    record_id=issue.pk,
                    title=clean(issue.title),
                    body=clean(issue.description),
                )
            )
        for person_id, name, title, party in people[negotiation.pk]:
            rows.append(
                SearchEntry(
                    negotiation_id=negotiation.pk,
                    lane="people",
                    record_id=person_id,
                    title=clean(name),
                    body=clean(title, party or ""),
                )
            )
        yield rows


def _people_of(negotiation_ids):
    """(negotiation id, person id, name, title, party name) of each negotiation's people: those
    listed on it, its speakers and its lead negotiators, each once (as
    `Person.objects.in_negotiation`, for many negotiations in one query)."""
    person = ("name", "title", "party__name")
    listed = Negotiation.people.through.objects.filter(negotiation_id__in=negotiation_ids)
    speaking = Statement.objects.filter(negotiation_id__in=negotiation_ids, speaker__isnull=False)
    leading = LeadNegotiator.objects.filter(round__negotiation_id__in=negotiation_ids)
    return (
        listed.values_list("negotiation_id", "person_id", *(f"person__{f}" for f in person))
        .order_by()
        .union(
            speaking.values_list(
                "negotiation_id", "speaker_id", *(f"speaker__{f}" for f in person)
            ).order_by(),
            leading.values_list(
                "round__negotiation_id", "person_id", *(f"person__{f}" for f in person)
            ).order_by(),
        )
    )


def negotiations_entries(negotiation_ids):
    """Every index row of these negotiations, yielded a few hundred at a time: the shared rows
    of all of them from five queries, then each lane that has records (one query tells which)."""
    has = {
        f"has_{lane}": Exists(model.objects.filter(negotiation_id=OuterRef("pk")))
        for lane, model in LANE_MODELS.items()
    }
    negotiations = list(Negotiation.objects.filter(pk__in=negotiation_ids).annotate(**has))
    from ..interchange.export import batched  # not at the top: the importer imports the index

    yield from _shared_entries(negotiations)
    for negotiation in negotiations:
        for lane in LANE_MODELS:
            if getattr(negotiation, f"has_{lane}"):
                # One pass over the lane and one over its source links: reading them a page at
                # a time scanned every remaining row again for each page (quadratic at 100,000).
                records = _records(lane, negotiation_id=negotiation.pk).iterator(chunk_size=CHUNK)
                sources = _sources_of(LANE_MODELS[lane], negotiation_id=negotiation.pk)
                for chunk in batched(records, CHUNK):
                    yield LANE_ENTRIES[lane](chunk, sources)
