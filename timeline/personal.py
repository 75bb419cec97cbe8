"""What the workspace adds to a timeline page for a logged-in user: the `?tag=` filter, notes,
tags and "new since your last visit" marks. Anonymous visitors get none of it.

`workspace_context` is empty for them, and a `?tag=` from them is refused (tags are for
logged-in users), so no public page carries a note or a tag.
"""

from dataclasses import replace

from django.urls import reverse

from tracker.workspace.models import Note
from tracker.workspace.records import RecordError
from tracker.workspace.tags import clean_tag, records_tagged, tag_names, tags_by_record
from tracker.workspace.visits import changed_since, open_timeline

from .data import timeline_data
from .params import TimelineParamsError

MAX_TAGS = 20


def timeline_tags(request):
    """The cleaned tag names of `?tag=` (any of them matches); TimelineParamsError when bad."""
    names = [name for name in request.GET.getlist("tag") if name.strip()]
    if not names:
        return ()
    if not request.user.is_authenticated:
        raise TimelineParamsError("tag: tags are for logged-in users; log in to filter by them")
    if len(names) > MAX_TAGS:
        raise TimelineParamsError(f"tag: at most {MAX_TAGS} tags")
    try:
        return tuple(dict.fromkeys(clean_tag(name) for name in names))
    except RecordError as error:
        raise TimelineParamsError(str(error)) from None


def only_tagged(data, negotiation, tags, params):
    """`data` keeping only records carrying one of `tags`; unchanged when there are none."""
    if not tags:
        return data
    keys = {(lane, record_id) for _, lane, record_id in records_tagged(tags, [negotiation.pk])}
    if data.bins:  # counts per week cannot be narrowed to records: read the rows
        data = timeline_data(negotiation, params)

    def keep(rows):
        return tuple(row for row in rows if (row.lane, row.id) in keys)

    return replace(
        data,
        rounds=keep(data.rounds),
        positions=keep(data.positions),
        events=keep(data.events),
        statements=keep(data.statements),
        bins={},
    )


def workspace_context(request, negotiation, tags=()):
    """Template context for the timeline page's workspace parts; {} for anonymous visitors.

    Every opening counts towards the visit (`tracker.workspace.visits`): filtering the
    timeline keeps the marks, coming back after a pause compares with the visit before."""
    user = request.user
    if not user.is_authenticated:
        return {}
    since = open_timeline(user, negotiation)
    notes = Note.objects.visible_to(user).on(negotiation).select_related("author", "group")
    return {
        "workspace": {
            "since": since.isoformat() if since else None,
            "marks": changed_since(negotiation, since),
            "tags": tags_by_record(negotiation),
            "notes": notes_by_record(notes, user),
            "groups": [{"id": g.pk, "name": g.name} for g in user.groups.order_by("name")],
            "urls": {
                "note": reverse("workspace-note-add", args=[negotiation.slug]),
                "tag": reverse("workspace-tag", args=[negotiation.slug]),
            },
        },
        "workspace_since": since,
        "workspace_active_tags": tags,
        "workspace_tag_names": tag_names([negotiation.pk]),
    }


def note_json(note, user):
    """A note as the side panel shows it; only the author may edit or delete it."""
    mine = note.author_id == user.pk
    return {
        "id": note.pk,
        "text": note.text,
        "author": note.author.get_username(),
        "shared_with": note.group.name if note.group_id else "",
        "group": note.group_id,
        "created": note.created.isoformat(),
        "mine": mine,
        "edit": reverse("workspace-note-edit", args=[note.pk]) if mine else "",
        "delete": reverse("workspace-note-delete", args=[note.pk]) if mine else "",
    }


def notes_by_record(notes, user):
    found = {}
    for note in notes:
        found.setdefault(note.record_key, []).append(note_json(note, user))
    return found
