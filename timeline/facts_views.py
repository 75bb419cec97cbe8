"""The facts about a negotiation as of a day, as JSON for the facts panel and for analysts."""

import datetime as dt

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.facts import SinceEventError
from tracker.facts_data import facts_for
from tracker.models import Negotiation
from tracker.partialdate import DAY, PartialDate, PartialDateError


class FactsParameterError(ValueError):
    """A bad query parameter; the message names it."""


def parse_as_of(text):
    """The `as_of` query value as a date; today when absent. Raises FactsParameterError."""
    if text is None or text == "":
        return timezone.localdate()
    try:
        day = PartialDate.parse(text)
    except PartialDateError:
        day = None
    if day is None or day.precision != DAY:
        raise FactsParameterError(f'as_of: "{text}" is not a day; use YYYY-MM-DD, e.g. 2020-04-02')
    return dt.date(day.year, day.month, day.day)


def parse_since_event(text):
    """The `since_event` query value as an event id, or None. Raises FactsParameterError."""
    if text is None or text == "":
        return None
    if not text.isdigit():
        raise FactsParameterError(f'since_event: "{text}" is not an event id (a whole number)')
    return int(text)


def _visible_negotiation(request, slug):
    return get_object_or_404(Negotiation.objects.visible_to(request.user), slug=slug)


@require_GET
def facts_json(request, slug):
    """`?as_of=YYYY-MM-DD` (default today) and optional `?since_event=<event id>`."""
    negotiation = _visible_negotiation(request, slug)
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
        since_event = parse_since_event(request.GET.get("since_event"))
        facts = facts_for(negotiation, as_of, since_event=since_event)
    except (FactsParameterError, SinceEventError) as exc:
        parameter = str(exc).split(":", 1)[0]
        return JsonResponse({"error": str(exc), "parameter": parameter}, status=400)
    return JsonResponse(facts, json_dumps_params={"ensure_ascii": False})
