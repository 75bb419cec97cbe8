"""Positions from the figures of a story: who asked, offered, agreed or paid how much, when.

Each amount or percent change becomes a candidate. Its kind comes from the nearest cue before
it in its clause ("demands ... $5 billion": demand; "last year's $870 million": baseline);
its party, for a baseline, from the possessive nearest before it ("Seoul's contributions"),
otherwise from the party that is the subject of its clause ("Washington ... demands", ",
while Seoul has refused ..."); a party named as a modifier ("U.S. bases") acts in nothing, and
a payment naming no party is the payer's of the story so far (flagged "party guessed"). Words
right after a figure name it when they can ("a $5 billion U.S. demand", "the 869.5 billion won
that Seoul paid"); ", up 9.2 percent from ..." is the change of the figure before. Gaps, shares,
economic indicators and trade values are not positions. Its
date comes from a date phrase in its own stretch of the sentence ("last year's" gives the year).
"""

import re

from .money import find_figures

KIND_CUES = [
    ("baseline", r"last year'?s|this year'?s|current(?:ly)?|previous|existing|paid|pays|"
                 r"under the (?:current|previous|10th|\w+ SMA)|compared with|up from|"
                 r"(?:from|(?:increase|rise|hike|spike|jump|cut|reduction) (?:on|over))"
                 r"(?= (?:the |its )?(?:current |previous )?(?:(?:total|sum|amount) of )?"
                 r"(?:around |about |roughly |nearly )?"
                 r"(?:US\$|\$|₩|W\d|\d|$))"),
    ("demand", r"demand\w*|asked|asking|asks|call(?:ed|s|ing)? for|sought|seeks|seeking|"
               r"push(?:ed|es|ing)|urg(?:ed|es|ing)|pressur\w*|"
               r"wants?|wanted|press(?:ed|ing)? for|insist\w*|request\w*|requir\w*"),
    ("offer", r"offer\w*|propos\w*|suggest\w*|willing to|counterproposal|floated|"
              r"(?:can|could|would) (?:settle for|accept|live with|afford)|"
              r"earmark\w*|booked|budgeted|set aside|allocated"),
    ("agreed", r"agreed|agreement|deal|settled|accepted|reached|signed|will pay|approved"),
]  # fmt: skip
CUES = [(kind, re.compile(rf"\b(?:{pattern})\b", re.I)) for kind, pattern in KIND_CUES]
# Used only when no other cue is there: "Seoul's contribution to $808.5 million".
WEAK_BASELINE = re.compile(
    r"\b(?:contribution|contributions|share|budget|pays|burden|payments?|spending)\b", re.I
)
# ... but not for a figure the sentence puts in the future ("its share next year").
FUTURE = re.compile(r"\b(?:next year|coming year|from next|in the year starting|will)\b", re.I)
# A change already made ("was increased by 8.2%") is agreed; the level it led to ("..., to 1.04
# trillion won") is what is paid now.
PAST_CHANGE = re.compile(
    r"\b(?:(?:was|were|has been|have been|had been) (?:increased|raised|hiked|boosted|lifted|cut"
    r"|reduced|lowered)|rose|grew|fell|went (?:up|down)|(?:increased|raised|hiked|boosted|cut"
    r"|reduced|lowered)(?: [\w'-]+){1,6}(?= by))(?: by)?\s*(?:(?:about|around|roughly"
    r"|nearly) )?$",
    re.I,
)
# "... up to 164.1 billion yen will be spent": the verb after the figure says it is agreed.
AGREED_AFTER = re.compile(r"^ (?:[\w-]+ ){0,3}will be (?:spent|paid|provided|contributed)\b", re.I)
# What the deal in force or last year's deal gives is a baseline, whatever the verb
# ("under this year's SMA, Seoul agreed to pay 1.04 trillion won").
UNDER_OLD_DEAL = re.compile(
    r"\bunder (?:the |its )?(?:this year'?s|last year'?s|current|existing|previous|old|expiring"
    r"|outgoing)(?: [\w-]+){0,2} (?:deal|SMA|agreement|accord|pact|arrangement)\b",
    re.I,
)
# A contrasting clause with a subject of its own ("..., while Seoul has refused to give more
# than a 13 percent increase"): cues before it are another party's.
CONTRAST = re.compile(r", while |, whereas |; |, but ")
# A party named as a modifier ("U.S. bases", "American troops") is not an actor.
MODIFIER = re.compile(
    r"^[ -](?:military |armed )?(?:bases?|troops|forces|Forces|soldiers|military|personnel"
    r"|servicemembers|service members|deployment)\b"
)
TO_LEVEL = re.compile(
    r"^,?\s*to\s+(?:(?:about|around|roughly|nearly|more than|over|almost) )?$", re.I
)
# A country's whole budget is not what it pays in the talks ("defense budget totaling ...").
BUDGET_TOTAL = re.compile(
    r"\b(?:defen[cs]e|military|national|overall|total|annual|entire) (?:budget|spending)"
    r"(?: [\w-]+){0,2} (?:totall?ing|of|worth|at)\s+(?:(?:about|around|roughly|some) )?$",
    re.I,
)
# Tariff rates and the trade they apply to are measures, not positions in the talks.
MEASURE = re.compile(r"\b(?:tariffs?|duties|duty|levies|levy)\b", re.I)
GOODS_AFTER = re.compile(
    r"^(?: worth)?(?: of| in)(?: [\w.]+){0,2} (?:goods|imports|exports|products|items)\b", re.I
)
# "trying to narrow a US$4 billion gap": a distance between the sides is no party's position.
GAP_AFTER = re.compile(r"^ (?:[\w-]+ )?(?:gap|difference|shortfall|divide)\b", re.I)
# "96 percent of South Koreans", "90 percent of the $10.7 billion cost": a share, not a change,
# and the whole it is a share of is no position either.
SHARE_AFTER = re.compile(r"^ of\b", re.I)
SHARE_BEFORE = re.compile(r"\b(?:percent|per cent|%) of (?:the |a |an )?$", re.I)
# "China's economic growth rate -- 6.5 percent": an economic indicator, not a term of the talks.
INDICATOR = re.compile(
    r"\b(?:growth|unemployment|inflation|interest|jobless|exchange) rates?\b[^.;]{0,25}$", re.I
)
TRADE_AFTER = re.compile(r"^(?: worth)? (?:of|in)(?: [\w.]+){0,2} trade\b", re.I)
# "a $5 billion U.S. demand": the noun right after the figure names its kind.
NOUN_AFTER = re.compile(
    r"^ (?:[A-Z][\w.]*\s){0,2}(?P<kind>demand|request|offer|proposal|counteroffer)s?\b"
)
NOUN_KINDS = {"demand": "demand", "request": "demand", "offer": "offer", "proposal": "offer",
              "counteroffer": "offer"}  # fmt: skip
# "... the 869.5 billion won that Seoul paid last year", "... won Seoul agreed to pay this year":
# a clause right after the figure with a subject of its own names who acts and how.
RELATIVE_AFTER = re.compile(
    r"^,? (?:that |which )?(?P<subject>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*)?) "
    r"(?P<verb>paid|pays|has paid|had paid|is paying|agreed to pay|contributed|spent"
    r"|offered|proposed|demanded|wants|sought|asked for)\b"
)
RELATIVE_KINDS = {"offered": "offer", "proposed": "offer", "demanded": "demand",
                  "wants": "demand", "sought": "demand", "asked for": "demand"}  # fmt: skip
# ", up 9.2 percent from ...": the change of the figure just before, same party and kind.
CHANGE_OF_PREVIOUS = re.compile(r"^,? (?:up|down|an? (?:increase|rise|cut) of) (?:about )?$")
# "... saying it can settle for": the pronoun is the sentence's subject.
SAYING_PRONOUN = re.compile(r", (?:saying|adding|arguing) (?:that )?(?:it|they) ", re.I)
THIS_YEAR = re.compile(r"\bthis year\b", re.I)
CHANGED_BY = re.compile(
    r"\b(?:lower|reduc|cut|rais|increas|decreas|trimm|slash)\w* (?:[\w'-]+ ){0,3}by "
    r"(?:about |around |roughly |some |nearly )?$",
    re.I,
)
# "a $1 billion increase", "the 1 trillion-won hike": the size of a change, not a position.
CHANGE_AFTER = re.compile(
    r"^(?:-[a-z]+)? (?:\w+ )?(?:hikes?|increases?|rises?|raises?|jumps?|spikes?|cuts?|reductions?"
    r"|decreases?)\b",
    re.I,
)
# The deal being replaced: what it "requires" or "sets" is what is paid now, a baseline.
OLD_DEAL = re.compile(
    r"\b(?:(?:current|existing|previous|old|expiring|expired|outgoing)(?: [\w-]+){0,2}"
    r" (?:deal|agreement|accord|pact|SMA)|(?:deal|agreement|accord|pact|SMA)"
    r"(?: (?:that|which) (?:is|was))? (?:due to expire|set to expire|expir\w+|that expired"
    r"|which expired))\b",
    re.I,
)
OLD_DEAL_REACH = 40  # characters from the deal's words to what it requires
DEAL_TERMS = re.compile(r"\b(?:requir\w*|sets?|set out|calls? for|stipulat\w*|oblig\w*)\b", re.I)
CLAUSE_BREAK = re.compile(r", and |; | -- | but |, while |, which ")
REPORTED = re.compile(r"\b(reportedly|reported(?:ly)?|according to (?:news |media )?reports|"
                      r"sources said|was said to|allegedly|is said to)\b", re.I)  # fmt: skip
KIND_GUESSED = "kind guessed"
PARTY_GUESSED = "party guessed"
PARTY_UNKNOWN = "party unknown"
NO_DATE = "date not given"
UNCONFIRMED = "reported, not confirmed"


def find_positions(sentences, *, parties, issues, dates_of, dateline_place=""):
    """Position candidates for every figure in the story's sentences."""
    found = []
    payer = ""  # the party whose payment the last baseline was
    for sentence in sentences:
        text = sentence.text
        figures = find_figures(text, dateline_place=dateline_place)
        if not figures:
            continue
        mentions = [m for m in parties.find(text) if not MODIFIER.match(text[m.end :])]
        dates = [d for d in dates_of(text)]
        previous_end = 0
        after_past_change = False
        for number, figure in enumerate(figures):
            following = figures[number + 1].start if number + 1 < len(figures) else len(text)
            stretch = text[previous_end : figure.start]
            if _measure(text, figure):
                previous_end = figure.end
                continue
            clause_start = _contrast_start(text, figure, mentions, previous_end)
            kind, cue, kind_flags = _kind(
                text[clause_start : figure.start],
                text[_contrast_start(text, figure, mentions, 0) : figure.start],
                text[figure.end : following],
                clause_start,
            )
            if AGREED_AFTER.match(text[figure.end : following]):
                kind, cue, kind_flags = "agreed", None, []
            under_old = UNDER_OLD_DEAL.search(text[: figure.start])
            if kind != "baseline" and under_old and figure.amount is not None:
                kind, kind_flags = "baseline", []
            if _old_terms(text, cue):
                kind = "baseline"
            past_change = figure.percent_change is not None and bool(PAST_CHANGE.search(stretch))
            if past_change and KIND_GUESSED in kind_flags:
                kind, kind_flags = "agreed", []
            elif after_past_change and TO_LEVEL.match(stretch):
                kind, kind_flags = "baseline", []
            after_past_change = past_change
            party, party_flags = _party(kind, text, figure, mentions, cue, clause_start)
            party, kind, party_flags, kind_flags = _named_after(
                text, figure, mentions, (party, kind, party_flags, kind_flags)
            )
            saying = SAYING_PRONOUN.search(text, clause_start, cue) if cue and cue > 0 else None
            if saying and mentions and mentions[0].start < saying.start():
                party, party_flags = mentions[0].party, []  # "Seoul ..., saying it can ..."
            if kind == "agreed" and figure.amount is not None:
                if THIS_YEAR.search(text[clause_start:following]):
                    kind = "baseline"  # agreed and paid this year: what is paid now
            if (
                figure.percent_change is not None
                and number
                and found
                and found[-1]["kind"] != "baseline"  # the change of a baseline was agreed
                and CHANGE_OF_PREVIOUS.match(stretch)
            ):
                party, kind = found[-1]["party"] or "", found[-1]["kind"]
                party_flags, kind_flags = [], []
            paid = kind in ("baseline", "agreed") and figure.amount is not None
            unnamed = not mentions or (kind == "baseline" and not _named_before(mentions, figure))
            if paid and payer and unnamed:
                party, party_flags = payer, [PARTY_GUESSED]  # the payer of the story so far
            elif kind == "baseline" and party:
                payer = party
            date = _date(dates, previous_end, figure, following)
            flags = [*figure.flags, *kind_flags, *party_flags]
            if date is None:
                flags.append(NO_DATE)
            else:
                flags.extend(date.flags)
            if REPORTED.search(text):
                flags.append(UNCONFIRMED)
            found.append({
                "party": party or None,
                "kind": kind,
                "issue": _issue(text, issues),
                "amount": _plain(figure.amount),
                "amount_min": None,
                "amount_max": None,
                "currency": figure.currency or None,
                "unit": "",
                "percent_change": _plain(figure.percent_change),
                "date": date.date.iso if date else None,
                "evidence": text,
                "flags": sorted(set(flags)),
                "duplicate_of": None,
            })  # fmt: skip
            previous_end = figure.end
    return found


def _named_after(text, figure, mentions, guess):
    """(party, kind, party flags, kind flags) from the words right after the figure when they
    name them ("a $5 billion U.S. demand", "the 869.5 billion won that Seoul paid"), else the
    guess."""
    after = text[figure.end :]
    noun = NOUN_AFTER.match(after)
    if noun:
        named = [m for m in mentions if figure.end <= m.start and m.end <= figure.end + noun.end()]
        party, flags = (named[-1].party, []) if named else (guess[0], guess[2])
        return party, NOUN_KINDS[noun["kind"]], flags, []
    relative = RELATIVE_AFTER.match(after)
    if relative:
        at = figure.end + relative.start("subject")
        named = [m for m in mentions if m.start == at]
        if named:
            kind = RELATIVE_KINDS.get(relative["verb"], "baseline")
            return named[0].party, kind, [], []
    return guess


def _contrast_start(text, figure, mentions, start):
    """Where the figure's clause begins: after a contrasting clause break when a party is named
    between it and the figure, else at start."""
    breaks = [m.end() for m in CONTRAST.finditer(text, start, figure.start)]
    if breaks and any(breaks[-1] <= m.start and m.end <= figure.start for m in mentions):
        return breaks[-1]
    return start


def _named_before(mentions, figure):
    return any(m.end <= figure.start for m in mentions)


def _plain(value):
    if value is None:
        return None
    return format(value.normalize(), "f")


def _measure(text, figure):
    """True for a tariff rate or the value of the trade it applies to, an amount by which a
    figure changed ("lowered its demand by one billion dollars"), a gap between the sides, a
    share ("90 percent of the cost") or an economic indicator: none is a position."""
    window = text[max(0, figure.start - 100) : figure.end + 25]
    if GAP_AFTER.match(text[figure.end :]) or TRADE_AFTER.match(text[figure.end :]):
        return True
    if figure.percent_change is not None:
        return bool(
            MEASURE.search(window)
            or SHARE_AFTER.match(text[figure.end :])
            or INDICATOR.search(text[: figure.start])
        )
    if SHARE_BEFORE.search(text[: figure.start]):
        return True
    if CHANGED_BY.search(text[: figure.start]):
        return True
    if CHANGE_AFTER.match(text[figure.end :]):
        return True
    if BUDGET_TOTAL.search(text[: figure.start]):
        return True
    before = text[max(0, figure.start - 4) : figure.start]
    return before.endswith("on ") and bool(GOODS_AFTER.match(text[figure.end :]))


def _old_terms(text, cue):
    """True when the figure's cue is what the deal being replaced requires ("a 2014 deal due
    to expire this year, which requires the ROK to pay about 960 billion won")."""
    if cue is None or cue < 0:
        return False
    terms = DEAL_TERMS.match(text, cue)
    old = [m for m in OLD_DEAL.finditer(text) if m.end() <= cue <= m.end() + OLD_DEAL_REACH]
    return bool(terms and old)


def _kind(stretch, before, after, offset):
    """(kind, where its cue is, flags): the cue nearest before the figure in its stretch of
    the sentence, else anywhere before it, else just after it."""
    for text, base in ((stretch, offset), (before, 0)):
        best = None
        for kind, pattern in CUES:
            for match in pattern.finditer(text):
                if best is None or match.end() > best[1]:
                    best = (kind, match.end(), base + match.start())
        if best:
            return best[0], best[2], [] if text is stretch else [KIND_GUESSED]
        if text is stretch and WEAK_BASELINE.search(stretch) and not FUTURE.search(stretch):
            found = list(WEAK_BASELINE.finditer(stretch))[-1]
            return "baseline", base + found.start(), [KIND_GUESSED]
    for kind, pattern in CUES:
        found = pattern.search(after[:60])
        # "..., up from this year's W869.5 billion": a baseline cue after a figure is the next's.
        if found and kind != "baseline":
            return kind, -found.start() - 1, [KIND_GUESSED]  # negative: after the figure
    return "offer", None, [KIND_GUESSED]


def _party(kind, text, figure, mentions, cue, clause_start=0):
    """A baseline is the payer's (a possessive before it); any other kind is the party that
    acts in the figure's clause: named last before the cue ("the U.S. asked")."""
    before = [m for m in mentions if m.end <= figure.start]
    possessive = [m for m in before if text[m.end : m.end + 2] in ("'s", "' ")]
    if kind == "baseline" and possessive:
        return possessive[-1].party, []
    if kind == "baseline" and before:
        return before[-1].party, [PARTY_GUESSED]
    if cue is not None and cue < 0:  # "a $5 billion U.S. demand": named between the two
        cue_at = figure.end - cue - 1
        acting = [m for m in mentions if figure.end <= m.start and m.end <= cue_at]
        if acting:
            return acting[-1].party, []
        cue = None
    if cue is not None:
        breaks = [m.end() for m in CLAUSE_BREAK.finditer(text[:cue])]
        cue_clause = breaks[-1] if breaks else 0
        acting = [m for m in mentions if cue_clause <= m.start and m.end <= cue]
        if acting:
            return acting[-1].party, []
    in_clause = [m for m in mentions if clause_start <= m.start < clause_start + 40]
    subject = in_clause[0] if in_clause else None
    if subject is not None:
        return subject.party, []
    if before:
        return before[-1].party, [PARTY_GUESSED]
    if mentions:
        return mentions[0].party, [PARTY_GUESSED]
    return "", [PARTY_UNKNOWN]


def _date(dates, previous_end, figure, following):
    """The date phrase of this figure's own stretch of the sentence, or None."""
    inside = [d for d in dates if previous_end <= d.start and d.end <= figure.start]
    if inside:
        return inside[-1]
    after = [d for d in dates if figure.end <= d.start < following and d.start - figure.end < 30]
    if after and following - after[0].end > 15:
        return after[0]
    return None


def _issue(text, issues):
    """The slug of the issue whose title's words the sentence uses, or None (General)."""
    lowered = text.lower()
    best = None
    for slug, title in issues:
        words = [w[:6] for w in re.findall(r"[a-z]{4,}", title.lower())]
        hits = sum(1 for word in words if word in lowered)
        if words and hits and (best is None or hits > best[1]):
            best = (slug, hits)
    return best[0] if best else None
