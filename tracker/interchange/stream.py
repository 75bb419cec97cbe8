"""Checks a document file as a stream of JSON events (ijson), one entry at a time.

Memory follows the largest single entry (a statement, a party's name), not the document: a
document repeating one mistake a million times keeps the first `limit` problems and a count.
The problems, their paths and their order are those `validate_document` lists for the parsed
document. A second reader runs ahead through the same file for each negotiation's parties
and issues, which its people and lanes refer to whatever order the keys come in; problems
are gathered per section and listed in the order of `SECTIONS`. What ijson cannot read goes
to `load_document`, whose messages (orjson's) are the ones the format promises.
"""

from contextlib import contextmanager

import ijson

from .load import load_document, shape_problems, size_problem
from .validate import (
    _EVERY_NAME,
    FORMAT_V1,
    LANES,
    SECTIONS,
    InterchangeError,
    NegotiationState,
    Problems,
    _Checker,
    _kind,
    key_path,
    validate_document,
)

BOM = b"\xef\xbb\xbf"
MISSING = object()
# JSON readers keep the last of a repeated key: the preview would check what the import drops.
TWICE = "is given twice in one object (give each key once)"
LOOKAHEAD = ("parties", "issues")
DETAILS = ("slug", "title", "summary", "status")
ALIASES = "party_aliases"  # checked after the sections, against the parties listed
ORDER = ("keys", "details", *SECTIONS, ALIASES)  # the order validate_document lists them


def check_file(path, *, max_bytes, max_depth, limit=None):
    """The problems with the document in the file at `path` (empty when it is valid): at
    most `limit` of them, and `.total`, how many were found."""
    with open(path, "rb") as handle:
        size = handle.seek(0, 2)
        if size > max_bytes:
            return _listed([size_problem(max_bytes)])
        start = len(BOM) if _starts_with_bom(handle) else 0
        try:
            depth, top_is_object, found = _survey(_events(handle, start))
        except (ijson.JSONError, UnicodeDecodeError):
            return _checked_whole(handle, max_bytes, max_depth, limit)
    problems = shape_problems(depth, max_depth, top_is_object, found)
    if problems:
        return _listed(problems)
    checker = _Checker(limit)
    checker.version = 1 if found == FORMAT_V1 else 2
    with open(path, "rb") as handle, open(path, "rb") as ahead:
        lookahead = _Ahead(_events(ahead, start), checker.version)
        reader = _Reader(checker, _events(handle, start), ahead=lookahead)
        reader.document()
    return checker.problems


def _listed(problems):
    listed = Problems(problems)
    listed.total = len(problems)
    return listed


def _starts_with_bom(handle):
    handle.seek(0)
    return handle.read(len(BOM)) == BOM


def _events(handle, start):
    handle.seek(start)
    return ijson.basic_parse(handle, use_float=True)


def _checked_whole(handle, max_bytes, max_depth, limit):
    """Bytes ijson refused: parsed whole by `load_document`, which says why in its words."""
    handle.seek(0)
    try:
        document = load_document(handle.read(), max_bytes=max_bytes, max_depth=max_depth)
    except InterchangeError as error:
        return _listed(error.problems)
    return validate_document(document, limit=limit)


def _survey(events):
    """(deepest nesting, whether the top is an object, its "format" value) in one pass."""
    depth = deepest = 0
    top_is_object, found = None, None
    for event, value in events:
        if event in ("start_map", "start_array"):
            if top_is_object is None:
                top_is_object = event == "start_map"
            depth += 1
            deepest = max(deepest, depth)
        elif event in ("end_map", "end_array"):
            depth -= 1
        elif event == "map_key" and depth == 1 and value == "format":
            event, value = next(events)
            found = _value(events, event, value)
            if event in ("start_map", "start_array"):
                deepest = max(deepest, depth + _depth(found))
        elif top_is_object is None:
            top_is_object = False
    return deepest, bool(top_is_object), found


def _depth(value):
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _value(events, event, value):
    """The value whose first event is (`event`, `value`), built from the events."""
    if event == "start_map":
        built = {}
        for event, key in events:
            if event == "end_map":
                return built
            built[key] = _value(events, *next(events))
    if event == "start_array":
        built = []
        for event, item in events:
            if event == "end_array":
                return built
            built.append(_value(events, event, item))
    return value


def _skip(events, event):
    """Pass over the value starting with `event` without building it."""
    if event not in ("start_map", "start_array"):
        return
    depth = 1
    for event, _ in events:
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
            if depth == 0:
                return


class _Reader:
    """Walks the events of a document with a checker: every entry (`ahead` given, a reader
    running ahead), or only the parties and issues (`version` given)."""

    def __init__(self, checker, events, *, ahead=None, version=None):
        self.checker, self.events, self.ahead = checker, events, ahead
        if version is not None:
            checker.version = version
        issues = ("issues",) if checker.version == 2 else ()
        self.needs = {section: ("parties",) for section in ("people", *LANES)}
        self.needs["positions"] = ("parties", *issues)
        self.needs["events"] = ()

    @contextmanager
    def into(self, bucket):
        """Problems the checker finds meanwhile go to `bucket`."""
        kept, self.checker.problems = self.checker.problems, bucket
        try:
            yield bucket
        finally:
            self.checker.problems = kept

    def document(self):
        """Check the whole document (an object with a known format: `check_file` saw to it)."""
        checker, top, body = self.checker, Problems(), Problems()
        next(self.events)
        listed, seen = MISSING, set()
        for event, key in self.events:
            if event == "end_map":
                break
            event, value = next(self.events)
            if key in seen:
                with self.into(top):
                    checker.add(key_path("", key), TWICE)
                _skip(self.events, event)
                continue
            seen.add(key)
            if key not in ("format", "negotiations"):
                with self.into(top):
                    checker.add(
                        key_path("", key), "unknown key (expected one of: format, negotiations)"
                    )
                _skip(self.events, event)
            elif key == "negotiations" and event == "start_array":
                with self.into(body):
                    self.negotiations()
                listed = True
            elif key == "negotiations":
                listed = _value(self.events, event, value)
            else:
                _skip(self.events, event)
        self.merge(top)
        if listed is not True:
            found = "missing" if listed is MISSING else _kind(listed)
            checker.add("negotiations", f"must be a list of negotiations (found {found})")
            return
        self.merge(body)
        checker.supersession()

    def merge(self, bucket):
        if not bucket.total:
            return
        for problem in bucket:
            self.checker.add(problem.path, problem.message)
        self.checker.problems.total += bucket.total - len(bucket)

    def negotiations(self):
        slugs = {}
        for index, (event, value) in enumerate(self.events):
            if event == "end_array":
                return
            path = f"negotiations[{index}]"
            if event == "start_map":
                slug = self.negotiation(path, NegotiationState(), index)
            else:
                slug = self.checker.negotiation(_value(self.events, event, value), path)
            if slug is not None:
                if slug in slugs:
                    self.checker.add(f"{path}.slug", f'"{slug}" is already used by {slugs[slug]}')
                slugs.setdefault(slug, path)

    def negotiation(self, path, state, index=None):
        """Check one negotiation object from its keys on; its slug."""
        full = self.ahead is not None
        sections = SECTIONS if full else LOOKAHEAD
        checker, kept = self.checker, self.checker.problems
        buckets, keys, head, counts, known, repeated = {}, {}, {}, {}, set(), []
        for event, key in self.events:
            if event == "end_map":
                break
            event, value = next(self.events)
            if key in keys:
                repeated.append(key)
                _skip(self.events, event)
                continue
            keys[key] = None
            if key in sections and event == "start_array":
                if full and not known.issuperset(self.needs.get(key, ())):
                    # People or lanes before the parties or issues they name: read ahead.
                    state.parties, state.issues = self.ahead.state(index)
                    known.update(LOOKAHEAD)
                checker.problems = buckets[key] = Problems()
                counts[key] = self.section(key, path, state)
                checker.problems = kept
                known.add(key)
            elif key in sections or (full and (key in DETAILS or key == ALIASES)):
                head[key] = _value(self.events, event, value)
                known.add(key)  # parties or issues that are no list: the defaults stand
            else:
                _skip(self.events, event)
        slug = None
        if full:
            checker.problems = buckets["keys"] = Problems()
            checker.object(keys, path, checker.negotiation_keys)
            for key in repeated:
                checker.add(key_path(path, key), TWICE)
            checker.problems = buckets["details"] = Problems()
            slug = checker.negotiation_details(head, path)
        for section in sections:
            if section not in counts:
                checker.problems = buckets[section] = Problems()
                checker.items(head, section, path, required=section == "parties")
                checker.section_end(section, None, path, state)
        if full:
            checker.problems = buckets[ALIASES] = Problems()
            checker.party_aliases(head, path, state.parties)
        checker.problems = kept
        if full:
            for name in ORDER:
                if name in buckets:
                    self.merge(buckets[name])
        return slug

    def section(self, section, path, state):
        """Check the entries of one list of a negotiation; how many there were."""
        count = 0
        for event, value in self.events:
            if event == "end_array":
                break
            item = _value(self.events, event, value)
            self.checker.section_item(section, f"{path}.{section}[{count}]", item, state)
            count += 1
        self.checker.section_end(section, count, path, state)
        return count


class _Ahead:
    """A second reader of the same file, run forward on demand to one negotiation's parties
    and issues (for people or lanes that come before them in the file)."""

    def __init__(self, events, version):
        self.reader = _Reader(_Checker(0), events, version=version)
        self.events, self.next_index, self.started = events, None, False

    def state(self, index):
        """(parties, issues) of negotiation `index` of the list being read."""
        events = self.events
        while True:
            if self.next_index is None and not self.enter_list():
                return _EVERY_NAME, {}
            event, _ = next(events)
            if event == "end_array":
                self.next_index = None
                continue
            current, self.next_index = self.next_index, self.next_index + 1
            if current < index or event != "start_map":
                _skip(events, event)
                continue
            state = NegotiationState()
            self.reader.negotiation("", state)
            return state.parties, state.issues

    def enter_list(self):
        """Go on to the start of the document's next "negotiations" list; False at its end."""
        events = self.events
        if not self.started:
            next(events)
            self.started = True
        for event, key in events:
            if event == "end_map":
                return False
            event, _ = next(events)
            if key == "negotiations" and event == "start_array":
                self.next_index = 0
                return True
            _skip(events, event)
        return False


class StreamedNegotiations:
    """The negotiations of a document file, parsed again one at a time at each pass over them:
    what `plan_import` reads instead of the whole parsed document."""

    def __init__(self, path):
        self.path, self.count = path, None

    def __iter__(self):
        with open(self.path, "rb") as handle:
            start = len(BOM) if _starts_with_bom(handle) else 0
            handle.seek(start)
            yield from ijson.items(handle, "negotiations.item", use_float=True)

    def __len__(self):
        if self.count is None:
            self.count = sum(1 for _ in self)
        return self.count


def count_negotiations(path):
    """How many items the "negotiations" list of the document file holds, counted from the
    parser's events without building one."""
    depth, inside, count = 0, False, 0
    with open(path, "rb") as handle:
        start = len(BOM) if _starts_with_bom(handle) else 0
        for event, value in _events(handle, start):
            if inside and depth == 2 and event not in ("end_map", "end_array"):
                count += 1
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1
            elif event == "map_key" and depth == 1:
                inside = value == "negotiations"
    return count


def streamed_document(path):
    """A checked document file as a document whose negotiations stream from the file."""
    return {"negotiations": StreamedNegotiations(path)}
