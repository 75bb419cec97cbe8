import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import NegotiationFactory, RoundFactory

pytestmark = pytest.mark.django_db

RECORD_MODELS = [
    "negotiation",
    "round",
    "position",
    "event",
    "statement",
    "party",
    "person",
    "source",
    "leadnegotiator",
]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def staff(user):
    user.is_staff = True
    user.save()
    return user


def test_the_migration_creates_both_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Editors", "Analysts"}


@pytest.mark.parametrize("model", RECORD_MODELS)
@pytest.mark.parametrize("action", ["add", "change", "delete", "view"])
def test_editors_may_do_everything_to_records(editor, model, action):
    assert editor.has_perm(f"tracker.{action}_{model}")


@pytest.mark.parametrize("model", RECORD_MODELS)
def test_analysts_may_only_view_records(analyst, model):
    assert analyst.has_perm(f"tracker.view_{model}")
    for action in ["add", "change", "delete"]:
        assert not analyst.has_perm(f"tracker.{action}_{model}")


def test_every_history_model_is_viewable_by_both_groups(editor, analyst):
    history_models = [
        model._meta.model_name
        for model in apps.get_app_config("tracker").get_models()
        if model._meta.model_name.startswith("historical")
    ]

    assert len(history_models) >= 9
    for name in history_models:
        assert editor.has_perm(f"tracker.view_{name}")
        assert analyst.has_perm(f"tracker.view_{name}")
        assert not analyst.has_perm(f"tracker.change_{name}")


def test_neither_group_manages_users(editor, analyst):
    for user in (editor, analyst):
        assert not user.has_perm("auth.change_user")
        assert not user.has_perm("auth.add_group")


def test_analyst_opens_a_record_read_only(client, analyst):
    negotiation = NegotiationFactory(is_published=False)
    client.force_login(staff(analyst))
    url = reverse("admin:tracker_negotiation_change", args=[negotiation.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()
    assert client.post(url, {"title": "Changed"}).status_code == 403
    negotiation.refresh_from_db()
    assert negotiation.title != "Changed"


@pytest.mark.parametrize("model", ["negotiation", "round", "source"])
def test_analyst_cannot_add_or_delete(client, analyst, model):
    client.force_login(staff(analyst))

    assert client.get(reverse(f"admin:tracker_{model}_add")).status_code == 403
    assert client.get(reverse(f"admin:tracker_{model}_changelist")).status_code == 200


def test_analyst_cannot_delete_a_round(client, analyst):
    round_ = RoundFactory()
    client.force_login(staff(analyst))

    response = client.post(reverse("admin:tracker_round_delete", args=[round_.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert type(round_).objects.filter(pk=round_.pk).exists()


def test_editor_changes_a_record(client, editor):
    negotiation = NegotiationFactory()
    client.force_login(staff(editor))
    url = reverse("admin:tracker_negotiation_change", args=[negotiation.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert 'name="title"' in page.content.decode()


def test_editor_without_staff_status_cannot_enter_the_admin(client, editor):
    client.force_login(editor)

    response = client.get(reverse("admin:tracker_negotiation_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
