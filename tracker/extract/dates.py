"""Dates in a news sentence, as partial dates at the precision the words give, never more.

"on Wednesday" in a story of Thursday 2 April 2020 is 2020-04-01; "last September" is
2019-09; "last year" is 2019; "early April" is 2020-04 (flagged: the words said more than a
month can hold, and the record keeps only the month). dateparser resolves the core phrase
against the story's date; this module finds the phrases and their modifiers ("since", "early",
"the end of", ranges such as "March 17-19" or "Tuesday and Wednesday").
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..partialdate import PartialDate

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Sept)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
YEAR = r"(?:19|20)\d\d"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
COARSE = r"(?:early|earlier|mid|late|later|the (?:end|beginning|start|middle) of)[- ]"
LEAD = r"(?P<since>since |as of |from |until |by |through |before |after )?"

PATTERNS = [
    # March 17-19, 2020 / March 17 and 18 / March 17 to 19
    ("month_day_range", rf"(?P<month>{MONTH}) (?P<d1>{DAY})(?:-| to | and | through )(?P<d2>{DAY})"
     rf"(?:,? (?P<year>{YEAR}))?\b"),
    # 17-19 March 2020
    ("day_month_range", rf"\b(?P<d1>{DAY})(?:-| to | and )(?P<d2>{DAY}) (?P<month>{MONTH})"
     rf"(?:,? (?P<year>{YEAR}))?\b"),
    # March 17, 2020 / March 17
    ("month_day", rf"(?P<month>{MONTH}) (?P<d1>{DAY})(?:,? (?P<year>{YEAR}))?(?![\d,.]*\d)\b"),
    # 17 March 2020
    ("day_month", rf"\b(?P<d1>{DAY}) (?P<month>{MONTH})(?:,? (?P<year>{YEAR}))?\b"),
    # Tuesday and Wednesday / Tuesday through Thursday
    ("weekday_range", rf"\b(?P<w1>{WEEKDAY})(?: and | through | to |-)(?P<w2>{WEEKDAY})\b"),
    ("weekday", rf"\b(?P<w1>{WEEKDAY})\b"),
    # early April / the end of last year / late 2019
    ("coarse_month", rf"\b(?P<coarse>{COARSE})(?:(?P<rel>last|this|next) )?(?P<month>{MONTH})"
     rf"(?:,? (?P<year>{YEAR}))?\b"),
    ("coarse_year", rf"\b(?P<coarse>{COARSE})(?:(?P<year>{YEAR})|(?P<rel>last|this|next) year)\b"),
    # September 2019 / last September / September
    ("month", rf"\b(?:(?P<rel>last|this|next|in) )?(?P<month>{MONTH})"
     rf"(?:,? (?:of )?(?P<year>{YEAR}))?\b"),
    ("relative", r"\b(?P<word>yesterday|today|tomorrow|(?:last|this|next) (?:week|month|year)"
     r"|earlier this (?:week|month|year)|(?:a|one) year (?:ago|earlier))\b"),
    ("year", rf"(?<![\d$.,])\b(?:in |of )?(?P<year>{YEAR})\b(?![\d,.]*\d| percent|%)"),
]  # fmt: skip
COMPILED = [(name, re.compile(LEAD + pattern, re.IGNORECASE)) for name, pattern in PATTERNS]
FUTURE = re.compile(
    r"\b(will|would|next|plan(?:s|ned)? to|scheduled|set to|to be held|expected to|upcoming"
    r"|is to|are to|due to)\b",
    re.IGNORECASE,
)
CLAUSE_BREAK = re.compile(r"[,;:]\s|\s--?\s|\s—\s")
CASE_SENSITIVE_MONTHS = {"may", "march"}  # "may" and "march" are also ordinary words

COARSENED = "date coarsened to the month"
COARSENED_YEAR = "date coarsened to the year"


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in a sentence: where, what it means, and how."""

    start: int
    end: int
    text: str
    date: PartialDate
    end_date: PartialDate | None = None
    since: bool = False
    flags: tuple = field(default_factory=tuple)


def find_dates(sentence, published):
    """Every date phrase in a sentence, resolved against the story's date (a datetime.date)."""
    if published is None:
        return []
    taken = []
    mentions = []
    for name, pattern in COMPILED:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            if _false_month(match, sentence):
                continue
            mention = _resolve(name, match, published, _future(sentence, match))
            if mention is not None:
                taken.append(span)
                mentions.append(mention)
    return sorted(mentions, key=lambda mention: mention.start)


def _future(sentence, match):
    """True when the words around a date speak of the future: its clause up to it ("will meet
    on Tuesday", "next week") and a few words after ("Tuesday's talks will"), not a later clause
    ("held talks from Tuesday to replace a deal due to expire")."""
    before = CLAUSE_BREAK.split(sentence[: match.start()])[-1]
    return bool(FUTURE.search(before + sentence[match.start() : match.end() + 15]))


def _false_month(match, sentence):
    """True for "may" the verb or "march" the walk, written in lower case."""
    month = match.groupdict().get("month")
    return bool(month) and month.lower() in CASE_SENSITIVE_MONTHS and month[0].islower()


def _resolve(name, match, published, future):
    groups = match.groupdict()
    lead = (groups.get("since") or "").strip().lower()
    resolver = RESOLVERS[name]
    result = resolver(groups, published, future)
    if result is None:
        return None
    date, end_date, flags = result
    # "since September", "from March": a start of a count; "from Tuesday": the day itself.
    since = lead == "since" or (lead == "from" and date.precision != "day")
    return DateMention(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        date=date,
        end_date=end_date,
        since=since,
        flags=tuple(flags),
    )


@lru_cache(maxsize=4096)
def _parse(phrase, base, prefer):
    """dateparser's reading of a core phrase: (datetime.date, period) or None."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
            "PREFER_DATES_FROM": prefer,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )
    data = parser.get_date_data(phrase)
    if data.date_obj is None:
        return None
    return data.date_obj.date(), data.period


def _prefer(future):
    return "future" if future else "past"


def _month_number(text):
    return MONTHS.get(text.lower().rstrip("."))


def _day(text):
    return int(re.sub(r"\D", "", text))


def _month_year(month, year, published, future, rel=None):
    """The year of a month named without one: the latest not after the story, unless future."""
    if year:
        return int(year)
    if rel == "last":
        return published.year - 1 if month >= published.month else published.year
    if rel == "next":
        return published.year + 1 if month <= published.month else published.year
    if month == published.month:
        return published.year
    parsed = _parse(f"{_month_name(month)}", published, _prefer(future))
    return parsed[0].year if parsed else published.year


def _month_name(month):
    return [name for name, number in MONTHS.items() if number == month][0]


def _safe(year, month=None, day=None):
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _month_day_range(groups, published, future):
    month = _month_number(groups["month"])
    year = _month_year(month, groups.get("year"), published, future)
    start, end = _safe(year, month, _day(groups["d1"])), _safe(year, month, _day(groups["d2"]))
    if start is None or end is None or end < start:
        return None
    return start, end, []


def _month_day(groups, published, future):
    month = _month_number(groups["month"])
    day = _day(groups["d1"])
    if groups.get("year"):
        date = _safe(int(groups["year"]), month, day)
    else:
        parsed = _parse(f"{_month_name(month)} {day}", published, _prefer(future))
        date = _safe(parsed[0].year, month, day) if parsed else None
    return (date, None, []) if date else None


def _weekday(name, published, future):
    wanted = WEEKDAYS.index(name.lower())
    if wanted == published.weekday():
        return published  # "said Thursday" in a Thursday story: that day
    parsed = _parse(name, published, _prefer(future))
    return parsed[0] if parsed else None


def _weekday_single(groups, published, future):
    day = _weekday(groups["w1"], published, future)
    return (PartialDate.parse(day), None, []) if day else None


def _weekday_range(groups, published, future):
    first = _weekday(groups["w1"], published, future)
    if first is None:
        return None
    gap = (WEEKDAYS.index(groups["w2"].lower()) - first.weekday()) % 7
    last = first + dt.timedelta(days=gap)
    if not future and last > published:
        first, last = first - dt.timedelta(days=7), last - dt.timedelta(days=7)
    return PartialDate.parse(first), PartialDate.parse(last), []


def _coarse_month(groups, published, future):
    month = _month_number(groups["month"])
    year = _month_year(month, groups.get("year"), published, future, groups.get("rel"))
    date = _safe(year, month)
    return (date, None, [COARSENED]) if date else None


def _coarse_year(groups, published, future):
    if groups.get("year"):
        year = int(groups["year"])
    else:
        year = published.year + {"last": -1, "this": 0, "next": 1}[groups["rel"].lower()]
    return PartialDate(year), None, [COARSENED_YEAR]


def _month(groups, published, future):
    month = _month_number(groups["month"])
    rel = (groups.get("rel") or "").lower()
    year = _month_year(month, groups.get("year"), published, future, rel)
    date = _safe(year, month)
    return (date, None, []) if date else None


def _relative(groups, published, future):
    word = groups["word"].lower()
    if word in ("a year ago", "one year ago", "a year earlier", "one year earlier"):
        return PartialDate(published.year - 1), None, []
    if word.endswith("week"):
        if word.startswith("earlier"):
            day = published
        else:
            day = published + dt.timedelta(
                days={"last": -7, "this": 0, "next": 7}[word[:4].strip()]
            )
        return PartialDate(day.year, day.month), None, [COARSENED]
    parsed = _parse(word.replace("earlier ", ""), published, _prefer(future))
    if parsed is None:
        return None
    day, period = parsed
    if period == "year":
        return PartialDate(day.year), None, []
    if period == "month":
        return PartialDate(day.year, day.month), None, []
    return PartialDate.parse(day), None, []


def _year(groups, published, future):
    year = int(groups["year"])
    if year > published.year + 10:
        return None
    return PartialDate(year), None, []


RESOLVERS = {
    "month_day_range": _month_day_range,
    "day_month_range": _month_day_range,
    "month_day": _month_day,
    "day_month": _month_day,
    "weekday_range": _weekday_range,
    "weekday": _weekday_single,
    "coarse_month": _coarse_month,
    "coarse_year": _coarse_year,
    "month": _month,
    "relative": _relative,
    "year": _year,
}
