"""What the searcher typed, read once: words and "quoted phrases", every one required.

A hyphenated or dotted word ("cost-sharing", "U.S.") is a phrase of its parts, so it finds
"cost sharing" as well, and a quoted phrase finds its hyphenated spelling. Anything that is
not a letter or a digit separates words: no query syntax reaches the database.
"""

import re
from dataclasses import dataclass

MAX_LENGTH = 200
MAX_TERMS = 12
_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"\w+", re.UNICODE)


class SearchQueryError(ValueError):
    """A search the index cannot run, with a message for the searcher."""


@dataclass(frozen=True)
class SearchQuery:
    """Terms that must all match; each term is a phrase of one or more words."""

    terms: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text):
        """Read the searcher's text; SearchQueryError when it is too long or has no words."""
        text = (text or "").strip()
        if len(text) > MAX_LENGTH:
            raise SearchQueryError(f"q: at most {MAX_LENGTH} characters, not {len(text)}.")
        terms = []
        for match in _CHUNK.finditer(text):
            chunk = match.group(1) if match.group(1) is not None else match.group(2)
            words = tuple(word.lower() for word in _WORD.findall(chunk.replace("_", " ")))
            if words and words not in terms:
                terms.append(words)
        if not terms:
            raise SearchQueryError("q: type a word to search for.")
        if len(terms) > MAX_TERMS:
            raise SearchQueryError(f"q: at most {MAX_TERMS} words or phrases, not {len(terms)}.")
        return cls(tuple(terms))

    def text(self):
        """The query as typed anew: phrases in quotes, e.g. '"cost sharing" furlough'."""
        return " ".join(f'"{" ".join(t)}"' if len(t) > 1 else t[0] for t in self.terms)

    def quoted(self):
        """Every term in double quotes, all required: the same text serves SQLite's FTS5 MATCH
        and PostgreSQL's websearch_to_tsquery, and no word is read as an operator."""
        return " ".join(f'"{" ".join(term)}"' for term in self.terms)
