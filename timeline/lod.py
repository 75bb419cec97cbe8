"""Level of detail: dense lanes drawn as counts per week, full detail for a zoomed range.

A lane with more points in the requested range than `DETAIL_LIMIT` is drawn as bins:
day-precision facts by ISO week (Monday to Sunday), month-precision facts by their
month and year-precision facts by their year, so a partial date is never pinned to
a week it may not belong to. Each bin carries its count per group (party), drawn
as one WebGL marker per bin and group in the middle of its period.
Binning is pure (rows in, bins or trace dicts out); `lane_rows` runs the two queries
a lane needs whatever its size: its rows up to the limit, then either their sources
(by the caller) or, when the limit is passed, its counts per date and group.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from html import escape

from django.db.models import CharField, Count, ExpressionWrapper, F, Q

from tracker.partialdate import DAY, MONTH, PartialDate

# Above a few hundred markers a lane reads as a smear and SVG redraws slow down.
DETAIL_LIMIT = 500
UNGROUPED = "Unattributed"
MONTHS = tuple(calendar.month_abbr)


@dataclass(frozen=True, slots=True)
class Bin:
    """`count` facts of one group whose dates fall within `start`..`end` (inclusive days)."""

    start: dt.date
    end: dt.date
    label: str
    group: str
    count: int


def needs_binning(count, limit=DETAIL_LIMIT):
    """True when `count` points in the requested range are too many to draw one by one."""
    return count > limit


@lru_cache(maxsize=65_536)
def period_of(date):
    """The bin period a partial date falls in: (first day, last day, label)."""
    date = PartialDate.parse(date)
    if date.precision == DAY:
        day = date.earliest
        monday = day - dt.timedelta(days=day.weekday())
        year, week, _ = day.isocalendar()
        return monday, monday + dt.timedelta(days=6), f"Week {week} of {year}, from {_day(monday)}"
    if date.precision == MONTH:
        return date.earliest, date.latest, date.display()
    return date.earliest, date.latest, date.display()


def bin_counts(rows):
    """Bins from `(iso_date, group, count)` rows, merged per period and group, in date order.

    Rows are what a `values_list("date", "party__name").annotate(Count("id"))` query
    gives: one per distinct date text and group; a missing group counts as `UNGROUPED`.
    """
    totals = {}
    periods = {}
    for iso, group, count in rows:
        if not iso:
            continue
        if iso not in periods:
            periods[iso] = period_of(iso)
        key = (periods[iso], group or UNGROUPED)
        totals[key] = totals.get(key, 0) + count
    bins = [
        Bin(start, end, label, group, count)
        for ((start, end, label), group), count in totals.items()
    ]
    bins.sort(key=lambda b: (b.start, b.end, b.group))
    return bins


def total(rows):
    """How many facts `(iso_date, group, count)` rows stand for."""
    return sum(count for _, _, count in rows)


def binned_traces(bins, *, noun="statements", colors=None, y=None, **axes):
    """One `scattergl` trace per group: a marker per bin in its period's middle, sized by count.

    The hover text names the period (plotly.js cannot draw error bars on a date axis in
    WebGL, so the span is told, not drawn).

    `y` is the lane's y value (default: the group name); `axes` passes `xaxis`/`yaxis`
    to put the traces in a subplot. Hover text is escaped: group names are user text.
    """
    colors = colors or {}
    by_group = {}
    for item in bins:
        by_group.setdefault(item.group, []).append(item)
    largest = max((item.count for item in bins), default=1)
    traces = []
    for group, items in by_group.items():
        middles = [_middle(item) for item in items]
        marker = {
            "size": [6 + 18 * (item.count / largest) ** 0.5 for item in items],
            "opacity": 0.75,
        }
        if group in colors:
            marker["color"] = colors[group]
        traces.append(
            {
                "type": "scattergl",
                "mode": "markers",
                "name": escape(f"{group} ({noun} per week)", quote=False),
                "legendgroup": group,
                "x": [m.isoformat(sep=" ") for m in middles],
                "y": [group if y is None else y] * len(items),
                "marker": marker,
                "text": [
                    escape(f"{item.label}: {item.count} {noun} ({group})", quote=False)
                    for item in items
                ],
                "hoverinfo": "text",
                "meta": {"lod": "binned"},
                **axes,
            }
        )
    return traces


def binned_panel(bins, lane, colors=None):
    """A chart panel ({"weight", "traces", "axis"}) drawing a binned lane, a row per group."""
    groups = sorted({item.group for item in bins} - {UNGROUPED})
    if any(item.group == UNGROUPED for item in bins):
        groups.append(UNGROUPED)
    rows = {group: len(groups) - 1 - index for index, group in enumerate(groups)}
    traces = []
    for group in groups:
        members = [item for item in bins if item.group == group]
        traces += binned_traces(members, noun=lane, colors=colors, y=rows[group])
    axis = {
        "tickvals": list(rows.values()),
        "ticktext": [escape(group, quote=False) for group in rows],
        "range": [-0.6, len(rows) - 0.4],
        "title": {"text": f"{lane.capitalize()} per week"},
    }
    return {"weight": 0.4 + 0.3 * len(rows), "traces": traces, "axis": axis}


def bins_extent(bins_by_lane):
    """(first day, last day) over every bin, or None."""
    every = [item for bins in bins_by_lane.values() for item in bins]
    if not every:
        return None
    return min(item.start for item in every), max(item.end for item in every)


# Queries ----------------------------------------------------------------------------------


def on_or_after_q(field, day):
    """Records whose date text in `field` may fall on or after `day` (exact for partial dates)."""
    iso = day.isoformat()
    return Q(**{f"{field}__gte": iso}) | Q(**{field: iso[:7]}) | Q(**{field: iso[:4]})


def window_q(date_field, start=None, end=None, end_field=None):
    """Records whose date (or date..end span) may overlap the days `start`..`end`."""
    q = Q()
    if end is not None:
        q &= Q(**{f"{date_field}__lte": end.isoformat()})
    if start is not None:
        later = on_or_after_q(date_field, start)
        if end_field:
            later |= on_or_after_q(end_field, start)
        q &= later
    return q


def lane_rows(queryset, fields, *, date_field, group_field=None, group=None, params,
              end_field=None, limit=None):  # fmt: skip
    """(rows, bins) of one lane: all its `values_list(*fields)` rows and bins None when there
    are at most `limit`; else the rows in the params' date window and bins () when those are
    few enough (a zoomed view); else no rows and the bins of the window (as of `as_of`).

    Two queries for a lane within the limit and for a binned lane; a zoomed view of a
    dense lane takes a third. The window only narrows dense lanes.
    """
    limit = DETAIL_LIMIT if limit is None else limit
    rows = list(queryset.values_list(*fields)[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    window = queryset.filter(window_q(date_field, params.start, params.end, end_field))
    dense = window
    if params.as_of is not None:
        dense = dense.filter(**{f"{date_field}__lte": params.as_of.isoformat()})
    # The date as stored text: thousands of distinct dates need no PartialDate each.
    dense = dense.annotate(day_text=ExpressionWrapper(F(date_field), output_field=CharField()))
    keys = ("day_text", group_field) if group_field else ("day_text",)
    counted = list(dense.order_by().values_list(*keys).annotate(count=Count("pk")))
    if not group_field:
        counted = [(date, group, count) for date, count in counted]
    if (params.start or params.end) and total(counted) <= limit:
        return list(window.values_list(*fields)), ()
    return [], tuple(bin_counts(counted))


def _middle(item):
    start = dt.datetime.combine(item.start, dt.time())
    return start + (dt.datetime.combine(item.end, dt.time()) + dt.timedelta(days=1) - start) / 2


def _day(day):
    return f"{day.day} {MONTHS[day.month]} {day.year}"
