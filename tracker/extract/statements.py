"""Quotes and paraphrases with their speakers.

A quotation is a passage in quotation marks of six words or more; its speaker is named in the
same sentence ("...," he said; "...," said Cooper; Cooper said: "..."), or, for a quotation
standing alone after an attributed one, is the speaker of the sentence before. A paraphrase is
reported speech without quotation marks: "Cooper, assistant secretary of state, said the talks
never stopped", "The talks are ongoing, a senior U.S. official said Thursday", "..., reported
the Korea Herald" or "The deal, they say, will ...". "He" and "she" stand for the person named
last, "they" for the group just quoted. "The statement said" and "the report said" speak for the
speaker just named; a later clause of a compound sentence may have its own speaker (", while
Lu Kang said ...") or, without a subject, the sentence's. A speaker is a recorded person when
the name matches one; otherwise a new person with the title the story gives, or, unnamed ("a
senior U.S. official"), the description with the party it names.
"""

import re
from dataclasses import dataclass, field

from .names import introduced_party, person_names, title_party

VERBS = (
    r"said|says|told(?: \w+)?|added|continued|noted|stressed|wrote|tweeted|explained|insisted"
    r"|emphasized|emphasised|warned|argued|declared|announced|affirmed|claimed|remarked|urged"
    r"|acknowledged|confirmed|replied|underlined|highlighted|pointed out|maintained|recalled"
    r"|asserted|observed|admitted|predicted|vowed|promised|reiterated|repeated|cautioned"
    r"|complained|conceded|stated|reported|called|say|revealed|disclosed|described(?= \w+ \w+ as )"
)
PRONOUNS = {"he", "she", "they"}
# "the official", "the assistant secretary", "the US official": the speaker just quoted.
ANAPHORA = re.compile(
    r"^the (?:[\w.-]+ ){0,3}(?:official|secretary|minister|envoy|diplomat|spokes\w+|negotiator"
    r"|ambassador|adviser|advisor|president|source|chief)$",
    re.IGNORECASE,
)
# "the ministry", "the sources": the unnamed speaker just quoted whose description has the word.
INSTITUTION = re.compile(
    r"^the (?P<noun>ministry|sources?|officials?|government|department|office|agency|embassy"
    r"|council|commission)$",
    re.IGNORECASE,
)
# A newspaper's or agency's name: "the Wall Street Journal", "The Korea Herald".
MEDIUM_NAME = re.compile(
    r"^(?:the )?(?:[A-Z][\w.&-]* ){0,4}(?:Journal|Times|Post|News|Agency|Daily|Herald|Telegraph"
    r"|Guardian|Economist|Gazette|Tribune|Chronicle)$"
)
# "the financial daily", "the newspaper": the news medium just quoted.
MEDIUM_ANAPHORA = re.compile(
    r"^the (?:[\w-]+ ){0,2}(?:daily|newspaper|paper|agency|broadcaster|outlet|magazine|network)$",
    re.IGNORECASE,
)
# "The Chinese statement said ...": the statement of the last speaker of that party.
PARTY_DOCUMENT = re.compile(
    r"^the (?P<adjective>[A-Z][\w.-]+) (?:government'?s? )?(?:statement|release|readout)"
    r" (?:said|says|added|stated|noted)\b",
    re.I,
)
# "The White House's Grisham": an institution's person, named by surname.
INSTITUTION_PERSON = re.compile(
    r"^(?P<org>(?:the )?[A-Z][\w.]*(?: [A-Z][\w.]*)*)['’]s (?P<name>[A-Z][\w'-]+)$"
)
# An apposition opening with a preposition ("Trump, on the eve of his meeting with ..., said")
# says when, not who: it is no title.
NOT_TITLE = re.compile(r"^(?:on|in|at|during|after|before|while|when|speaking|ahead of)\b", re.I)
# "are slated to be continued": a passive or an infinitive is no speech verb.
PASSIVE_END = re.compile(r"\b(?:be|been|being|to|is|are|was|were)$", re.I)
# "vowed to step up ...": an infinitive after the verb is no reported speech.
INFINITIVE = re.compile(r"^to [a-z]")
# A quotation after "adding:" in reported speech is the same speaker's.
ADDING = re.compile(r"(?:adding|saying|and added)[,:]? $")
SPOKEN_DAY = re.compile(
    r" (?:on |late |early )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$"
)
QUOTED = re.compile(r'"([^"]+)"')
MIN_QUOTE_WORDS = 6
# An opening word, or an opening phrase closed by its comma ("On Chinese ships' entry ..., ").
INTRO = (
    r"(?:(?:But|And|Meanwhile|However|Still|Earlier|Later|Separately|Instead),? "
    r"|(?:Regarding|In|On|At|During|Asked about|Speaking|After|Before|Referring to|Without"
    r"|Citing|Responding to|Asked|Despite|Amid|Ahead of|Earlier|Later|While|Although|Though"
    r"|Even though|Whereas|If|Unless|while|although|if)[^,\"]{0,160}, )"
)
WHO = r"(?P<who>[A-Za-z][\w.'’ -]{0,90}?)(?:, (?P<title>[^,\"]{3,140}),)?"
WHEN = r"(?: (?:on |late |early )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
WHEN += r"|earlier|later|last week|yesterday|today)(?: \w+)?)?"
WHEN += r"(?: on the \d{1,2}(?:st|nd|rd|th)(?: \(local time\))?)?"  # "on the 16th (local time)"
WHEN += (
    r"(?: (?:in|during|at|on) (?:a|an|the) (?:[\w-]+ ){0,3}?(?:statement|interview|briefing"
    r"|conference(?: call)?|call|release|meeting|news conference|press conference|forum)"
    r"(?: (?:on|with) [\w ]{1,30}?)?)?(?: on Twitter| on condition of anonymity)?"
    r"(?: (?:on |late |early )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?"
    r"(?: in (?:his|her|their|a|an) (?:[\w-]+ ){0,3}?(?:memoir|book|letter|op-ed|column|post)\b"
    r'(?:, "[^"]+,?"(?:,? [^"]*)?)?)?'
)
TRAILER = (
    r"(?:,? (?:adding|saying|citing|according to|declining|as|amid|after|while|despite"
    r"|following|without)\b.*)?"
)
AFTER_QUOTE = re.compile(rf'^"[^"]+"[,:]? {WHO} (?:has |have |had )?(?P<verb>{VERBS}){WHEN}\b')
SAID_WHO = re.compile(
    r'^"[^"]+"[,:]? (?P<verb>said|added|says) (?P<who>(?:[^,."]|(?<=\b[A-Z])\.){2,90})'
    r'(?:, (?P<title>[^,"]{3,140}))?'
)
BEFORE_QUOTE = re.compile(
    rf'^(?:{INTRO}){{0,2}}{WHO} (?:has |have |had )?(?P<verb>{VERBS}){WHEN}[,:]? (?:that )?"'
)
PARAPHRASE_LEAD = re.compile(
    rf"^(?:{INTRO}){{0,2}}{WHO} (?:has |have |had )?(?P<verb>{VERBS}){WHEN},? (?:that )?"
    r"(?P<clause>[A-Za-z\"'].{10,})$"
)
PARAPHRASE_TAIL = re.compile(
    rf"^(?P<clause>.{{15,}}?),\"? (?P<who>[^,\"]{{2,90}}?)(?:, (?P<title>[^,\"]{{3,140}}),)? "
    rf"(?:has |have |had )?(?P<verb>{VERBS}){WHEN}{TRAILER}\.?$"
)
# "Kerry had offered a glimmer of hope, saying some issues had been resolved": the subject's.
SAYING = re.compile(
    rf"^(?:{INTRO})?(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){{0,3}}"
    r"(?: (?:diplomats?|officials?|negotiators?|sources?|leaders?|ministers?))?)"
    rf" [a-z][^\"]*?,? saying,? "
    r"(?:that )?(?P<clause>[A-Za-z].{10,})$"
)
# "..., reported South China Morning Post.", "..., said top diplomats of U.S. and Iran here."
INVERTED_TAIL = re.compile(
    rf"^(?P<clause>.{{15,}}?),\"? (?P<verb>said|says|reported|added) (?P<who>[^,\"]{{2,90}}?)"
    rf"(?: here)?{WHEN}(?:, [^\"]*)?\.?$"
)
# "The deal, they say, will soon be an empty shell."
PARENTHETICAL = re.compile(
    r"^(?P<head>[^,\"]{10,}?), (?P<who>[^,\"]{2,40}?) (?:say|says|said), (?P<rest>[a-z].{10,})$"
)
# "..., he said, adding there were still ...": a second piece of reported speech.
ADDING_CLAUSE = re.compile(
    r',"? (?:he|she|they|[A-Z][\w.-]+) said,? adding,? (?:that )?(?P<clause>[a-z].{10,})$'
)
ACCORDING_TO = re.compile(r"^(?P<clause>.{15,}?),? according to (?P<who>[^,.]{2,90})")
ACCORDING_LEAD = re.compile(r"^According to (?P<who>[^,]{2,90}), (?P<clause>.{10,})$")
REPORTS = re.compile(
    r"^(?P<who>(?:[A-Z][\w.]* )*(?:(?:news|media|press) )?reports?) (?:\w+ )?"
    r"(?:suggested|said|say|says|claimed|showed|indicated)(?: \w+)?(?: that)? (?P<clause>.{10,})$",
    re.IGNORECASE,
)
# "The statement said ...": the document of the speaker just named speaks for them.
DOCUMENT_WORDS = r"the (?:press |news |joint )?(?:statement|release|report|readout|communiqu\w+)"
DOCUMENT = re.compile(rf"^{DOCUMENT_WORDS} (?:said|says|added|stated|noted)\b", re.I)
DOCUMENT_WHO = re.compile(rf"^{DOCUMENT_WORDS}$", re.I)
# The last clause of a compound sentence may report someone's words: "..., while Lu Kang said
# the talks ...", "... -- but now, Washington negotiators say ...", "... but promised ...".
COMPOUND = re.compile(
    r'(?:,"?|;| --| —)? (?:but|while|whereas|and|after|when|because|since|(?<=, )as)'
    r" (?:now,? |later,? )?"
)
SUBJECT = re.compile(
    r"^(?:(?:But|And|Yet|Still) )?(?P<who>[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){0,3}"
    r"|the (?:[\w.-]+ ){0,3}(?:official|secretary|minister|envoy|diplomat|negotiator"
    r"|ambassador|adviser|advisor|president|spokes\w+)) [a-z]"
)
SAID_WHEN = re.compile(rf"\b(?:{VERBS})(?: \w+)?(?: on| late| early)? $", re.I)
NOT_SPEAKERS = re.compile(
    r"^(?:it|this|that|which|there|what|who|the report|the statement|the agreement|reports)$", re.I
)
NOT_IN_SPEAKER = re.compile(
    r"\b(?:despite|having|after|while|when|because|although|though|if|which|that|but|and then"
    r"|and (?:almost|\w+ly)"
    r"|study|survey|poll|analysis)\b",
    re.IGNORECASE,
)
# Any other adverb between a speaker and the verb: "he continuously said".
LY_ADVERB = re.compile(
    r"\s+(?!(?:family|assembly|rally|supply|monopoly|daily|weekly|monthly|quarterly|early)\b)[a-z]{3,}ly\b"
)
ADVERBS = re.compile(
    r"\s+(?:also|further|then|later|again|reportedly|separately|earlier|previously|once"
    r"|repeatedly|only|however|too)\b",
    re.IGNORECASE,
)
OFFICIAL_WORDS = re.compile(
    r"\b(official|officials|minister|ministry|spokes\w+|department|office|diplomat|diplomats"
    r"|source|sources|envoy|negotiator|negotiators|government|governments|president|secretary"
    r"|ambassador|adviser|advisor|pentagon|white house|embassy|military|analyst|countries|sides"
    r"|administration|commission|agency|media|news|newspaper|television|kremlin|council|daily"
    r"|paper|journal|broadcaster|outlet|magazine|lawmakers?|legislators?|senators?"
    r"|parliamentarians?|congressm[ae]n)\b",
    re.IGNORECASE,
)
MEDIA = re.compile(
    r"\b(news|agency|media|newspaper|television|TV|radio|Xinhua|KCNA|Yonhap|Reuters|Kyodo"
    r"|reports?|daily|paper|journal|broadcaster|outlet|magazine)\b",
    re.IGNORECASE,
)
# An unnamed government speaker naming no country ("a foreign ministry official", "the
# Ministry of Defense") is of the country the story is datelined in ("TOKYO -- ...").
HOME_GOVERNMENT = re.compile(
    r"\b(?:ministry|government|official|officials|source|sources|spokes\w+|cabinet)\b", re.I
)
NOT_HOME = re.compile(r"\b(?:both|two|each|other|all|allied|sides|countries|nations)\b", re.I)
# "A senior Iranian official": one unnamed person, whom a following "he said" stands for.
SINGLE = re.compile(
    r"^(?:a|an|the) (?:[\w.-]+ ){0,3}(?:official|diplomat|negotiator|source|spokes(?:man|woman"
    r"|person)|envoy|adviser|advisor|aide)(?: (?:in|of|from|at|with) .*)?$",
    re.I,
)
# "Mr Lu", "Ms. Kim": an honorific before a surname.
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof)\.? (?=[A-Z])")
HIS_TITLE = re.compile(r"\b(?:his|her)\b", re.I)
UNNAMED = "speaker not named"
DATE_FROM_STORY = "date taken from the story"
PARTY_GUESSED = "party guessed"
REPORTED = "reported, not confirmed"
PARTY_UNKNOWN = "party unknown"


@dataclass
class Speaker:
    name: str = ""
    title: str = ""
    party: str = ""
    named: bool = True
    flags: list = field(default_factory=list)
    alone: bool = False  # one unnamed person, no one named since: "he said" is them


def find_statements(sentences, *, people, parties, dates_of, story_date, home_party=""):
    """Statement candidates (dicts with interchange fields) for the story's sentences;
    home_party is the party of the story's dateline place, or ""."""
    found = []
    last = None  # the Speaker of the last attributed sentence
    recent = []  # every Speaker attributed so far, latest last
    last_paragraph = -1
    for sentence in sentences:  # a title given anywhere in the story (a photo caption too)
        _introduce(sentence.text.split('"')[0], people, parties)
    for sentence in sentences:
        text = sentence.text
        named_here = [name for _, _, name in person_names(text.split('"')[0])]
        people.mention(named_here)
        if last is not None and named_here and last.name not in named_here:
            last.alone = False
        quotes = [q for q in QUOTED.finditer(text) if len(q.group(1).split()) >= MIN_QUOTE_WORDS]
        leading = _leading_quote(text)
        speaker = _attribution(text, people, parties, last, recent)
        if speaker is None and quotes and last is not None and leading:
            # A quotation standing alone continues the speaker of the sentence before,
            # in the same paragraph or the one after it.
            if sentence.paragraph - last_paragraph <= 1 and text.startswith('"'):
                speaker = last
        date, date_flags = _statement_date(text, dates_of, story_date)
        if speaker is not None and leading:
            for quote in quotes:
                found.append(_candidate(speaker, "quote", _quote_text(quote.group(1)), sentence,
                                        date, date_flags))  # fmt: skip
            adding = ADDING_CLAUSE.search(text)
            if adding:
                clause = adding["clause"].strip().rstrip(".").strip()
                found.append(_candidate(speaker, _kind(clause, clause, speaker), clause, sentence,
                                        date, date_flags))  # fmt: skip
        elif speaker is not None:
            clause = _paraphrase_clause(text)
            if clause:
                kind = _kind(text, clause, speaker)
                found.append(_candidate(speaker, kind, clause, sentence, date, date_flags))
            for quote in quotes:  # "..., Kerry said, adding: "...""
                if ADDING.search(text[: quote.start()]) and quote.group(1) not in clause:
                    found.append(_candidate(speaker, "quote", _quote_text(quote.group(1)),
                                            sentence, date, date_flags))  # fmt: skip
        tail = _tail_statement(text, speaker, people, parties, last)
        if tail is not None:
            who, kind, clause = tail
            found.append(_candidate(who, kind, clause, sentence, date, date_flags))
            speaker = speaker or who
        if speaker is not None:
            speaker.alone = not speaker.named and bool(SINGLE.match(speaker.name))
            last, last_paragraph = speaker, sentence.paragraph
            recent.append(speaker)
    return [_home_party(candidate, home_party) for candidate in found]


def _home_party(candidate, home_party):
    """The candidate, with the dateline's party for an unnamed government speaker of none."""
    speaker = candidate["speaker"] or ""
    if (
        not home_party
        or candidate["party"] is not None
        or UNNAMED not in candidate["flags"]
        or not HOME_GOVERNMENT.search(speaker)
        or NOT_HOME.search(speaker)
    ):
        return candidate
    flags = (set(candidate["flags"]) - {PARTY_UNKNOWN}) | {PARTY_GUESSED}
    return {**candidate, "party": home_party, "flags": sorted(flags)}


def _introduce(text, people, parties):
    """Remember the party of the title a sentence gives the people it names."""
    for start, end, name in person_names(text):
        people.introduce(name, introduced_party(text, start, end, parties))


def _tail_statement(text, speaker, people, parties, last=None):
    """(speaker, kind, clause) of reported speech in a compound sentence's later clause, when
    it is not the sentence's own: "..., while Lu Kang said ..."; a clause without a subject of
    its own ("Frost will take up the role but promised ...") has the sentence's subject."""
    for found in COMPOUND.finditer(text):
        if found.start() == 0:
            continue
        tail = text[found.end() :]
        lead = PARAPHRASE_LEAD.match(tail)
        who = lead and _speaker(lead["who"], lead["title"], people, parties)
        saying = None if lead else SAYING.match(tail)
        if saying:  # "... while Vice-Minister Liao Min refused to speak saying he was ..."
            lead = saying
            who = _speaker(_titled_subject(tail) or saying["who"], None, people, parties)
        if lead and _pronoun(lead["who"]) and lead["who"].split()[0].lower() in ("he", "she"):
            # "But Trump pressed ..., as he said ...": "he" is the sentence's subject.
            who = _subject_person(text, people, parties) or who
        if who is None:
            lead = re.match(
                rf"^(?:(?:almost|\w+ly) ){{0,2}}(?:has |have |had )?(?:{VERBS}){WHEN},? (?:that )?"
                rf"(?P<clause>[A-Za-z\"'].{{10,}})$",
                tail,
            )
            subject = SUBJECT.match(text)
            if not (lead and subject and speaker is None):
                continue
            who = _speaker(_titled_subject(text) or subject["who"], None, people, parties, last)
        if who is None or (speaker is not None and who.name == speaker.name):
            continue
        clause = lead["clause"].strip().rstrip(".").strip()
        if INFINITIVE.match(clause):
            continue
        return who, _kind(tail, clause, who), clause
    return None


def _pronoun(who):
    return LY_ADVERB.sub("", ADVERBS.sub("", who or "")).strip().lower() in PRONOUNS


def _subject_person(text, people, parties):
    """The person the sentence opens with ("But Trump ...", "Top Pentagon spokesman John
    Kirby ..."), or None."""
    subject = SUBJECT.match(text)
    opening = _titled_subject(text) or (subject["who"] if subject else "")
    if not opening:
        return None
    who = _speaker(opening, None, people, parties)
    if who is not None and who.named:
        return who
    if re.fullmatch(r"[A-Z][a-z'-]+", opening):  # a surname alone: "But Trump pressed ..."
        return _named(people.resolve(opening), "", people, parties)
    return None


def _titled_subject(text):
    """The opening words up to the person they name, when the sentence opens with a title and
    a name ("Top Pentagon spokesman John Kirby on Wednesday ..."), or ""."""
    names = person_names(text[:80])
    if not names or names[0][0] > 50:
        return ""
    return text[: names[0][1]]


def _leading_quote(text):
    """True when the sentence opens with its quotation or gives it after "X said:"."""
    first = text.find('"')
    if first < 0:
        return False
    return first <= 12 or bool(BEFORE_QUOTE.match(text))


def _kind(text, clause, speaker):
    """Reported speech is a quote when quoted words make up at least half of it."""
    medium = MEDIA.search(speaker.name) or MEDIUM_NAME.match(speaker.name)
    if REPORTS.match(text) or (not speaker.named and medium):
        return "report"
    quoted = sum(len(q.group(1).split()) for q in QUOTED.finditer(clause))
    if quoted >= MIN_QUOTE_WORDS and quoted * 2 >= len(clause.split()):
        return "quote"
    return "paraphrase"


def _quote_text(words):
    return words.strip().rstrip(",").strip()


def _statement_date(text, dates_of, story_date):
    mentions = [
        m for m in dates_of(text)
        if m.date.precision == "day" and not m.since and SAID_WHEN.search(text[: m.start])
    ]  # fmt: skip
    if mentions:
        return mentions[-1].date, list(mentions[-1].flags)
    return story_date, [DATE_FROM_STORY] if story_date else []


def _candidate(speaker, kind, quote, sentence, date, date_flags):
    flags = list(speaker.flags) + list(date_flags)
    if kind == "report":
        flags.append(REPORTED)
    return {
        "date": date.iso if date else None,
        "speaker": speaker.name or None,
        "speaker_title": speaker.title,
        "party": speaker.party or None,
        "kind": kind,
        "quote": quote,
        "evidence": sentence.text,
        "flags": sorted(set(flags)),
        "duplicate_of": None,
    }


def _attribution(text, people, parties, last=None, recent=()):
    """The Speaker a sentence names for its quotation or reported speech, or None."""
    document = PARTY_DOCUMENT.match(text)
    party = document and parties.party_of(document["adjective"])
    if party:
        of_party = [speaker for speaker in recent if speaker.party == party]
        if of_party:
            return of_party[-1]
        return Speaker(name=document.group(0).rsplit(" ", 1)[0], party=party, named=False,
                       flags=[UNNAMED])  # fmt: skip
    if last is not None and DOCUMENT.match(text):
        return last
    report = REPORTS.match(text)
    if report:
        return Speaker(name=report["who"], party=parties.party_of(report["who"]), named=False,
                       flags=[UNNAMED])  # fmt: skip
    for pattern in (
        AFTER_QUOTE,
        SAID_WHO,
        BEFORE_QUOTE,
        PARAPHRASE_LEAD,
        PARAPHRASE_TAIL,
        SAYING,
        INVERTED_TAIL,
        PARENTHETICAL,
    ):
        match = pattern.match(text)
        if match:
            speaker = _speaker(match["who"], match.groupdict().get("title"), people, parties, last)
            if speaker is not None:
                return speaker
    for pattern in (ACCORDING_LEAD, ACCORDING_TO):
        match = pattern.match(text)
        if match and not re.search(r"\breports?\b", match["who"]):
            return _speaker(match["who"], None, people, parties, last)
    return None


def _paraphrase_clause(text):
    for pattern in (
        PARAPHRASE_LEAD,
        PARAPHRASE_TAIL,
        ACCORDING_LEAD,
        ACCORDING_TO,
        REPORTS,
        SAYING,
        INVERTED_TAIL,
        PARENTHETICAL,
    ):
        match = pattern.match(text)
        if match and pattern is PARAPHRASE_LEAD and PASSIVE_END.search(match["who"]):
            continue  # "Further negotiations are slated to be continued on ...": no speaker
        if match and pattern is PARENTHETICAL:
            return f"{match['head']} {match['rest']}".strip().rstrip(".").strip()
        if match and match.groupdict().get("clause"):
            clause = match["clause"].strip().rstrip(".").strip()
            if INFINITIVE.match(clause):  # "vowed to step up engagement": no reported speech
                return ""
            leading = pattern in (PARAPHRASE_LEAD, SAYING)
            return clause if leading else clause[0].upper() + clause[1:]
    return ""


def _speaker(who, title, people, parties, last=None):
    who = (who or "").strip().strip(",")
    who = re.sub(rf"^(?:{INTRO}){{0,2}}", "", who)
    # "John Kerry after a meeting with Zarif in Vienna": the speaker ends before "after".
    who = re.split(
        r" (?:after|before|during|following|upon|ahead of|speaking (?:to|with|at|on))"
        r" ",
        who,
    )[0]
    who = HONORIFIC.sub("", who)
    who = SPOKEN_DAY.sub("", LY_ADVERB.sub("", ADVERBS.sub("", who)).strip())
    if last is not None and DOCUMENT_WHO.match(who):  # "..., the statement said."
        return last
    if title and NOT_TITLE.match(title.strip()):
        title = None
    if NOT_TITLE.match(who) or PASSIVE_END.search(who):  # "On Chinese ships' repeated entry"
        return None
    if last is not None and not last.named and MEDIUM_ANAPHORA.match(who):
        if MEDIA.search(last.name):
            return last
    institution_person = INSTITUTION_PERSON.match(who)
    if institution_person:
        full = people.resolve(institution_person["name"])
        if full != institution_person["name"] or people.recorded(full):
            return _named(full, institution_person["org"], people, parties)
    if (len(who.split()) == 1 and MEDIA.fullmatch(who)) or MEDIUM_NAME.match(who):
        # "..., according to Kyodo.", "According to the Wall Street Journal, ..."
        return Speaker(name=who, party=parties.party_of(who), named=False, flags=[UNNAMED])
    if who.lower() == "it" and last is not None and not last.named:
        return last  # "It added, ...": the ministry or department just quoted
    if not who or NOT_SPEAKERS.match(who) or len(who.split()) > 12 or NOT_IN_SPEAKER.search(who):
        return None
    if who.lower() in PRONOUNS:
        if last is not None and (last.named or who.lower() == "they" or last.alone):
            return last  # "they" may be the officials just quoted, "he" "a senior official"
        name = people.latest()
        return _named(name, "", people, parties) if name else None
    # "the official" is the speaker just quoted, unless it names another party ("the Iranian
    # official" after a U.S. one) or no one was quoted: then it is a description like any other.
    if ANAPHORA.match(who) and last is not None:
        party = parties.party_of(who)
        if not party or not last.party or party == last.party:
            return last
    institution = INSTITUTION.match(who)
    if institution and last is not None and not last.named:
        if institution["noun"].lower().rstrip("s") in last.name.lower():
            return last
    names = person_names(who)
    if not names and title and person_names(title):
        # "A member of the delegation, Under Secretary Ted McKinney, told ...": the name is
        # in the apposition, the description before it is the title.
        who, title = title, who
        names = person_names(who)
    if names:
        start, end, name = names[-1]
        before = who[:start].strip(" ,")
        after = who[end:].strip(" ,")
        title = (title or after or before).strip().rstrip(".").strip()
        return _named(name, title, people, parties)
    party = parties.party_of(who)
    if party and parties.is_name(who):  # "South Korea said", "Washington said"
        return Speaker(name=who, party=party, named=False, flags=[UNNAMED])
    if len(who.split()) == 1 and who[0].isupper() and not OFFICIAL_WORDS.fullmatch(who):
        full = people.resolve(who)  # a surname alone; "Sources", "Officials" are unnamed
        if full != who or people.recorded(who):
            return _named(full, (title or "").rstrip("."), people, parties)
        return None
    if not OFFICIAL_WORDS.search(who):
        return None
    party = parties.party_of(who)
    flags = [UNNAMED] + ([] if party else [PARTY_UNKNOWN])
    return Speaker(name=who[0].upper() + who[1:] if who[0].islower() else who, party=party,
                   named=False, flags=flags)  # fmt: skip


def _party_of_person(name, title, people, parties):
    """The party of the title given here, else where the story named them, else their name
    when it is one of a party's aliases ("Donald Trump")."""
    recorded = people.recorded(name)
    if recorded is not None and recorded.party:
        return recorded.party
    return title_party(title, parties) or people.introduced_party(name) or parties.party_of(name)


def _named(name, title, people, parties):
    name = people.meet(name)
    recorded = people.recorded(name)
    if recorded is not None:
        name = recorded.name
        people.meet(name)
        return Speaker(name=name, title=title or recorded.title, party=recorded.party)
    party = _party_of_person(name, title, people, parties)
    if not party and title and HIS_TITLE.search(title):
        # "John Bolton, one of his former national security advisers": the adviser of the
        # person named before, of that person's party.
        before = [other for other in people.recent if other != name]
        party = _party_of_person(before[-1], "", people, parties) if before else ""
    return Speaker(name=name, title=title, party=party,
                   flags=[PARTY_GUESSED if party else PARTY_UNKNOWN])  # fmt: skip
