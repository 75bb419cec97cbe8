"""Downloads of a negotiation: images, standalone HTML, TimelineJS, CSV, interchange JSON."""

import copy
import math
from html import escape

from django.db import connection
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from tracker.control_characters import without_control_characters
from tracker.interchange.export import iter_export_json
from tracker.partialdate import span_fields

from . import csvexport
from .charts import build_figure, esc
from .charts.printfit import fit_for_print
from .chunks import timeline_chunks
from .csvcopy import csv_copy_chunks
from .data import UNATTRIBUTED, timeline_data
from .embeds import chart_summary
from .imaging import FORMATS, ChromiumUnavailable, render_image, titled_pdf
from .params import (
    TimelineParams,
    TimelineParamsError,
    is_decimal_number,
    is_whole_number,
    shown,
)
from .standalone import standalone_document
from .timelinejs import timeline_json_chunks
from .timelinejs_sql import timeline_json_copy_chunks
from .views import bad_request, get_visible_negotiation

DEFAULT_IMAGE_WIDTH = 1200
IMAGE_WIDTH_RANGE = (200, 4000)
IMAGE_HEIGHT_RANGE = (200, 4000)
IMAGE_SCALE_RANGE = (0.5, 4)
MAX_IMAGE_PIXELS = 40_000_000


def export_facts(data):
    """A timeline's rows (`timeline.data.TimelineData`) as one plain dict per fact, lane by lane.

    Each dict has lane, id, start/end (ISO text at the precision written, or
    None), date (as a reader writes it), earliest/latest (ISO days), party, who,
    kind, issue (a position's agenda item), round and round_inferred (a round's number
    or the one inferred for it, and which; None elsewhere), headline, text, context, note, the
    amount fields (Decimal or None), currency, unit, period and sources (dicts
    of url, title, publisher).
    """
    facts = []
    for row in data.rounds:
        leads = "; ".join(f"{person} ({party})" for party, person in row.leads)
        number = row.number if row.number is not None else row.number_inferred
        facts.append(
            _fact(row, row.start, row.end, row.title)
            | {"who": leads, "kind": row.format.replace("_", " "), "text": row.location}
            | {"round": number, "round_inferred": None if number is None else row.number is None}
        )
    for row in data.positions:
        figure = row.figure or "no figure"
        facts.append(
            _fact(row, row.date, None, f"{row.party} {row.kind}: {figure}")
            | {
                "party": row.party,
                "kind": row.kind,
                "issue": row.issue,
                "text": figure,
                "amount": row.amount,
                "amount_min": row.amount_min,
                "amount_max": row.amount_max,
                "currency": row.currency,
                "unit": row.unit,
                "percent_change": row.percent_change,
                "period": row.period,
            }
        )
    for row in data.events:
        facts.append(_fact(row, row.date, row.end, row.title) | {"text": row.title})
    for row in data.statements:
        who = ", ".join(part for part in (row.speaker, row.speaker_title) if part)
        facts.append(
            _fact(row, row.date, None, who or UNATTRIBUTED)
            | {
                "party": "" if row.party == UNATTRIBUTED else row.party,
                "who": who,
                "kind": row.kind,
                "text": row.quote,
                "context": row.context,
            }
        )
    return facts


def _fact(row, start, end, headline):
    return {
        "lane": row.lane,
        "id": row.id,
        **span_fields(start, end),
        "round": None,
        "round_inferred": None,
        "party": "",
        "who": "",
        "kind": "",
        "issue": "",
        "headline": headline,
        "text": "",
        "context": "",
        "note": row.note,
        "amount": None,
        "amount_min": None,
        "amount_max": None,
        "currency": "",
        "unit": "",
        "percent_change": None,
        "period": "",
        "sources": [
            {"url": ref.url, "title": ref.title, "publisher": ref.publisher} for ref in row.sources
        ],
    }


def _download(content, content_type, filename, disposition="attachment"):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def _timeline(request, slug):
    """(negotiation, params, data) for a download of one timeline view.

    Http404 when the user may not see the negotiation; TimelineParamsError for a bad query.
    """
    negotiation = get_visible_negotiation(request, slug)
    params = TimelineParams.from_query(request.GET)
    return negotiation, params, timeline_data(negotiation, params)


def source_credit(request, negotiation, params):
    """The one-line credit printed under exported charts, naming the full timeline page."""
    url = request.build_absolute_uri(reverse("negotiation-detail", args=[negotiation.slug]))
    credit = f"Source: Negotiation tracker, {url}"
    if params.as_of:
        credit += f", as of {params.as_of.day} {params.as_of:%B %Y}"
    return credit


def print_figure(figure, credit):
    """A copy of the figure for print: no range slider, the source credit under the chart."""
    figure = copy.deepcopy(figure)
    layout = figure["layout"]
    if isinstance(layout.get("xaxis"), dict) and "rangeslider" in layout["xaxis"]:
        layout["xaxis"]["rangeslider"] = {"visible": False}
    margin = layout.setdefault("margin", {})
    margin["b"] = max(margin.get("b", 0), 60)
    layout.setdefault("annotations", []).append(
        {
            "text": esc(credit),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "yshift": -30,
            "showarrow": False,
            "font": {"size": 11},
            "name": "source_credit",
        }
    )
    return figure


def image_size(query, layout_height):
    """(width, height, scale) from `?width=&height=&scale=`; ValueError naming a bad one."""
    width = _number(query, "width", int, DEFAULT_IMAGE_WIDTH, *IMAGE_WIDTH_RANGE)
    height = _number(query, "height", int, layout_height, *IMAGE_HEIGHT_RANGE)
    scale = _number(query, "scale", float, 1.0, *IMAGE_SCALE_RANGE)
    pixels = width * height * scale * scale
    if pixels > MAX_IMAGE_PIXELS:
        raise ValueError(
            f"width x height x scale\u00b2 is {pixels:,.0f} pixels; the limit is "
            f"{MAX_IMAGE_PIXELS:,}: ask for a smaller width, height or scale"
        )
    return width, height, scale


def _number(query, name, kind, default, low, high):
    text = query.get(name, "").strip()
    if not text:
        return default
    written = is_whole_number(text) if kind is int else is_decimal_number(text)
    value = kind(text) if written else None
    if value is None or not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{name}: {shown(text)} is not a number from {low} to {high} (digits 0-9)")
    return value


@require_GET
def timeline_image(request, slug, fmt):
    """PNG, SVG or PDF of the view, with `?width=` (pixels), `?height=` and `?scale=`."""
    try:
        negotiation, params, data = _timeline(request, slug)
        figure = build_figure(data, params.with_changes(theme=_print_theme(params)))
        width, height, scale = image_size(request.GET, figure["layout"]["height"])
    except (TimelineParamsError, ValueError) as error:
        return bad_request(error)
    figure["layout"]["height"] = height
    figure = print_figure(figure, source_credit(request, negotiation, params))
    figure = fit_for_print(figure, width, height)
    try:
        image = render_image(figure, fmt=fmt, width=width, height=height, scale=scale)
    except ChromiumUnavailable as error:
        response = HttpResponse(f"{error}\n", status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response
    if fmt == "svg":
        image = described_svg(image, negotiation.title, chart_summary(data))
    if fmt == "pdf":
        image = titled_pdf(image, negotiation.title)
    return _download(image, FORMATS[fmt], f"{slug}-timeline.{fmt}", disposition="inline")


def _print_theme(params):
    # A file has no reader preference to follow; "auto" prints light.
    return "light" if params.theme == "auto" else params.theme


def described_svg(image, title, description):
    """The SVG with a <title> and <desc> (its alternative text) as the root's first children."""
    text = image.decode() if isinstance(image, bytes) else image
    end = text.index(">", text.index("<svg")) + 1
    title, description = map(without_control_characters, (title, description))
    alt = f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    return (text[:end] + alt + text[end:]).encode()


@require_GET
def standalone_html(request, slug):
    """One self-contained HTML file of the chart (plotly.js inlined) that opens offline."""
    try:
        negotiation, params, data = _timeline(request, slug)
    except TimelineParamsError as error:
        return bad_request(error)
    figure = build_figure(data, params.with_changes(theme=_print_theme(params)))
    figure = print_figure(figure, source_credit(request, negotiation, params))
    html = standalone_document(figure, title=negotiation.title, description=chart_summary(data))
    return _download(html.encode(), "text/html; charset=utf-8", f"{slug}-timeline.html")


def _fact_chunks(request, slug):
    """(negotiation, params, lists of facts a chunk of rows at a time) for a streamed download.

    Http404 when the user may not see the negotiation; TimelineParamsError for a bad query.
    """
    negotiation = get_visible_negotiation(request, slug)
    params = TimelineParams.from_query(request.GET)
    return negotiation, params, map(export_facts, timeline_chunks(negotiation, params))


def _streamed(pieces, content_type, filename=None):
    response = StreamingHttpResponse(pieces, content_type=content_type)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def timelinejs(request, slug):
    try:
        negotiation, params, chunks = _fact_chunks(request, slug)
    except TimelineParamsError as error:
        return bad_request(error)
    credit = source_credit(request, negotiation, params)
    if connection.vendor == "postgresql":
        # The same bytes, written by the database at the speed of COPY.
        pieces = timeline_json_copy_chunks(negotiation, params, credit=credit)
    else:
        info = {"title": negotiation.title, "summary": negotiation.summary}
        pieces = timeline_json_chunks(info, chunks, credit=credit)
    return _streamed(pieces, "application/json")


@require_GET
def data_csv(request, slug):
    try:
        negotiation, params, chunks = _fact_chunks(request, slug)
    except TimelineParamsError as error:
        return bad_request(error)
    if connection.vendor == "postgresql":
        # The same bytes, written by the database at the speed of COPY.
        pieces = csv_copy_chunks(negotiation, params)
    else:
        pieces = csvexport.csv_chunks(chunks)
    return _streamed(pieces, "text/csv; charset=utf-8", f"{slug}.csv")


@require_GET
def interchange_json(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    return _streamed(iter_export_json(negotiation), "application/json", f"{slug}.json")
