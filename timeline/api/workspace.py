"""The workspace in the read API: a negotiation's changes, and the caller's own notes and views.

Changes follow the negotiation's visibility (editors' names only for signed-in callers);
notes and saved views are the caller's own, never anyone else's: an anonymous caller has
none and gets an empty page. `routes` imports this module just before its catch-all 404,
so these paths come first.
"""

import datetime as dt

from ninja import Query, Schema

from tracker.workspace.changes import change_entries, describe
from tracker.workspace.models import Note, SavedView

from .auth import ApiError
from .routes import (
    ERRORS,
    PAGE,
    PAGE_SIZE,
    SLUG,
    api,
    negotiation_or_404,
    page_meta,
    page_of,
    text_parameter,
    visible_negotiations,
)
from .schemas import PageOut


class ChangeOut(Schema):
    kind: str
    record_id: int
    record: str | None
    history_id: int
    action: str
    when: dt.datetime
    label: str
    details: list[str]
    sources: list[str]
    user: str | None
    text: str


class ChangePage(PageOut):
    items: list[ChangeOut]


class NoteOut(Schema):
    id: int
    negotiation: str
    record: str
    text: str
    shared_with: str | None
    created: dt.datetime
    modified: dt.datetime


class NotePage(PageOut):
    items: list[NoteOut]


class SavedViewOut(Schema):
    id: int
    name: str
    url: str
    shared_with: str | None
    created: dt.datetime


class SavedViewPage(PageOut):
    items: list[SavedViewOut]


@api.get(
    "/negotiations/{slug:slug}/changes",
    tags=["workspace"],
    response={200: ChangePage, **ERRORS},
    openapi_extra={"security": [{}]},
)
def negotiation_changes(
    request,
    slug: str = SLUG,
    since: dt.date | None = Query(None, alias="from", description="First day, YYYY-MM-DD."),
    until: dt.date | None = Query(None, alias="to", description="Last day, YYYY-MM-DD."),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """Every addition, change and deletion of the negotiation's records, newest first."""
    negotiation = negotiation_or_404(request, slug)
    if since and until and until < since:
        raise ApiError(400, f"to: {until} is before from {since}.", "to")
    entries = change_entries([negotiation.pk], since=since, until=until)
    count = entries.count()
    show_user = request.auth.is_authenticated
    items = [
        {
            "kind": change.kind,
            "record_id": change.record_id,
            "record": change.record_key or None,
            "history_id": change.history_id,
            "action": change.action,
            "when": change.when,
            "label": change.label,
            "details": list(change.details),
            "sources": list(change.sources),
            "user": change.user if show_user and change.user else None,
            "text": change.sentence(show_user=show_user),
        }
        for change in describe(list(page_of(entries, page, page_size)))
    ]
    return {**page_meta(request, count, page, page_size), "items": items}


@api.get(
    "/notes",
    tags=["workspace"],
    response={200: NotePage, **ERRORS},
    openapi_extra={"security": [{}]},
)
def notes(
    request,
    negotiation: str | None = Query(None, description="Only notes on this negotiation (slug)."),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """The caller's own notes, oldest first; never anyone else's, shared or not."""
    mine = Note.objects.filter(negotiation__in=visible_negotiations(request))
    mine = mine.filter(author=request.auth) if request.auth.is_authenticated else mine.none()
    if negotiation := text_parameter(negotiation, "negotiation"):
        found = visible_negotiations(request).filter(slug=negotiation).first()
        if found is None:
            raise ApiError(
                400, f'negotiation: no negotiation "{negotiation[:100]}".', "negotiation"
            )
        mine = mine.filter(negotiation=found)
    mine = mine.select_related("negotiation", "group").order_by("created", "id")
    count = mine.count()
    items = [
        {
            "id": note.pk,
            "negotiation": note.negotiation.slug,
            "record": note.record_key,
            "text": note.text,
            "shared_with": note.group.name if note.group_id else None,
            "created": note.created,
            "modified": note.modified,
        }
        for note in page_of(mine, page, page_size)
    ]
    return {**page_meta(request, count, page, page_size), "items": items}


@api.get(
    "/views",
    tags=["workspace"],
    response={200: SavedViewPage, **ERRORS},
    openapi_extra={"security": [{}]},
)
def saved_views(request, page: int = PAGE, page_size: int = PAGE_SIZE):
    """The caller's own saved views, by name."""
    mine = SavedView.objects.select_related("group").order_by("name", "id")
    mine = mine.filter(owner=request.auth) if request.auth.is_authenticated else mine.none()
    count = mine.count()
    items = [
        {
            "id": view.pk,
            "name": view.name,
            "url": view.url,
            "shared_with": view.group.name if view.group_id else None,
            "created": view.created,
        }
        for view in page_of(mine, page, page_size)
    ]
    return {**page_meta(request, count, page, page_size), "items": items}
