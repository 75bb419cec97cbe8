"""Level of detail: dense lanes drawn as counts per week, full detail for a zoomed range.

A lane with more points in the requested range than `DETAIL_LIMIT` is drawn as bins:
day-precision facts by ISO week (Monday to Sunday), month-precision facts by their
month and year-precision facts by their year, so a partial date is never pinned to
a week it may not belong to. Each bin carries its count per group (party), drawn
as one WebGL marker per bin and group, spanning its period with an error bar.
Everything here is pure: rows in, bins or trace dicts out.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from html import escape

from tracker.partialdate import DAY, MONTH, PartialDate

DETAIL_LIMIT = 2000
UNGROUPED = "Unattributed"


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
    """One `scattergl` trace per group: a marker per bin, sized by count, spanning its period.

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
        half_widths_ms = [((item.end - item.start).days + 1) * 43_200_000 for item in items]
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
                "error_x": {
                    "type": "data",
                    "array": half_widths_ms,
                    "visible": True,
                    "thickness": 1,
                    "width": 0,
                },
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


def _middle(item):
    start = dt.datetime.combine(item.start, dt.time())
    return start + (dt.datetime.combine(item.end, dt.time()) + dt.timedelta(days=1) - start) / 2


def _day(day):
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"
