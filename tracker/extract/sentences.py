"""Sentences of a paragraph, without splitting inside a quotation or after "U.S." or "Gen."."""

import re
from dataclasses import dataclass

ABBREVIATIONS = {
    "u.s", "u.n", "u.k", "s", "n", "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt",
    "adm", "sgt", "sen", "rep", "gov", "amb", "st", "jr", "sr", "no", "vs", "inc", "corp", "co",
    "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "a.m", "p.m", "e.g", "i.e", "approx", "dept", "est", "pres", "prof", "rev", "ft", "mt",
}  # fmt: skip
BOUNDARY = re.compile(r'([.!?])("?)(\s+)(?=["(]?[A-Z0-9])')
ENGLISH_WORDS = {
    "the", "and", "of", "to", "in", "a", "is", "that", "for", "on", "said", "with", "was",
    "are", "has", "have", "will", "its", "by", "from", "it", "as", "be", "at", "were",
}  # fmt: skip


@dataclass(frozen=True)
class Sentence:
    """A sentence with its place: paragraph number and order in the story."""

    text: str
    paragraph: int
    index: int


def split_sentences(paragraphs):
    """Every sentence of the story, numbered in order."""
    sentences = []
    for number, paragraph in enumerate(paragraphs):
        for text in split_paragraph(paragraph):
            sentences.append(Sentence(text, number, len(sentences)))
    return sentences


def split_paragraph(paragraph):
    """A paragraph's sentences; a quotation stays whole with its attribution."""
    pieces = []
    start = 0
    for match in BOUNDARY.finditer(paragraph):
        cut = match.end(2)
        candidate = paragraph[start:cut]
        if _inside_quote(candidate) or _ends_with_abbreviation(paragraph[: match.start(1)]):
            continue
        pieces.append(candidate.strip())
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        pieces.append(tail)
    return [piece for piece in pieces if piece]


def _inside_quote(text):
    return text.count('"') % 2 == 1


def _ends_with_abbreviation(text):
    word = re.search(r"([A-Za-z.]+)$", text)
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    if token in ABBREVIATIONS:
        return True
    # A single capital is an initial ("R. Clarke Cooper"), unless the sentence ends in a pronoun.
    return len(token) == 1 and word.group(1)[-1].isupper() and token not in {"i"}


def looks_english(sentences):
    """True when at least a few sentences read as English prose."""
    words = re.findall(r"[a-z]+", " ".join(s.text for s in sentences).lower())
    if len(words) < 4:
        return False
    common = sum(1 for word in words if word in ENGLISH_WORDS)
    return common >= 2 and common / len(words) >= 0.08
