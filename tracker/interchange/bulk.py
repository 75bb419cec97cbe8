"""Bulk writes for large imports: plain multi-row INSERTs and history rows with link snapshots.

The ORM's bulk_create prepares every value through the query compiler and, on SQLite,
splits inserts into batches of a few dozen rows; for 100,000-record documents that
dominates the import. These helpers send ready tuples through `executemany` instead.
"""

from django.db import connection, models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from ..fields import PartialDateField

CHUNK = 2000


def _preparer(field):
    """A function turning a Python value of `field` into what the database driver takes."""
    if isinstance(field, PartialDateField):
        return lambda value: value.iso if value is not None else None
    if isinstance(field, models.DateTimeField | models.DecimalField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def insert_objects(model, objs, attnames):
    """INSERT `objs` (their `attnames` columns) into `model`'s table, without reading ids back."""
    preparers = [_preparer(model._meta.get_field(name)) for name in attnames]
    rows = []
    for obj in objs:
        values = [getattr(obj, name) for name in attnames]
        rows.append(
            tuple(
                prep(value) if prep else value
                for prep, value in zip(preparers, values, strict=True)
            )
        )
    insert_rows(model, attnames, rows)


def insert_rows(model, columns, rows):
    """INSERT tuples of database-ready values into `model`'s table."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = [quote(model._meta.get_field(column).column) for column in columns]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def write_history(model, objs, history_type, user, links=None):
    """History rows ("+" or "~") for saved `objs`, and for each m2m field in `links`
    ({field name: {owner id: [(link id, target id), ...]}}) the snapshot simple-history keeps."""
    if not objs:
        return
    historical = model.history.model
    tracked = historical.tracked_fields
    stamp = timezone.now()
    fixed = (
        historical._meta.get_field("history_date").get_db_prep_save(stamp, connection),
        history_type,
        user.pk if user is not None else None,
    )
    preparers = [_preparer(field) for field in tracked]
    rows = [
        tuple(
            prep(getattr(obj, field.attname)) if prep else getattr(obj, field.attname)
            for prep, field in zip(preparers, tracked, strict=True)
        )
        + fixed
        for obj in objs
    ]
    columns = [field.attname for field in tracked]
    insert_rows(historical, [*columns, "history_date", "history_type", "history_user"], rows)
    if not links:
        return
    ids = [obj.pk for obj in objs]
    for start in range(0, len(ids), CHUNK):
        history_ids = dict(
            historical.objects.filter(
                history_date=stamp, history_type=history_type, id__in=ids[start : start + CHUNK]
            ).values_list("id", "history_id")
        )
        for name, by_owner in links.items():
            m2m = model._meta.get_field(name)
            snapshot_model = HistoricalRecords.m2m_models[m2m]
            owner, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
            snapshot = [
                (history_id, link_id, owner_id, target_id)
                for owner_id, history_id in history_ids.items()
                for link_id, target_id in by_owner.get(owner_id, ())
            ]
            insert_rows(snapshot_model, ["history", "id", owner, target], snapshot)
