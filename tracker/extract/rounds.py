"""Rounds a story mentions ("the seventh round ... in Los Angeles on March 17-19"; "a new
round of talks ... on Monday", "talks in Honolulu on Tuesday", without a number) and the
counts it states ("seven rounds of face-to-face negotiations since September"), the counts
checked against the record: a round still under way on the story's date is not yet held.
"""

import re

from .statements import SAID_WHEN

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15,
}  # fmt: skip
CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20,
}  # fmt: skip
TALKS = r"(?:talks|negotiations|consultations|meetings|discussions|sessions|dialogue)"
COUNT = re.compile(
    rf"\b(?P<count>\d{{1,2}}|{'|'.join(CARDINALS)}) (?:formal |official |full |separate )?"
    rf"rounds(?: of (?:[\w-]+ ){{0,4}}?{TALKS})?",
    re.IGNORECASE,
)
ORDINAL = re.compile(
    rf"\b(?P<ordinal>{'|'.join(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th)) (?:and final |full |formal )?"
    r"round\b",
    re.IGNORECASE,
)
# A round named without its number: a new, another or the latest round, or talks that began,
# were held or opened; it counts only with the day it was held on.
UNNUMBERED = re.compile(
    rf"\b(?:(?:a|another|the) (?:new|fresh|latest|last|next) round"
    rf"|(?:another|a) round of (?:[\w-]+ ){{0,3}}{TALKS}"
    rf"|{TALKS} (?:(?:\w+ ){{0,3}}?(?:were|was) )?(?:held|opened|began|started|resumed|kicked off)"
    rf"|(?:began|opened|started|held|resumed|kicked off) (?:[\w-]+ ){{0,4}}{TALKS}"
    rf"|{TALKS} (?:in|at) [A-Z][\w.'-]+(?:,? [A-Z][\w.'-]+){{0,2}} (?:on|from) )",
    re.IGNORECASE,
)
NO_NUMBER = "round number not given"
LOCATION = re.compile(r"\b(?:in|at) (?P<place>[A-Z][\w.'-]+(?:,? [A-Z][\w.'-]+){0,3})")
NOT_PLACES = {"September", "October", "November", "December", "January", "February", "March",
              "April", "May", "June", "July", "August", "The", "A"}  # fmt: skip
VIRTUAL = re.compile(r"\b(virtual\w*|video(?:conference| link| conference)?|online)\b", re.I)
FUTURE = re.compile(r"\b(will|next|plan\w* to|scheduled|to be held|set to|expected to)\b", re.I)
SCHEDULED = "scheduled, not yet held"


def count_in(text):
    """The number of rounds a sentence states, or None."""
    match = COUNT.search(text)
    if not match:
        return None
    word = match["count"].lower()
    return int(word) if word.isdigit() else CARDINALS[word]


def find_round_checks(sentences, *, rounds, dates_of, story_date):
    """Checks of stated round counts against the recorded rounds held by the story's date."""
    checks = []
    for sentence in sentences:
        count = count_in(sentence.text)
        if count is None or FUTURE.search(sentence.text):
            continue
        match = COUNT.search(sentence.text)
        since = next((m for m in dates_of(sentence.text) if m.since), None)
        recorded = rounds_held(rounds, story_date, since.date if since else None)
        checks.append({
            "claim": match.group(0) + (f" {since.text.strip()}" if since else ""),
            "count": count,
            "since": since.date.iso if since else None,
            "recorded": recorded,
            "agrees": recorded == count,
            "evidence": sentence.text,
        })  # fmt: skip
    return checks


def rounds_held(rounds, story_date, since=None):
    """Recorded rounds over by the story's date (and starting in or after `since`)."""
    if story_date is None:
        return None
    held = 0
    for row in rounds:
        start, end = row.fields.get("start"), row.fields.get("end")
        if start is None:
            continue
        last_day = end or start
        if since is not None and start.latest < since.earliest:
            continue
        # A round still under way when the story was written (its last day included) is not
        # yet held.
        if last_day.latest < story_date.earliest:
            held += 1
    return held


def find_rounds(sentences, *, dates_of):
    """Round candidates for sentences naming a round by its ordinal, or dating one without."""
    found = []
    for sentence in sentences:
        text = sentence.text
        if '"' in text:
            continue
        match = ORDINAL.search(text)
        dated = [m for m in dates_of(text) if not m.since and m.date.precision in ("day", "month")]
        flags = [SCHEDULED] if FUTURE.search(text) else []
        if match:
            word = match["ordinal"].lower()
            number = ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        else:
            # The day someone spoke ("told reporters on Tuesday") is not the round's.
            dated = [m for m in dated if m.date.precision == "day"
                     and not SAID_WHEN.search(text[: m.start])]  # fmt: skip
            if not (dated and UNNUMBERED.search(text)) or COUNT.search(text):
                continue
            number, flags = None, [*flags, NO_NUMBER]
        mention = dated[0] if dated else None
        found.append({
            "number": number,
            "start": mention.date.iso if mention else None,
            "end": mention.end_date.iso if mention and mention.end_date else None,
            "location": _location(text),
            "format": "virtual" if VIRTUAL.search(text) else "in_person",
            "evidence": text,
            "flags": sorted(set(flags + (list(mention.flags) if mention else ["date not given"]))),
            "duplicate_of": None,
            "sentence": sentence.index,
        })  # fmt: skip
    return [_without_sentence(round_) for round_ in _merged(found)]


def _merged(found):
    """A round dated without its number followed by its number undated ("The talks began on
    Thursday. This marks the first round ...") is one round."""
    merged = []
    for round_ in found:
        before = merged[-1] if merged else None
        if (
            before is not None
            and before["number"] is None
            and round_["number"] is not None
            and round_["start"] is None
            and round_["sentence"] - before["sentence"] <= 2
        ):
            merged[-1] = {**before, "number": round_["number"],
                          "flags": sorted(set(before["flags"]) - {NO_NUMBER})}  # fmt: skip
            continue
        merged.append(round_)
    return merged


def _without_sentence(round_):
    return {key: value for key, value in round_.items() if key != "sentence"}


def _location(text):
    for match in LOCATION.finditer(text):
        place = match["place"]
        if place.split()[0].rstrip(",") not in NOT_PLACES:
            return place.rstrip(",")
    return ""
