"""Reads a document's bytes into Python data, refusing what is too big, too deep or not JSON."""

import orjson
from django.conf import settings

from .validate import FORMATS, InterchangeError, Problem, format_message

ROOT = "$"


def load_document(data, *, max_bytes=None, max_depth=None):
    """Parse a document from bytes, text or a binary file; InterchangeError when unusable."""
    max_bytes = settings.INTERCHANGE_MAX_BYTES if max_bytes is None else max_bytes
    max_depth = settings.INTERCHANGE_MAX_DEPTH if max_depth is None else max_depth
    if hasattr(data, "read"):
        data = data.read(max_bytes + 1)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > max_bytes:
        raise InterchangeError([size_problem(max_bytes)])
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        document = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        if "recursion" in exc.msg or "depth" in exc.msg:
            raise _error(f"the document is nested more than {max_depth} levels deep") from None
        raise _error(_unreadable(data, exc)) from None
    depth = max_depth + 1 if _depth_exceeds(document, max_depth) else max_depth
    is_object = isinstance(document, dict)
    problems = shape_problems(depth, max_depth, is_object, is_object and document.get("format"))
    if problems:
        raise InterchangeError(problems)
    return document


def size_problem(max_bytes):
    return Problem(ROOT, f"the document is larger than the limit of {_size(max_bytes)}")


def shape_problems(depth, max_depth, is_object, found):
    """The first thing wrong with a parsed document's nesting `depth`, its top (an object or
    not) and its `format` value `found`, as a list of at most one problem."""
    if depth > max_depth:
        return [Problem(ROOT, f"the document is nested more than {max_depth} levels deep")]
    if not is_object:
        return [
            Problem(ROOT, 'the document must be a JSON object with a "format" and "negotiations"')
        ]
    if found not in FORMATS:
        shown = f'"{found}"' if isinstance(found, str) else ("missing" if found is None else found)
        return [Problem("format", format_message(shown))]
    return []


def _unreadable(data, exc):
    """Why bytes orjson refused are no document, in words for the person who picked the file."""
    if not data.strip():
        return "the document is empty"
    # orjson's own words for another kind of file ("invalid literal, expected 'true'") mislead.
    if not data.lstrip().startswith((b"{", b"[")):
        return 'this is not a JSON document: an interchange document is JSON starting with "{"'
    return f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"


def _error(message):
    return InterchangeError([Problem(ROOT, message)])


def _depth_exceeds(document, max_depth):
    """True when containers nest deeper than `max_depth` (the top-level object is depth 1)."""
    stack = [(document, 1)] if isinstance(document, dict | list) else []
    while stack:
        value, depth = stack.pop()
        if depth > max_depth:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _size(count):
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count:g} {unit}" if unit == "bytes" else f"{count:.0f} {unit}"
        count /= 1024
    return f"{count} bytes"
