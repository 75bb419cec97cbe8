"""Downloads of a negotiation: images, standalone HTML, TimelineJS, CSV, interchange JSON."""

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_GET

from tracker.models import Negotiation
from tracker.partialdate import display_span

from . import csvexport
from .timelinejs import timeline_document


def export_facts(negotiation):
    """Every recorded fact of a negotiation as plain dicts, lane by lane in record order.

    Each dict has lane, id, start/end (ISO text at the precision written, or
    None), date (as a reader writes it), earliest/latest (ISO days), party, who,
    kind, headline, text, context, note, amount fields (Decimal or None),
    currency, unit, period and sources (dicts of url, title, publisher).
    """
    facts = []
    rounds = negotiation.round_set.prefetch_related("sources", "leads__person", "leads__party")
    for record in rounds:
        leads = "; ".join(f"{lead.person.name} ({lead.party.name})" for lead in record.leads.all())
        facts.append(
            _fact("rounds", record, record.start, record.end, _round_label(record))
            | {"who": leads, "kind": record.get_format_display(), "text": record.location}
        )
    positions = negotiation.position_set.select_related("party").prefetch_related("sources")
    for record in positions:
        headline = f"{record.party.name} {record.get_kind_display()}: {record.amount_display()}"
        facts.append(
            _fact("positions", record, record.date, None, headline)
            | {
                "party": record.party.name,
                "kind": record.kind,
                "text": record.amount_display(),
                "amount": record.amount,
                "amount_min": record.amount_min,
                "amount_max": record.amount_max,
                "currency": record.currency,
                "unit": record.unit,
                "percent_change": record.percent_change,
                "period": record.period,
            }
        )
    for record in negotiation.event_set.prefetch_related("sources"):
        facts.append(
            _fact("events", record, record.date, record.end, record.title) | {"text": record.title}
        )
    statements = negotiation.statement_set.for_timeline().prefetch_related("sources")
    for record in statements:
        who = record.speaker.name if record.speaker_id else "Unattributed"
        if record.speaker_title:
            who = f"{who}, {record.speaker_title}"
        facts.append(
            _fact("statements", record, record.date, None, who)
            | {
                "party": record.party.name if record.party_id else "",
                "who": who,
                "kind": record.get_kind_display(),
                "text": record.quote,
                "context": record.context,
            }
        )
    return facts


def _fact(lane, record, start, end, headline):
    return {
        "lane": lane,
        "id": record.pk,
        "start": start.iso if start else None,
        "end": end.iso if end else None,
        "date": display_span(start, end) if start else "",
        "earliest": start.earliest.isoformat() if start else "",
        "latest": (end or start).latest.isoformat() if start else "",
        "party": "",
        "who": "",
        "kind": "",
        "headline": headline,
        "text": "",
        "context": "",
        "note": record.note,
        "amount": None,
        "amount_min": None,
        "amount_max": None,
        "currency": "",
        "unit": "",
        "percent_change": None,
        "period": "",
        "sources": [
            {"url": s.url, "title": s.title, "publisher": s.publisher} for s in record.sources.all()
        ],
    }


def _round_label(record):
    if record.number is not None:
        label = f"Round {record.number}"
    elif record.number_inferred is not None:
        label = f"Round {record.number_inferred} (inferred)"
    else:
        label = "Unnumbered round"
    return f"{label}, {record.location}" if record.location else label


def _visible_negotiation(request, slug):
    return get_object_or_404(Negotiation.objects.visible_to(request.user), slug=slug)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def source_credit(request, negotiation):
    """The one-line credit drawn under exported charts, naming the full timeline page."""
    url = request.build_absolute_uri(reverse("negotiation-detail", args=[negotiation.slug]))
    return f"Source: negotiation tracker, {url}"


@require_GET
def timeline_image(request, *args, **kwargs):
    raise Http404("not built yet")


@require_GET
def standalone_html(request, *args, **kwargs):
    raise Http404("not built yet")


@require_GET
def timelinejs(request, slug):
    negotiation = _visible_negotiation(request, slug)
    document = timeline_document(
        {"title": negotiation.title, "summary": negotiation.summary},
        export_facts(negotiation),
        credit=source_credit(request, negotiation),
    )
    return JsonResponse(document, json_dumps_params={"ensure_ascii": False})


@require_GET
def data_csv(request, slug):
    negotiation = _visible_negotiation(request, slug)
    text = csvexport.csv_text(export_facts(negotiation))
    return _download(text.encode("utf-8-sig"), "text/csv; charset=utf-8", f"{slug}.csv")


@require_GET
def interchange_json(request, *args, **kwargs):
    raise Http404("not built yet")
