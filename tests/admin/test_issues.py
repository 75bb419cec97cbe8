"""Agenda issues in the admin: inline on the negotiation, picked per position, filtered by."""

import pytest
from django.urls import reverse

from tests.admin.test_records import change_url, form_fields
from tests.factories import IssueFactory, NegotiationFactory, PositionFactory
from tracker.models import Issue, Position

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    editor.is_staff = True
    editor.save()
    client.force_login(editor)
    return client


@pytest.fixture
def negotiation():
    negotiation = NegotiationFactory(title="Trade talks", slug="trade")
    deficit = IssueFactory(negotiation=negotiation, title="Trade deficit", slug="deficit", order=0)
    IssueFactory(negotiation=negotiation, title="Soybean purchases", slug="soybeans", order=1)
    PositionFactory(negotiation=negotiation, issue=deficit, party=negotiation.parties.first())
    return negotiation


def _options(html, select_name):
    """The option labels of one select element, in page order."""
    start = html.index(f'name="{select_name}"')
    block = html[start : html.index("</select>", start)]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in block.split("<option")[1:]]


def test_negotiation_page_edits_its_issues_inline(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update(
        {
            "issues-TOTAL_FORMS": "3",
            "issues-2-title": "Currency",
            "issues-2-slug": "currency",
            "issues-2-order": "2",
            "issues-2-negotiation": str(negotiation.pk),
        }
    )

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert list(negotiation.issues.values_list("slug", flat=True)) == [
        "deficit",
        "soybeans",
        "currency",
    ]


def test_negotiation_page_refuses_an_issue_slug_twice(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data["issues-1-slug"] = "deficit"

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 200
    assert "Please correct the duplicate data for slug" in response.content.decode()


def test_position_inline_offers_only_the_negotiation_issues(editor_client, negotiation):
    IssueFactory(title="Fisheries elsewhere")

    html = editor_client.get(change_url(negotiation)).content.decode()

    assert _options(html, "position_set-0-issue") == [
        "---------",
        "Trade deficit",
        "Soybean purchases",
    ]


def test_position_added_inline_without_an_issue_goes_to_general(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update(
        {
            "position_set-TOTAL_FORMS": "2",
            "position_set-1-party": str(negotiation.parties.first().pk),
            "position_set-1-kind": "offer",
            "position_set-1-negotiation": str(negotiation.pk),
        }
    )

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    added = Position.objects.get(negotiation=negotiation, kind="offer")
    assert (added.issue.slug, added.issue.title) == ("general", "General")
    assert Position.objects.get(kind="demand").issue.slug == "deficit"


def test_position_page_offers_only_its_negotiation_issues(editor_client, negotiation):
    position = Position.objects.get(negotiation=negotiation)
    elsewhere = IssueFactory(title="Fisheries")
    data = form_fields(editor_client.get(change_url(position)))
    data["issue"] = str(elsewhere.pk)

    response = editor_client.post(change_url(position), data)

    assert response.status_code == 200
    assert "Select a valid choice" in str(response.context["adminform"].form.errors["issue"])
    assert Position.objects.get(pk=position.pk).issue.slug == "deficit"


def test_position_moved_to_another_negotiation_must_change_issue(editor_client, negotiation):
    position = Position.objects.get(negotiation=negotiation)
    other = NegotiationFactory(title="Fishing talks", parties=[position.party])
    data = form_fields(editor_client.get(change_url(position)))
    data["negotiation"] = str(other.pk)

    response = editor_client.post(change_url(position), data)

    assert response.status_code == 200
    assert "“Trade deficit” is an issue of “Trade talks”, not of “Fishing talks”." in (
        response.content.decode().replace("&ldquo;", "“").replace("&rdquo;", "”")
    )
    assert Position.objects.get(pk=position.pk).negotiation == negotiation


def test_position_add_page_names_each_issue_with_its_negotiation(editor_client, negotiation):
    html = editor_client.get(reverse("admin:tracker_position_add")).content.decode()

    assert "Trade talks: Soybean purchases" in _options(html, "issue")


def test_position_add_page_without_an_issue_gives_general(editor_client, negotiation):
    party = negotiation.parties.first()
    data = {"negotiation": negotiation.pk, "party": party.pk, "kind": "demand"}

    response = editor_client.post(reverse("admin:tracker_position_add"), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Position.objects.latest("id").issue == Issue.objects.get(slug="general")


def test_position_changelist_filters_by_issue(editor_client, negotiation):
    soybeans = Issue.objects.get(slug="soybeans")
    PositionFactory(negotiation=negotiation, issue=soybeans, kind="offer")
    url = reverse("admin:tracker_position_changelist")

    listed = editor_client.get(url, {"issue": soybeans.pk}).context["cl"].result_list
    page = editor_client.get(url).content.decode()

    assert [position.kind for position in listed] == ["offer"]
    assert "Trade talks: Soybean purchases" in page
