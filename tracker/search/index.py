"""Keeping the search index current: rows replaced per record, per negotiation, or all at once.

Every write runs in the caller's transaction, so an edit and its index rows commit together.
Whole negotiations are indexed set-based (`reindex_negotiations`): rows built in Python
(`documents`, the same code as a single record's), loaded into a temporary table (COPY on
PostgreSQL, batched inserts on SQLite) and merged with two statements that touch only the
rows that differ. A re-import that changes a few records rewrites a few rows, not all of them:
every rewritten row leaves a dead row behind in PostgreSQL, and until VACUUM a search reads
through them (a full rewrite of 130,000 rows made the worst searches 5-10 times slower).
A changed row is deleted and written anew.
"""

from dataclasses import dataclass

from django.db import connection, transaction

from ..models import Negotiation
from .documents import SHARED_LANES, negotiations_entries, record_entries, shared_entries
from .models import SearchEntry

BATCH = 500
STAGE = "tracker_search_stage"
COLUMNS = ("negotiation_id", "lane", "record_id", "when", "title", "body", "sources")
# Past this many rows deleted (changed ones included), an import vacuums the index once it commits.
VACUUM_AFTER = 5000
_COLUMNS_SQL = ", ".join(f'"{column}"' for column in COLUMNS)
_SAME_ROW = " AND ".join(f's."{c}" = e."{c}"' for c in COLUMNS)
_MERGE = {
    # Rows of records that are gone or whose text changed.
    "deleted": f"""DELETE FROM tracker_searchentry AS e WHERE e.negotiation_id IN ({{ids}})
        AND NOT EXISTS (SELECT 1 FROM {STAGE} s WHERE {_SAME_ROW})""",
    # Rows of new records and the changed rows anew.
    "inserted": f"""INSERT INTO tracker_searchentry ({_COLUMNS_SQL}) SELECT {_COLUMNS_SQL}
        FROM {STAGE} s WHERE NOT EXISTS (SELECT 1 FROM tracker_searchentry e
        WHERE e.negotiation_id = s.negotiation_id AND e.lane = s.lane
        AND e.record_id = s.record_id)""",
}


@dataclass(frozen=True)
class Merged:
    """How many index rows a reindex deleted and added (a changed row counts in both)."""

    deleted: int = 0
    inserted: int = 0

    def __add__(self, other):
        return Merged(self.deleted + other.deleted, self.inserted + other.inserted)


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
    """Index every record of one negotiation anew, writing only the rows that differ;
    returns Merged."""
    return reindex_negotiations([negotiation_id])


def reindex_negotiations(negotiation_ids):
    """Index every record of these negotiations anew, writing only the rows that differ,
    through one staging table per group of BATCH negotiations (an import of a thousand small
    negotiations paid nine queries each); returns Merged."""
    ids = sorted(set(negotiation_ids))
    merged = Merged()
    for start in range(0, len(ids), BATCH):
        merged += _reindex_group(ids[start : start + BATCH])
    return merged


def _reindex_group(ids):
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            f"""CREATE TEMPORARY TABLE {STAGE} (negotiation_id bigint NOT NULL,
            lane varchar(20) NOT NULL, record_id bigint NOT NULL, "when" varchar(100) NOT NULL,
            title text NOT NULL, body text NOT NULL, sources text NOT NULL,
            PRIMARY KEY (negotiation_id, lane, record_id))"""
        )
        pending = []
        for rows in negotiations_entries(ids):
            pending.extend(tuple(getattr(row, c) for c in COLUMNS) for row in rows)
            if len(pending) >= BATCH:
                _stage(cursor, pending)
                pending = []
        _stage(cursor, pending)
        counts = {}
        placeholders = ", ".join(["%s"] * len(ids))
        for name, sql in _MERGE.items():
            cursor.execute(sql.format(ids=placeholders), ids if "{ids}" in sql else [])
            counts[name] = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGE}")
    return Merged(**counts)


def _stage(cursor, rows):
    if not rows:
        return
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {STAGE} ({_COLUMNS_SQL}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(f"INSERT INTO {STAGE} VALUES ({placeholders})", rows)


def vacuum_after(merged):
    """Once the transaction commits, VACUUM the index if a reindex left many dead rows
    (PostgreSQL; autovacuum would take a minute or more, and searches read through them)."""
    if connection.vendor == "postgresql" and merged.deleted >= VACUUM_AFTER:
        transaction.on_commit(vacuum)


def vacuum():
    """VACUUM (ANALYZE) the index table; nothing inside a transaction, where it cannot run."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) tracker_searchentry")


def rebuild():
    """Index the whole record anew; returns the number of rows written."""
    with transaction.atomic(savepoint=False):
        SearchEntry.objects.all().delete()
        reindex_negotiations(Negotiation.objects.values_list("pk", flat=True))
        return SearchEntry.objects.count()


def forget_negotiation(negotiation_id):
    """Remove every row of a negotiation that is deleted."""
    SearchEntry.objects.filter(negotiation_id=negotiation_id).delete()


def forget_records(lane, ids):
    """Remove the rows of records that are deleted."""
    SearchEntry.objects.filter(lane=lane, record_id__in=list(ids)).delete()


def reindex_imported(slugs):
    """Index anew the negotiations an import changed (it writes in bulk, sending no signals)."""
    merged = reindex_negotiations(
        Negotiation.objects.filter(slug__in=slugs).values_list("pk", flat=True)
    )
    vacuum_after(merged)
    return merged
