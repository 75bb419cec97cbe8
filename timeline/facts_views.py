"""The facts about a negotiation as of a day, as JSON for the facts panel and for analysts."""

import re

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.facts import SinceEventError, facts_for
from tracker.partialdate import PartialDate, PartialDateError

from .caching import cache_per_revision
from .views import get_visible_negotiation

SINCE_EVENT = re.compile(r"[0-9]{1,18}")
SHOWN_LENGTH = 40


class FactsParameterError(ValueError):
    """A bad query parameter; the message names it."""


def parse_as_of(text):
    """The `as_of` query value as a date, the last day of a month or year given alone; today
    when absent. Raises FactsParameterError."""
    if text is None or text == "":
        return timezone.localdate()
    try:
        day = PartialDate.parse(text)
    except PartialDateError:
        day = None
    if day is None:
        raise FactsParameterError(
            f"as_of: {_shown(text)} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"
        )
    return day.latest


def parse_since_event(text):
    """The `since_event` query value as an event id, or None. Raises FactsParameterError."""
    if text is None or text == "":
        return None
    if not SINCE_EVENT.fullmatch(text):
        raise FactsParameterError(f"since_event: {_shown(text)} is not an event id (a number)")
    return int(text)


def _shown(text):
    """The value quoted for an error message, cut short when long."""
    return f'"{text[:SHOWN_LENGTH]}…"' if len(text) > SHOWN_LENGTH else f'"{text}"'


@require_GET
@cache_per_revision
def facts_json(request, slug):
    """`?as_of=YYYY-MM-DD` (default today) and optional `?since_event=<event id>`."""
    negotiation = get_visible_negotiation(request, slug)
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
        since_event = parse_since_event(request.GET.get("since_event"))
        facts = facts_for(negotiation, as_of, since_event=since_event)
    except (FactsParameterError, SinceEventError) as exc:
        parameter = str(exc).split(":", 1)[0]
        return JsonResponse({"error": str(exc), "parameter": parameter}, status=400)
    return JsonResponse(facts, json_dumps_params={"ensure_ascii": False})
