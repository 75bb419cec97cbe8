"""A pasted report in, candidate facts out: the JSON shape `extract_report` prints.

    {"source": {...}, "candidates": {"rounds": [...], "positions": [...], "statements": [...],
     "events": [...], "people": [...]}, "checks": [...]}

Bad input (empty, too long, no English sentences, published in the future) raises
ExtractionInputError with a message for the editor; nothing is read from or written to the
database here: the record comes in as a NegotiationContext.
"""

import datetime as dt
from functools import partial

from ..partialdate import PartialDate
from .clean import clean_report
from .dates import find_dates
from .duplicates import contradictions, mark_duplicates
from .events import find_events
from .names import PartyMatcher, PeopleMatcher
from .positions import find_positions
from .rounds import find_round_checks, find_rounds
from .sentences import looks_english, split_sentences
from .source import match_source, read_source
from .statements import find_statements

MAX_CHARS = 100_000
LANES = ("rounds", "positions", "statements", "events", "people")
UNCHANGED = "unchanged since the earlier version"


class ExtractionInputError(ValueError):
    """Input the extractor refuses, with a message saying what is wrong and the field at fault."""

    def __init__(self, message, field="text"):
        super().__init__(message)
        self.field = field


def extract_report(text, context, *, url="", published=None, publisher="", today=None):
    """Candidate facts of a report for a negotiation's record (see the module docstring)."""
    today = today or dt.date.today()
    _check_input(text, published, today)
    clean = clean_report(text)
    sentences = split_sentences(clean.paragraphs)
    if not looks_english(sentences):
        raise ExtractionInputError(
            "The text has no English sentences: paste the story's text in English."
        )
    source = read_source(clean, url=url, published=published, publisher=publisher)
    if source["published"] and PartialDate.parse(source["published"]).earliest > today:
        raise ExtractionInputError(
            f"The published date {source['published']} (read from the address) is in the future.",
            "url",
        )
    story_date = PartialDate.parse(source["published"]) if source["published"] else None
    base = story_date.earliest if story_date else None
    dates_of = partial(_dates, published=base)
    parties = PartyMatcher(context.parties)
    people = PeopleMatcher(context.people)

    statements = find_statements(
        sentences, people=people, parties=parties, dates_of=dates_of, story_date=story_date,
        home_party=parties.party_of(clean.dateline_place),
    )  # fmt: skip
    # What each statement reports, for events inside reported speech (not inside quotations).
    stated = {
        candidate["evidence"]: candidate["quote"] if candidate["kind"] != "quote" else True
        for candidate in statements
    }
    positions = find_positions(
        sentences,
        parties=parties,
        issues=context.issues,
        dates_of=dates_of,
        dateline_place=clean.dateline_place,
    )
    candidates = {
        "rounds": find_rounds(sentences, dates_of=dates_of),
        "positions": positions,
        "statements": _unique(statements, "quote"),
        "events": find_events(
            sentences,
            dates_of=dates_of,
            is_statement=lambda sentence: stated.get(sentence.text),
        ),  # fmt: skip
        "people": _people(statements, clean),
    }
    source["duplicate_of"], source["supersedes"] = match_source(source, context.sources)
    mark_duplicates(candidates, context, source["duplicate_of"])
    if source["supersedes"] is not None:
        _only_changes(candidates, context, source["supersedes"])
    checks = find_round_checks(
        sentences, rounds=context.rows.get("rounds", []), dates_of=dates_of,
        story_date=story_date,
    )  # fmt: skip
    return {"source": source, "candidates": candidates, "checks": checks}


def _check_input(text, published, today):
    if not isinstance(text, str) or not text.strip():
        raise ExtractionInputError("The text is empty: paste the story's text.")
    if len(text) > MAX_CHARS:
        raise ExtractionInputError(
            f"The text is {len(text):,} characters long; a report may have at most "
            f"{MAX_CHARS:,}. Paste one story at a time."
        )
    if published is not None and published > today:
        raise ExtractionInputError(
            f"The published date {published.isoformat()} is in the future (today is "
            f"{today.isoformat()}).",
            "published",
        )


def _dates(text, *, published):
    return find_dates(text, published)


def _unique(candidates, key):
    seen, kept = set(), []
    for candidate in candidates:
        if candidate[key] not in seen:
            seen.add(candidate[key])
            kept.append(candidate)
    return kept


def _people(statements, clean):
    """Named speakers, with the title and party the story gives, once each."""
    found = {}
    for statement in statements:
        name = statement["speaker"]
        if not name or "speaker not named" in statement["flags"]:
            continue
        person = found.setdefault(name, {
            "name": name,
            "title": statement["speaker_title"],
            "party": statement["party"],
            "evidence": statement["evidence"],
            "flags": [f for f in statement["flags"] if f.startswith("party")],
            "duplicate_of": None,
        })  # fmt: skip
        if not person["title"] and statement["speaker_title"]:
            person["title"] = statement["speaker_title"]
    return list(found.values())


def _only_changes(candidates, context, earlier_id):
    """Drop what the earlier version already gave; mark what contradicts its facts."""
    for lane in ("rounds", "positions", "statements", "events"):
        earlier_rows = [row for row in context.rows.get(lane, []) if earlier_id in row.source_ids]
        cited = {row.id for row in earlier_rows}
        kept = []
        for candidate in candidates[lane]:
            if candidate["duplicate_of"] in cited:
                continue
            candidate["contradicts"] = contradictions(candidate, lane, earlier_rows)
            kept.append(candidate)
        candidates[lane] = kept
