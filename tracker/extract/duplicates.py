"""Which candidates the record already holds, and which facts of an earlier version a later
version of a story contradicts.

A round is the same when its number is, or its start day; a position when party, kind,
currency and figure are, at compatible dates ("2019" and "2019-10" may be the same day); a
statement when most of its words are (one quotation may be cut shorter than the other) and the
speaker does not differ; an event when its dates are compatible and its title shares several
words, half of the recorded title's; a person when the name matches.
"""

import re
from decimal import Decimal

STOPWORDS = set(
    "the a an of to in on at for and or but with by from as is are was were be been has have had "
    "its it this that their his her they them which who said says will would about into over "
    "than more after before since while new".split()
)
SYNONYMS = {"furlo": "leave", "usfk": "force", "forces": "force", "talks": "negot"}
ALREADY_CITED = "already cites this source"


def compatible(a, b):
    """True when two partial dates may be the same day ("2019" and "2019-10-23")."""
    if a is None or b is None:
        return True
    return a.iso.startswith(b.iso) or b.iso.startswith(a.iso)


def words(text):
    """A text's content words, cut to five letters so "placed" meets "place"."""
    found = set()
    for word in re.findall(r"[a-z0-9]+", (text or "").lower()):
        if word in STOPWORDS or len(word) < 3:
            continue
        stem = word[:5]
        found.add(SYNONYMS.get(stem, SYNONYMS.get(word, stem)))
    return found


def similar_quotes(a, b):
    """True when most words of the shorter quotation are in the longer one."""
    left, right = words(a), words(b)
    if not left or not right:
        return False
    shared = len(left & right)
    return shared / min(len(left), len(right)) >= 0.8 and shared >= 3


def same_round(candidate, row):
    fields = row.fields
    if candidate.get("number") is not None and fields.get("number") is not None:
        return candidate["number"] == fields["number"]
    start = candidate.get("start")
    return bool(start and fields.get("start")) and fields["start"].iso == start


def same_position(candidate, row):
    fields = row.fields
    if candidate.get("party") and fields.get("party") != candidate["party"]:
        return False
    if candidate.get("kind") != fields.get("kind"):
        return False
    if (candidate.get("currency") or "") != (fields.get("currency") or ""):
        return False
    for key in ("amount", "percent_change"):
        mine = Decimal(candidate[key]) if candidate.get(key) is not None else None
        if mine != fields.get(key):
            return False
    return compatible(_date(candidate.get("date")), fields.get("date"))


def same_statement(candidate, row):
    fields = row.fields
    speaker = candidate.get("speaker")
    if speaker and fields.get("speaker") and _name(speaker) != _name(fields["speaker"]):
        unnamed = "speaker not named" in candidate.get("flags", [])
        if not unnamed:
            return False
    return similar_quotes(candidate.get("quote"), fields.get("quote"))


def same_event(candidate, row):
    fields = row.fields
    if not compatible(_date(candidate.get("date")), fields.get("date")):
        return False
    recorded = words(fields.get("title"))
    shared = words(candidate.get("title")) & recorded
    # Several words, and half the recorded title's: a long sentence shares a few words
    # ("rounds", "talks", "Seoul") with many an event of the same talks.
    return len(shared) >= 3 and 2 * len(shared) >= len(recorded)


MATCHERS = {
    "rounds": same_round,
    "positions": same_position,
    "statements": same_statement,
    "events": same_event,
}


def mark_duplicates(candidates, context, source_id=None):
    """Set `duplicate_of` on every candidate the record already holds (in place)."""
    for lane, matcher in MATCHERS.items():
        for candidate in candidates.get(lane, []):
            match = next(
                (row for row in context.rows.get(lane, []) if matcher(candidate, row)), None
            )
            candidate["duplicate_of"] = match.id if match is not None else None
            if match is not None:
                if source_id is not None and source_id in match.source_ids:
                    candidate["flags"] = sorted({*candidate["flags"], ALREADY_CITED})
    by_name = {_name(person.name): person for person in context.people}
    for candidate in candidates.get("people", []):
        person = by_name.get(_name(candidate["name"]))
        candidate["duplicate_of"] = person.id if person else None


def contradictions(candidate, lane, rows):
    """Ids of earlier-version facts this candidate contradicts (same subject, other value)."""
    found = []
    for row in rows:
        fields = row.fields
        if lane == "positions":
            same_subject = (
                fields.get("party") == candidate.get("party")
                and fields.get("kind") == candidate.get("kind")
                and (fields.get("currency") or "") == (candidate.get("currency") or "")
            )
            if same_subject and not same_position(candidate, row):
                found.append(row.id)
        elif lane == "rounds":
            if fields.get("number") == candidate.get("number") and not (
                candidate.get("start") and fields.get("start")
                and fields["start"].iso == candidate["start"]
            ):  # fmt: skip
                found.append(row.id)
    return found


def _date(text):
    from ..partialdate import PartialDate

    return PartialDate.parse(text) if text else None


def _name(name):
    return re.sub(r"[^a-z]", "", (name or "").lower())
