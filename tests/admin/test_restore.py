"""History keeps every change with its user; records and deleted negotiations come back."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import (
    EventFactory,
    IssueFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)
from tracker.admin.restore import RestoreError, restore_negotiation
from tracker.models import Event, LeadNegotiator, Negotiation, Party, Position, Round, Statement


@pytest.fixture
def staff_editor(db):
    user = UserFactory(username="restorer", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def talks(db):
    parties = [PartyFactory(name="South Korea"), PartyFactory(name="United States")]
    negotiation = NegotiationFactory(slug="sma-11", parties=parties)
    person = PersonFactory(name="James DeHart", party=parties[1])
    negotiation.people.add(person)
    source = SourceFactory()
    round_ = RoundFactory(negotiation=negotiation, number=1)
    round_.sources.add(source)
    LeadNegotiator.objects.create(round=round_, party=parties[1], person=person)
    RoundFactory(negotiation=negotiation, number=2, location="Honolulu")
    PositionFactory(negotiation=negotiation, party=parties[1]).sources.add(source)
    contribution = IssueFactory(negotiation=negotiation, title="Annual contribution")
    PositionFactory(negotiation=negotiation, party=parties[1], issue=contribution)
    EventFactory(negotiation=negotiation, title="Furloughs begin").sources.add(source)
    StatementFactory(negotiation=negotiation, speaker=person, quote="Fair and equitable.")
    return negotiation


def snapshot(negotiation_id):
    """Everything a negotiation holds, comparable before a deletion and after a restore."""
    negotiation = Negotiation.objects.get(pk=negotiation_id)
    lanes = {}
    for model in [Round, Position, Event, Statement]:
        rows = []
        for obj in model.objects.filter(negotiation=negotiation).order_by("pk"):
            fields = {f.name: f.value_from_object(obj) for f in model._meta.concrete_fields}
            fields.pop("modified")
            fields["sources"] = sorted(obj.sources.values_list("pk", flat=True))
            rows.append(fields)
        lanes[model.__name__] = rows
    leads = LeadNegotiator.objects.filter(round__negotiation=negotiation)
    return {
        "fields": (negotiation.slug, negotiation.title, negotiation.status, negotiation.summary),
        "parties": sorted(negotiation.parties.values_list("pk", flat=True)),
        "people": sorted(negotiation.people.values_list("pk", flat=True)),
        "lanes": lanes,
        "leads": sorted(leads.values_list("round_id", "party_id", "person_id")),
        "issues": list(negotiation.issues.values_list("pk", "slug", "title", "order")),
    }


def test_admin_edits_are_in_history_with_their_user(client, staff_editor, talks):
    client.force_login(staff_editor)
    party = Party.objects.get(name="South Korea")
    response = client.post(
        f"/admin/tracker/party/{party.pk}/change/", {"name": "Republic of Korea", "_save": "Save"}
    )
    assert response.status_code == 302, response.content[:500]
    latest = party.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == staff_editor
    assert latest.name == "Republic of Korea"

    response = client.post("/admin/tracker/party/add/", {"name": "Japan", "_save": "Save"})
    assert response.status_code == 302
    assert Party.history.get(name="Japan", history_type="+").history_user == staff_editor

    japan = Party.objects.get(name="Japan")
    response = client.post(f"/admin/tracker/party/{japan.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert Party.history.get(id=japan.pk, history_type="-").history_user == staff_editor


def test_a_record_is_restored_from_history_in_the_admin(client, staff_editor, talks):
    client.force_login(staff_editor)
    party = Party.objects.get(name="South Korea")
    original = party.history.earliest()
    party.name = "Korea (renamed by mistake)"
    party.save()
    url = f"/admin/tracker/party/{party.pk}/history/{original.history_id}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"South Korea" in page.content
    response = client.post(url, {"name": "South Korea", "_save": "Save"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert party.name == "South Korea"
    assert party.history.latest().history_user == staff_editor


def test_deleted_negotiation_is_restored_with_everything(talks, staff_editor):
    before = snapshot(talks.pk)
    revision = Negotiation.objects.get(pk=talks.pk).revision
    Negotiation.objects.get(pk=talks.pk).delete()
    assert not Round.objects.exists() and not Statement.objects.exists()

    restored = restore_negotiation("sma-11", user=staff_editor)

    assert restored.pk == talks.pk
    assert snapshot(talks.pk) == before
    assert restored.revision > revision
    assert restored.history.latest().history_user == staff_editor
    assert Round.history.filter(history_type="+", history_user=staff_editor).count() == 2


def test_restore_by_history_id(talks, staff_editor):
    Negotiation.objects.get(pk=talks.pk).delete()
    row = Negotiation.history.get(history_type="-")
    assert restore_negotiation(row.history_id, user=staff_editor).slug == "sma-11"


def test_children_deleted_on_purpose_earlier_stay_deleted(talks, staff_editor):
    from datetime import timedelta

    from django.utils import timezone

    honolulu = Round.objects.get(location="Honolulu")
    honolulu_id = honolulu.pk
    honolulu.delete()
    Round.history.filter(id=honolulu_id, history_type="-").update(
        history_date=timezone.now() - timedelta(days=2)
    )
    Negotiation.objects.get(pk=talks.pk).delete()
    restore_negotiation("sma-11", user=staff_editor)
    assert list(Round.objects.values_list("number", flat=True)) == [1]


def test_restore_refuses_what_exists_or_never_was(talks, staff_editor):
    with pytest.raises(RestoreError, match="No deleted negotiation"):
        restore_negotiation("sma-11", user=staff_editor)
    Negotiation.objects.get(pk=talks.pk).delete()
    NegotiationFactory(slug="sma-11")
    with pytest.raises(RestoreError, match="now uses the slug"):
        restore_negotiation("sma-11", user=staff_editor)
