"""Charts for other people's pages: the bare embed page, its iframe code, and oEmbed."""

from urllib.parse import urlsplit

from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from tracker.facts import sentence_texts

from .caching import cache_per_revision
from .charts import THEMES, build_figure
from .data import timeline_data
from .framing import embeddable
from .params import (
    MAX_HEIGHT,
    MIN_HEIGHT,
    TimelineParams,
    TimelineParamsError,
    is_whole_number,
    shown,
)
from .views import bad_request, get_visible_negotiation

PROVIDER_NAME = "Negotiation tracker"
# Scripts for the chart, new tabs (outside the sandbox) for links, downloads for the data;
# no top navigation, and no same-origin: the embed needs neither cookies nor storage.
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-downloads"
DEFAULT_WIDTH = 800
DEFAULT_CHART_HEIGHT = 520
# Room the embed page takes around the chart: title, credit line and the data link.
PAGE_CHROME = 110
# Sizes the image export draws (timeline.exports.IMAGE_WIDTH_RANGE and IMAGE_HEIGHT_RANGE).
THUMBNAIL_RANGE = (200, 4000)
EMBEDDABLE_VIEWS = {"negotiation-detail", "embed"}
LANE_NOUNS = {
    "rounds": ("round", "rounds"),
    "positions": ("position", "positions"),
    "events": ("event", "events"),
    "statements": ("statement", "statements"),
}


def embed_url(request, negotiation, params):
    """The absolute address of the embed page showing this view of the negotiation."""
    query = params.to_query()
    path = reverse("embed", args=[negotiation.slug])
    return request.build_absolute_uri(f"{path}?{query}" if query else path)


def iframe_html(url, title, height, width=None):
    """The iframe code an author pastes: titled, lazy, sandboxed without top navigation.

    Without a width the frame fills its column (share.js writes the same code in the browser).
    """
    size = format_html('width="{}" height="{}" style="border:0;max-width:100%"', width, height)
    if width is None:
        size = format_html('height="{}" style="border:0;width:100%"', height)
    return format_html(
        '<iframe src="{}" title="{}" {} loading="lazy" sandbox="{}"></iframe>',
        url,
        title,
        size,
        SANDBOX,
    )


def chart_summary(data, sentences=()):
    """A plain-text summary of the chart for screen readers: counts, dates, then the derived
    facts' `sentences` (their texts)."""
    counts = [
        _count(len(getattr(data, lane)), *nouns)
        for lane, nouns in LANE_NOUNS.items()
        if getattr(data, lane)
    ]
    title = data.negotiation.title
    if not counts:
        return f"Timeline of {title}: nothing recorded for this view."
    dates = [row.start for row in data.rounds] + [row.date for row in data.events]
    dates += [row.date for row in (*data.statements, *data.positions) if row.date]
    first, last = min(dates), max(dates)
    when = first.display() if first == last else f"{first.display()} to {last.display()}"
    text = f"Timeline of {title}, {when}: {_and(counts)}."
    sentences = [sentence.strip() for sentence in sentences]
    return " ".join([text, *(_full_stop(sentence) for sentence in sentences if sentence)])


def _full_stop(sentence):
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def _count(number, singular, plural):
    return f"{number} {singular if number == 1 else plural}"


def _and(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@require_GET
@embeddable  # outside the cache, so a 304 Not Modified carries the framing headers too
@cache_per_revision
def embed(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    try:
        params = TimelineParams.from_query(request.GET)
    except TimelineParamsError as error:
        return bad_request(error)
    asked = params  # links, the data and oEmbed discovery name the view as its code did
    # An embed looks as its code asks, light unless it says theme=dark or theme=auto, never
    # following the reader's system by surprise inside someone else's light page.
    if "theme" not in request.GET:
        params = params.with_changes(theme="light")
    data = timeline_data(negotiation, params, level_of_detail=True)
    figure = build_figure(data, params.with_changes(height=params.height or DEFAULT_CHART_HEIGHT))
    # The page's <h1> carries the title; the chart gives its room to the data.
    figure["layout"]["title"] = {"text": ""}
    figure["layout"]["margin"]["t"] = 30
    # Only what the facts say: the sources they rest on are for the full page and facts.json.
    sentences = sentence_texts(negotiation, params.as_of) if data.fact_count else ()
    # The full page and the data take the view without the embed's own height.
    query = asked.with_changes(height=None).to_query()
    context = {
        "negotiation": negotiation,
        "params": params,
        "theme": params.theme,
        "data": data,
        "figure": figure,
        "themes": THEMES,
        "summary": chart_summary(data, sentences),
        "timeline_url": reverse("negotiation-detail", args=[slug]) + (f"?{query}" if query else ""),
        "csv_url": reverse("negotiation-csv", args=[slug]) + (f"?{query}" if query else ""),
        "oembed_url": oembed_discovery_url(request, negotiation, asked),
    }
    return render(request, "timeline/embed.html", context)


def oembed_discovery_url(request, negotiation, params):
    """The /oembed address that describes this view, for the discovery <link>."""
    query = QueryDict(mutable=True)
    query["url"] = embed_url(request, negotiation, params)
    query["format"] = "json"
    return request.build_absolute_uri(reverse("oembed") + "?" + query.urlencode())


@require_GET
def oembed(request):
    """oEmbed 1.0 for timeline and embed pages of this site: `?url=...&maxwidth=&maxheight=`."""
    if request.GET.get("format", "json") != "json":
        return HttpResponse(
            "format: only json is supported\n", status=501, content_type="text/plain; charset=utf-8"
        )
    try:
        max_width = _dimension(request.GET, "maxwidth")
        max_height = _dimension(request.GET, "maxheight")
    except ValueError as error:
        return bad_request(error)
    url = request.GET.get("url", "").strip()
    if not url:
        return bad_request("url: give the address of a timeline or embed page of this site")
    try:
        negotiation, params = _described(request, url)
    except TimelineParamsError as error:
        return bad_request(f"url: {error}")
    chart_height = params.height or DEFAULT_CHART_HEIGHT
    height = chart_height + PAGE_CHROME
    if max_height is not None and height > max_height:
        height = max_height
        chart_height = min(max(height - PAGE_CHROME, MIN_HEIGHT), MAX_HEIGHT)
    width = min(DEFAULT_WIDTH, max_width) if max_width is not None else DEFAULT_WIDTH
    view = params.with_changes(height=chart_height)
    src = embed_url(request, negotiation, view)
    return JsonResponse(
        {
            "type": "rich",
            "version": "1.0",
            "title": negotiation.title,
            "provider_name": PROVIDER_NAME,
            "provider_url": request.build_absolute_uri("/"),
            "html": iframe_html(src, negotiation.title, height, width),
            "width": width,
            "height": height,
            **thumbnail(request, negotiation, view, width, max_height),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def thumbnail(request, negotiation, view, width, max_height=None):
    """oEmbed's thumbnail_url (the view's PNG export), thumbnail_width and thumbnail_height.

    The PNG is the chart at the frame's width and the chart's height; empty when that is
    smaller than the smallest image exported or taller than `max_height`.
    """
    height = view.height or DEFAULT_CHART_HEIGHT
    low, high = THUMBNAIL_RANGE
    if not (low <= width <= high and low <= height <= high):
        return {}
    if max_height is not None and height > max_height:
        return {}
    query = view.with_changes(height=height).to_query()
    path = reverse("negotiation-image", args=[negotiation.slug, "png"])
    return {
        "thumbnail_url": request.build_absolute_uri(f"{path}?{query}&width={width}"),
        "thumbnail_width": width,
        "thumbnail_height": height,
    }


def _dimension(query, name):
    text = query.get(name, "").strip()
    if not text:
        return None
    if not is_whole_number(text) or int(text) < 1:
        raise ValueError(
            f"{name}: {shown(text)} is not a whole number of pixels above 0 (digits 0-9)"
        )
    return int(text)


def _described(request, url):
    """(negotiation, params) for a timeline or embed address of this site, else Http404.

    TimelineParamsError when the address carries query parameters the timeline refuses.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or parts.netloc != request.get_host():
        raise Http404("Not an address of this site.")
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise Http404("Not a timeline or embed page.") from None
    if match.url_name not in EMBEDDABLE_VIEWS:
        raise Http404("Not a timeline or embed page.")
    negotiation = get_visible_negotiation(request, match.kwargs["slug"])
    return negotiation, TimelineParams.from_query(QueryDict(parts.query))
