"""Query parameters of a timeline view, parsed once and written back for permalinks.

`?lanes=rounds,statements&party=United States&start=2019-09&end=2020-06&as_of=2020-04-01`
`&theme=dark&height=600`. Bad values raise `TimelineParamsError`, whose message names the
parameter and the accepted forms, for a 400 response.
"""

import datetime as dt
import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from tracker.control_characters import control_character_problem
from tracker.partialdate import PartialDate, PartialDateError

LANES = ("rounds", "positions", "events", "statements")
THEMES = ("auto", "light", "dark")
ALIGNMENTS = ("calendar", "relative")
MIN_HEIGHT, MAX_HEIGHT = 200, 4000
MAX_PARTIES = 50
MAX_COMPARED = 8
# ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "٣" (read as 3).
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")
DECIMAL_NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?")
SHOWN_LENGTH = 40


class TimelineParamsError(ValueError):
    """A query parameter with a value the timeline cannot use."""


@dataclass(frozen=True)
class TimelineParams:
    """What a timeline shows: lanes, parties (empty = all), date window, as-of date, look."""

    lanes: tuple[str, ...] = LANES
    parties: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    as_of: dt.date | None = None
    theme: str = "auto"
    height: int | None = None

    @classmethod
    def from_query(cls, query):
        """Parse a QueryDict (or a dict of lists); raise TimelineParamsError on bad values."""
        start = _partial_date(query, "start")
        end = _partial_date(query, "end")
        params = cls(
            lanes=_lanes(query),
            parties=_parties(query),
            start=start.earliest if start else None,
            end=end.latest if end else None,
            as_of=_day(query, "as_of"),
            theme=_choice(query, "theme", THEMES, "auto"),
            height=_height(query),
        )
        if params.start and params.end and params.end < params.start:
            raise TimelineParamsError(
                f"end: {params.end.isoformat()} is before start {params.start.isoformat()}"
            )
        return params

    def to_query(self):
        """The query string (without "?") that gives these parameters back; "" for defaults."""
        pairs = []
        if self.lanes != LANES:
            pairs.append(("lanes", ",".join(self.lanes)))
        pairs.extend(("party", name) for name in self.parties)
        for name in ("start", "end", "as_of"):
            value = getattr(self, name)
            if value is not None:
                pairs.append((name, value.isoformat()))
        if self.theme != "auto":
            pairs.append(("theme", self.theme))
        if self.height is not None:
            pairs.append(("height", str(self.height)))
        return urlencode(pairs)

    def with_changes(self, **changes):
        """A copy with some fields replaced."""
        return replace(self, **changes)

    def shows(self, lane):
        return lane in self.lanes


@dataclass(frozen=True)
class CompareParams:
    """Which negotiations to overlay (by slug) and how to align them."""

    slugs: tuple[str, ...] = ()
    align: str = "calendar"
    theme: str = "auto"

    @classmethod
    def from_query(cls, query):
        """Parse `?n=<slug>&n=<slug>&align=calendar|relative&theme=...`."""
        slugs = tuple(
            dict.fromkeys(value.strip() for value in _values(query, "n") if value.strip())
        )
        if len(slugs) > MAX_COMPARED:
            raise TimelineParamsError(f"n: at most {MAX_COMPARED} negotiations can be compared")
        return cls(
            slugs=slugs,
            align=_choice(query, "align", ALIGNMENTS, "calendar"),
            theme=_choice(query, "theme", THEMES, "auto"),
        )

    def to_query(self):
        pairs = [("n", slug) for slug in self.slugs]
        if self.align != "calendar":
            pairs.append(("align", self.align))
        if self.theme != "auto":
            pairs.append(("theme", self.theme))
        return urlencode(pairs)


def _values(query, name):
    if hasattr(query, "getlist"):
        return query.getlist(name)
    value = query.get(name, [])
    return [value] if isinstance(value, str) else list(value)


def _single(query, name):
    values = [value.strip() for value in _values(query, name)]
    values = [value for value in values if value]
    if len(values) > 1:
        raise TimelineParamsError(f"{name}: give one value, not {len(values)}")
    return values[0] if values else None


def _lanes(query):
    raw = _values(query, "lanes") + _values(query, "lane")
    if not raw:
        return LANES
    asked = {part.strip() for value in raw for part in value.split(",") if part.strip()}
    unknown = sorted(asked - set(LANES))
    if unknown:
        raise TimelineParamsError(
            f'lanes: "{unknown[0]}" is not a lane (choose from {", ".join(LANES)})'
        )
    return tuple(lane for lane in LANES if lane in asked)


def _parties(query):
    names = tuple(
        dict.fromkeys(value.strip() for value in _values(query, "party") if value.strip())
    )
    if len(names) > MAX_PARTIES:
        raise TimelineParamsError(f"party: at most {MAX_PARTIES} parties")
    too_long = [name for name in names if len(name) > 200]
    if too_long:
        raise TimelineParamsError("party: a party name is at most 200 characters")
    for name in names:
        if problem := control_character_problem(name):
            raise TimelineParamsError(f"party: {problem}")
    return names


def _partial_date(query, name):
    text = _single(query, name)
    if text is None:
        return None
    try:
        return PartialDate.parse(text)
    except PartialDateError as exc:
        raise TimelineParamsError(f"{name}: {exc}") from None


def _day(query, name):
    """A day, or the last day of a month or year given alone ("as of 2020": by its end)."""
    text = _single(query, name)
    if text is None:
        return None
    try:
        return PartialDate.parse(text).latest
    except PartialDateError:
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise TimelineParamsError(
            f'{name}: "{shown}" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)'
        ) from None


def _choice(query, name, choices, default):
    value = _single(query, name)
    if value is None:
        return default
    if value not in choices:
        shown = value if len(value) <= 40 else value[:40] + "..."
        raise TimelineParamsError(f'{name}: "{shown}" is not one of {", ".join(choices)}')
    return value


def _height(query):
    text = _single(query, "height")
    if text is None:
        return None
    if not is_whole_number(text) or not MIN_HEIGHT <= int(text) <= MAX_HEIGHT:
        raise TimelineParamsError(
            f"height: {shown(text)} is not a whole number of pixels from {MIN_HEIGHT} to "
            f"{MAX_HEIGHT} (digits 0-9)"
        )
    return int(text)


def is_whole_number(text):
    """True for a short run of ASCII digits 0-9, the only digits a query number may use."""
    return WHOLE_NUMBER.fullmatch(text) is not None


def is_decimal_number(text):
    """True for ASCII digits with an optional decimal part ("2", "1.5")."""
    return DECIMAL_NUMBER.fullmatch(text) is not None


def shown(text):
    """A query value quoted for an error message, cut short when long."""
    return f'"{text}"' if len(text) <= SHOWN_LENGTH else f'"{text[:SHOWN_LENGTH]}..."'


@dataclass(frozen=True)
class ListFilters:
    """Search and filters of the negotiation list: text, party name, status, year."""

    q: str = ""
    party: str = ""
    status: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query):
        """Parse `?q=&party=&status=&year=`; raise TimelineParamsError on bad values."""
        from tracker.models import Negotiation

        q = (_single(query, "q") or "")[:200]
        party = (_single(query, "party") or "")[:200]
        status = _choice(query, "status", Negotiation.Status.values, "")
        year = _single(query, "year")
        if year is not None and not (is_whole_number(year) and len(year) == 4):
            raise TimelineParamsError(f'year: "{year[:40]}" is not a year (use YYYY)')
        return cls(q=q, party=party, status=status, year=int(year) if year else None)

    @property
    def active(self):
        return bool(self.q or self.party or self.status or self.year)

    def to_query(self):
        pairs = [(name, getattr(self, name)) for name in ("q", "party", "status", "year")]
        return urlencode([(name, value) for name, value in pairs if value])
