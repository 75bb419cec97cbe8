"""Where a partial date goes on a date axis: the day, or a band over every day it could be."""

import datetime as dt

from tracker.partialdate import DAY

DAY_MS = 86_400_000


def span(start, end=None):
    """(first day, last day) a partial date or a start..end pair could cover."""
    return start.earliest, max((end or start).latest, start.earliest)


def day_text(day):
    return day.isoformat()


def end_of_day(day):
    """The last moment of a day, as plotly reads dates."""
    return f"{day.isoformat()} 23:59:59"


def marker_x(start, end=None):
    """Where a marker goes: the day itself, or the middle of every day the date could be."""
    first, last = span(start, end)
    if start.precision == DAY:
        return day_text(start.earliest)
    middle = (
        dt.datetime.combine(first, dt.time())
        + (dt.datetime.combine(last, dt.time(23, 59, 59)) - dt.datetime.combine(first, dt.time()))
        / 2
    )
    return middle.isoformat(sep=" ", timespec="minutes")


def is_band(start, end=None):
    """True when a date covers more than one day and so is drawn as a band."""
    first, last = span(start, end)
    return last > first
