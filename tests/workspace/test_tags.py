"""Tags on records: cleaned, once per record, found again for filters and search."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests import factories
from tracker.workspace.models import Tag
from tracker.workspace.records import RecordError
from tracker.workspace.tags import (
    add_tag,
    clean_tag,
    records_tagged,
    remove_tag,
    tags_by_record,
    tags_version,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "stored"),
    [("Contract length", "contract length"), ("  contract\t  LENGTH ", "contract length")],
)
def test_clean_tag_lowers_and_single_spaces(text, stored):
    assert clean_tag(text) == stored


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "tag: write a word"), ("x" * 101, "tag: at most 100 characters, not 101"),
     ("a\x1bb", "tag: contains an escape")],
)  # fmt: skip
def test_clean_tag_refuses_unusable_text(text, message):
    with pytest.raises(RecordError, match=message):
        clean_tag(text)


def test_add_tag_once_per_record(analyst):
    statement = factories.StatementFactory()
    negotiation = statement.negotiation
    add_tag(negotiation, "statements", statement.pk, "Furlough", user=analyst)
    add_tag(negotiation, "statements", statement.pk, "furlough ", user=analyst)
    assert tags_by_record(negotiation) == {f"statements-{statement.pk}": ["furlough"]}
    assert remove_tag(negotiation, "statements", statement.pk, "FURLOUGH") == 1
    assert tags_by_record(negotiation) == {}


def test_add_tag_refuses_a_record_of_another_negotiation(analyst):
    statement = factories.StatementFactory()
    other = factories.NegotiationFactory(slug="other")
    with pytest.raises(RecordError, match=f"record: other has no statements-{statement.pk}"):
        add_tag(other, "statements", statement.pk, "furlough", user=analyst)


def test_records_tagged_finds_any_of_the_names_in_the_negotiations_asked(analyst):
    first, second = factories.StatementFactory(), factories.EventFactory()
    add_tag(first.negotiation, "statements", first.pk, "furlough", user=analyst)
    add_tag(second.negotiation, "events", second.pk, "contract length", user=analyst)
    both = records_tagged(["Furlough", "contract  length"])
    assert both == {
        (first.negotiation_id, "statements", first.pk),
        (second.negotiation_id, "events", second.pk),
    }
    assert records_tagged(["furlough"], [second.negotiation_id]) == set()


def test_tags_version_changes_with_every_tag_added_or_removed():
    event = factories.EventFactory()
    user = factories.UserFactory()
    versions = [tags_version(user)]
    add_tag(event.negotiation, "events", event.pk, "furlough", user=user)
    versions.append(tags_version(user))
    add_tag(event.negotiation, "events", event.pk, "contract length", user=user)
    remove_tag(event.negotiation, "events", event.pk, "furlough")
    versions.append(tags_version(user))
    assert len(set(versions)) == 3


def test_tags_are_visible_to_active_logged_in_users_only():
    event = factories.EventFactory()
    user = factories.UserFactory()
    add_tag(event.negotiation, "events", event.pk, "furlough", user=user)
    assert Tag.objects.visible_to(user).count() == 1
    assert tags_version(AnonymousUser()) == tags_version(None) == "none"
    user.is_active = False
    assert not Tag.objects.visible_to(user).exists()
    assert tags_version(user) == "none"
