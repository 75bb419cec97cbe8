"""The databases' highlighted answers as safe HTML: all text escaped, matches in <mark>."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .documents import MARKS


def marked_html(text):
    """HTML of text whose matches the database put between MARKS; user text is only escaped."""
    parts, inside = [], False
    for piece in _split(text or ""):
        if piece == MARKS[0]:
            inside = True
        elif piece == MARKS[1]:
            inside = False
        elif piece:
            parts.append(f"<mark>{escape(piece)}</mark>" if inside else escape(piece))
    return mark_safe("".join(parts))


def plain(text):
    """The text without highlight marks."""
    return (text or "").replace(MARKS[0], "").replace(MARKS[1], "")


def has_match(text):
    return MARKS[0] in (text or "")


def _split(text):
    piece = []
    for character in text:
        if character in MARKS:
            yield "".join(piece)
            piece = []
            yield character
        else:
            piece.append(character)
    yield "".join(piece)
