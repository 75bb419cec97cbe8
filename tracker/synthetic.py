"""A deterministic, realistic-looking synthetic negotiation for benchmarks and scale tests.

Every record is derived from the seed and its own index, so the same arguments give
the same document, and the lanes are lazy sequences: a 100,000-statement document
costs almost nothing until a record is read, and reading it twice gives equal
records. The names are invented and every source lives under `example.org`, so a
synthetic record can never be mistaken for a real one.
"""

import datetime as dt
import random
from decimal import Decimal

FORMAT = "negotiation-tracker/1"
LANES = ("source", "person", "round", "position", "event", "statement")
FIRST_DAY = dt.date(2005, 1, 3)
STATEMENTS_PER_DAY = 25

PARTIES = (
    ("Republic of Northland", "USD"),
    ("Southland Federation", "EUR"),
    ("Kingdom of Eastmark", "JPY"),
    ("Westreach Union", "KRW"),
)
UNITS = ("tonnes of grain", "troops stationed", "vehicles per year")
PEOPLE_PER_PARTY = 6
TITLES = (
    "Chief negotiator",
    "Deputy foreign minister",
    "Trade representative",
    "Ambassador for cost-sharing talks",
    "Defence ministry spokesperson",
    "Senior adviser for security negotiations",
)
PLACES = (
    "Northport, Northland",
    "Southgate, Southland",
    "Eastmark City, Eastmark",
    "Westhaven, Westreach",
    "Geneva, Switzerland",
    "Virtual meeting",
)
PUBLISHERS = (
    "Daily Ledger",
    "Wire Service",
    "Foreign Ministry",
    "Evening Courier",
    "Trade Journal",
)
CONTEXTS = ("Press briefing", "Parliamentary hearing", "Interview", "Joint statement", "Speech")
EVENT_KINDS = (
    "Working-level meeting",
    "Leaders' phone call",
    "Deadline passes",
    "Staff furlough announced",
    "Parliament ratifies interim deal",
    "Talks suspended",
)
WORDS = (
    "we remain committed to a fair and reasonable outcome for both sides while the"
    " burden of costs must reflect the contribution each partner makes to the alliance"
    " and the negotiators will meet again soon to narrow the remaining gaps on the"
    " figure the duration and the conditions attached to any multi-year agreement"
    " there is no deadline that justifies an unbalanced deal nor any reason to delay"
    " progress that serves our shared security interests in the region"
).split()
# One fixed stream of words; quotes and notes are slices of it, which keeps generation fast.
_STREAM = random.Random(0).choices(WORDS, k=4096)
# Quotes sometimes carry characters that are markup elsewhere; they must show as written.
ASIDES = ("costs < 5% & rising", '"<b>final</b>" offer', "R&D <and> logistics")


def synthetic_document(*, slug, statements, rounds=None, positions=None, events=None, seed=0):
    """An interchange document (`negotiation-tracker/1`) with one synthetic negotiation.

    Rounds, positions and events default to a tenth of the statements. The lanes are
    `SyntheticRecords`: lazy, re-iterable sequences of plain dicts in date order.
    """
    counts = {
        "statements": statements,
        "rounds": statements // 10 if rounds is None else rounds,
        "positions": statements // 10 if positions is None else positions,
        "events": statements // 10 if events is None else events,
    }
    for lane, count in counts.items():
        if count < 0:
            raise ValueError(f"{lane}: the count must not be negative, not {count}")
    world = _World(seed, counts)
    negotiation = {
        "slug": slug,
        "title": f"Synthetic negotiation {slug} (generated, seed {seed})",
        "summary": (
            f"Generated for benchmarks: {counts['statements']} statements, {counts['rounds']}"
            f" rounds, {counts['positions']} positions and {counts['events']} events"
            " between invented parties. Not a real negotiation."
        ),
        "status": "ongoing",
        "parties": [name for name, _ in PARTIES],
        "people": [world.person(i) for i in range(len(world.people))],
        "rounds": SyntheticRecords(counts["rounds"], world.round),
        "positions": SyntheticRecords(counts["positions"], world.position),
        "events": SyntheticRecords(counts["events"], world.event),
        "statements": SyntheticRecords(counts["statements"], world.statement),
    }
    return {"format": FORMAT, "negotiations": [negotiation]}


def materialize(document):
    """The same document with every lazy lane turned into a list (for `json` and equality)."""
    negotiations = []
    for negotiation in document["negotiations"]:
        negotiations.append(
            {
                key: list(value) if isinstance(value, SyntheticRecords) else value
                for key, value in negotiation.items()
            }
        )
    return {**document, "negotiations": negotiations}


class SyntheticRecords(list):
    """`count` records made on demand by `make(index)`; equal on every read.

    A `list` subclass because the format's validator asks for JSON arrays; its storage
    stays empty, and every Python-level read (len, iteration, indexing, slicing)
    makes records as it goes. C-level JSON encoders see an empty list: call
    `materialize` before serialising.
    """

    def __init__(self, count, make):
        super().__init__()
        self.count, self.make = count, make

    def __len__(self):
        return self.count

    def __bool__(self):
        return self.count > 0

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.make(i) for i in range(*index.indices(self.count))]
        if index < 0:
            index += self.count
        if not 0 <= index < self.count:
            raise IndexError("synthetic record index out of range")
        return self.make(index)

    def __iter__(self):
        return map(self.make, range(self.count))

    def __reversed__(self):
        return map(self.make, range(self.count - 1, -1, -1))

    def __eq__(self, other):
        return list(self) == list(other)

    __hash__ = None

    def __repr__(self):
        return f"<SyntheticRecords: {self.count}>"


class _World:
    """The invented parties, people, sources and calendar one seed stands for."""

    def __init__(self, seed, counts):
        self.seed, self.counts = seed, counts
        densest_lane = max(counts.values())
        self.span_days = max(730, densest_lane // STATEMENTS_PER_DAY)
        self.people = [
            (f"{first} {family}", party_index)
            for party_index in range(len(PARTIES))
            for first, family in _names(seed, party_index)
        ]
        self.source_count = max(50, densest_lane // 4)

    def _rng(self, lane, index):
        return _Rng((self.seed * 8 + LANES.index(lane)) * 10_000_019 + index)

    def _day(self, lane, index):
        """Days spread evenly over the span in index order, so each lane is chronological."""
        return FIRST_DAY + dt.timedelta(days=(index * self.span_days) // self.counts[lane])

    def _date(self, day, rng, *, month_share=0.12, year_share=0.02):
        roll = rng.random()
        if roll < year_share:
            return f"{day.year:04d}"
        if roll < year_share + month_share:
            return day.isoformat()[:7]
        return day.isoformat()

    def _sources(self, rng, low=1, high=3):
        picks = {rng.randrange(self.source_count) for _ in range(rng.randint(low, high))}
        return [self.source(index) for index in sorted(picks)]

    def source(self, index):
        # Plain arithmetic, not a generator per source: records cite sources many times.
        day = FIRST_DAY + dt.timedelta(days=(index * 7919 + self.seed) % self.span_days)
        start = (index * 31 + self.seed) % (len(_STREAM) - 5)
        return {
            "url": f"https://news.example.org/{self.seed}/article/{index}",
            "title": f"Synthetic report {index}: {' '.join(_STREAM[start : start + 5])}",
            "publisher": PUBLISHERS[index % len(PUBLISHERS)],
            "published": day.isoformat(),
        }

    def person(self, index):
        name, party_index = self.people[index]
        return {
            "name": name,
            "title": TITLES[index % len(TITLES)],
            "party": PARTIES[party_index][0],
            "sources": [self.source(index)],
        }

    def round(self, index):
        rng = self._rng("round", index)
        day = self._day("rounds", index)
        record = {"number": index + 1}
        if index % 17 == 16:
            record = {"number": None, "number_inferred": index + 1}
        if rng.random() < 0.05:
            record["start"] = day.isoformat()[:7]
        else:
            record["start"] = day.isoformat()
            record["end"] = (day + dt.timedelta(days=rng.randint(0, 2))).isoformat()
        leads = {}
        first = rng.randrange(len(PARTIES))
        for party_index in (first, (first + 1 + rng.randrange(len(PARTIES) - 1)) % len(PARTIES)):
            leads[PARTIES[party_index][0]] = self._person_of(party_index, rng)
        record.update(
            location=PLACES[rng.randrange(len(PLACES))],
            format=rng.choice(("in_person", "in_person", "virtual", "hybrid")),
            lead_negotiators=leads,
            note=_sentence(rng, 12, 40),
            sources=self._sources(rng),
        )
        return record

    def position(self, index):
        rng = self._rng("position", index)
        day = self._day("positions", index)
        party_index = rng.randrange(len(PARTIES))
        party, currency = PARTIES[party_index]
        base = Decimal(10 ** (9 + party_index % 3)) * (1 + Decimal(index % 97) / 100)
        record = {
            "party": party,
            "kind": rng.choice(("demand", "offer", "offer", "agreed", "baseline")),
            "date": None if rng.random() < 0.02 else self._date(day, rng, month_share=0.25),
        }
        roll = rng.random()
        if roll < 0.15:
            record.update(amount_min=str(base), amount_max=str(base * 2), currency=currency)
        elif roll < 0.22:
            record.update(amount=str(rng.randint(1, 900) * 1000), currency=None)
            record["unit"] = UNITS[index % len(UNITS)]
        elif roll < 0.27:
            record.update(
                amount=None, currency=None, percent_change=f"{rng.randint(-200, 500) / 10}"
            )
        else:
            record.update(amount=str(base), currency=currency)
        record.update(period="annual", note=_sentence(rng, 6, 20), sources=self._sources(rng))
        return record

    def event(self, index):
        rng = self._rng("event", index)
        day = self._day("events", index)
        record = {"date": self._date(day, rng), "title": f"{rng.choice(EVENT_KINDS)} ({index + 1})"}
        if len(record["date"]) == 10 and rng.random() < 0.1:
            record["end"] = (day + dt.timedelta(days=rng.randint(1, 20))).isoformat()
        record.update(note=_sentence(rng, 6, 30), sources=self._sources(rng, 1, 2))
        return record

    def statement(self, index):
        rng = self._rng("statement", index)
        day = self._day("statements", index)
        record = {"date": self._date(day, rng)}
        if rng.random() < 0.06:
            record.update(speaker=None, party=None, kind="report")
        else:
            party_index = rng.randrange(len(PARTIES))
            person_index = party_index * PEOPLE_PER_PARTY + rng.randrange(PEOPLE_PER_PARTY)
            record.update(
                speaker=self.people[person_index][0],
                speaker_title=TITLES[person_index % len(TITLES)],
                party=PARTIES[party_index][0],
                kind=rng.choice(("quote", "quote", "paraphrase")),
            )
        record.update(
            quote=_sentence(rng, 25, 200, aside=rng.random() < 0.05),
            context=rng.choice(CONTEXTS),
            sources=self._sources(rng),
        )
        return record

    def _person_of(self, party_index, rng):
        return self.people[party_index * PEOPLE_PER_PARTY + rng.randrange(PEOPLE_PER_PARTY)][0]


class _Rng:
    """A small 64-bit linear congruential generator: cheap to seed once per record."""

    __slots__ = ("state",)

    def __init__(self, seed):
        self.state = (seed * 0x9E3779B97F4A7C15 + 0x632BE59BD9B4E019) & _MASK
        self.random()

    def random(self):
        """A float in [0, 1)."""
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & _MASK
        return (self.state >> 11) / 9007199254740992

    def randrange(self, stop):
        return int(self.random() * stop)

    def randint(self, low, high):
        return low + int(self.random() * (high - low + 1))

    def choice(self, options):
        return options[int(self.random() * len(options))]


_MASK = (1 << 64) - 1


def _names(seed, party_index):
    firsts = ("Alex", "Mina", "Tomas", "Yuki", "Ines", "Joon", "Priya", "Lars", "Noor", "Ren")
    families = ("Arden", "Bellamy", "Castell", "Dorne", "Eskildsen", "Farrow", "Grieve", "Holm")
    rng = random.Random(f"{seed}/people/{party_index}")
    pairs = [(first, family) for first in firsts for family in families]
    chosen = rng.sample(pairs, PEOPLE_PER_PARTY)
    # The party initial keeps names unique across parties.
    return [(first, f"{family}-{'NSEW'[party_index]}") for first, family in chosen]


def _sentence(rng, low, high, *, aside=False):
    length = rng.randint(low, high)
    start = rng.randrange(len(_STREAM) - length)
    words = _STREAM[start : start + length]
    if aside:
        words.insert(len(words) // 2, rng.choice(ASIDES))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."
