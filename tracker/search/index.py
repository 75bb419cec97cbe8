"""Keeping the search index current: rows replaced per record, per negotiation, or all at once.

Every write runs in the caller's transaction, so an edit and its index rows commit together.
"""

from django.db import transaction

from ..models import Negotiation
from .documents import SHARED_LANES, negotiation_entries, record_entries, shared_entries
from .models import SearchEntry

BATCH = 500


def _write(rows):
    if rows:
        SearchEntry.objects.bulk_create(rows, batch_size=BATCH)


def reindex_records(lane, ids):
    """Index these records of a lane anew; records that are gone lose their rows."""
    ids = sorted(set(ids))
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        SearchEntry.objects.filter(lane=lane, record_id__in=ids).delete()
        _write(record_entries(lane, ids))


def reindex_shared(negotiation_ids):
    """Index anew each negotiation's own row, its issues and its people."""
    with transaction.atomic(savepoint=False):
        for negotiation_id in sorted(set(negotiation_ids)):
            shared = SearchEntry.objects.filter(
                negotiation_id=negotiation_id, lane__in=SHARED_LANES
            )
            shared.delete()
            _write(shared_entries(negotiation_id))


def reindex_negotiation(negotiation_id):
    """Index every record of one negotiation anew."""
    with transaction.atomic(savepoint=False):
        SearchEntry.objects.filter(negotiation_id=negotiation_id).delete()
        pending = []
        for rows in negotiation_entries(negotiation_id):
            pending.extend(rows)
            if len(pending) >= BATCH:
                _write(pending)
                pending = []
        _write(pending)


def rebuild():
    """Index the whole record anew; returns the number of rows written."""
    with transaction.atomic(savepoint=False):
        SearchEntry.objects.all().delete()
        for negotiation_id in Negotiation.objects.values_list("pk", flat=True):
            reindex_negotiation(negotiation_id)
        return SearchEntry.objects.count()


def forget_negotiation(negotiation_id):
    """Remove every row of a negotiation that is deleted."""
    SearchEntry.objects.filter(negotiation_id=negotiation_id).delete()


def forget_records(lane, ids):
    """Remove the rows of records that are deleted."""
    SearchEntry.objects.filter(lane=lane, record_id__in=list(ids)).delete()


def reindex_imported(slugs):
    """Index anew the negotiations an import changed (it writes in bulk, sending no signals)."""
    for negotiation_id in Negotiation.objects.filter(slug__in=slugs).values_list("pk", flat=True):
        reindex_negotiation(negotiation_id)
