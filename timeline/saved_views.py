"""Saved views: which addresses may be saved, and the query kept for them.

A view is a page of this site and its query string: a timeline with its lanes, parties,
dates, as-of day, theme, search and tags, a comparison, a changes page or a search. The
query is checked as the page itself would check it and kept as given, so opening the
saved view gives back exactly the address that was saved.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit

from django.http import Http404, QueryDict
from django.urls import Resolver404, resolve

from tracker.control_characters import control_character_problem
from tracker.models import Negotiation
from tracker.workspace.records import RecordError

from .params import CompareParams, TimelineParams, TimelineParamsError

LONGEST_NAME = 200
# The query parameters each page understands; others are dropped.
KEPT = {
    "negotiation-detail": {"lanes", "lane", "party", "start", "end", "as_of", "theme", "height",
                           "q", "tag"},
    "compare": {"n", "align", "theme"},
    "negotiation-list": {"q", "party", "status", "year"},
    "negotiation-changes": {"from", "to"},
    "changes": {"from", "to"},
    "search": {"q"},
}  # fmt: skip


def clean_view_name(text):
    """The view's name, trimmed; RecordError when empty, too long or with control characters."""
    name = " ".join((text or "").split())
    if not name:
        raise RecordError("name: give the view a name, e.g. Contract length since March")
    if len(name) > LONGEST_NAME:
        raise RecordError(f"name: at most {LONGEST_NAME} characters, not {len(name)}")
    if problem := control_character_problem(name):
        raise RecordError(f"name: {problem}")
    return name


def view_address(url, user):
    """(path, query) to save for `url`, a page of this site the user may see; RecordError
    naming what is wrong otherwise."""
    parts = urlsplit((url or "").strip())
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        raise RecordError(
            "url: give the address of a page of this site, e.g. /negotiations/sma-11/"
        )
    try:
        match = resolve(parts.path)
    except (Resolver404, Http404):
        raise RecordError(f'url: "{parts.path[:80]}" is not a page of this site') from None
    if match.url_name not in KEPT:
        raise RecordError(f'url: "{parts.path[:80]}" is not a page a view can be saved for')
    slug = match.kwargs.get("slug")
    if slug and not Negotiation.objects.visible_to(user).filter(slug=slug).exists():
        raise RecordError(f'url: no negotiation "{slug[:80]}"')
    pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=False)
        if k in KEPT[match.url_name]
    ]
    _check(match.url_name, pairs)
    return parts.path, urlencode(pairs)


def _check(url_name, pairs):
    query = QueryDict(mutable=True)
    for key, value in pairs:
        if problem := control_character_problem(value):
            raise RecordError(f"{key}: {problem}")
        query.appendlist(key, value)
    try:
        if url_name == "negotiation-detail":
            TimelineParams.from_query(query)
        elif url_name == "compare":
            CompareParams.from_query(query)
    except TimelineParamsError as error:
        raise RecordError(str(error)) from None
