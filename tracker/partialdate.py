"""Dates known to the year, the month or the day, kept at the precision written.

"2019-09" means some day in September 2019, never the 1st. A `PartialDate`
sorts as its ISO text does ("2019" < "2019-09" < "2019-09-24" < "2019-10"), so
the database and Python agree on order, and it answers whether it certainly or
possibly fell on or before a given day.
"""

import calendar
import datetime as dt
import re
from functools import lru_cache, total_ordering

ACCEPTED_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"
_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")

YEAR, MONTH, DAY = "year", "month", "day"
# calendar.month_name formats a date for every lookup; exports look up 100,000 of them.
MONTH_NAMES = tuple(calendar.month_name)


class PartialDateError(ValueError):
    """Raised for text that is not a YYYY, YYYY-MM or YYYY-MM-DD date."""


@total_ordering
class PartialDate:
    """A calendar date at year, month or day precision."""

    __slots__ = ("year", "month", "day")

    def __init__(self, year, month=None, day=None):
        if day is not None and month is None:
            raise PartialDateError("a day needs a month")
        self.year, self.month, self.day = year, month, day
        try:
            dt.date(year, 1 if month is None else month, 1 if day is None else day)
        except ValueError as exc:
            raise PartialDateError(f'"{self.iso}" is not a date ({ACCEPTED_FORMS})') from exc

    @classmethod
    def parse(cls, text):
        """Parse "YYYY", "YYYY-MM" or "YYYY-MM-DD"; raise PartialDateError otherwise."""
        if isinstance(text, cls):
            return text
        if isinstance(text, dt.date):
            return cls(text.year, text.month, text.day)
        if not isinstance(text, str):
            raise PartialDateError(f"{_quote(text)} is not a date ({ACCEPTED_FORMS})")
        return _parse_text(text)

    @property
    def precision(self):
        """The precision written: "year", "month" or "day"."""
        if self.day is not None:
            return DAY
        return MONTH if self.month is not None else YEAR

    @property
    def iso(self):
        """ISO 8601 text at this precision: "2019", "2019-09" or "2019-09-24"."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    @property
    def earliest(self):
        """The first day this date could be."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self):
        """The last day this date could be."""
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def certainly_on_or_before(self, day):
        """True when every day this date could be is on or before `day`."""
        return self.latest <= day

    def possibly_on_or_before(self, day):
        """True when some day this date could be is on or before `day`."""
        return self.earliest <= day

    def display(self):
        """As a reader writes it: "2019", "September 2019", "24 September 2019"."""
        if self.month is None:
            return str(self.year)
        month = MONTH_NAMES[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def __str__(self):
        return self.iso

    def __repr__(self):
        return f"PartialDate({self.iso!r})"

    def __eq__(self, other):
        if isinstance(other, PartialDate):
            return self.iso == other.iso
        return NotImplemented

    def __lt__(self, other):
        if isinstance(other, PartialDate):
            return self.iso < other.iso
        return NotImplemented

    def __hash__(self):
        return hash(self.iso)


def display_span(start, end=None):
    """A start and optional end as a reader writes them: "17-19 March 2020"."""
    if end is None or end == start:
        return start.display()
    if start.precision == end.precision == DAY and (start.year, start.month) == (
        end.year,
        end.month,
    ):
        return f"{start.day}-{end.day} {MONTH_NAMES[end.month]} {end.year}"
    if start.precision == end.precision == DAY and start.year == end.year:
        return f"{start.day} {MONTH_NAMES[start.month]} - {end.display()}"
    return f"{start.display()} - {end.display()}"


def span_fields(start, end=None):
    """A fact's dates as exports write them: {"start", "end"} as ISO text or None, "date" as
    a reader writes the span, "earliest" and "latest" as ISO days ("" when undated)."""
    return dict(zip(_SPAN_FIELDS, _span_values(start, end), strict=True))


_SPAN_FIELDS = ("start", "end", "date", "earliest", "latest")


# A download of 100,000 facts spans a few thousand distinct pairs of dates.
@lru_cache(maxsize=16_384)
def _span_values(start, end):
    if not start:
        return (None, end.iso if end else None, "", "", "")
    return (
        start.iso,
        end.iso if end else None,
        display_span(start, end),
        start.earliest.isoformat(),
        (end or start).latest.isoformat(),
    )


def _quote(value):
    return f'"{value}"' if isinstance(value, str) else repr(value)


# Reading 100,000 records parses the same few thousand days over and over; a PartialDate is
# never changed once made, so one instance per text can be shared.
@lru_cache(maxsize=16_384)
def _parse_text(text):
    match = _PATTERN.match(text.strip())
    if not match:
        raise PartialDateError(f"{_quote(text)} is not a date ({ACCEPTED_FORMS})")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        return PartialDate(year, month, day)
    except PartialDateError:
        raise PartialDateError(f"{_quote(text)} is not a date ({ACCEPTED_FORMS})") from None
