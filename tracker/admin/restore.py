"""Bring a deleted negotiation back from history, with the records deleted along with it.

Deleting a negotiation cascades to its rounds (and their lead negotiators), issues,
positions, events and statements; simple-history keeps a "-" row for each. `restore_negotiation`
re-creates them with their ids, fields and links (parties, people, sources) as they were
just before the deletion, in one transaction, each credited to `user` in history.
"""

from datetime import timedelta

from django.db import transaction

from ..models import Event, Issue, LeadNegotiator, Negotiation, Position, Round, Statement
from ..revisions import bump_revision

# Issues before the positions that refer to them.
LANES = [Round, Issue, Position, Event, Statement]
# Cascaded deletions are written within moments of the negotiation's own; older
# deletions of a child were made on purpose and stay deleted.
CASCADE_WINDOW = timedelta(minutes=5)


class RestoreError(Exception):
    """The negotiation cannot be restored, with the reason."""


def deleted_negotiation(history_id_or_slug):
    """The "-" history row of a deleted negotiation, by its history id or its slug."""
    rows = Negotiation.history.filter(history_type="-")
    if isinstance(history_id_or_slug, int) or str(history_id_or_slug).isdigit():
        row = rows.filter(history_id=int(history_id_or_slug)).first()
    else:
        row = rows.filter(slug=history_id_or_slug).order_by("-history_date").first()
    if row is None:
        raise RestoreError(f"No deleted negotiation {history_id_or_slug!r} in history.")
    return row


def _m2m_ids(model, row, field):
    """Ids linked through `field` in a history row, else in the last row that had any."""
    through = model.history.model._meta.get_field(
        f"historical{model._meta.model_name}_{field}"
    ).related_model
    target = model._meta.get_field(field).related_model._meta.model_name + "_id"
    while row is not None:
        ids = list(through.objects.filter(history=row).values_list(target, flat=True))
        if ids or row.history_type != "-":
            return ids
        row = row.prev_record
    return []


def _latest_deletions(model, since, until, **filters):
    """The last "-" row of each object of `model` deleted between `since` and `until`."""
    rows = model.history.filter(
        history_type="-", history_date__gte=since, history_date__lte=until, **filters
    ).order_by("id", "-history_date")
    latest = {}
    for row in rows:
        latest.setdefault(row.id, row)
    return [row for row in latest.values() if not model.objects.filter(pk=row.id).exists()]


def _recreate(model, row, user, m2m_fields=()):
    obj = row.instance
    obj._history_user = user
    obj.save(force_insert=True)
    if hasattr(row, "created"):  # the creation time is part of the record, not of the restore
        model.objects.filter(pk=obj.pk).update(created=row.created)
    for field in m2m_fields:
        getattr(obj, field).set(_m2m_ids(model, row, field))
    return obj


@transaction.atomic
def restore_negotiation(history_id_or_slug, *, user):
    """Re-create a deleted negotiation and its cascaded records; returns the negotiation."""
    row = deleted_negotiation(history_id_or_slug)
    if Negotiation.objects.filter(pk=row.id).exists():
        raise RestoreError(f"Negotiation {row.slug!r} exists; nothing to restore.")
    if Negotiation.objects.filter(slug=row.slug).exists():
        raise RestoreError(f"Another negotiation now uses the slug {row.slug!r}.")
    since, until = row.history_date - CASCADE_WINDOW, row.history_date + timedelta(seconds=1)
    negotiation = _recreate(Negotiation, row, user, ["parties", "people"])
    round_ids = []
    for model in LANES:
        for child in _latest_deletions(model, since, until, negotiation_id=row.id):
            _recreate(model, child, user, [] if model is Issue else ["sources"])
            if model is Round:
                round_ids.append(child.id)
    for lead in _latest_deletions(LeadNegotiator, since, until, round_id__in=round_ids):
        _recreate(LeadNegotiator, lead, user)
    bump_revision(negotiation.pk)
    negotiation.refresh_from_db()
    return negotiation
