"""A negotiation in Knight Lab's TimelineJS JSON format, built from plain facts.

TimelineJS renders `text.headline` and `text.text` as HTML, so every piece of
user text is escaped here and the only markup is the paragraphs and source links
this module writes itself. Dates carry only the parts the record knows; a date
known to the month or the year gets a `display_date` written as a reader would.
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
    dated = [fact for fact in facts if fact.get("start")]
    return {
        "title": _title(negotiation, credit),
        "events": [_slide(fact) for fact in dated],
        "eras": [_era(fact) for fact in dated if fact["lane"] == "rounds" and _spans(fact)],
    }


def timeline_json_chunks(negotiation, fact_chunks, *, credit=""):
    """`timeline_document` as UTF-8 JSON in pieces, one per list of facts in `fact_chunks`, so
    a download streams as the facts are read; the eras (rounds, a few) close the document."""
    yield document_head(negotiation, credit)
    eras, separator = [], b""
    for facts in fact_chunks:
        dated = [fact for fact in facts if fact.get("start")]
        eras += [_era(fact) for fact in dated if fact["lane"] == "rounds" and _spans(fact)]
        if dated:
            # One list dumped, without its brackets: the slides joined by commas.
            yield separator + orjson.dumps([_slide(fact) for fact in dated])[1:-1]
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
    items = [
        _source_item(source.get("title"), source.get("url"), source.get("publisher"))
        for source in sources
    ]
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
    start = PartialDate.parse(fact["start"])
    end = PartialDate.parse(fact["end"]) if fact.get("end") else None
    slide = {
        "unique_id": f"{fact['lane']}-{fact['id']}",
        "start_date": date_object(start),
        "group": LANE_GROUPS.get(fact["lane"], fact["lane"]),
        "text": {
            "headline": escape(fact["headline"]),
            "text": _paragraphs(*_body(fact)) + source_links(fact.get("sources", [])),
        },
        "autolink": False,
    }
    return slide | slide_end(start, end)


def slide_end(start, end):
    """The slide's last keys for its dates: `end_date` when it ends on another date,
    `display_date` when either date is known only to the month or the year."""
    keys = {}
    if end is not None and end != start:
        keys["end_date"] = date_object(end)
    if start.precision != DAY or (end is not None and end.precision != DAY):
        keys["display_date"] = escape(display_span(start, end))
    return keys


def _body(fact):
    """The fact's texts that the headline does not already say."""
    headline = fact["headline"]
    texts = [fact.get(key, "") for key in ("text", "who", "context", "note")]
    issue = [f"Issue: {fact['issue']}"] if fact.get("issue") else []
    return issue + [text for text in texts if text and text not in headline]


def _spans(fact):
    return bool(fact.get("end")) and fact["end"] != fact["start"]


def _era(fact):
    start = PartialDate.parse(fact["start"])
    end = PartialDate.parse(fact["end"])
    return {
        "start_date": date_object(start),
        "end_date": date_object(end),
        "text": {"headline": escape(fact["headline"])},
    }


def _paragraphs(*texts):
    return "".join("<p>" + escape(text).replace("\n", "<br>") + "</p>" for text in texts if text)
