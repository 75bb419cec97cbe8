"""Notes on records: written, edited and deleted by their author only, kept in history."""

from django.db import transaction

from tracker.control_characters import control_character_problem

from .models import Note
from .records import RecordError, check_record

LONGEST_NOTE = 10_000


def clean_note_text(text):
    """The note's text, trimmed; RecordError when empty, too long or holding control characters."""
    text = (text or "").strip()
    if not text:
        raise RecordError("text: the note is empty")
    if len(text) > LONGEST_NOTE:
        raise RecordError(f"text: at most {LONGEST_NOTE:,} characters, not {len(text):,}")
    if problem := control_character_problem(text, multiline=True):
        raise RecordError(f"text: {problem}")
    return text


def check_group(group, user):
    """Raise RecordError unless the note may be shared with `group` (None: private)."""
    if group is not None and not user.groups.filter(pk=group.pk).exists():
        raise RecordError(f'group: you are not in "{group.name}"')


def add_note(negotiation, lane, record_id, text, *, author, group=None):
    """A new note by `author` on one record of the negotiation; private unless `group`."""
    text = clean_note_text(text)
    check_record(negotiation, lane, record_id)
    check_group(group, author)
    note = Note(negotiation=negotiation, lane=lane, record_id=record_id, text=text, author=author)
    note.group = group
    note._history_user = author
    with transaction.atomic():
        note.save()
    return note


def edit_note(note, text, *, user, group=None):
    """Change the text and sharing of the user's own note; PermissionError for anyone else's."""
    if note.author_id != user.pk:
        raise PermissionError("Only the author edits a note.")
    note.text = clean_note_text(text)
    check_group(group, user)
    note.group = group
    note._history_user = user
    note.save()
    return note


def delete_note(note, *, user):
    """Delete the user's own note (its history stays); PermissionError for anyone else's."""
    if note.author_id != user.pk:
        raise PermissionError("Only the author deletes a note.")
    note._history_user = user
    note.delete()
