import pytest
from django.urls import reverse

from tests.admin.test_records import form_fields
from tests.factories import NegotiationFactory, RoundFactory, SourceFactory
from tracker.models import Negotiation, Round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor_client(client, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    return client


@pytest.fixture
def negotiation():
    negotiation = NegotiationFactory(title="Original title", slug="talks")
    RoundFactory(negotiation=negotiation, number=1, location="Seoul")
    return Negotiation.objects.get(pk=negotiation.pk)


def change_url(obj):
    return reverse(f"admin:tracker_{obj._meta.model_name}_change", args=[obj.pk])


def edit_in_admin(client, obj, **changes):
    data = form_fields(client.get(change_url(obj)))
    data.update(changes)
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    return response


def test_admin_edit_is_kept_in_history_with_the_user(editor_client, editor, negotiation):
    edit_in_admin(
        editor_client, negotiation, title="Edited title", **{"round_set-0-location": "Busan"}
    )

    latest = negotiation.history.order_by("-history_date").first()
    assert (latest.title, latest.history_type, latest.history_user) == ("Edited title", "~", editor)
    round_row = Round.history.filter(location="Busan").get()
    assert round_row.history_user == editor


def test_record_added_in_the_admin_is_kept_with_the_user(editor_client, editor, negotiation):
    source = SourceFactory()
    data = {"url": "https://example.org/new", "title": "New source", "published": "2019-09"}

    response = editor_client.post(reverse("admin:tracker_source_add"), data)

    assert response.status_code == 302
    row = source.history.model.objects.get(title="New source")
    assert (row.history_type, row.history_user) == ("+", editor)


def test_deletion_in_the_admin_is_kept_with_the_user(editor_client, editor, negotiation):
    round_ = negotiation.round_set.get()

    editor_client.post(reverse("admin:tracker_round_delete", args=[round_.pk]), {"post": "yes"})

    row = Round.history.filter(id=round_.pk).order_by("-history_date").first()
    assert (row.history_type, row.history_user) == ("-", editor)


def test_history_page_lists_changes_with_who_made_them(editor_client, negotiation):
    before = negotiation.history.count()
    edit_in_admin(editor_client, negotiation, title="Edited title")

    response = editor_client.get(
        reverse("admin:tracker_negotiation_history", args=[negotiation.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "editor" in html
    assert "Original title" in html or "Edited title" in html
    assert len(response.context["page_obj"].object_list) == before + 1


def test_revert_through_the_history_view(editor_client, editor, negotiation):
    first = negotiation.history.earliest("history_date")
    edit_in_admin(editor_client, negotiation, title="Edited title", summary="A summary")
    url = reverse(
        "admin:tracker_negotiation_simple_history", args=[negotiation.pk, first.history_id]
    )

    page = editor_client.get(url)
    assert page.status_code == 200
    assert ">\nOriginal title</textarea>" in page.content.decode()
    revision_before = Negotiation.objects.get(pk=negotiation.pk).revision
    response = editor_client.post(url, form_fields(page))

    assert response.status_code == 302, response.context and response.context["errors"]
    negotiation.refresh_from_db()
    assert (negotiation.title, negotiation.summary) == ("Original title", "")
    assert negotiation.revision == revision_before + 1
    latest = negotiation.history.order_by("-history_date").first()
    assert (latest.title, latest.history_user) == ("Original title", editor)


def test_revert_of_a_lane_record(editor_client, negotiation):
    round_ = negotiation.round_set.get()
    first = round_.history.earliest("history_date")
    edit_in_admin(editor_client, round_, location="Honolulu", **{"leads-TOTAL_FORMS": "0"})
    url = reverse("admin:tracker_round_simple_history", args=[round_.pk, first.history_id])

    page = editor_client.get(url)
    editor_client.post(url, form_fields(page))

    round_.refresh_from_db()
    assert round_.location == "Seoul"


def test_analyst_sees_history_but_cannot_revert(client, analyst, negotiation):
    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)
    first = negotiation.history.earliest("history_date")

    listing = client.get(reverse("admin:tracker_negotiation_history", args=[negotiation.pk]))
    url = reverse(
        "admin:tracker_negotiation_simple_history", args=[negotiation.pk, first.history_id]
    )

    page = client.get(url)
    data = form_fields(page)
    data["title"] = "Hijacked"

    assert listing.status_code == 200
    assert listing.context["revert_disabled"] is True
    assert page.status_code == 200
    assert client.post(url, data).status_code == 403
    negotiation.refresh_from_db()
    assert negotiation.title == "Original title"
