"""Checks a document against the `negotiation-tracker/2` (or `/1`) format, collecting every problem.

Version 1 has no agenda issues and no source versions: its keys are a subset of version 2's,
and a version 1 document using a version 2 key is refused as an unknown key.
"""

import json
import re
from dataclasses import dataclass
from decimal import Decimal

from ..control_characters import control_character_problem
from ..fields import currency_codes
from ..models import Negotiation, Party, Person, Position, Round, Source, Statement
from ..partialdate import ACCEPTED_FORMS, PartialDate, PartialDateError

FORMAT_V1 = "negotiation-tracker/1"
FORMAT_V2 = "negotiation-tracker/2"
FORMAT_NAME = FORMAT_V2  # the version export writes
FORMATS = (FORMAT_V2, FORMAT_V1)
LANES = ("rounds", "positions", "events", "statements")
# A negotiation's lists, in the order they are checked: later ones refer to earlier ones.
SECTIONS = ("parties", "issues", "people", *LANES)
SLUG_PATTERN = re.compile(r"^[a-z0-9-]+$")
DECIMAL_PATTERN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# PostgreSQL refuses NUL in text; caught here rather than as a database error mid-import.
NUL_MESSAGE = "contains a NUL character (\\u0000), which no text field can store"
SOURCE_FIELDS = ("url", "title", "publisher", "author", "published", "note")
VERSION_FIELDS = ("story", "version", "version_note", "supersedes")
ISSUE_FIELDS = ("slug", "title", "description")
# The choices, once: an enumeration's `.values` builds a new list at every call.
STATUSES = tuple(Negotiation.Status.values)
ROUND_FORMATS = tuple(Round.Format.values)
POSITION_KINDS = tuple(Position.Kind.values)
STATEMENT_KINDS = tuple(Statement.Kind.values)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a document, at a JSON path such as `negotiations[0].rounds[3].end`."""

    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}"


class InterchangeError(Exception):
    """A document that cannot be imported; `problems` lists everything wrong with it."""

    def __init__(self, problems):
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(str(problem) for problem in self.problems[:20])
        more = f"\n... and {count - 20} more" if count > 20 else ""
        super().__init__(
            f"{count} problem{'s' if count != 1 else ''} in the document:\n{lines}{more}"
        )


def key_path(path, key):
    """`path.key`, or `path["odd key"]` when the key is not a plain name."""
    if IDENTIFIER.match(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{json.dumps(key, ensure_ascii=False)}]"


def _max_length(model, field):
    return model._meta.get_field(field).max_length


def source_key(source):
    """The identity of a source reference: its URL, else its title, publisher, author and date."""
    if isinstance(source, str):
        return ("url", source)
    if source.get("url"):
        return ("url", source["url"])
    return (
        "untitled",
        source.get("title") or "",
        source.get("publisher") or "",
        source.get("author") or "",
        source.get("published") or "",
    )


def source_definition(source):
    """The fields an object source sets, blanks (None for `version`) for the ones it leaves out."""
    definition = {field: source.get(field) or "" for field in SOURCE_FIELDS + VERSION_FIELDS}
    definition["version"] = source.get("version")
    return definition


def format_message(found):
    """The problem with a document's `format` value (`found`: its text, or "missing")."""
    return f'must be "{FORMAT_V2}" or "{FORMAT_V1}" (found {found})'


def person_definition(person):
    return (person.get("title") or "", person.get("party"), list(person.get("sources") or []))


class Problems(list):
    """The problems listed (at most the limit asked for) with `total`, how many were found."""

    total = 0


class NegotiationState:
    """What later sections of one negotiation refer to: its parties, issues, people, rounds."""

    def __init__(self, parties=None, issues=None):
        self.party_names = set()  # the valid names listed so far
        self.issue_slugs = {}  # slug -> path, listed so far
        self.parties = parties if parties is not None else _EVERY_NAME
        self.issues = issues if issues is not None else {}
        self.people = set()
        self.numbers = {}  # round number -> path


class _Checker:
    """Walks a parsed document once, appending a Problem for everything wrong (the first
    `limit` of them; the rest are only counted)."""

    def __init__(self, limit=None):
        self.problems = Problems()
        self.limit = limit
        self.sources = {}  # key -> (path, definition) for object sources
        self.people = {}  # name -> (path, definition)
        self.cited_urls = set()
        self.supersedes = []  # (path, url, the url it supersedes)
        self.aliases = {}  # party name -> (path, aliases), as first given
        self.version = 2

    @property
    def source_fields(self):
        return SOURCE_FIELDS + VERSION_FIELDS if self.version == 2 else SOURCE_FIELDS

    def add(self, path, message):
        self.problems.total += 1
        if self.limit is None or len(self.problems) < self.limit:
            self.problems.append(Problem(path, message))

    # Scalars ---------------------------------------------------------------
    def text(self, obj, key, path, *, required=False, max_length=None, nonempty=False):
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required and key not in obj:
                self.add(where, "is required")
            elif required:
                self.add(where, "must be text, not null")
            return None
        if not isinstance(value, str):
            self.add(where, f"must be text, not {_kind(value)}")
            return None
        if "\x00" in value:
            self.add(where, NUL_MESSAGE)
        else:
            # Text the database keeps in a column of limited length is a one-line name.
            self.plain_text(value, where, multiline=max_length is None)
        if nonempty and not value.strip():
            self.add(where, "must not be empty")
        if max_length is not None and len(value) > max_length:
            self.add(where, f"is {len(value)} characters long (at most {max_length})")
        return value

    def plain_text(self, value, where, *, multiline=False):
        """True unless `value` holds a control character, which is then a problem."""
        problem = control_character_problem(value, multiline=multiline)
        if problem:
            self.add(where, problem)
        return problem is None

    def date(self, obj, key, path, *, required=False):
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.add(where, "is required" if key not in obj else "must be a date, not null")
            return None
        if not isinstance(value, str):
            self.add(where, f"must be a date as text ({ACCEPTED_FORMS}), not {_kind(value)}")
            return None
        try:
            if value != value.strip():
                raise PartialDateError(f'"{value}" is not a date ({ACCEPTED_FORMS})')
            return PartialDate.parse(value)
        except PartialDateError as exc:
            self.add(where, str(exc))
            return None

    def end_after_start(self, start, end, path, key="end"):
        if start is not None and end is not None:
            if not (end.iso >= start.iso or start.iso.startswith(end.iso)):
                self.add(f"{path}.{key}", f'"{end.iso}" is before the start "{start.iso}"')

    def choice(self, obj, key, path, choices, *, required=False):
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.add(where, "is required" if key not in obj else "must not be null")
            return None
        if not isinstance(value, str) or value not in choices:
            expected = ", ".join(f'"{choice}"' for choice in choices)
            self.add(where, f"{_show(value)} is not one of {expected}")
            return None
        return value

    def decimal(self, obj, key, path, field, *, allow_negative=False):
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            return None
        if not isinstance(value, str):
            self.add(where, f'must be a decimal written as text, like "13.9", not {_kind(value)}')
            return None
        if not DECIMAL_PATTERN.match(value):
            self.add(
                where, f'"{value}" is not a plain decimal number (like "5000000000" or "13.9")'
            )
            return None
        number = Decimal(value)
        if number < 0 and not allow_negative:
            self.add(where, f'"{value}" is negative')
            return None
        model_field = Position._meta.get_field(field)
        places = -number.as_tuple().exponent if number.as_tuple().exponent < 0 else 0
        digits = len(number.as_tuple().digits)
        whole = digits - places
        if places > model_field.decimal_places:
            self.add(where, f'"{value}" has more than {model_field.decimal_places} decimal places')
            return None
        if whole > model_field.max_digits - model_field.decimal_places:
            self.add(where, f'"{value}" is too large')
            return None
        return number

    def integer(self, obj, key, path, *, low=0, high=32767):
        value = obj.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(f"{path}.{key}", f"must be a whole number, not {_kind(value)}")
            return None
        if not low <= value <= high:
            self.add(f"{path}.{key}", f"{value} is not between {low} and {high}")
            return None
        return value

    def party(self, obj, key, path, parties, *, required=False):
        name = self.text(obj, key, path, required=required)
        if name is not None and name not in parties:
            self.add(f"{path}.{key}", f'"{name}" is not one of this negotiation\'s parties')
        return name

    def person_name(self, value, where):
        if not isinstance(value, str):
            self.add(where, f"must be a person's name as text, not {_kind(value)}")
        elif "\x00" in value:
            self.add(where, NUL_MESSAGE)
        elif not self.plain_text(value, where):
            pass
        elif not value.strip():
            self.add(where, "must not be empty")
        elif len(value) > _max_length(Person, "name"):
            self.add(
                where, f"is {len(value)} characters long (at most {_max_length(Person, 'name')})"
            )

    # Structures ------------------------------------------------------------
    def object(self, value, path, allowed):
        """True when `value` is an object whose keys are all in `allowed`."""
        if not isinstance(value, dict):
            self.add(path, f"must be an object, not {_kind(value)}")
            return False
        for key in value:
            if key not in allowed:
                expected = ", ".join(allowed)
                self.add(key_path(path, key), f"unknown key (expected one of: {expected})")
        return True

    def items(self, obj, key, path, *, required=False):
        value = obj.get(key)
        where = f"{path}.{key}"
        if value is None:
            if required:
                self.add(where, "is required")
            return []
        if not isinstance(value, list):
            self.add(where, f"must be a list, not {_kind(value)}")
            return []
        return [(f"{where}[{index}]", item) for index, item in enumerate(value)]

    def source_list(self, obj, path):
        listed = {}
        for where, source in self.items(obj, "sources", path):
            self.source(source, where)
            if isinstance(source, str) or (
                isinstance(source, dict)
                and all(isinstance(source.get(f), str | None) for f in SOURCE_FIELDS)
            ):
                first = listed.setdefault(source_key(source), where)
                if first != where:
                    self.add(where, f"lists the same source as {first} again")

    def source(self, source, path):
        if isinstance(source, str):
            if "\x00" in source or self.plain_text(source, path):
                self.url(source, path)
            self.cited_urls.add(source)
            return
        if not self.object(source, path, self.source_fields):
            return
        url = self.text(source, "url", path)
        if url:
            self.url(url, f"{path}.url")
            self.cited_urls.add(url)
        self.text(source, "title", path)
        self.text(source, "publisher", path, max_length=_max_length(Source, "publisher"))
        self.text(source, "author", path, max_length=_max_length(Source, "author"))
        self.date(source, "published", path)
        self.text(source, "note", path)
        self.source_version(source, path, url)
        if not any(isinstance(source.get(field), str) and source[field] for field in SOURCE_FIELDS):
            self.add(path, "a source needs at least a url or a title")
            return
        if any(
            not (source.get(f) is None or isinstance(source.get(f), str)) for f in SOURCE_FIELDS
        ):
            return
        key, definition = source_key(source), source_definition(source)
        if not url and not definition["title"]:
            self.add(path, "a source without a url needs a title")
        seen = self.sources.setdefault(key, (path, definition))
        if seen[1] != definition:
            self.add(path, f"describes the same source as {seen[0]} differently")

    def source_version(self, source, path, url):
        """Story, version, the agency's note and the earlier version superseded."""
        self.text(source, "story", path, max_length=_max_length(Source, "story"))
        version = source.get("version")
        if version is not None and (
            isinstance(version, bool) or not isinstance(version, int) or version < 1
        ):
            self.add(f"{path}.version", f"must be a whole number from 1 up, not {_show(version)}")
        self.text(source, "version_note", path)
        supersedes = self.text(source, "supersedes", path)
        if supersedes is None:
            return
        if not url:
            self.add(f"{path}.supersedes", "only a source with a url can supersede another")
        elif supersedes == url:
            self.add(f"{path}.supersedes", "a source cannot supersede itself")
        else:
            self.supersedes.append((f"{path}.supersedes", url, supersedes))

    def supersession(self):
        """Each `supersedes` names a source of the document, and no chain comes back round."""
        earlier = {}
        for where, url, target in self.supersedes:
            if target not in self.cited_urls:
                self.add(where, f'"{target}" is not the url of a source in this document')
            else:
                earlier.setdefault(url, (where, target))
        for url, (where, _) in earlier.items():
            seen, current = {url}, url
            while current in earlier:
                current = earlier[current][1]
                if current == url:
                    self.add(where, "the versions supersede each other in a circle")
                    break
                if current in seen:
                    break
                seen.add(current)

    def url(self, url, path):
        if "\x00" in url:
            self.add(path, NUL_MESSAGE)
        elif not url.strip():
            self.add(path, "a source must not be empty")
        elif len(url) > _max_length(Source, "url"):
            self.add(path, f"is {len(url)} characters long (at most {_max_length(Source, 'url')})")
        elif not URL_PATTERN.match(url):
            self.add(path, f'"{url}" is not an http or https address')

    # The document ----------------------------------------------------------
    def document(self, document):
        if not isinstance(document, dict):
            self.add("$", f"the document must be an object, not {_kind(document)}")
            return
        for key in document:
            if key not in ("format", "negotiations"):
                self.add(key_path("", key), "unknown key (expected one of: format, negotiations)")
        if document.get("format") not in FORMATS:
            shown = _show(document["format"]) if "format" in document else "missing"
            self.add("format", format_message(shown))
        self.version = 1 if document.get("format") == FORMAT_V1 else 2
        self.supersedes = []
        entries = document.get("negotiations")
        if not isinstance(entries, list):
            found = "missing" if "negotiations" not in document else _kind(entries)
            self.add("negotiations", f"must be a list of negotiations (found {found})")
            return
        slugs = {}
        for index, negotiation in enumerate(entries):
            path = f"negotiations[{index}]"
            slug = self.negotiation(negotiation, path)
            if slug is not None:
                if slug in slugs:
                    self.add(f"{path}.slug", f'"{slug}" is already used by {slugs[slug]}')
                slugs.setdefault(slug, path)
        self.supersession()

    def negotiation(self, negotiation, path):
        """Check one negotiation, section by section in `SECTIONS` order; its slug or None."""
        if not self.object(negotiation, path, self.negotiation_keys):
            return None
        slug = self.negotiation_details(negotiation, path)
        state = NegotiationState()
        for section in SECTIONS:
            items = self.items(negotiation, section, path, required=section == "parties")
            for where, item in items:
                self.section_item(section, where, item, state)
            if isinstance(negotiation.get(section), list):
                self.section_end(section, len(items), path, state)
            else:
                self.section_end(section, None, path, state)
        self.party_aliases(negotiation, path, state.parties)
        return slug

    @property
    def negotiation_keys(self):
        details = ("slug", "title", "summary", "status")
        if self.version == 2:
            return (*details, *SECTIONS, "party_aliases")
        return (*details, *(section for section in SECTIONS if section != "issues"))

    def negotiation_details(self, negotiation, path):
        """Slug, title, summary and status; the slug."""
        slug = self.text(negotiation, "slug", path, required=True, max_length=100)
        if slug is not None and not SLUG_PATTERN.match(slug):
            self.add(f"{path}.slug", f'"{slug}" may only hold lowercase letters, digits and "-"')
        self.text(negotiation, "title", path, required=True, nonempty=True)
        self.text(negotiation, "summary", path)
        self.choice(negotiation, "status", path, STATUSES)
        return slug

    def section_item(self, section, where, item, state):
        """Check one entry of a negotiation's list `section` (parties, issues, people, a lane)."""
        if section == "parties":
            self.party_entry(item, where, state)
        elif section == "issues":
            self.issue(item, where, state.issue_slugs)
        elif section == "people":
            name = self.person(item, where, state.parties)
            if name is not None:
                if name in state.people:
                    self.add(f"{where}.name", f'"{name}" is listed twice')
                state.people.add(name)
        elif section == "rounds":
            number = self.round(item, where, state.parties)
            if number is not None:
                if number in state.numbers:
                    self.add(
                        f"{where}.number", f"round {number} is already {state.numbers[number]}"
                    )
                state.numbers.setdefault(number, where)
        elif section == "positions":
            self.position(item, where, state.parties, state.issues)
        elif section == "events":
            self.event(item, where)
        else:
            self.statement(item, where, state.parties)

    def section_end(self, section, count, path, state):
        """After a section's entries (`count`, None when it is no list): its parties or issues
        become what later sections refer to."""
        if section == "parties":
            if count == 0:
                self.add(f"{path}.parties", "must name at least one party")
            # A wrong list is one problem, not one per reference to it.
            state.parties = state.party_names if count else _EVERY_NAME
        elif section == "issues":
            state.issues = state.issue_slugs

    def party_entry(self, name, where, state):
        parties = state.party_names
        if not isinstance(name, str):
            self.add(where, f"must be a party's name as text, not {_kind(name)}")
        elif "\x00" in name:
            self.add(where, NUL_MESSAGE)
        elif not self.plain_text(name, where):
            pass
        elif not name.strip():
            self.add(where, "must not be empty")
        elif len(name) > _max_length(Party, "name"):
            self.add(where, f"is {len(name)} characters long (at most 200)")
        elif name in parties:
            self.add(where, f'"{name}" is listed twice')
        else:
            parties.add(name)

    def issue(self, issue, where, slugs):
        """One agenda issue; its slug joins `slugs` ({slug: path})."""
        if not self.object(issue, where, ISSUE_FIELDS):
            return
        slug = self.text(issue, "slug", where, required=True, max_length=100)
        if slug is not None and not SLUG_PATTERN.match(slug):
            self.add(f"{where}.slug", f'"{slug}" may only hold lowercase letters, digits and "-"')
        elif slug is not None and slug in slugs:
            self.add(f"{where}.slug", f'"{slug}" is already used by {slugs[slug]}')
        self.text(issue, "title", where, required=True, nonempty=True, max_length=200)
        self.text(issue, "description", where)
        if isinstance(slug, str):
            slugs.setdefault(slug, where)

    def party_aliases(self, negotiation, path, parties):
        """Version 2: the other names the news uses for the negotiation's parties, the same
        ones wherever the document gives a party's aliases."""
        value = negotiation.get("party_aliases")
        where = f"{path}.party_aliases"
        if value is None:
            return
        if not isinstance(value, dict):
            self.add(where, f"must map party names to lists of aliases, not {_kind(value)}")
            return
        for name, aliases in value.items():
            at = key_path(where, name)
            if name not in parties:
                self.add(at, f'"{name}" is not one of this negotiation\'s parties')
            elif not isinstance(aliases, list) or not all(
                isinstance(alias, str) and 0 < len(alias.strip()) and len(alias) <= 200
                for alias in aliases
            ):
                self.add(at, "must be a list of aliases as text, each of 1 to 200 characters")
            elif all(self.plain_text(alias, f"{at}[{i}]") for i, alias in enumerate(aliases)):
                if len(set(aliases)) < len(aliases):
                    self.add(at, "lists an alias twice")
                elif self.aliases.setdefault(name, (at, aliases))[1] != aliases:
                    self.add(at, f"differs from the aliases {self.aliases[name][0]} gives")

    def person(self, person, path, parties):
        if not self.object(person, path, ("name", "title", "party", "sources")):
            return None
        name = self.text(person, "name", path, required=True, nonempty=True, max_length=300)
        self.text(person, "title", path)
        self.party(person, "party", path, parties)
        self.source_list(person, path)
        if not isinstance(name, str) or not name.strip():
            return None
        if not (person.get("title") is None or isinstance(person.get("title"), str)):
            return name
        if not isinstance(person.get("sources") or [], list):
            return name
        definition = person_definition(person)
        seen = self.people.setdefault(name, (path, definition))
        if seen[1] != definition:
            self.add(path, f'describes "{name}" differently from {seen[0]}')
        return name

    def round(self, item, path, parties):
        allowed = (
            "number", "number_inferred", "start", "end", "location", "format",
            "lead_negotiators", "note", "sources",
        )  # fmt: skip
        if not self.object(item, path, allowed):
            return None
        number = self.integer(item, "number", path)
        self.integer(item, "number_inferred", path)
        start = self.date(item, "start", path, required=True)
        end = self.date(item, "end", path)
        self.end_after_start(start, end, path)
        self.text(item, "location", path)
        self.choice(item, "format", path, ROUND_FORMATS)
        leads = item.get("lead_negotiators")
        if leads is not None and not isinstance(leads, dict):
            self.add(f"{path}.lead_negotiators", f"must be an object, not {_kind(leads)}")
        elif leads is not None:
            for party, person in leads.items():
                where = key_path(f"{path}.lead_negotiators", party)
                if party not in parties:
                    self.add(where, f'"{party}" is not one of this negotiation\'s parties')
                self.person_name(person, where)
        self.text(item, "note", path)
        self.source_list(item, path)
        return number

    def position(self, item, path, parties, issues):
        allowed = (
            "party", "date", "reported_on", "kind", "amount", "amount_min", "amount_max",
            "currency", "unit", "percent_change", "period", "note", "sources",
        )  # fmt: skip
        if self.version == 2:
            allowed = ("party", "issue", *allowed[1:])
        if not self.object(item, path, allowed):
            return
        self.party(item, "party", path, parties, required=True)
        issue = self.text(item, "issue", path) if self.version == 2 else None
        if issue is not None and issue not in issues:
            listed = ", ".join(f'"{slug}"' for slug in issues) or "none listed"
            self.add(
                f"{path}.issue",
                f'"{issue}" is not one of this negotiation\'s issues ({listed})',
            )
        self.choice(item, "kind", path, POSITION_KINDS, required=True)
        self.date(item, "date", path)
        self.date(item, "reported_on", path)
        amount = self.decimal(item, "amount", path, "amount")
        low = self.decimal(item, "amount_min", path, "amount_min")
        high = self.decimal(item, "amount_max", path, "amount_max")
        if low is not None and high is not None and low > high:
            self.add(f"{path}.amount_min", f'"{item["amount_min"]}" is above amount_max')
        if amount is not None and (low is not None or high is not None):
            self.add(f"{path}.amount", "give either an amount or amount_min/amount_max, not both")
        currency = self.text(item, "currency", path)
        if currency and currency.upper() not in currency_codes():
            self.add(
                f"{path}.currency",
                f'"{currency}" is not an ISO 4217 currency code (e.g. USD, KRW, EUR)',
            )
        self.text(item, "unit", path, max_length=_max_length(Position, "unit"))
        self.decimal(item, "percent_change", path, "percent_change", allow_negative=True)
        self.text(item, "period", path)
        self.text(item, "note", path)
        self.source_list(item, path)

    def event(self, item, path):
        if not self.object(item, path, ("date", "end", "title", "note", "sources")):
            return
        start = self.date(item, "date", path, required=True)
        end = self.date(item, "end", path)
        self.end_after_start(start, end, path)
        self.text(item, "title", path, required=True, nonempty=True)
        self.text(item, "note", path)
        self.source_list(item, path)

    def statement(self, item, path, parties):
        allowed = (
            "date", "speaker", "speaker_title", "party", "kind", "quote", "context", "note",
            "sources",
        )  # fmt: skip
        if not self.object(item, path, allowed):
            return
        self.date(item, "date", path, required=True)
        if item.get("speaker") is not None:
            self.person_name(item["speaker"], f"{path}.speaker")
        self.text(item, "speaker_title", path)
        self.party(item, "party", path, parties)
        self.choice(item, "kind", path, STATEMENT_KINDS)
        self.text(item, "quote", path, required=True, nonempty=True)
        self.text(item, "context", path)
        self.text(item, "note", path)
        self.source_list(item, path)


class _EveryName:
    def __contains__(self, name):
        return True


_EVERY_NAME = _EveryName()


def validate_document(document, *, limit=None):
    """Every problem with a parsed document, in document order; an empty list when it is valid.

    With `limit`, only the first `limit` are kept (a document repeating one mistake a million
    times would otherwise hold a million messages); `.total` counts them all.
    """
    checker = _Checker(limit)
    checker.document(document)
    return checker.problems


def _kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value):
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    return _kind(value)
