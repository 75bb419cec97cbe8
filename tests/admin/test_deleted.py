"""The admin's deleted-negotiations page lists what was deleted and restores it with its records."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import NegotiationFactory, RoundFactory, StatementFactory, UserFactory
from tracker.models import Negotiation, Round, Statement

URL = reverse("admin:tracker_negotiation_deleted")


@pytest.fixture
def staff_editor(db):
    user = UserFactory(username="restorer", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def deleted(staff_editor, client):
    negotiation = NegotiationFactory(slug="gone", title="Talks <b>gone</b>")
    RoundFactory(negotiation=negotiation, number=1)
    StatementFactory(negotiation=negotiation)
    client.force_login(staff_editor)
    delete_url = reverse("admin:tracker_negotiation_delete", args=[negotiation.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Negotiation.objects.filter(slug="gone").exists()
    return negotiation.pk


def test_deleted_page_lists_the_deleted_negotiation_escaped(client, deleted):
    response = client.get(URL)
    assert response.status_code == 200
    assert b"Talks &lt;b&gt;gone&lt;/b&gt;" in response.content
    assert b"restorer" in response.content


def test_deleted_page_restores_with_records(client, deleted):
    history_id = Negotiation.history.get(id=deleted, history_type="-").history_id
    response = client.post(URL, {"history_id": history_id})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:tracker_negotiation_change", args=[deleted])
    assert Round.objects.filter(negotiation_id=deleted).count() == 1
    assert Statement.objects.filter(negotiation_id=deleted).count() == 1
    assert b"No deleted negotiations" in client.get(URL).content


def test_deleted_page_reports_a_bad_history_id(client, deleted):
    response = client.post(URL, {"history_id": "999999"}, follow=True)
    assert b"No deleted negotiation" in response.content
    assert not Negotiation.objects.filter(pk=deleted).exists()


def test_deleted_page_needs_add_permission(client, db):
    analyst = UserFactory(username="reader", is_staff=True)
    analyst.groups.add(Group.objects.get(name="Analysts"))
    client.force_login(analyst)
    assert client.get(URL).status_code == 403
