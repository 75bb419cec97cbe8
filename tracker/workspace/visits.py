"""Since my last visit: when a user last opened a timeline, and what changed since.

A visit is a run of openings less than `VISIT_GAP` apart: reloading or filtering the
timeline keeps the same marks, coming back the next day compares with the day before.
"""

import datetime as dt

from django.utils import timezone

from .changes import FACT_KINDS, TRACKED
from .models import LastVisit

VISIT_GAP = dt.timedelta(minutes=30)


def open_timeline(user, negotiation, *, now=None):
    """Record that the user opened the negotiation's timeline; return when the previous
    visit ended (None on a first visit): changes after it are marked."""
    now = now or timezone.now()
    visit, created = LastVisit.objects.get_or_create(
        user=user, negotiation=negotiation, defaults={"seen_at": now}
    )
    if created:
        return None
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_visit = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous_visit"])
    return visit.previous_visit


def changed_since(negotiation, since):
    """{"<lane>-<id>": "new" or "changed"} for the negotiation's facts added or changed after
    `since` (a record both added and changed is "new"); {} when `since` is None."""
    if since is None:
        return {}
    marks = {}
    for lane in FACT_KINDS:
        history = TRACKED[lane].history.model.objects.filter(
            negotiation_id=negotiation.pk, history_date__gt=since, history_type__in=("+", "~")
        )
        for record_id, kind in history.values_list("id", "history_type").distinct():
            key = f"{lane}-{record_id}"
            if kind == "+" or key not in marks:
                marks[key] = "new" if kind == "+" else "changed"
    return marks
