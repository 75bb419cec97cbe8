"""Notes: private or shared with a group, changed only by their author, kept in history."""

import pytest

from tests import factories
from tracker.workspace.models import Note
from tracker.workspace.notes import add_note, delete_note, edit_note
from tracker.workspace.records import RecordError

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(db):
    return factories.StatementFactory()


def note_by(user, statement, text="Check the Yonhap version", group=None):
    return add_note(
        statement.negotiation, "statements", statement.pk, text, author=user, group=group
    )


def test_private_note_is_seen_by_its_author_only(analyst, statement):
    colleague = factories.UserFactory(groups=["Analysts"])
    note = note_by(analyst, statement)
    assert list(Note.objects.visible_to(analyst)) == [note]
    assert list(Note.objects.visible_to(colleague)) == []


def test_shared_note_is_seen_by_the_group(analyst, statement):
    group = analyst.groups.get()
    colleague = factories.UserFactory(groups=["Analysts"])
    outsider = factories.UserFactory(groups=["Editors"])
    note = note_by(analyst, statement, group=group)
    assert list(Note.objects.visible_to(colleague)) == [note]
    assert list(Note.objects.visible_to(outsider)) == []


def test_note_cannot_be_shared_with_a_group_the_author_is_not_in(analyst, statement):
    from django.contrib.auth.models import Group

    with pytest.raises(RecordError, match='group: you are not in "Editors"'):
        note_by(analyst, statement, group=Group.objects.get(name="Editors"))
    assert not Note.objects.exists()


def test_only_the_author_edits_or_deletes_a_note(analyst, statement):
    colleague = factories.UserFactory(groups=["Analysts"])
    note = note_by(analyst, statement, group=analyst.groups.get())
    with pytest.raises(PermissionError):
        edit_note(note, "Changed", user=colleague)
    with pytest.raises(PermissionError):
        delete_note(note, user=colleague)
    assert Note.objects.get().text == "Check the Yonhap version"


def test_note_edits_and_deletion_are_kept_in_history(analyst, statement):
    note = note_by(analyst, statement)
    edit_note(note, "Second thoughts", user=analyst)
    delete_note(note, user=analyst)
    history = Note.history.order_by("history_id")
    assert [(row.history_type, row.text) for row in history] == [
        ("+", "Check the Yonhap version"),
        ("~", "Second thoughts"),
        ("-", "Second thoughts"),
    ]
    assert {row.history_user for row in history} == {analyst}


@pytest.mark.parametrize(
    ("text", "message"),
    [("  ", "text: the note is empty"), ("a\x00b", "text: contains a NUL")],
)
def test_note_refuses_unusable_text(analyst, statement, text, message):
    with pytest.raises(RecordError, match=message):
        note_by(analyst, statement, text=text)


def test_note_keeps_line_breaks(analyst, statement):
    assert note_by(analyst, statement, text="one\r\ntwo\tthree").text == "one\r\ntwo\tthree"
