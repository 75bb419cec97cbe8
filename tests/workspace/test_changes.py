"""The change log read from django-simple-history, in words."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from tracker.workspace.changes import change_entries, describe

pytestmark = pytest.mark.django_db


def changes_of(negotiation, **options):
    return describe(list(change_entries([negotiation.pk], **options)))


def test_changes_word_an_edit_with_old_and_new_values_editor_and_source(editor):
    round_ = factories.RoundFactory(number=8, start="2020-03-17", end="2020-03")
    round_.sources.add(factories.SourceFactory(title="Talks resume", publisher="Yonhap"))
    round_.end = "2020-04-01"
    round_._history_user = editor
    round_.save()
    newest = changes_of(round_.negotiation)[0]
    assert newest.sentence() == (
        "Round 8: end changed from March 2020 to 1 April 2020, by editor, "
        "with source Talks resume (Yonhap)"
    )
    assert newest.sentence(show_user=False).endswith(
        ", by an editor, with source Talks resume (Yonhap)"
    )
    assert newest.record_key == f"rounds-{round_.pk}"


def test_changes_list_creates_changes_and_deletes_newest_first():
    event = factories.EventFactory(title="Talks collapse")
    negotiation = event.negotiation
    event.title = "Talks stall"
    event.save()
    event.delete()
    actions = [(change.kind, change.action) for change in changes_of(negotiation)][:3]
    assert actions == [("events", "deleted"), ("events", "changed"), ("events", "added")]
    assert (
        "title changed from “Talks collapse” to “Talks stall”" in changes_of(negotiation)[1].details
    )


def test_changes_name_parties_and_issues_not_ids():
    position = factories.PositionFactory(amount=5_000_000_000)
    other = factories.PartyFactory(name="Republic of Korea")
    position.party = other
    position.amount = 1_300_000_000
    position.save()
    details = changes_of(position.negotiation)[0].details
    assert any(
        text.startswith("party changed from Party") and "to Republic of Korea" in text
        for text in details
    )
    assert "amount changed from 5,000,000,000 to 1,300,000,000" in details


def test_changes_report_sources_added_and_removed():
    statement = factories.StatementFactory()
    first = factories.SourceFactory(title="First report")
    statement.sources.add(first)
    statement.sources.remove(first)
    newest = changes_of(statement.negotiation)[0]
    assert newest.details == ("source removed: First report (Example News)",)


def test_changes_stay_within_the_negotiations_asked_for():
    mine = factories.EventFactory(title="Mine")
    factories.EventFactory(title="Theirs")
    labels = [change.label for change in changes_of(mine.negotiation)]
    assert any("Mine" in label for label in labels)
    assert not any("Theirs" in label for label in labels)


def test_changes_filter_by_days_both_included():
    event = factories.EventFactory()
    today = timezone.localdate()
    assert changes_of(event.negotiation, since=today, until=today)
    assert changes_of(event.negotiation, until=today - dt.timedelta(days=1)) == []
    assert changes_of(event.negotiation, since=today + dt.timedelta(days=1)) == []


def test_describe_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    negotiation = factories.NegotiationFactory()
    for index in range(30):
        statement = factories.StatementFactory(negotiation=negotiation)
        statement.quote = f"Edited {index}"
        statement.save()
    entries = list(change_entries([negotiation.pk]))
    assert len(entries) > 60
    with django_assert_max_num_queries(12):
        describe(entries)
