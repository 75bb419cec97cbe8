"""Search in the read API: `GET /search?q=` and `GET /negotiations/{slug}/search?q=`.

The same search and access rules as the /search/ page (`tracker.search.engine`): anonymous
clients search published negotiations only. Registered on `api` by `routes` before its
catch-all route.
"""

import hashlib
from typing import Annotated

from django.db.models import Max
from django.http import HttpResponse
from ninja import Field, Query, Schema

from timeline.search_views import hit_url
from tracker.revisions import revision_etag
from tracker.search.engine import matching_keys, search
from tracker.search.query import SearchQuery, SearchQueryError
from tracker.workspace.tags import tags_version

from . import schemas as out
from .auth import ApiError
from .routes import (
    PAGE,
    PAGE_SIZE,
    REPRESENTATION,
    SLUG,
    get,
    negotiation_or_404,
    not_modified,
    page_meta,
    text_parameter,
    visible_negotiations,
)

# Blank is refused (400 naming q), as the pattern tells the document's readers.
SearchText = Annotated[str, Field(max_length=200, json_schema_extra={"pattern": r"\S"})]
QUERY = Query(
    ...,
    description='Words and "quoted phrases", all required; stemmed ("furloughs" finds '
    '"furlough"), a phrase finds its hyphenated spelling ("cost sharing", "cost-sharing").',
)


class SearchHitOut(Schema):
    negotiation: out.NegotiationRef
    lane: str = Field(
        description="negotiation, rounds, positions, events, statements, issues, people"
    )
    id: int = Field(description="The record's id in its lane.")
    key: str = Field(description='The record\'s key on the timeline page, e.g. "events-12".')
    when: str = Field(description='The record\'s date as a reader writes it, "" when none.')
    title: str
    snippet: str
    title_html: str = Field(description="The title, HTML-escaped, matching words in <mark>.")
    snippet_html: str = Field(description="The snippet, HTML-escaped, matching words in <mark>.")
    url: str = Field(description="The timeline page at this record.")
    tags: list[str] = Field(
        description="The record's tags that match every word (callers who may see tags; "
        "such records come first)."
    )


class SearchPage(out.PageOut):
    query: str = Field(description="The query as read: phrases in quotes.")
    more: bool = Field(
        description="More matches than `count` (2,000): the first 2,000 found are ranked."
    )
    items: list[SearchHitOut]


class SearchKeysOut(Schema):
    query: str
    keys: list[str] = Field(description='Every matching record\'s key, e.g. "events-12".')


def _query(q):
    text = text_parameter(q, "q")
    if text is None:
        raise ApiError(400, "q: type a word to search for.", "q")
    return text


def _etag(request, *parts):
    """(ETag, Last-Modified): the ETag changes with every edit of a visible negotiation, every
    tag the caller may see added or removed, and with the question. No Last-Modified for those
    who see tags: a removed tag leaves no time behind, so If-Modified-Since could not tell."""
    latest = visible_negotiations(request).aggregate(latest=Max("modified"))["latest"]
    revisions = visible_negotiations(request).order_by("id").values_list("id", "revision")
    tags = tags_version(request.auth)
    key = "|".join(
        [
            REPRESENTATION,
            "search",
            *map(str, parts),
            f"tags:{tags}",
            *(f"{i}:{r}" for i, r in revisions),
        ]
    )
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    return etag, latest if tags == "none" else None


@get("/search", SearchPage, tags=["search"])
def search_records(
    request,
    response: HttpResponse,
    q: SearchText = QUERY,
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """Records matching the words in every negotiation the caller may see, best first."""
    text = _query(q)
    etag, latest = _etag(request, request.GET.urlencode())
    if answer := not_modified(request, response, etag, latest):
        return answer
    try:
        results = search(text, user=request.auth, limit=page_size, offset=(page - 1) * page_size)
    except SearchQueryError as error:
        raise ApiError(400, str(error), "q") from None
    items = [
        {
            "negotiation": {"slug": hit.negotiation_slug, "title": hit.negotiation_title},
            "lane": hit.lane,
            "id": hit.record_id,
            "key": hit.key,
            "when": hit.when,
            "title": hit.title,
            "snippet": hit.snippet,
            "title_html": hit.title_html,
            "snippet_html": hit.snippet_html,
            "url": hit_url(hit, results.query),
            "tags": list(hit.tags),
        }
        for hit in results.hits
    ]
    meta = page_meta(request, results.total, page, page_size)
    return {**meta, "query": results.query.text(), "more": results.more, "items": items}


@get("/negotiations/{slug:slug}/search", SearchKeysOut, tags=["search"])
def search_negotiation(request, response: HttpResponse, slug: str = SLUG, q: SearchText = QUERY):
    """The keys of one negotiation's records that match the words, or a tag the caller may see
    (for dimming the rest)."""
    negotiation = negotiation_or_404(request, slug)
    text = _query(q)
    try:
        query = SearchQuery.parse(text)
    except SearchQueryError as error:
        raise ApiError(400, str(error), "q") from None
    tags = tags_version(request.auth)
    etag = revision_etag(negotiation, REPRESENTATION, "search", query.text(), f"tags:{tags}")
    modified = negotiation.modified if tags == "none" else None  # as in _etag
    if answer := not_modified(request, response, etag, modified):
        return answer
    keys = matching_keys(query.text(), user=request.auth, negotiation=negotiation)
    return {"query": query.text(), "keys": keys}
