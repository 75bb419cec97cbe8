"""The analyst's workspace pages: what changed, notes, tags and saved views.

Changes are public for published negotiations (editors' names only for logged-in users);
notes, tags and saved views are for logged-in users only and never reach a public page.
"""

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tracker.models import Negotiation
from tracker.workspace.changes import change_entries, describe
from tracker.workspace.models import Note, SavedView
from tracker.workspace.notes import add_note, delete_note, edit_note
from tracker.workspace.records import RecordError, parse_record_key, record_labels
from tracker.workspace.tags import add_tag, remove_tag, tags_by_record

from .params import TimelineParamsError
from .personal import note_json
from .saved_views import clean_view_name, view_address
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


# Notes and tags --------------------------------------------------------------------------


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def refused(request, error, status=400):
    """The error as JSON for the page's script, as plain text for a form."""
    if wants_json(request):
        return JsonResponse({"detail": str(error)}, status=status)
    return HttpResponse(f"{error}\n", status=status, content_type="text/plain; charset=utf-8")


def back_to(request, fallback):
    """Where a form goes after a write: its `next` if it is on this site, else `fallback`."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _group(request):
    """The group named by the form's `group` (blank: private); RecordError for another."""
    value = request.POST.get("group", "").strip()
    if not value:
        return None
    group = request.user.groups.filter(pk=int(value)).first() if value.isdigit() else None
    if group is None:
        raise RecordError(f'group: you are not in a group "{value[:40]}"')
    return group


@login_required
@require_POST
def note_add(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    try:
        lane, record_id = parse_record_key(request.POST.get("record"))
        note = add_note(
            negotiation, lane, record_id, request.POST.get("text"),
            author=request.user, group=_group(request),
        )  # fmt: skip
    except RecordError as error:
        return refused(request, error)
    if wants_json(request):
        return JsonResponse(note_json(note, request.user), status=201)
    return back_to(request, reverse("workspace-notes", args=[slug]))


def _own_note(request, pk):
    note = Note.objects.visible_to(request.user).filter(pk=pk).first()
    if note is None:
        raise Http404("No such note.")
    return note


@login_required
@require_POST
def note_edit(request, pk):
    note = _own_note(request, pk)
    try:
        edit_note(note, request.POST.get("text"), user=request.user, group=_group(request))
    except PermissionError as error:
        return refused(request, error, status=403)
    except RecordError as error:
        return refused(request, error)
    if wants_json(request):
        return JsonResponse(note_json(note, request.user))
    return back_to(request, reverse("workspace-notes", args=[note.negotiation.slug]))


@login_required
@require_POST
def note_delete(request, pk):
    note = _own_note(request, pk)
    slug = note.negotiation.slug
    try:
        delete_note(note, user=request.user)
    except PermissionError as error:
        return refused(request, error, status=403)
    if wants_json(request):
        return JsonResponse({"deleted": pk})
    return back_to(request, reverse("workspace-notes", args=[slug]))


@login_required
@require_GET
def negotiation_notes(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    notes = list(
        Note.objects.visible_to(request.user)
        .on(negotiation)
        .select_related("author", "group")
        .order_by("lane", "record_id", "created", "id")
    )
    labels = record_labels(negotiation, {(note.lane, note.record_id) for note in notes})
    rows = [(note, labels.get(note.record_key, "a deleted record")) for note in notes]
    context = {"negotiation": negotiation, "rows": rows, "groups": request.user.groups.all()}
    return render(request, "workspace/notes.html", context)


@login_required
@require_POST
def tag(request, slug):
    """Add (`action=add`) or remove (`action=remove`) a tag on one record."""
    negotiation = get_visible_negotiation(request, slug)
    try:
        lane, record_id = parse_record_key(request.POST.get("record"))
        if request.POST.get("action") == "remove":
            remove_tag(negotiation, lane, record_id, request.POST.get("tag"))
        else:
            add_tag(negotiation, lane, record_id, request.POST.get("tag"), user=request.user)
    except RecordError as error:
        return refused(request, error)
    names = tags_by_record(negotiation).get(f"{lane}-{record_id}", [])
    if wants_json(request):
        return JsonResponse({"record": f"{lane}-{record_id}", "tags": names})
    return back_to(request, negotiation.get_absolute_url())


# Saved views -----------------------------------------------------------------------------


@login_required
def saved_views(request):
    """My views: the user's saved views and those shared with their groups; POST saves one."""
    if request.method == "POST":
        try:
            path, query = view_address(request.POST.get("url", ""), request.user)
            SavedView.objects.create(
                owner=request.user,
                name=clean_view_name(request.POST.get("name")),
                path=path,
                query=query,
                group=_group(request),
            )
        except RecordError as error:
            return refused(request, error)
        return redirect("workspace-views")
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    views = SavedView.objects.visible_to(request.user).select_related("owner", "group")
    return render(request, "workspace/views.html", {"views": views})


@login_required
@require_POST
def saved_view_delete(request, pk):
    deleted, _ = SavedView.objects.filter(pk=pk, owner=request.user).delete()
    if not deleted:
        raise Http404("No such view of yours.")
    return redirect("workspace-views")
