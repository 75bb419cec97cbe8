"""Template tags for the timeline page's "Share / embed" panel and its oEmbed discovery link."""

from django import template
from django.templatetags.static import static
from django.urls import reverse

from timeline.embeds import (
    DEFAULT_CHART_HEIGHT,
    PAGE_CHROME,
    chart_summary,
    embed_url,
    iframe_html,
    oembed_discovery_url,
)
from timeline.params import TimelineParams

register = template.Library()

DOWNLOADS = (
    ("PNG image", "negotiation-image", {"fmt": "png"}),
    ("SVG image", "negotiation-image", {"fmt": "svg"}),
    ("PDF", "negotiation-image", {"fmt": "pdf"}),
    ("Standalone HTML", "negotiation-html", {}),
    ("Data (CSV)", "negotiation-csv", {}),
    ("TimelineJS", "negotiation-timelinejs", {}),
    ("Interchange JSON", "negotiation-export", {}),
)


@register.simple_tag(takes_context=True)
def share_panel(context, negotiation, params=None, data=None):
    """What the share panel shows for this view: embed code, preview, downloads, alt text."""
    request = context["request"]
    params = params or TimelineParams()
    chart_height = params.height or DEFAULT_CHART_HEIGHT
    url = embed_url(request, negotiation, params.with_changes(height=chart_height))
    query = params.with_changes(height=None).to_query()
    downloads = []
    for label, name, kwargs in DOWNLOADS:
        path = reverse(name, kwargs={"slug": negotiation.slug, **kwargs})
        downloads.append({"label": label, "url": f"{path}?{query}" if query else path, **kwargs})
    return {
        "embed_url": url,
        "embed_base": request.build_absolute_uri(reverse("embed", args=[negotiation.slug])),
        "code": iframe_html(url, negotiation.title, chart_height + PAGE_CHROME),
        "chart_height": chart_height,
        "page_chrome": PAGE_CHROME,
        "resize_script": request.build_absolute_uri(static("timeline/embed-resize.js")),
        "downloads": downloads,
        "alt_text": chart_summary(data) if data is not None else "",
    }


@register.simple_tag(takes_context=True)
def oembed_url(context, negotiation, params=None):
    """The /oembed address describing this view, for `<link rel="alternate">`."""
    return oembed_discovery_url(context["request"], negotiation, params or TimelineParams())
