"""The changes to a negotiation's records (rounds, positions, events, statements), for its
history page: they are saved with it from the inlines, but each has its own history."""

from django.urls import reverse

from .. import models

LANES = (models.Round, models.Position, models.Event, models.Statement)
# Foreign keys each lane's description reads, fetched with the history rows.
DESCRIBED_BY = {models.Position: ["party"], models.Statement: ["speaker"]}
LIMIT = 100


def record_changes(negotiation_id, *, limit=LIMIT):
    """The newest `limit` history rows of the negotiation's records, newest first, as dicts of
    date, lane, record (its description), action, user, reason and url (its history page)."""
    rows = []
    for model in LANES:
        related = DESCRIBED_BY.get(model, [])
        rows.extend(
            (model, row)
            for row in model.history.filter(negotiation_id=negotiation_id)
            .select_related("history_user", *related)
            .order_by("-history_date", "-history_id")[:limit]
        )
    rows.sort(key=lambda pair: pair[1].history_date, reverse=True)
    return [_change(model, row) for model, row in rows[:limit]]


def _change(model, row):
    record = row.instance
    for name in DESCRIBED_BY.get(model, []):
        setattr(record, name, getattr(row, name))  # already fetched: no query per row
    return {
        "date": row.history_date,
        "lane": model._meta.verbose_name,
        "record": str(record),
        "action": row.get_history_type_display(),
        "user": row.history_user,
        "reason": row.history_change_reason or "",
        "url": reverse(f"admin:tracker_{model._meta.model_name}_history", args=[row.id]),
    }
