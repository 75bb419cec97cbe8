"""The change log: every create, change and delete of negotiations' records, in words.

`change_entries(...)` is one query over the history tables of a negotiation's records
(the negotiation, its issues, rounds, lead negotiators, positions, events and statements):
(history_date, history_id, kind) rows, newest first, cheap to count and paginate.
`describe(entries)` turns one page of them into `Change`s with a constant number of
queries: "Round 8: end changed from March 2020 to 1 April 2020, by editor, with source
...". Sources, parties and people belong to no single negotiation and stay out.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone

from tracker.amounts import format_amount
from tracker.models import (
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
from tracker.partialdate import PartialDate

TRACKED = {
    "negotiation": Negotiation,
    "issues": Issue,
    "rounds": Round,
    "leads": LeadNegotiator,
    "positions": Position,
    "events": Event,
    "statements": Statement,
}
FACT_KINDS = ("rounds", "positions", "events", "statements")
ACTIONS = {"+": "added", "~": "changed", "-": "deleted"}
# Bookkeeping, not facts: never reported as a change.
UNREPORTED = {"id", "created", "modified", "revision", "sequence", "negotiation"}
LONGEST_VALUE = 120


@dataclass(frozen=True, slots=True)
class Change:
    """One historical record in words."""

    kind: str  # a key of TRACKED
    record_id: int
    history_id: int
    negotiation_id: int | None
    when: dt.datetime
    action: str  # "added", "changed" or "deleted"
    label: str  # "Round 8"
    details: tuple[str, ...]  # ("end changed from March 2020 to 1 April 2020",)
    user: str  # the editor's username, "" when none was recorded
    sources: tuple[str, ...]  # the sources the version cites

    @property
    def record_key(self):
        """ "<lane>-<id>" as the timeline names a fact; "" for other records."""
        return f"{self.kind}-{self.record_id}" if self.kind in FACT_KINDS else ""

    def sentence(self, *, show_user=True):
        """ "Round 8: end changed from March 2020 to 1 April 2020, by editor, with source X"."""
        if self.action == "changed":
            text = f"{self.label}: {'; '.join(self.details) or 'saved, no field changed'}"
        else:
            text = f"{self.label} {self.action}"
        if self.user:
            text += f", by {self.user if show_user else 'an editor'}"
        if self.sources and self.action != "deleted":
            noun = "source" if len(self.sources) == 1 else "sources"
            text += f", with {noun} {'; '.join(self.sources)}"
        return text


def change_entries(negotiation_ids=None, *, since=None, until=None, kinds=None, actions=None):
    """(history_date, history_id, kind) of every historical record of the negotiations
    (`negotiation_ids`: ids or an id queryset; None for all), newest first; `since` and
    `until` are days, both included; `kinds` and `actions` ("+", "~", "-") narrow it."""
    parts = []
    for kind, model in TRACKED.items():
        if kinds is not None and kind not in kinds:
            continue
        history = model.history.model.objects.order_by()
        if negotiation_ids is not None:
            history = history.filter(**_scope(kind, negotiation_ids))
        if since is not None:
            history = history.filter(history_date__gte=_midnight(since))
        if until is not None:
            history = history.filter(history_date__lt=_midnight(until + dt.timedelta(days=1)))
        if actions is not None:
            history = history.filter(history_type__in=actions)
        parts.append(
            history.annotate(change_kind=Value(kind, output_field=models.CharField())).values_list(
                "history_date", "history_id", "change_kind"
            )
        )
    if not parts:
        return Negotiation.history.model.objects.none().values_list("history_date", "history_id")
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")


def _scope(kind, negotiation_ids):
    if kind == "negotiation":
        return {"id__in": negotiation_ids}
    if kind == "leads":
        rounds = Round.history.model.objects.filter(negotiation_id__in=negotiation_ids)
        return {"round_id__in": rounds.values("id")}
    return {"negotiation_id__in": negotiation_ids}


def _midnight(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def describe(entries):
    """The `Change`s of (history_date, history_id, kind) entries, in their order."""
    by_kind = defaultdict(list)
    for _, history_id, kind in entries:
        by_kind[kind].append(history_id)
    versions = {kind: _versions(kind, ids) for kind, ids in by_kind.items()}
    names = _Names(versions)
    changes = []
    for _, history_id, kind in entries:
        current, previous, sources = versions[kind][history_id]
        changes.append(_change(kind, current, previous, sources, names))
    return changes


def _versions(kind, history_ids):
    """{history_id: (version, previous version or None, {history_id: source labels})}."""
    history = TRACKED[kind].history.model
    earlier = history.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
    current = list(
        history.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_id=Subquery(earlier.order_by("-history_id").values("history_id")[:1]))
    )
    previous = history.objects.in_bulk([row.previous_id for row in current if row.previous_id])
    sources = _sources_of(kind, [row.history_id for row in current] + list(previous))
    return {row.history_id: (row, previous.get(row.previous_id), sources) for row in current}


def _sources_of(kind, history_ids):
    """{history_id: (source label, ...)} for lanes that cite sources."""
    name = f"Historical{TRACKED[kind].__name__}_sources"
    try:
        through = apps.get_model("tracker", name)
    except LookupError:
        return {}
    found = defaultdict(list)
    rows = (
        through.objects.filter(history_id__in=history_ids)
        .order_by("pk")
        .values_list("history_id", "source_id", "source__title", "source__url", "source__publisher")
    )
    for history_id, source_id, title, url, publisher in rows:
        label = title or url or f"source #{source_id}"
        found[history_id].append(f"{label} ({publisher})" if publisher else label)
    return {history_id: tuple(labels) for history_id, labels in found.items()}


class _Names:
    """Names of the parties, people, issues, rounds and sources the versions point to."""

    MODELS = {Party: "name", Person: "name", Issue: "title", Round: None, Source: "title"}

    def __init__(self, versions):
        wanted = defaultdict(set)
        for found in versions.values():
            for current, previous, _ in found.values():
                for version in (current, previous):
                    if version is None:
                        continue
                    for field in _reported_fields(version):
                        target = field.related_model
                        if target in self.MODELS and getattr(version, field.attname):
                            wanted[target].add(getattr(version, field.attname))
                    if hasattr(version, "round_id"):
                        wanted[Round].add(version.round_id)
        self.names = {
            model: {pk: self._name(model, obj) for pk, obj in model.objects.in_bulk(ids).items()}
            for model, ids in wanted.items()
        }

    def _name(self, model, obj):
        if model is Round:
            return _round_label(obj)
        return getattr(obj, self.MODELS[model]) or f"{model._meta.verbose_name} #{obj.pk}"

    def of(self, model, pk):
        if pk is None:
            return None
        return self.names.get(model, {}).get(pk) or f"deleted {model._meta.verbose_name} #{pk}"


def _reported_fields(version):
    model = type(version).instance_type
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in UNREPORTED and not field.name.startswith("history_")
    ]


def _change(kind, current, previous, sources, names):
    action = ACTIONS[current.history_type]
    details = ()
    if action == "changed" and previous is not None:
        details = tuple(_differences(current, previous, names)) + _source_changes(
            sources.get(previous.history_id, ()), sources.get(current.history_id, ())
        )
    user = current.history_user
    return Change(
        kind=kind,
        record_id=current.id,
        history_id=current.history_id,
        negotiation_id=current.id if kind == "negotiation" else _negotiation_of(current),
        when=current.history_date,
        action=action,
        label=_label(kind, current, names),
        details=details,
        user=user.get_username() if user else "",
        sources=sources.get(current.history_id, ()),
    )


def _negotiation_of(version):
    return getattr(version, "negotiation_id", None)


def _differences(current, previous, names):
    for field in _reported_fields(current):
        old, new = getattr(previous, field.attname), getattr(current, field.attname)
        if old == new:
            continue
        name = field.verbose_name
        old, new = _shown(field, old, names), _shown(field, new, names)
        if old is None:
            yield f"{name} set to {new}"
        elif new is None:
            yield f"{name} cleared (was {old})"
        else:
            yield f"{name} changed from {old} to {new}"


def _source_changes(before, after):
    added = [label for label in after if label not in before]
    removed = [label for label in before if label not in after]
    return tuple(
        [f"source added: {label}" for label in added]
        + [f"source removed: {label}" for label in removed]
    )


def _shown(field, value, names):
    """A field's value as a reader reads it; None for an empty value."""
    if value is None or value == "":
        return None
    if field.related_model is not None:
        return names.of(field.related_model, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, PartialDate):
        return value.display()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format_amount(value)
    text = str(value)
    if len(text) > LONGEST_VALUE:
        text = text[: LONGEST_VALUE - 3] + "..."
    return f"“{text}”" if isinstance(value, str) and " " in text else text


def _label(kind, version, names):
    """What the record is: "Round 8", "United States demand of November 2019"."""
    if kind == "negotiation":
        return f"Negotiation “{version.title}”"
    if kind == "issues":
        return f"Issue “{version.title}”"
    if kind == "rounds":
        return _round_label(version)
    if kind == "leads":
        return (
            f"Lead negotiator for {names.of(Party, version.party_id)}"
            f" in {names.of(Round, version.round_id)}"
        )
    if kind == "positions":
        when = version.date.display() if version.date else "undated"
        return f"{names.of(Party, version.party_id)} {version.kind} of {when}"
    if kind == "events":
        return f"Event “{_short(version.title)}” of {version.date.display()}"
    speaker = names.of(Person, version.speaker_id) if version.speaker_id else "an unnamed speaker"
    return f"Statement by {speaker} of {version.date.display()}"


def _round_label(version):
    if version.number is not None:
        return f"Round {version.number}"
    if version.number_inferred is not None:
        return f"Round {version.number_inferred} (inferred)"
    return f"Unnumbered round of {version.start.display()}"


def _short(text):
    return text if len(text) <= 60 else text[:57] + "..."
