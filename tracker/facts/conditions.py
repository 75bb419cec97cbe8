"""The as-of rules of `derive` as database conditions on a partial date's stored ISO text.

A partial date is stored as "YYYY", "YYYY-MM" or "YYYY-MM-DD", and those texts compare
as their earliest days do: "2020" < "2020-03" < "2020-03-01" < "2020-03-02" < "2020-04".
(Any collation PostgreSQL offers keeps this order: the texts differ in digits first, and
a shorter text that is a prefix sorts first; SQLite compares bytes.) So, with as_of's own
text T, a date POSSIBLY on or before as_of is one whose text is <= T, and one only possibly
so is one whose text is as_of's year or month while as_of is not that period's last day.
A date CERTAINLY on or before as_of is possible and not only possible.
"""

import datetime as dt

from django.db.models import Q


def straddling(as_of):
    """The year and month texts of periods that hold as_of but end after it."""
    texts = []
    if as_of.month != 12 or as_of.day != 31:
        texts.append(f"{as_of.year:04d}")
    if (as_of + dt.timedelta(days=1)).month == as_of.month:
        texts.append(f"{as_of.year:04d}-{as_of.month:02d}")
    return texts


def certainly_by(field, as_of):
    """Records whose partial date `field` certainly fell on or before as_of."""
    condition = Q(**{f"{field}__lte": as_of.isoformat()})
    texts = straddling(as_of)
    return condition & ~Q(**{f"{field}__in": texts}) if texts else condition


def only_possibly_by(field, as_of):
    """Records whose partial date `field` possibly, not certainly, fell on or before as_of."""
    texts = straddling(as_of)
    return Q(**{f"{field}__in": texts}) if texts else Q(pk__in=[])


def published_after(field, as_of):
    """Sources whose `field` (a publication date) is certainly after as_of."""
    return Q(**{f"{field}__gt": as_of.isoformat()})
