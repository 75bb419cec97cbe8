"""Parties and people named in a sentence, matched against the negotiation's own.

A party is found by its name, its recorded aliases (Party.aliases) or the common names a news
story uses for a country (its capital, "S. Korea", "U.S.", the adjective). A person is found by
a run of capitalised words ("R. Clarke Cooper", "Jeong Eun-bo") and matched to a recorded
person by the full name or, for a later mention ("Cooper said", "Jeong said"), by one of the
name's words.
"""

import re
from dataclasses import dataclass

COMMON_ALIASES = {
    "South Korea": ("Seoul", "S. Korea", "Republic of Korea", "ROK", "South Korean", "S. Korean",
                    "Korea", "Korean", "Moon Jae-in"),
    "United States": ("Washington", "U.S.", "US", "USA", "United States of America", "America",
                      "American", "Trump administration", "Biden administration",
                      "State Department", "Pentagon", "White House", "USFK", "Trump", "Biden",
                      "Obama"),
    "North Korea": ("Pyongyang", "N. Korea", "DPRK", "North Korean", "N. Korean"),
    "China": ("Beijing", "Chinese", "PRC", "People's Republic of China", "Xi Jinping", "Xinhua"),
    "Japan": ("Tokyo", "Japanese", "Shinzo Abe", "Yoshihide Suga"),
    "Russia": ("Moscow", "Russian", "Kremlin"),
    "Ukraine": ("Kyiv", "Kiev", "Ukrainian"),
    "Iran": ("Tehran", "Iranian", "Islamic Republic", "Zarif", "Rouhani"),
    "European Union": ("EU", "E.U.", "Brussels", "European Commission", "the bloc"),
    "United Kingdom": ("UK", "U.K.", "Britain", "London", "British", "Downing Street"),
    "Canada": ("Ottawa", "Canadian"),
    "Mexico": ("Mexico City", "Mexican"),
    "Philippines": ("Manila", "Philippine"),
    "Taliban": ("the militants", "insurgents"),
    "Afghanistan": ("Kabul", "Afghan government", "Afghan"),
    "Israel": ("Jerusalem", "Israeli"),
    "Hamas": (),
    "Armenia": ("Yerevan", "Armenian"),
    "Azerbaijan": ("Baku", "Azerbaijani"),
    "Serbia": ("Belgrade", "Serbian"),
    "Kosovo": ("Pristina", "Kosovar"),
    "India": ("New Delhi", "Indian"),
    "Germany": ("Berlin", "German"),
    "France": ("Paris", "French"),
}  # fmt: skip
# Short aliases that are also ordinary words in capitals ("US" in a headline) only count when
# written exactly so.
NAME_WORD = r"(?:[A-Z]\.|[A-Z][a-z]+(?:-[a-z]+)?|[A-Z][a-z]*[A-Z][a-z]+|Mc[A-Z][a-z]+)"
PERSON = re.compile(rf"\b{NAME_WORD}(?: {NAME_WORD}){{1,7}}\b")
NOT_NAMES = {
    "The", "A", "An", "On", "In", "But", "And", "Seoul", "Washington", "South", "North", "United",
    "States", "Korea", "Korean", "American", "U.S.", "State", "Department", "Foreign", "Ministry",
    "Defense", "Forces", "Special", "Measures", "Agreement", "President", "Minister", "Secretary",
    "Assistant", "Deputy", "Ambassador", "Senior", "Adviser", "Advisor", "General", "Gen.",
    "Lt.", "Col.", "Vice", "Chief", "National", "Assembly", "House", "White", "Pentagon",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
    "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Mr.", "Ms.", "Mrs.", "Dr.", "Sen.", "Rep.", "Prime", "Affairs",
    "Political-Military", "Council", "Union", "European", "Security", "Office", "Party", "Yonhap",
    "Reuters", "Agency", "News", "Press", "Commission", "Committee", "Force", "Army", "Navy",
    "Air", "Republic", "People", "Trade", "Representative", "Chairman", "Spokesperson",
    "Spokesman", "Spokeswoman", "It", "They", "He", "She", "We", "This", "That", "Under", "After",
    "While", "When", "As", "If", "Asked", "Speaking", "According", "Meanwhile", "However",
}  # fmt: skip
NORTH = re.compile(r"(?:North|N\.) $")
HONORIFICS = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sen|Rep|Adm|Amb)\.? ")
# Lower-case words a title written before a name may have ("the British Prime Minister's
# Europe adviser David Frost", "South Korea's chief negotiator Jeong Eun-bo").
TITLE_WORDS = re.compile(
    r"(?:of|for|the|and|former|top|chief|senior|deputy|assistant|special|vice|lead|head|acting"
    r"|negotiator|ambassador|envoy|adviser|advisor|minister|secretary|president|official"
    r"|diplomat|spokes\w+|representative|director|foreign|defense|defence|trade|state|national"
    r"|security|prime|delegation|delegate)",
    re.IGNORECASE,
)
TITLE_STOP = re.compile(r"[,;:()\[\]\"“”]")
APPOSITION = re.compile(r"^, (?P<title>[^,;()\"“”]{3,120}),")


@dataclass(frozen=True)
class PartyMention:
    start: int
    end: int
    text: str
    party: str


class PartyMatcher:
    """Finds the negotiation's parties in text by name and alias."""

    def __init__(self, parties):
        self.parties = list(parties)
        names = []
        for party in self.parties:
            names.append((party.name, party.name))
            for alias in (*party.aliases, *COMMON_ALIASES.get(party.name, ())):
                names.append((alias, party.name))
        names.sort(key=lambda pair: -len(pair[0]))
        self.lookup = {}
        parts = []
        for alias, party in names:
            key = alias.lower()
            if key in self.lookup:
                continue
            self.lookup[key] = party
            exact = len(alias) <= 4 and alias.replace(".", "").isupper()
            parts.append(re.escape(alias) if exact else f"(?i:{re.escape(alias)})")
        # Word boundaries that also work after "U.S.": no letter on either side.
        self.pattern = (
            re.compile(r"(?<![A-Za-z])(?:" + "|".join(parts) + r")(?![A-Za-z])") if parts else None
        )

    def find(self, text):
        """Party mentions in text, in order."""
        if self.pattern is None:
            return []
        return [
            PartyMention(m.start(), m.end(), m.group(0), self.lookup[m.group(0).lower()])
            for m in self.pattern.finditer(text)
            if not NORTH.search(text[: m.start()]) or m.group(0).lower().startswith("north")
        ]

    def is_name(self, text):
        """True when the whole text is one of the parties' names or aliases."""
        return text.strip().lower() in self.lookup

    def party_of(self, text):
        """The first party named in text, or ""."""
        found = self.find(text)
        return found[0].party if found else ""


def title_party(title, parties):
    """The party a person's title names, leaving out the portfolio after "for" ("deputy
    assistant secretary of state for Korea and Japan" names no party)."""
    return parties.party_of(re.split(r"\bfor\b", title, maxsplit=1)[0]) if title else ""


def introduced_party(text, start, end, parties):
    """The party of the title a story gives a person where it names them: the words just
    before the name ("U.S. President Donald Trump", "Seoul and U.S. negotiator James DeHart"
    is the U.S. one) or an apposition after it ("DeHart, the U.S. negotiator, ..."); "" when
    neither names a party."""
    words = []
    for word in reversed(TITLE_STOP.split(text[:start])[-1].split()):
        if not (word[0].isupper() or TITLE_WORDS.fullmatch(word.removesuffix("'s"))):
            break
        words.append(word)
    before = re.split(r"\bfor\b", " ".join(reversed(words)), maxsplit=1)[0]
    party = parties.party_of(re.split(r"\band\b", before)[-1])
    apposition = APPOSITION.match(text[end:])
    return party or (title_party(apposition["title"], parties) if apposition else "")


def person_names(text):
    """Runs of capitalised words that may be a person's name, with their places."""
    found = []
    for match in PERSON.finditer(text):
        offset = match.start()
        run = []
        for word in re.finditer(r"\S+", match.group(0)):
            if word.group(0) in NOT_NAMES:
                found.extend(_name_of(run, text, offset))
                run = []
            else:
                run.append(word)
        found.extend(_name_of(run, text, offset))
    return found


def _name_of(run, text, offset):
    if not 2 <= len(run) <= 4 or not any(len(word.group(0)) > 2 for word in run):
        return []
    start, end = offset + run[0].start(), offset + run[-1].end()
    return [(start, end, text[start:end])]


class PeopleMatcher:
    """Matches names in a story to the negotiation's people and to people met earlier."""

    def __init__(self, people):
        self.people = list(people)
        self.met = []  # speakers met in this story, newest last
        self.mentioned = []  # every full name the story has used so far
        self.recent = []  # speakers and names used, the most recent last
        self.introduced = {}  # full name -> the party of the title the story gave them

    def introduce(self, name, party):
        """Remember the party of the title a story gives a person when naming them."""
        name = HONORIFICS.sub("", name).strip()
        if party and len(name.split()) >= 2:
            self.introduced.setdefault(name, party)

    def introduced_party(self, name):
        """The party of the title the story gave this person (full name or part of it)."""
        key = set(_norm(name).split())
        for full, party in self.introduced.items():
            if key and key <= set(_norm(full).split()):
                return party
        return ""

    def meet(self, name):
        name = HONORIFICS.sub("", name).strip()
        for names in (self.met, self.recent):
            if name in names:
                names.remove(name)
            names.append(name)
        return name

    def mention(self, names):
        """Remember names the story uses, so a later surname alone ("Frost said") resolves."""
        for name in names:
            name = HONORIFICS.sub("", name).strip()
            if len(name.split()) < 2:
                continue
            if name not in self.mentioned:
                self.mentioned.append(name)
            full = self.resolve(name)
            if full in self.recent:
                self.recent.remove(full)
            self.recent.append(full)

    def recorded(self, name):
        """The recorded person this full or partial name refers to, or None."""
        key = _norm(name)
        for person in self.people:
            if _norm(person.name) == key:
                return person
        words = set(key.split())
        candidates = [p for p in self.people if words and words <= set(_norm(p.name).split())]
        return candidates[0] if len(candidates) == 1 else None

    def resolve(self, reference):
        """The full name a short reference ("Cooper", "Jeong") stands for, or the reference."""
        reference = HONORIFICS.sub("", reference).strip()
        key = set(_norm(reference).split())
        for name in [*reversed(self.met), *reversed(self.mentioned)]:
            if key and key <= set(_norm(name).split()):
                return name
        person = self.recorded(reference)
        return person.name if person else reference

    def latest(self):
        """The person named last, as a speaker or not ("he" and "she" stand for them)."""
        return self.recent[-1] if self.recent else ""


def _norm(name):
    return re.sub(r"[^a-z ]", "", name.lower().replace("-", " ")).strip()
