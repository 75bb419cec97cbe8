"""The analyst's workspace pages: what changed, notes, tags and saved views.

Changes are public for published negotiations (editors' names only for logged-in users);
notes, tags and saved views are for logged-in users only and never reach a public page.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tracker.models import Negotiation
from tracker.workspace.changes import change_entries, describe

from .params import TimelineParamsError
from .views import bad_request, get_visible_negotiation

CHANGES_PAGE_SIZE = 50


@dataclass(frozen=True)
class ChangesParams:
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD`: the days whose changes to list, both included."""

    since: dt.date | None = None
    until: dt.date | None = None

    @classmethod
    def from_query(cls, query):
        """Parse the query; raise TimelineParamsError naming the bad parameter."""
        params = cls(since=_day(query, "from"), until=_day(query, "to"))
        if params.since and params.until and params.until < params.since:
            raise TimelineParamsError(
                f"to: {params.until.isoformat()} is before from {params.since.isoformat()}"
            )
        return params

    def to_query(self):
        pairs = [("from", self.since), ("to", self.until)]
        return urlencode([(name, day.isoformat()) for name, day in pairs if day])


def _day(query, name):
    text = (query.get(name) or "").strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise TimelineParamsError(f'{name}: "{text[:40]}" is not a day (use YYYY-MM-DD)')


def visible_negotiation_ids(user):
    """Ids of the negotiations whose history the user may read; None for all of them."""
    if user.is_active and user.has_perm("tracker.view_negotiation"):
        return None
    return Negotiation.objects.published().values("id")


def _changes_page(request, negotiation_ids, params):
    entries = change_entries(negotiation_ids, since=params.since, until=params.until)
    page = Paginator(entries, CHANGES_PAGE_SIZE).get_page(request.GET.get("page"))
    changes = describe(list(page.object_list))
    titled = Negotiation.objects.in_bulk({change.negotiation_id for change in changes})
    # Editors' names are for logged-in readers; the public reads "by an editor".
    show_user = request.user.is_authenticated
    rows = [
        (change, titled.get(change.negotiation_id), change.sentence(show_user=show_user))
        for change in changes
    ]
    return page, rows


@require_GET
def negotiation_changes(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    try:
        params = ChangesParams.from_query(request.GET)
    except TimelineParamsError as error:
        return bad_request(error)
    page, rows = _changes_page(request, [negotiation.pk], params)
    context = {"negotiation": negotiation, "params": params, "page": page, "rows": rows}
    return render(request, "workspace/changes.html", context)


@require_GET
def all_changes(request):
    try:
        params = ChangesParams.from_query(request.GET)
    except TimelineParamsError as error:
        return bad_request(error)
    page, rows = _changes_page(request, visible_negotiation_ids(request.user), params)
    return render(request, "workspace/changes.html", {"params": params, "page": page, "rows": rows})
