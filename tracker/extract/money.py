"""Figures in a news sentence: amounts with their scale and currency, and percent changes.

"$5 billion" is 5000000000 USD, "870 million dollars" 870000000 USD, "1.389 trillion won" and
"W950.7 billion" KRW, "a 13 percent increase" a percent change of 13. Nothing is converted: a
figure keeps the currency the story gives it. A bare "$" in a story datelined outside the
United States is still read as US dollars, flagged "currency assumed". A conversion the story
gives beside a figure ("1.03 trillion won ($890 million)", "960 billion won, about 850 million
dollars") is that figure again, not another one, and an exchange rate ("US$1=W1,054") is no
figure at all.
"""

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

SCALES = {
    "thousand": 10**3, "million": 10**6, "mln": 10**6, "m": 10**6, "billion": 10**9,
    "bln": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12, "tln": 10**12, "tn": 10**12,
}  # fmt: skip
PREFIXES = {
    "us$": "USD", "u.s.$": "USD", "usd": "USD", "$": "USD", "₩": "KRW", "w": "KRW",
    "krw": "KRW", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY",
    "cny": "CNY", "yuan": "CNY", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "nt$": "TWD",
    "s$": "SGD", "rm": "MYR",
}  # fmt: skip
SUFFIXES = {
    "dollars": "USD", "u.s. dollars": "USD", "us dollars": "USD", "american dollars": "USD",
    "won": "KRW", "korean won": "KRW", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "yen": "JPY", "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "rubles": "RUB",
    "usd": "USD", "krw": "KRW", "jpy": "JPY", "eur": "EUR", "gbp": "GBP", "cny": "CNY",
}  # fmt: skip
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1,
}  # fmt: skip
ASSUMED = "currency assumed"

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE = r"thousand|million|billion|trillion|mln|bln|bn|tln|tn|m\b|b\b"
PREFIX = (
    r"US\$|U\.S\.\$|USD ?|A\$|C\$|HK\$|NT\$|S\$|RM(?=\d)|\$|₩|W(?=\d)|KRW ?|€|EUR ?|£|GBP ?"
    r"|¥|JPY ?|CNY ?"
)
SUFFIX = (
    r"(?:U\.S\.|US|American|Korean) dollars|dollars|Korean won|won|euros?|pounds|yen|yuan"
    r"|renminbi|rupees|rubles|USD|KRW|JPY|EUR|GBP|CNY"
)
AMOUNT = re.compile(
    rf"(?P<prefix>{PREFIX})(?P<number>{NUMBER})(?:[ -]?(?P<scale>{SCALE}))?"
    rf"(?:[ -](?P<suffix_after_prefix>{SUFFIX}))?"
    rf"|(?P<number2>{NUMBER}|one|two|three|four|five|six|seven|eight|nine|ten)"
    rf"(?:[ -](?P<scale2>{SCALE}))?[ -](?P<suffix>{SUFFIX})\b",
    re.IGNORECASE,
)
PERCENT = re.compile(
    rf"(?P<number>{NUMBER})(?: ?%| percent| per cent|-percent| pct)"
    r"(?P<after>(?: \w+)?(?: (?:increase|rise|hike|raise|jump|cut|decrease|reduction|drop|"
    r"decline|fall)))?",
    re.IGNORECASE,
)
DOWN = re.compile(r"\b(cut|decrease|reduction|drop|decline|fall|lower|less|down)\b", re.I)
UP = re.compile(r"\b(increase|rise|hike|raise|jump|more|up|higher|boost|growth)\b", re.I)
# What separates a figure from its conversion into another currency.
CONVERSION_CLOSE = re.compile(r"\s*\)")
CONVERSION_GAP = re.compile(
    r"\s*(?:\(|,(?: or)?| or)\s*(?:(?:about|around|roughly|approximately|some|nearly)\s+)?",
    re.I,
)
RATE_SIGN = re.compile(r"\s*=\s*")
MULTIPLE = re.compile(
    r"\b(?:near |nearly |almost |about |roughly )?(?P<times>\w+)fold (?:increase|rise|hike)",
    re.I,
)


@dataclass(frozen=True)
class Figure:
    """A figure in a sentence: an amount with currency, or a percent change."""

    start: int
    end: int
    text: str
    amount: Decimal | None = None
    currency: str = ""
    percent_change: Decimal | None = None
    flags: tuple = field(default_factory=tuple)


def find_figures(sentence, *, dateline_place=""):
    """Amounts and percent changes in a sentence, in the order written."""
    figures = [_amount(match, dateline_place) for match in AMOUNT.finditer(sentence)]
    figures = _without_conversions([figure for figure in figures if figure is not None], sentence)
    taken = [(figure.start, figure.end) for figure in figures]
    for match in PERCENT.finditer(sentence):
        if any(match.start() < end and start < match.end() for start, end in taken):
            continue
        figures.append(_percent(match, sentence))
    return sorted(figures, key=lambda figure: figure.start)


def _without_conversions(amounts, sentence):
    """The amounts less exchange rates and conversions of the amount just before them; a
    figure's span takes in its conversion ("US$200 billion (S$271 billion)"), so the words
    after it are the figure's own."""
    kept = []
    for number, figure in enumerate(amounts):
        before = sentence[amounts[number - 1].end : figure.start] if number else None
        after = (
            sentence[figure.end : amounts[number + 1].start] if number + 1 < len(amounts) else None
        )
        if any(gap is not None and RATE_SIGN.fullmatch(gap) for gap in (before, after)):
            continue
        if (
            before is not None
            and CONVERSION_GAP.fullmatch(before)
            and figure.currency != amounts[number - 1].currency
        ):
            if kept and kept[-1] is amounts[number - 1]:
                close = CONVERSION_CLOSE.match(sentence, figure.end)
                kept[-1] = replace(kept[-1], end=close.end() if close else figure.end)
                amounts[number - 1] = kept[-1]
            continue
        kept.append(figure)
    return kept


def _number(text):
    text = text.replace(",", "").lower()
    if text in WORD_NUMBERS:
        return Decimal(WORD_NUMBERS[text])
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _amount(match, dateline_place):
    groups = match.groupdict()
    number = _number(groups["number"] or groups["number2"])
    if number is None:
        return None
    scale_word = (groups["scale"] or groups["scale2"] or "").lower()
    if groups["number2"] and not scale_word and not re.match(r"\d", groups["number2"]):
        return None  # "two dollars" style phrases carry no figure worth a position
    scale = SCALES.get(scale_word, 1)
    flags = []
    if groups["prefix"]:
        prefix = groups["prefix"].strip().lower()
        currency = PREFIXES.get(prefix, "")
        if prefix == "$" and dateline_place and not _american(dateline_place):
            flags.append(ASSUMED)
    else:
        currency = SUFFIXES.get(groups["suffix"].lower(), "")
    suffix = (groups.get("suffix_after_prefix") or "").lower()
    if suffix and SUFFIXES.get(suffix) and SUFFIXES[suffix] != currency:
        currency = SUFFIXES[suffix]
    amount = (number * scale).normalize()
    return Figure(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        amount=Decimal(format(amount, "f")),
        currency=currency,
        flags=tuple(flags),
    )


def _american(place):
    return place.strip().upper() in {"WASHINGTON", "NEW YORK", "HONOLULU", "LOS ANGELES"}


def _percent(match, sentence):
    value = _number(match["number"])
    window = sentence[max(0, match.start() - 40) : match.end() + 30]
    after = match["after"] or ""
    if DOWN.search(after) or (not after and DOWN.search(window) and not UP.search(window)):
        value = -value
    return Figure(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        percent_change=value,
    )
