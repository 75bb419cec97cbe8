"""Events: dated happenings a story reports ("On Wednesday, U.S. Forces Korea placed thousands
of South Korean workers on unpaid leave").

A sentence is an event when it has a date phrase of a month or a day (a year will do for
a deal signed, ratified, expired or lapsed, or a withdrawal) and a verb of something
happening, both before any plan or hope it goes on to ("touched down on Monday ahead of the
talks"), and is not a quotation. A sentence with a figure or a count of rounds may be one too
("agreed to increase their share by 8.2% last February", "seven rounds since September to
renew the agreement, which expired at the end of last year"). A deadline ("by the end of this
month"), a condition ("If no deal is reached ...") and a second telling of an event already
found (same day, same verb) are not events. The title is the sentence without its date phrase
and attribution, for the editor to shorten.
"""

import re

EVENT_VERBS = re.compile(
    r"\b(placed|furlough\w*|signed|initial(?:ed|led)|ratif\w+|expired|expires|walked out|"
    r"broke down|collapsed|reached|announced|appointed|named|nominated|resigned|visited|met|"
    r"began|opened|ended|concluded|suspended|resumed|approved|rejected|imposed|withdr[ae]w\w*|"
    r"launched|fired|deployed|postponed|cancell?ed|submitted|took effect|entered into force|"
    r"extended|vetoed|passed|sanction\w*|declared|agreed|accepted|struck|sealed|unveiled|"
    r"returned|arrived|held talks|released|tested|seized|attacked|invaded|killed|elected|"
    r"sworn in|took office|replaced|dismissed|fired|voted|adopted|endorsed|closed|shut|"
    r"cut short|broke off|touched down|kicked off|wrapped up|published|emerged|lapsed|"
    r"(?:hold|holds|holding|held) (?:[\w-]+ ){0,2}(?:talks|negotiations|meetings?))\b",
    re.IGNORECASE,
)
ATTRIBUTION_TAIL = re.compile(r",\"? (?:[^,]{2,80}) (?:said|says|reported|told \w+)(?: \w+)?\.?$")
# Plans, deadlines and hopes are not events that happened.
NOT_YET = re.compile(
    r"\b(will|would|could|hopes?|plans?|planned|expected|ahead of|deadline|due to|set to"
    r"|needs? to|scheduled|is to|are to|aims? to|intends?|next)\b|^(?:If|Unless)\b",
    re.IGNORECASE,
)
# "by the end of this month", "beyond Monday", "until March": a deadline or limit, not the day
# something happened.
NOT_WHEN = re.compile(r"\b(?:by|beyond|until|till|through)(?: the (?:end|middle) of)? $", re.I)
# A deal's start or end is an event even when dated to the year only ("which expired at the
# end of last year"); other happenings need a month or a day.
YEAR_ENOUGH = re.compile(
    r"\b(?:expired|lapsed|signed|ratif\w+|took effect|entered into force|withdr[ae]w\w*)\b",
    re.IGNORECASE,
)
LEADING_ON = re.compile(r"^(?:On|In|Since|Earlier|Last|On the) ?[^,]{0,30}, ", re.IGNORECASE)


def find_events(sentences, *, dates_of, is_statement):
    """Event candidates: (dict with interchange fields) for each eventful dated sentence."""
    found = []
    for sentence in sentences:
        for text in _readable(sentence, is_statement(sentence)):
            event = _event(text, dates_of)
            if event is not None:
                if not any(_same(event, earlier) for earlier in found):
                    found.append(event)
                break
    return found


def _same(event, earlier):
    """True when a story tells again of an event it has told ("ended talks on Tuesday", then
    "they ended the talks Tuesday when ..."): same day and same happening verb."""
    if event["date"] != earlier["date"] or len(event["date"]) < 10:
        return False
    verbs = {v.lower() for v in EVENT_VERBS.findall(event["evidence"])}
    return bool(verbs & {v.lower() for v in EVENT_VERBS.findall(earlier["evidence"])})


def _readable(sentence, stated):
    """The parts of a sentence to read for an event: all of it; for reported speech, what was
    said (not when), then what its speaker did before saying it ("the top US diplomat emerged
    from talks today and tweeted that ..."); nothing of a quotation."""
    if not stated:
        return [sentence.text]
    if not isinstance(stated, str):
        return []
    head = sentence.text.split(stated)[0] if stated in sentence.text else ""
    return [stated, head] if head.count(" ") >= 4 else [stated]


def _event(text, dates_of):
    """The event a text reports, or None. What happened comes before any plan or hope the
    text goes on to ("touched down on Monday ahead of the talks"): only that part is read."""
    later = NOT_YET.search(text)
    happened = text[: later.start()] if later else text
    if not EVENT_VERBS.search(happened):
        return None
    precisions = ("day", "month", "year") if YEAR_ENOUGH.search(happened) else ("day", "month")
    dated = [
        m for m in dates_of(text)
        if not m.since and m.date.precision in precisions and m.end <= len(happened)
        and not NOT_WHEN.search(text[: m.start])
    ]  # fmt: skip
    if not dated:
        return None
    mention = dated[0]
    return {
        "date": mention.date.iso,
        "end": mention.end_date.iso if mention.end_date else None,
        "title": _title(text, mention),
        "evidence": text,
        "flags": sorted(set(mention.flags)),
        "duplicate_of": None,
    }


def _title(text, mention):
    title = text[: mention.start] + text[mention.end :]
    title = re.sub(r"^(?:On|In)\s*,\s*", "", title)
    title = re.sub(r"\s+(?:on|in)\s*(?=[,.]|$)", "", title)
    title = re.sub(r"\s{2,}", " ", title).strip()
    title = ATTRIBUTION_TAIL.sub("", title)
    title = re.sub(r"^,\s*", "", title)
    title = LEADING_ON.sub("", title) if title.lower().startswith(("on ", "in ")) else title
    title = title.rstrip(" .,")
    if title:
        title = title[0].upper() + title[1:]
    return title if len(title) <= 200 else title[:197].rstrip() + "..."
