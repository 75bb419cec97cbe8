"""The search results page (/search/?q=): hits grouped by negotiation and lane, each a link
to the timeline at that record."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from tracker.search.documents import RECORD_LANES
from tracker.search.engine import search
from tracker.search.query import SearchQueryError

PAGE_SIZE = 50
MAX_PAGE = 200
LANE_NAMES = {
    "negotiation": "Negotiation",
    "rounds": "Rounds",
    "positions": "Positions",
    "events": "Events",
    "statements": "Statements",
    "issues": "Issues",
    "people": "People",
}


def hit_url(hit, query):
    """The timeline at the record (`?focus=events-12`), or filtered to the query."""
    page = reverse("negotiation-detail", args=[hit.negotiation_slug])
    if hit.lane in RECORD_LANES:
        return f"{page}?{urlencode({'focus': hit.key})}"
    if hit.lane == "negotiation":
        return page
    return f"{page}?{urlencode({'q': query.text()})}"


@dataclass
class Group:
    slug: str
    title: str
    lanes: dict = field(default_factory=dict)


def grouped(results):
    """[Group] in the order of each negotiation's best hit, lanes in the order of their best."""
    groups = {}
    for hit in results.hits:
        group = groups.setdefault(
            hit.negotiation_slug, Group(hit.negotiation_slug, hit.negotiation_title)
        )
        lane = group.lanes.setdefault(LANE_NAMES.get(hit.lane, hit.lane), [])
        lane.append({"hit": hit, "url": hit_url(hit, results.query)})
    return list(groups.values())


def page_number(request):
    text = request.GET.get("page", "1")
    return min(int(text), MAX_PAGE) if text.isascii() and text.isdigit() and text != "0" else 1


@require_GET
def search_page(request):
    text = request.GET.get("q", "").strip()
    page = page_number(request)
    context = {"q": text, "results": None, "error": None, "page": page}
    if text:
        try:
            results = search(
                text, user=request.user, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
            )
        except SearchQueryError as error:
            context["error"] = str(error)
        else:
            context.update(results=results, groups=grouped(results))
            context["next_url"] = (
                _page_url(text, page + 1) if page * PAGE_SIZE < results.total else None
            )
            context["previous_url"] = _page_url(text, page - 1) if page > 1 else None
    return render(request, "search/results.html", context, status=400 if context["error"] else 200)


def _page_url(text, page):
    return f"{reverse('search')}?{urlencode({'q': text, 'page': page})}"
