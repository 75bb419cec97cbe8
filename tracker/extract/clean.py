"""The story's own text out of what an editor pastes: no markup, dateline, captions or lists.

Pasted HTML is reduced to text (block elements become line breaks, scripts, styles and figure
captions go). Then the headline (a first line without a full stop), the byline ("By Lee
Haye-ah"), the dateline ("WASHINGTON, April 2 (Yonhap) -- ") and the agency it names are read
off and kept apart; photo captions, reporters' e-mail addresses, "(END)" and everything after
it (Yonhap lists related headlines there) are dropped.
"""

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_TAGS = {
    "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
    "blockquote", "header", "footer", "ul", "ol", "table", "hr",
}  # fmt: skip
SKIPPED_TAGS = {"script", "style", "figcaption", "noscript", "template", "nav", "aside", "head"}
HTML_HINT = re.compile(r"<\s*(p|div|br|span|a|html|body|article|h[1-6]|li|figure)\b[^>]*>", re.I)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'-]*(?:[ ,]+[A-Z][A-Za-z.'-]*)*?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?\s*"
    r"\((?P<agency>[A-Za-z .&-]{2,40})\)\s*(?:--|—|–|-)\s*"
)
DATELINE_WITHOUT_AGENCY = re.compile(
    r"^(?P<place>[A-Z]{3,}(?:[ ,]+[A-Z]{2,})*)(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"\s*(?:--|—|–)\s*"
)
BYLINE = re.compile(r"^By (?P<author>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,4})$")
END_MARK = re.compile(r"^\s*\(END\)\s*$|^\s*\(END\)", re.MULTILINE)
EMAIL = re.compile(r"^\S+@\S+\.\w+$")
# A bracketed label opening a paragraph ("[Asia Economy New York=Correspondent Kim] The ..."):
# a byline or a broadcast cue, not the story's words.
BRACKET_LABEL = re.compile(r"^\[[^\]\n]{3,120}\] ?(?=\S)")
CAPTION = re.compile(
    r"^(?:Photo ?:|\(Photo|\[Photo|This (?:file )?photo|In this (?:file )?photo|File photo)"
    r"|\bphoto (?:taken|provided|shows)\b|\((?:Yonhap|AP Photo|AFP|Reuters)\)\s*$"
    r"|\[(?:Yonhap|AP|AFP|Reuters|YONHAP|EPA|NEWS1)\]\s*$",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"^(?:Copyright|\(c\)|©|All rights reserved|Reporting by|Editing by|Related (?:articles|news)"
    r"|Advertisement|Share this|Read more|Subscribe|Sign up"
    r"|(?:Also read|Read also|See also|Most read|Recommended|You may also \w+(?: \w+){0,2}):?$)",
    re.IGNORECASE,
)
AGENCIES = {
    "yonhap": "Yonhap News Agency",
    "ap": "Associated Press",
    "afp": "Agence France-Presse",
    "reuters": "Reuters",
    "xinhua": "Xinhua",
    "kyodo": "Kyodo News",
    "upi": "UPI",
    "voa": "Voice of America",
}
# British style: 'words' in single quotes; an apostrophe inside a word ("don't") is not one.
SINGLE_QUOTED = re.compile(r"(^|[\s(:\[])'((?:[^'\n]|'(?=[a-z]))+?)'(?=[\s,.;:!?)\]]|$)")
# Broadcast style spells figures out: "one-point-three billion", "28-thousand-500".
DIGITS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine".split())}  # fmt: skip
SPELLED_DECIMAL = re.compile(rf"\b({'|'.join(DIGITS)})-point-({'|'.join(DIGITS)})\b", re.I)
SPELLED_THOUSANDS = re.compile(r"\b(\d{1,3})-thousand-(\d{3})\b")
# Some sites run sentences together ("both sides.In a briefing"): a full stop after a word and
# a capitalised word straight after it is a sentence end with its space lost.
GLUED = re.compile(r'(?<=[a-z][a-z])([.!?]"?)(?=[A-Z](?:[a-z]| ))')
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass
class CleanReport:
    """The story's paragraphs and what was read off around them."""

    paragraphs: list = field(default_factory=list)
    title: str = ""
    author: str = ""
    dateline_place: str = ""
    dateline_date: str = ""
    agency: str = ""
    dropped: list = field(default_factory=list)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(text):
    """Plain text of pasted HTML; text without markup comes back unchanged."""
    if not HTML_HINT.search(text):
        return text
    extractor = _TextExtractor()
    extractor.feed(text)
    extractor.close()
    joined = "".join(extractor.parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in joined.splitlines()]
    return html.unescape("\n".join(lines))


def clean_report(text):
    """The story's paragraphs, headline, byline and dateline, from pasted text or HTML."""
    text = html_to_text(text).translate(QUOTES)
    report = CleanReport()
    end = END_MARK.search(text)
    if end:
        report.dropped.append(text[end.start() :].strip()[:200])
        text = text[: end.start()]
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    lines = _read_title_and_byline(lines, report)
    for line in lines:
        if EMAIL.match(line) or line in {"-", "--", "*"} or BOILERPLATE.match(line):
            report.dropped.append(line)
            continue
        if CAPTION.search(line) and _caption_like(line):
            report.dropped.append(line)
            continue
        if not report.dateline_place and all(map(_headline_like, report.paragraphs)):
            # The dateline opens the story, after any subheadings ("TOKYO -- ...").
            line = _strip_dateline(line, report)
        label = BRACKET_LABEL.match(line)
        if label:
            report.dropped.append(label.group(0).strip())
            line = line[label.end() :]
        if '"' not in line:
            line = SINGLE_QUOTED.sub(_double_quotes, line)
        line = SPELLED_DECIMAL.sub(lambda m: f"{DIGITS[m[1].lower()]}.{DIGITS[m[2].lower()]}", line)
        line = SPELLED_THOUSANDS.sub(r"\1,\2", line)
        line = GLUED.sub(r"\1 ", line)
        report.paragraphs.append(line)
    return report


def _double_quotes(match):
    if len(match[2].split()) < 3:
        return match[0]
    return f'{match[1]}"{match[2]}"'


def _read_title_and_byline(lines, report):
    rest = list(lines)
    if len(rest) > 1 and not BYLINE.match(rest[0]) and _headline_like(rest[0]):
        report.title = rest.pop(0)
    for index, line in enumerate(rest[:3]):
        found = BYLINE.match(line)
        if found:
            report.author = found["author"]
            del rest[index]
            break
    return rest


def _headline_like(line):
    return len(line) <= 200 and not re.search(r"[.!?]\"?$", line) and not DATELINE.match(line)


def _caption_like(line):
    """A caption names a photo and is one line; a story paragraph mentioning a photo is longer."""
    return len(line) < 400


def _strip_dateline(line, report):
    found = DATELINE.match(line) or DATELINE_WITHOUT_AGENCY.match(line)
    if not found:
        return line
    report.dateline_place = found["place"].strip(" ,")
    report.dateline_date = found["date"] or ""
    agency = (found.groupdict().get("agency") or "").strip()
    report.agency = AGENCIES.get(agency.lower(), agency)
    report.dropped.append(found.group(0).strip())
    return line[found.end() :]
