"""Facts in words: numbers as a reporter writes them, and the sentences of the facts panel.

Nothing here rounds a figure to look tidier: "$870 million" is written so only
because 870,000,000 is exactly 870 million; 870,123,456 stays "$870,123,456".
The one deliberate rounding is a ratio in a sentence, to one decimal place
("4.6 times" for 4.5977...), and the facts structure keeps the finer figure.
"""

from decimal import ROUND_HALF_UP, Decimal
from itertools import islice

from ..partialdate import PartialDate, display_span

SCALES = [
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
]
# Most decimals a scaled figure keeps ("1.0389 trillion"); past that the full figure is clearer.
MAX_SCALED_DECIMALS = 4
PREFIX_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
SUFFIX_WORDS = {"KRW": "won", "JPY": "yen", "CNY": "yuan"}
SHORT_PARTY_NAMES = {"United States": "US", "United Kingdom": "UK", "European Union": "EU"}
# Most round numbers or dates a sentence lists before it gives a count instead.
MAX_LISTED = 5
# Records and sources listed under one sentence; the counts beside them are always whole,
# so "100000 statements" does not carry 100,000 references (13 MB) to every page.
SENTENCE_LIST_LIMIT = 100
FORMAT_WORDS = {"in_person": "in person", "virtual": "virtual", "hybrid": "hybrid"}
NO_RATIO_REASONS = {
    "different currencies": "in another currency, so no ratio",
    "different units": "in other units, so no ratio",
    "range": "a range, so no single ratio",
    "zero": "zero, so no ratio",
}


def ordinal(number):
    """1 -> "1st", 2 -> "2nd", 11 -> "11th", 23 -> "23rd"."""
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def count_of(number, singular, plural=None):
    """7 -> "7 rounds", 1 -> "1 round"."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _grouped(value):
    """Full figure with thousands separators and no trailing zeros: "1,234,567.5"."""
    return f"{value.normalize():,f}"


def number_words(value):
    """5000000000 -> "5 billion", 1038900000000 -> "1.0389 trillion", 1500 -> "1,500"."""
    value = Decimal(value)
    for scale, word in SCALES:
        if abs(value) >= scale:
            scaled = (value / scale).normalize()
            if -scaled.as_tuple().exponent <= MAX_SCALED_DECIMALS:
                return f"{_grouped(scaled)} {word}"
            break
    return _grouped(value)


def amount_words(amount, currency="", unit=""):
    """As a reporter writes it: "$5 billion", "1.0389 trillion won", "3 million tonnes"."""
    text = number_words(amount)
    if currency in PREFIX_SYMBOLS:
        text = PREFIX_SYMBOLS[currency] + text
    elif currency in SUFFIX_WORDS:
        text = f"{text} {SUFFIX_WORDS[currency]}"
    elif currency:
        text = f"{currency} {text}"
    return f"{text} {unit}" if unit else text


def percent_words(percent):
    """13.9 -> "a 13.9% increase", -5 -> "a 5% cut", 0 -> "no change"."""
    percent = Decimal(percent)
    if percent == 0:
        return "no change"
    size = _grouped(abs(percent))
    return f"a {size}% increase" if percent > 0 else f"a {size}% cut"


def figure_words(figure):
    """A position's figure: one amount, a range, a percentage, or an amount with its change."""
    currency, unit = figure.get("currency") or "", figure.get("unit") or ""
    low, high = figure.get("amount_min"), figure.get("amount_max")
    if figure.get("amount") is not None:
        text = amount_words(figure["amount"], currency, unit)
    elif low is not None and high is not None:
        text = f"{amount_words(low, currency, unit)} to {amount_words(high, currency, unit)}"
    elif low is not None:
        text = f"at least {amount_words(low, currency, unit)}"
    elif high is not None:
        text = f"up to {amount_words(high, currency, unit)}"
    else:
        text = ""
    if figure.get("percent_change") is not None:
        change = percent_words(figure["percent_change"])
        text = f"{text}, {change}" if text else change
    return text


def points_words(points):
    """39.5 -> "39.5 percentage points above", -3 -> "3 percentage points below"."""
    points = Decimal(points)
    if points == 0:
        return "the same as"
    size = _grouped(abs(points))
    unit = "percentage point" if abs(points) == 1 else "percentage points"
    return f"{size} {unit} {'above' if points > 0 else 'below'}"


def _one_place(value):
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def ratio_words(ratio):
    """Decimal("4.5977") -> "4.6 times": one decimal place, rounded half up."""
    return f"{_one_place(ratio)} times"


def party_words(name):
    """The name a reporter uses: "United States" -> "US"; others as recorded."""
    return SHORT_PARTY_NAMES.get(name, name) if name else "no party"


def place_words(location):
    """The first part of a location: "Los Angeles, California, United States" -> "Los Angeles"."""
    return location.split(",")[0].strip()


def month_words(iso):
    """A date shown to the month at most: "2019-09-24" -> "September 2019", "2019" -> "2019"."""
    date = PartialDate.parse(iso)
    return PartialDate(date.year, date.month).display()


def date_words(iso):
    """ "2020-03" -> "March 2020"; None -> "undated"."""
    return PartialDate.parse(iso).display() if iso else "undated"


def span_words(start, end=None):
    """ "2020-03-17", "2020-03-19" -> "17-19 March 2020"."""
    return display_span(PartialDate.parse(start), PartialDate.parse(end) if end else None)


def sentences(facts):
    """The facts as sentences, each {"key", "text", "issue", "record_count", "records",
    "source_count", "source_ids"}, in reading order; "issue" is the title of the agenda item a
    position sentence is about when the positions are about several, else None."""
    as_of = date_words(facts["as_of"])
    found = [
        *_round_sentences(facts["rounds"], as_of),
        *_position_sentences(facts["positions"], facts["gaps"], as_of),
        *_event_sentences(facts["events"], as_of),
        *_statement_sentences(facts["statements"], as_of),
    ]
    return [sentence for sentence in found if sentence]


def _sentence(key, text, items, issue=None):
    """A sentence resting on `items` (dicts with "lane", "id" and "sources"): how many records
    and sources it rests on, and the first SENTENCE_LIST_LIMIT of each in the items' order."""
    records = dict.fromkeys((item["lane"], item["id"]) for item in items)
    source_ids = dict.fromkeys(source for item in items for source in item["sources"])
    return {
        "key": key,
        "text": text,
        "issue": issue,
        "record_count": len(records),
        "records": [
            {"lane": lane, "id": id_} for lane, id_ in islice(records, SENTENCE_LIST_LIMIT)
        ],
        "source_count": len(source_ids),
        "source_ids": list(islice(source_ids, SENTENCE_LIST_LIMIT)),
    }


def _round_label(round_):
    if round_["number"] is not None:
        return f"the {ordinal(round_['number'])}"
    if round_["number_inferred"] is not None:
        return f"the {ordinal(round_['number_inferred'])} (number inferred)"
    return "unnumbered"


def _round_where(round_):
    when = span_words(round_["start"], round_["end"])
    if round_["format"] == "virtual":
        where = f"held virtually on {when}"
    elif round_["location"]:
        where = f"in {place_words(round_['location'])} on {when}"
    else:
        where = f"on {when}"
    if round_["format"] == "hybrid":
        where += " (hybrid)"
    if round_["in_progress"]:
        where += ", under way"
    return where


def _round_sentences(rounds, as_of):
    held = rounds["held_rounds"]
    if not held:
        text = f"No rounds held by {as_of}"
        main = _sentence("rounds", text, [])
    else:
        counts = [f"{n} {FORMAT_WORDS[f]}" for f, n in rounds["by_format"].items() if n]
        mix = f" ({', '.join(counts)})" if len(counts) > 1 else ""
        latest = rounds["latest"]
        text = (
            f"{count_of(rounds['held'], 'round')} since {rounds['first_start_display']}{mix}; "
            f"the latest, {_round_label(latest)}, {_round_where(latest)}"
        )
        if rounds["latest_may_be"]:
            dated = _dates_listed(rounds["latest_may_be"])
            text += f" (unless a round dated {dated} came later)"
        main = _sentence("rounds", text, held)
    found = [main]
    numbering = rounds["numbering"]
    if held and not numbering["agrees"]:
        found.append(_sentence("rounds-numbering", _numbering_text(rounds, numbering), held))
    if rounds["possibly"]:
        dates = _dates_listed(rounds["possibly"])
        more = (
            count_of(len(rounds["possibly"]), "more round")
            if held
            else count_of(len(rounds["possibly"]), "round")
        )
        text = f"{more} possibly held by {as_of} but not certainly (dated {dates}); not counted"
        found.append(_sentence("rounds-possibly", text, rounds["possibly"]))
    return found


def _dates_listed(rounds):
    """ "March 2020, April 2020", or "March 2020 to June 2021" for more than MAX_LISTED."""
    dates = list(dict.fromkeys(date_words(r["start"]) for r in rounds))
    if len(dates) <= MAX_LISTED:
        return ", ".join(dates)
    return f"{dates[0]} to {dates[-1]}"


def _numbering_text(rounds, numbering):
    held = count_of(rounds["held"], "round")
    if rounds["highest_stated_number"] is None:
        parts = [f"{held} recorded; none has a stated number"]
    else:
        parts = [f"{held} recorded; the highest stated number is {rounds['highest_stated_number']}"]
    inferred = numbering["inferred"]
    if len(inferred) == 1:
        parts.append(f"round {inferred[0]}'s number is inferred")
    elif 1 < len(inferred) <= MAX_LISTED:
        parts.append(f"rounds {_and_list([str(n) for n in inferred])} have inferred numbers")
    elif inferred:
        parts.append(f"{len(inferred)} rounds have inferred numbers")
    if numbering["unnumbered"]:
        parts.append(f"{count_of(numbering['unnumbered'], 'round')} without a number")
    return "; ".join(parts)


def _and_list(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _figure_dated(figure):
    return f"{figure_words(figure)} ({date_words(figure['date'])})"


def _change_words(first, latest):
    """ "down from", "up from" or "unchanged from" between two single amounts or percentages."""
    key = "percent_change" if latest["measure"] == "percent" else "amount"
    old, new = first[key], latest[key]
    if old is None or new is None:
        return "after"
    old, new = Decimal(old), Decimal(new)
    return "up from" if new > old else "down from" if new < old else "unchanged from"


def _group_clause(group):
    """The certain figures of one measure: latest, and how it moved from the first."""
    first, latest = group["first"], group["latest"]
    if first["id"] == latest["id"]:
        return _figure_dated(latest)
    if first["date"] == latest["date"]:
        return (
            f"{figure_words(latest)} and {figure_words(first)} (both {date_words(latest['date'])})"
        )
    return f"{_figure_dated(latest)}, {_change_words(first, latest)} {_figure_dated(first)}"


def _gap_clause(gap):
    against = gap["against"]
    if against["kind"] == "baseline":
        target = f"the {date_words(against['date'])} baseline of {figure_words(against)}"
    else:
        target = f"{party_words(against['party'])}'s {against['kind']} of {_figure_dated(against)}"
    if gap["ratio"] is not None:
        return f"{ratio_words(gap['ratio'])} {target}"
    if gap["difference_points"] is not None:
        return f"{points_words(gap['difference_points'])} {target}"
    low, high = gap.get("ratio_min"), gap.get("ratio_max")
    if low is not None and high is not None:
        return f"{_one_place(low)} to {ratio_words(high)} {target}"
    if low is not None:
        return f"at least {ratio_words(low)} {target}"
    if high is not None:
        return f"at most {ratio_words(high)} {target}"
    if gap["reason"] in NO_RATIO_REASONS:
        return f"against {target}, {NO_RATIO_REASONS[gap['reason']]}"
    return None


def _position_sentences(groups, gaps, as_of):
    if not groups:
        return [_sentence("positions", f"No positions with figures recorded by {as_of}", [])]
    several = len({g["issue"] for g in groups}) > 1
    keys = list(dict.fromkeys((g["issue"], g["party"], g["kind"]) for g in groups))
    return [_party_kind_sentence(key, groups, gaps, as_of, several) for key in keys]


def _party_kind_sentence(key, groups, gaps, as_of, several):
    """One party's figures of one kind on one issue, its gaps, then what only possibly
    happened by as_of."""
    same = [g for g in groups if (g["issue"], g["party"], g["kind"]) == key]
    certain = [g for g in same if g["latest"] is not None]
    clauses = [_group_clause(g) for g in certain] or [f"none certain by {as_of}"]
    items = [p for g in certain for p in (g["latest"], g["first"])]
    latest_ids = [g["latest"]["id"] for g in certain]
    for gap in gaps:
        clause = _gap_clause(gap) if gap["demand_id"] in latest_ids else None
        if clause:
            clauses.append(clause)
            items.append(gap["against"])
    possibly = [p for g in same for p in g["possibly"]]
    if possibly:
        listed = ", ".join(map(_figure_dated, possibly[:MAX_LISTED]))
        if len(possibly) > MAX_LISTED:
            listed += f" and {len(possibly) - MAX_LISTED} more"
        clauses.append(f"possibly by then, not counted: {listed}")
        items.extend(possibly)
    issue, party, kind = key
    text = f"{party_words(party)} {kind}: " + "; ".join(clauses)
    if not several:
        return _sentence(f"positions-{party}-{kind}", text, items)
    return _sentence(f"positions-{issue}-{party}-{kind}", text, items, same[0]["issue_title"])


def _event_sentences(events, as_of):
    latest = events["latest"]
    if latest is None:
        return [_sentence("events", f"No events recorded by {as_of}", [])]
    found = [
        _sentence(
            "events-latest",
            f"Latest event: {latest['title']} ({span_words(latest['date'], latest['end'])})",
            [latest],
        )
    ]
    since = events["since"]
    if since and since["event"] is not None and since["days_min"] is not None:
        event = since["event"]
        if since["days_min"] == since["days_max"]:
            days = count_of(since["days_min"], "day")
        else:
            days = f"{since['days_min']}-{since['days_max']} days"
        text = f"{days} since {date_words(event['date'])}: {event['title']}"
        found.append(_sentence("events-since", text, [event]))
    return found


def _statement_sentences(statements, as_of):
    if not statements["count"]:
        return [_sentence("statements", f"No statements recorded by {as_of}", [])]
    parts = [f"{party_words(party)} {n}" for party, n in statements["by_party"].items()]
    text = f"{count_of(statements['count'], 'statement')} by {as_of}: " + ", ".join(parts)
    return [_sentence("statements", text, statements["held_statements"])]
