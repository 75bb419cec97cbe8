"""The workspace pages: changes per negotiation and across all, notes, tags and saved views."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def secret(db):
    negotiation = factories.NegotiationFactory(slug="secret-talks", is_published=False)
    factories.EventFactory(negotiation=negotiation, title="Secret summit in Geneva")
    return negotiation


def test_changes_page_lists_an_edit_in_words(client, demo, editor):
    round_ = demo.round_set.get(number=7)
    round_.end = "2020-04-01"
    round_._history_user = editor
    round_.save()
    page = client.get(reverse("negotiation-changes", args=["sma-11"])).content.decode()
    assert "Round 7: end changed from 19 March 2020 to 1 April 2020, by an editor" in page
    assert f'href="/negotiations/sma-11/#rounds-{round_.pk}"' in page


def test_changes_page_names_the_editor_to_logged_in_users(client, demo, editor, analyst):
    round_ = demo.round_set.get(number=7)
    round_._history_user = editor
    round_.location = "Washington"
    round_.save()
    client.force_login(analyst)
    page = client.get(reverse("negotiation-changes", args=["sma-11"])).content.decode()
    assert "Round 7: location changed from" in page and ", by editor" in page


def test_changes_pages_hide_unpublished_negotiations_from_anonymous_visitors(client, demo, secret):
    assert client.get(reverse("negotiation-changes", args=["secret-talks"])).status_code == 404
    page = client.get(reverse("changes")).content.decode()
    assert "Secret summit" not in page
    assert "Statement by R. Clarke Cooper" in page


def test_changes_across_all_show_unpublished_ones_to_analysts(client, demo, secret, analyst):
    client.force_login(analyst)
    page = client.get(reverse("changes")).content.decode()
    assert "Secret summit in Geneva" in page


def test_changes_page_filters_by_days(client, demo):
    url = reverse("negotiation-changes", args=["sma-11"])
    assert "No changes in these days" in client.get(url, {"to": "2000-01-01"}).content.decode()
    assert "No changes" not in client.get(url, {"from": "2000-01-01"}).content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "yesterday"}, 'from: "yesterday" is not a day'),
        ({"to": "2020-02-30"}, 'to: "2020-02-30" is not a day'),
        ({"from": "2020-02-02", "to": "2020-01-01"}, "to: 2020-01-01 is before from 2020-02-02"),
    ],
)
def test_changes_page_refuses_bad_days(client, demo, query, message):
    response = client.get(reverse("changes"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_changes_page_is_paginated_newest_first(client, demo):
    url = reverse("negotiation-changes", args=["sma-11"])
    first = client.get(url).content.decode()
    assert "Page 1 of" in first and "Older" in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Page 2 of" in second and "Newer" in second


def test_changes_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    negotiation = factories.NegotiationFactory()
    for index in range(60):
        statement = factories.StatementFactory(negotiation=negotiation)
        statement.quote = f"Edited {index}"
        statement.save()
    with django_assert_max_num_queries(16):
        response = client.get(reverse("negotiation-changes", args=[negotiation.slug]))
    assert response.status_code == 200


# Notes, tags and the timeline -----------------------------------------------------------

NOTE_TEXT = "Private hunch: Cooper hints at a furlough deal"


@pytest.fixture
def cooper(demo):
    return demo.statement_set.filter(speaker__name="R. Clarke Cooper").first()


def post_json(client, url, data):
    return client.post(url, data, HTTP_ACCEPT="application/json")


def add_note_url(slug="sma-11"):
    return reverse("workspace-note-add", args=[slug])


def test_note_added_from_the_panel_comes_back_on_the_timeline(client, analyst, cooper):
    client.force_login(analyst)
    key = f"statements-{cooper.pk}"
    response = post_json(client, add_note_url(), {"record": key, "text": NOTE_TEXT})
    assert response.status_code == 201
    assert response.json()["mine"] is True
    page = client.get(reverse("negotiation-detail", args=["sma-11"]))
    assert page.context["workspace"]["notes"][key][0]["text"] == NOTE_TEXT
    notes_page = client.get(reverse("workspace-notes", args=["sma-11"])).content.decode()
    assert NOTE_TEXT in notes_page and "R. Clarke Cooper" in notes_page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"record": "statements-x", "text": "a"}, 'record: "statements-x" is not a record'),
        ({"record": "statements-999999", "text": "a"}, "record: sma-11 has no statements-999999"),
        ({"record": "STATEMENT", "text": "a"}, "is not a record"),
    ],
)
def test_note_refuses_bad_records_with_a_message(client, analyst, demo, data, message):
    client.force_login(analyst)
    response = post_json(client, add_note_url(), data)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_notes_need_a_login(client, cooper):
    response = client.post(add_note_url(), {"record": f"statements-{cooper.pk}", "text": "x"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get(reverse("workspace-notes", args=["sma-11"])).status_code == 302


def test_only_the_author_may_edit_a_shared_note(client, analyst, cooper):
    from tests import factories

    client.force_login(analyst)
    group = analyst.groups.get()
    data = {"record": f"statements-{cooper.pk}", "text": NOTE_TEXT, "group": group.pk}
    note_id = post_json(client, add_note_url(), data).json()["id"]
    colleague = factories.UserFactory(groups=["Analysts"])
    client.force_login(colleague)
    assert NOTE_TEXT in client.get(reverse("workspace-notes", args=["sma-11"])).content.decode()
    edit = reverse("workspace-note-edit", args=[note_id])
    assert post_json(client, edit, {"text": "Hijacked"}).status_code == 403
    delete = reverse("workspace-note-delete", args=[note_id])
    assert post_json(client, delete, {}).status_code == 403
    client.force_login(analyst)
    assert post_json(client, edit, {"text": "Edited"}).json()["text"] == "Edited"
    assert post_json(client, delete, {}).json() == {"deleted": note_id}


def test_tag_filter_shows_only_tagged_records(client, analyst, demo):
    client.force_login(analyst)
    tagged = list(demo.statement_set.order_by("pk")[:3])
    for statement in tagged:
        response = post_json(
            client,
            reverse("workspace-tag", args=["sma-11"]),
            {"record": f"statements-{statement.pk}", "tag": "Contract length"},
        )
        assert response.json()["tags"] == ["contract length"]
    page = client.get(reverse("negotiation-detail", args=["sma-11"]), {"tag": "contract length"})
    data = page.context["data"]
    assert [row.id for row in data.statements] == [s.pk for s in tagged]
    assert data.rounds == data.positions == data.events == ()
    assert "Only records tagged contract length" in page.content.decode()


def test_tag_filter_is_refused_to_anonymous_visitors(client, demo):
    response = client.get(reverse("negotiation-detail", args=["sma-11"]), {"tag": "furlough"})
    assert response.status_code == 400
    assert "tag: tags are for logged-in users" in response.content.decode()


def test_timeline_marks_facts_changed_since_the_last_visit(client, analyst, demo):
    from datetime import timedelta

    from django.utils import timezone

    from tracker.models import Event, Position, Round, Statement
    from tracker.workspace.models import LastVisit

    client.force_login(analyst)
    url = reverse("negotiation-detail", args=["sma-11"])
    assert "Your first visit" in client.get(url).content.decode()
    # The demo was imported two days ago, the last visit was yesterday.
    for model in (Round, Position, Event, Statement):
        model.history.update(history_date=timezone.now() - timedelta(days=2))
    LastVisit.objects.update(seen_at=timezone.now() - timedelta(days=1))
    event = demo.event_set.first()
    event.title = "Changed after the visit"
    event.save()
    page = client.get(url)
    assert page.context["workspace"]["marks"] == {f"events-{event.pk}": "changed"}
    assert "1 fact new or changed since your last visit" in page.content.decode()


# Saved views -----------------------------------------------------------------------------

VIEW_URL = (
    "/negotiations/sma-11/?lanes=statements&party=United+States&start=2019-09-01"
    "&as_of=2020-04-02&q=furlough&tag=contract+length"
)


def test_saved_view_round_trips_the_address(client, analyst, demo):
    client.force_login(analyst)
    response = client.post(reverse("workspace-views"), {"name": "Contract length", "url": VIEW_URL})
    assert response.status_code == 302
    page = client.get(reverse("workspace-views"))
    (view,) = page.context["views"]
    assert view.url == VIEW_URL
    assert f'href="{VIEW_URL.replace("&", "&amp;")}"' in page.content.decode()
    assert client.get(view.url).status_code == 200


def test_saved_view_shared_with_the_group_is_listed_for_colleagues(client, analyst, demo):
    from tests import factories

    client.force_login(analyst)
    group = analyst.groups.get()
    client.post(reverse("workspace-views"), {"name": "Shared", "url": VIEW_URL, "group": group.pk})
    client.post(reverse("workspace-views"), {"name": "Mine only", "url": VIEW_URL})
    client.force_login(factories.UserFactory(groups=["Analysts"]))
    names = [view.name for view in client.get(reverse("workspace-views")).context["views"]]
    assert names == ["Shared"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "https://evil.example/negotiations/sma-11/",
            "url: give the address of a page of this site",
        ),
        ("/nowhere/", 'url: "/nowhere/" is not a page of this site'),
        ("/negotiations/secret-talks/", 'url: no negotiation "secret-talks"'),
        ("/negotiations/sma-11/?lanes=nope", 'lanes: "nope" is not a lane'),
        ("/admin/", "is not a page"),
    ],
)
def test_saved_view_refuses_bad_addresses(client, demo, secret, url, message):
    from tests import factories

    client.force_login(factories.UserFactory())
    response = client.post(reverse("workspace-views"), {"name": "A view", "url": url})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_saved_view_drops_parameters_the_page_does_not_read(client, analyst, demo):
    client.force_login(analyst)
    url = "/negotiations/sma-11/?lanes=rounds&utm_source=mail"
    client.post(reverse("workspace-views"), {"name": "Rounds", "url": url})
    assert client.get(reverse("workspace-views")).context["views"][0].url == (
        "/negotiations/sma-11/?lanes=rounds"
    )


def test_my_views_needs_a_login(client):
    assert client.get(reverse("workspace-views")).status_code == 302


# The API ---------------------------------------------------------------------------------


def test_api_changes_of_a_negotiation_in_words(client, demo, editor):
    event = demo.event_set.first()
    event._history_user = editor
    event.title = "Retitled"
    event.save()
    body = client.get("/api/v1/negotiations/sma-11/changes", {"page_size": 5}).json()
    first = body["items"][0]
    assert first["action"] == "changed" and first["record"] == f"events-{event.pk}"
    assert first["user"] is None and "by an editor" in first["text"]
    assert body["count"] > 60 and body["next"]


def test_api_changes_of_an_unpublished_negotiation_are_404(client, secret):
    assert client.get("/api/v1/negotiations/secret-talks/changes").status_code == 404


def test_api_notes_and_views_are_the_callers_own_only(client, analyst, cooper):
    from tests import factories
    from tracker.workspace.notes import add_note

    group = analyst.groups.get()
    colleague = factories.UserFactory(groups=["Analysts"])
    add_note(cooper.negotiation, "statements", cooper.pk, "Mine", author=analyst)
    add_note(cooper.negotiation, "statements", cooper.pk, "Shared", author=colleague, group=group)
    assert client.get("/api/v1/notes").json()["items"] == []
    client.force_login(analyst)
    texts = [note["text"] for note in client.get("/api/v1/notes").json()["items"]]
    assert texts == ["Mine"]
    client.post(
        reverse("workspace-views"), {"name": "Rounds", "url": "/negotiations/sma-11/?lanes=rounds"}
    )
    views = client.get("/api/v1/views").json()["items"]
    assert [(view["name"], view["url"]) for view in views] == [
        ("Rounds", "/negotiations/sma-11/?lanes=rounds")
    ]
    client.force_login(colleague)
    assert client.get("/api/v1/views").json()["items"] == []
