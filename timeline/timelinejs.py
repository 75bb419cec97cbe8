"""A negotiation in Knight Lab's TimelineJS JSON format, built from plain facts.

TimelineJS renders `text.headline` and `text.text` as HTML, so every piece of
user text is escaped here and the only markup is the paragraphs and source links
this module writes itself. Dates carry only the parts the record knows; a date
known to the month or the year gets a `display_date` written as a reader would.
`slide` and `slide_era` also write the slides of `timelinejs_sql`, PostgreSQL's path.
"""

from functools import lru_cache
from html import escape
from urllib.parse import urlsplit

import orjson

from tracker.partialdate import DAY, PartialDate, display_span

LANE_GROUPS = {
    "rounds": "Rounds",
    "positions": "Positions",
    "events": "Events",
    "statements": "Statements",
}


def timeline_document(negotiation, facts, *, credit=""):
    """The TimelineJS document: a title slide, one slide per dated fact, rounds as eras.

    `negotiation` is a dict with `title` and `summary`; `facts` are dicts as
    `timeline.exports.export_facts` gives them. Facts without a date cannot sit
    on a timeline and are left out. Only rounds with an end other than their start
    become eras: TimelineJS refuses an era that ends where it starts.
    """
    slides, eras = _slides([fact for fact in facts if fact.get("start")])
    return {"title": _title(negotiation, credit), "events": slides, "eras": eras}


def timeline_json_chunks(negotiation, fact_chunks, *, credit=""):
    """`timeline_document` as UTF-8 JSON in pieces, one per list of facts in `fact_chunks`, so
    a download streams as the facts are read; the eras (rounds, a few) close the document."""
    yield document_head(negotiation, credit)
    eras, separator = [], b""
    for facts in fact_chunks:
        slides, rounds = _slides([fact for fact in facts if fact.get("start")])
        eras += rounds
        if slides:
            # One list dumped, without its brackets: the slides joined by commas.
            yield separator + orjson.dumps(slides)[1:-1]
            separator = b","
    yield b'],"eras":' + orjson.dumps(eras) + b"}"


def document_head(negotiation, credit=""):
    """The document's opening up to the first slide: the title slide, then `"events":[`."""
    return b'{"title":' + orjson.dumps(_title(negotiation, credit)) + b',"events":['


def _title(negotiation, credit):
    return {
        "text": {
            "headline": escape(negotiation["title"]),
            "text": _paragraphs(negotiation.get("summary", ""), credit),
        }
    }


def date_object(partial):
    """A TimelineJS date with only the parts known: {"year": 2019, "month": 9}."""
    parts = {"year": partial.year}
    if partial.month is not None:
        parts["month"] = partial.month
    if partial.day is not None:
        parts["day"] = partial.day
    return parts


def source_links(sources):
    """HTML for a fact's sources: links for web addresses, plain text for anything else."""
    return sources_paragraph(
        [
            _source_item(source.get("title"), source.get("url"), source.get("publisher"))
            for source in sources
        ]
    )


def sources_paragraph(items):
    """The paragraph listing a fact's sources, each already written as HTML; "" for none."""
    return "<p>Sources: " + "; ".join(items) + "</p>" if items else ""


# A download cites the same few thousand sources over and over: each is written once.
@lru_cache(maxsize=16_384)
def _source_item(title, url, publisher):
    label = escape(title or url or "Untitled source")
    if publisher:
        label += f" ({escape(publisher)})"
    url = url or ""
    if urlsplit(url).scheme.lower() in {"http", "https"}:
        return f'<a href="{escape(url)}" target="_blank" rel="noopener">{label}</a>'
    return label


def _slide(fact):
    text = slide_text(fact["headline"], fact.get("issue"), *(fact.get(key, "") for key in _TEXTS))
    return slide(
        fact["lane"],
        fact["id"],
        fact["start"],
        fact.get("end"),
        escape(fact["headline"]),
        text + source_links(fact.get("sources", [])),
    )


_TEXTS = ("text", "who", "context", "note")


def slide(lane, id, start, end, headline, text):
    """One slide: `start` and `end` (or None) ISO text; `headline` and `text` its HTML."""
    start_date, end_keys = slide_dates(start, end or "")
    slide = {
        "unique_id": f"{lane}-{id}",
        "start_date": start_date,
        "group": LANE_GROUPS.get(lane, lane),
        "text": {"headline": headline, "text": text},
        "autolink": False,
    }
    if end_keys:
        slide.update(end_keys)
    return slide


# A download of 100,000 facts spans a few thousand distinct pairs of dates. The dicts
# returned are shared: they are serialised, never changed.
@lru_cache(maxsize=16_384)
def slide_dates(start, end):
    """(start_date, the slide's last keys) for a start and an end ("" for none) as ISO text."""
    start = PartialDate.parse(start)
    end = PartialDate.parse(end) if end else None
    return date_object(start), slide_end(start, end)


def slide_end(start, end):
    """The slide's last keys for its dates: `end_date` when it ends on another date,
    `display_date` when either date is known only to the month or the year."""
    keys = {}
    if end is not None and end != start:
        keys["end_date"] = date_object(end)
    if start.precision != DAY or (end is not None and end.precision != DAY):
        keys["display_date"] = escape(display_span(start, end))
    return keys


def slide_text(headline, issue, *texts):
    """The HTML of a slide's body: the issue, then each of `texts` that the headline does
    not already say, a paragraph each (sources apart)."""
    said = [f"Issue: {issue}"] if issue else []
    return _paragraphs(*said, *(text for text in texts if text and text not in headline))


def slide_era(slide):
    """The era of a round's slide, None unless the round ends on another date than its start."""
    if "end_date" not in slide:
        return None
    return {
        "start_date": slide["start_date"],
        "end_date": slide["end_date"],
        "text": {"headline": slide["text"]["headline"]},
    }


def _slides(dated):
    """(slides, eras) of dated facts: the eras of the rounds among them."""
    slides = [_slide(fact) for fact in dated]
    rounds = [
        slide_era(s) for fact, s in zip(dated, slides, strict=True) if fact["lane"] == "rounds"
    ]
    return slides, [era for era in rounds if era is not None]


def _paragraphs(*texts):
    return "".join("<p>" + escape(text).replace("\n", "<br>") + "</p>" for text in texts if text)
