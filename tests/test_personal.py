"""Notes and tags never reach a public surface: pages, embeds, downloads, feeds or the API."""

import pytest
from django.urls import reverse

from tracker.workspace.notes import add_note
from tracker.workspace.tags import add_tag

pytestmark = pytest.mark.django_db

NOTE_TEXT = "Confidential analyst note 7f3a"
TAG_TEXT = "zz-secret-tag-91c"

PUBLIC = [
    ("negotiation-list", []),
    ("negotiation-detail", ["sma-11"]),
    ("negotiation-figure", ["sma-11"]),
    ("negotiation-facts", ["sma-11"]),
    ("embed", ["sma-11"]),
    ("negotiation-html", ["sma-11"]),
    ("negotiation-timelinejs", ["sma-11"]),
    ("negotiation-csv", ["sma-11"]),
    ("negotiation-export", ["sma-11"]),
    ("negotiation-changes", ["sma-11"]),
    ("changes", []),
    ("negotiation-feed", ["sma-11"]),
    ("changes-feed", []),
    ("api-v1:negotiation_statements", ["sma-11"]),
    ("api-v1:negotiation_changes", ["sma-11"]),
]
# Downloads and embeds are the same for everyone: even the note's author gets no note in them.
SHARED = [entry for entry in PUBLIC if entry[0] != "negotiation-detail"]


@pytest.fixture
def noted(demo, analyst):
    """The demo with a shared note and a tag on a statement, and on a round."""
    statement = demo.statement_set.first()
    round_ = demo.round_set.first()
    group = analyst.groups.get()
    add_note(demo, "statements", statement.pk, NOTE_TEXT, author=analyst, group=group)
    add_note(demo, "rounds", round_.pk, NOTE_TEXT, author=analyst)
    add_tag(demo, "statements", statement.pk, TAG_TEXT, user=analyst)
    return demo


def body(response):
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(("name", "args"), PUBLIC)
def test_anonymous_visitors_never_see_notes_or_tags(client, noted, name, args):
    content = body(client.get(reverse(name, args=args)))
    assert NOTE_TEXT.encode() not in content
    assert TAG_TEXT.encode() not in content


@pytest.mark.parametrize(("name", "args"), SHARED)
def test_embeds_and_downloads_carry_no_notes_even_for_their_author(
    client, noted, analyst, name, args
):
    client.force_login(analyst)
    content = body(client.get(reverse(name, args=args)))
    assert NOTE_TEXT.encode() not in content
    assert TAG_TEXT.encode() not in content


def test_the_author_sees_notes_and_tags_on_the_timeline(client, noted, analyst):
    client.force_login(analyst)
    content = body(client.get(reverse("negotiation-detail", args=["sma-11"]))).decode()
    assert NOTE_TEXT in content and TAG_TEXT in content
    assert 'id="workspace-data"' in content


def test_anonymous_timeline_has_no_workspace_data(client, noted):
    page = client.get(reverse("negotiation-detail", args=["sma-11"]))
    assert "workspace" not in page.context
    assert b'id="workspace-data"' not in page.content
    assert b"What changed" in page.content


def test_note_text_is_escaped_in_the_page(client, demo, analyst):
    statement = demo.statement_set.first()
    add_note(
        demo, "statements", statement.pk, "</script><img src=x onerror=alert(1)>", author=analyst
    )
    client.force_login(analyst)
    content = client.get(reverse("negotiation-detail", args=["sma-11"])).content.decode()
    assert "</script><img" not in content
    notes_page = client.get(reverse("workspace-notes", args=["sma-11"])).content.decode()
    assert "<img src=x" not in notes_page and "&lt;img src=x" in notes_page
