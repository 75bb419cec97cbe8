"""The index follows the record: saves, deletes, source links, shared records, imports."""

import copy

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import (
    EventFactory,
    IssueFactory,
    NegotiationFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
)
from tracker.interchange import import_document
from tracker.models import Event, LeadNegotiator, Negotiation, SearchEntry
from tracker.search.documents import LANE_MODELS, record_entries, shared_entries
from tracker.search.engine import search
from tracker.search.index import (
    VACUUM_AFTER,
    Merged,
    rebuild,
    reindex_imported,
    reindex_negotiation,
    reindex_negotiations,
    vacuum,
)
from tracker.search.signals import index_after_migrate

ANONYMOUS = AnonymousUser()


def found(text):
    return [hit.key for hit in search(text, user=ANONYMOUS).hits]


@pytest.mark.django_db
def test_index_follows_an_edit_of_a_record():
    event = EventFactory(title="Talks stall over troop numbers")
    assert found("troop") == [f"events-{event.pk}"]
    event.title = "Talks resume"
    event.save()
    assert found("troop") == []
    assert found("resume") == [f"events-{event.pk}"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory",
    [
        lambda: EventFactory(note="quixotic"),
        lambda: StatementFactory(quote="quixotic"),
        lambda: StatementFactory(context="quixotic"),
        lambda: PositionFactory(period="quixotic"),
        lambda: RoundFactory(location="quixotic"),
    ],
)
def test_index_forgets_a_deleted_record(factory):
    record = factory()
    assert len(found("quixotic")) == 1
    record.delete()
    assert found("quixotic") == []


@pytest.mark.django_db
def test_index_follows_sources_added_and_renamed():
    event = EventFactory(title="Workers sent home")
    source = SourceFactory(title="Pay dispute widens")
    event.sources.add(source)
    assert found("dispute") == [f"events-{event.pk}"]
    source.title = "Strike looms"
    source.save()
    assert found("dispute") == []
    assert found("strike") == [f"events-{event.pk}"]
    event.sources.remove(source)
    assert found("strike") == []


@pytest.mark.django_db
def test_index_follows_a_deleted_source():
    event = EventFactory(title="Workers sent home")
    source = SourceFactory(title="Pay dispute widens")
    event.sources.add(source)
    source.delete()
    assert found("dispute") == []


@pytest.mark.django_db
def test_index_follows_a_renamed_speaker_and_lead():
    person = PersonFactory(name="Alex Quimby")
    statement = StatementFactory(speaker=person, party=person.party)
    round_ = RoundFactory(negotiation=statement.negotiation)
    LeadNegotiator.objects.create(round=round_, party=person.party, person=person)
    assert set(found("quimby")) == {
        f"statements-{statement.pk}",
        f"rounds-{round_.pk}",
        f"people-{person.pk}",
    }
    person.name = "Alex Rennick"
    person.save()
    assert found("quimby") == []
    assert len(found("rennick")) == 3


@pytest.mark.django_db
def test_index_follows_the_negotiation_and_its_issues():
    negotiation = NegotiationFactory(title="Fisheries talks", summary="About quotas")
    issue = IssueFactory(negotiation=negotiation, title="Mackerel quota")
    position = PositionFactory(negotiation=negotiation, issue=issue)
    assert set(found("mackerel")) == {f"issues-{issue.pk}", f"positions-{position.pk}"}
    negotiation.summary = "About herring"
    negotiation.save()
    assert found("herring") == [f"negotiation-{negotiation.pk}"]
    issue.title = "Cod quota"
    issue.save()
    assert found("mackerel") == []


@pytest.mark.django_db
def test_index_forgets_a_deleted_negotiation():
    event = EventFactory(title="Talks stall over troop numbers")
    event.negotiation.delete()
    assert found("troop") == []
    assert SearchEntry.objects.count() == 0


@pytest.mark.django_db
def test_index_follows_an_import_and_a_reimport(demo_document):
    import_document(demo_document)
    Negotiation.objects.update(is_published=True)
    assert len(found("furlough")) == 6
    changed = copy.deepcopy(demo_document)
    events = changed["negotiations"][0]["events"]
    events[:] = [e for e in events if "furlough" not in e["title"].lower()]
    events.append({"date": "2020-05-01", "title": "Quarantine furlough ends"})
    import_document(changed)
    titles = [hit.title for hit in search("furlough", user=ANONYMOUS).hits]
    assert "Quarantine furlough ends" in titles
    assert not any(title.startswith("USFK") for title in titles)


@pytest.mark.django_db
def test_rebuild_writes_the_same_rows(demo):
    before = sorted(
        SearchEntry.objects.values_list("lane", "record_id", "title", "body", "sources")
    )
    assert rebuild() == len(before)
    after = sorted(SearchEntry.objects.values_list("lane", "record_id", "title", "body", "sources"))
    assert after == before
    assert len(found("furlough")) == 6


@pytest.mark.django_db
def test_index_follows_a_deleted_and_restored_negotiation(django_user_model):
    from tracker.admin.restore import restore_negotiation

    event = EventFactory(title="Talks stall over troop numbers")
    IssueFactory(negotiation=event.negotiation, title="Troop levels")
    slug = event.negotiation.slug
    event.negotiation.delete()
    assert found("troop") == [] and SearchEntry.objects.count() == 0
    restore_negotiation(slug, user=django_user_model.objects.create(username="restorer"))
    assert len(found("troop")) == 2


@pytest.mark.django_db
def test_a_migrate_run_indexes_a_record_that_has_no_index_yet(demo):
    expected = rebuild()
    SearchEntry.objects.all().delete()

    call_command("migrate", verbosity=0)  # nothing left to apply: post_migrate only

    assert SearchEntry.objects.count() == expected
    assert found("furlough")


@pytest.mark.django_db
def test_a_migrate_run_leaves_an_existing_index_alone(demo):
    SearchEntry.objects.filter(lane="events").delete()
    kept = SearchEntry.objects.count()

    call_command("migrate", verbosity=0)

    assert SearchEntry.objects.count() == kept


@pytest.mark.django_db
def test_nothing_is_indexed_while_a_migration_is_unapplied(demo, monkeypatch):
    SearchEntry.objects.all().delete()
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["unapplied"])

    index_after_migrate(sender=None)

    assert not SearchEntry.objects.exists()


def _rows():
    return sorted(
        SearchEntry.objects.values_list(
            "negotiation_id", "lane", "record_id", "when", "title", "body", "sources"
        )
    )


def _per_record_rows(negotiation):
    """The rows the per-record path (a save's signal) writes for every record."""
    rows = list(shared_entries(negotiation.pk))
    for lane, model in LANE_MODELS.items():
        ids = model.objects.filter(negotiation=negotiation).values_list("pk", flat=True)
        rows.extend(record_entries(lane, ids))
    return sorted(
        (r.negotiation_id, r.lane, r.record_id, r.when, r.title, r.body, r.sources) for r in rows
    )


@pytest.mark.django_db
def test_reindex_negotiation_writes_the_rows_of_the_per_record_path(demo):
    SearchEntry.objects.all().delete()
    merged = reindex_negotiation(demo.pk)
    assert _rows() == _per_record_rows(demo)
    assert merged == Merged(deleted=0, inserted=len(_rows()))
    assert len(found("furlough")) == 6


@pytest.mark.django_db
def test_reindex_negotiation_rewrites_only_the_rows_that_differ(demo):
    ids_before = set(SearchEntry.objects.values_list("pk", flat=True))
    event = Event.objects.filter(negotiation=demo).first()
    Event.objects.filter(pk=event.pk).update(title="Talks resume, quixotic")  # no signal
    SearchEntry.objects.filter(lane="events").exclude(record_id=event.pk).first().delete()
    SearchEntry.objects.create(negotiation=demo, lane="events", record_id=10**9, title="gone")

    assert reindex_negotiation(demo.pk) == Merged(deleted=2, inserted=2)  # changed, gone, new
    assert _rows() == _per_record_rows(demo)
    assert found("quixotic") == [f"events-{event.pk}"]
    kept = set(SearchEntry.objects.values_list("pk", flat=True))
    assert len(kept & ids_before) == len(ids_before) - 2  # the changed and the stale rows went


@pytest.mark.django_db
def test_reindex_negotiation_of_an_unchanged_record_writes_nothing(demo):
    before = _rows()
    assert reindex_negotiation(demo.pk) == Merged()
    assert _rows() == before


@pytest.mark.django_db
def test_reindex_imported_vacuums_after_a_large_rewrite_on_postgresql_only(
    demo, monkeypatch, django_capture_on_commit_callbacks
):
    SearchEntry.objects.update(body="stale")
    monkeypatch.setattr("tracker.search.index.VACUUM_AFTER", 10)
    with django_capture_on_commit_callbacks() as callbacks:
        merged = reindex_imported([demo.slug])
    assert merged.deleted == merged.inserted == SearchEntry.objects.count()
    assert callbacks == ([vacuum] if connection.vendor == "postgresql" else [])


@pytest.mark.django_db
def test_reindex_imported_does_not_vacuum_after_a_small_rewrite(
    demo, django_capture_on_commit_callbacks
):
    SearchEntry.objects.filter(lane="events").update(body="stale")
    with django_capture_on_commit_callbacks() as callbacks:
        merged = reindex_imported([demo.slug])
    assert 0 < merged.deleted < VACUUM_AFTER
    assert callbacks == []


@pytest.mark.django_db
def test_reindex_negotiations_in_groups_writes_each_negotiations_rows(demo, monkeypatch):
    """Negotiations sharing a person each get its row; groups split by BATCH change nothing;
    a stale row of one negotiation goes, the other's rows stay."""
    other = NegotiationFactory(title="Host-nation talks")
    shared = PersonFactory(name="Quincy Adams")
    shared.negotiations.add(demo, other)
    StatementFactory(negotiation=other, speaker=shared, quote="quixotic terms")
    SearchEntry.objects.create(negotiation=other, lane="events", record_id=10**9, title="gone")
    SearchEntry.objects.filter(negotiation=demo, lane="people").delete()
    monkeypatch.setattr("tracker.search.index.BATCH", 1)

    merged = reindex_negotiations([other.pk, demo.pk, other.pk])

    assert _rows() == sorted(_per_record_rows(demo) + _per_record_rows(other))
    assert merged.deleted == 1 and merged.inserted >= 2
    people = SearchEntry.objects.filter(lane="people", record_id=shared.pk)
    assert sorted(people.values_list("negotiation_id", flat=True)) == sorted([demo.pk, other.pk])


@pytest.mark.django_db
def test_reindex_negotiations_of_a_thousand_costs_queries_per_group_not_per_negotiation(
    django_assert_max_num_queries,
):
    import_document(
        {
            "format": "negotiation-tracker/2",
            "negotiations": [
                {"slug": f"n-{i}", "title": f"Talks {i}", "parties": ["A"]} for i in range(40)
            ],
        }
    )
    SearchEntry.objects.all().delete()
    ids = list(Negotiation.objects.values_list("pk", flat=True))
    # Building the rows reads each negotiation (its flags, parties, issues, people: 4 queries);
    # staging and merging cost a handful per group, not per negotiation.
    with django_assert_max_num_queries(4 * len(ids) + 10):
        reindex_negotiations(ids)
    assert SearchEntry.objects.filter(lane="negotiation").count() == 40


@pytest.mark.django_db
def test_shared_entries_hold_each_negotiations_parties_issues_and_people():
    """Listed people, speakers and lead negotiators each once; another negotiation's not."""
    from tests.factories import PartyFactory

    talks, other = NegotiationFactory(summary="Cost talks"), NegotiationFactory()
    talks.parties.add(PartyFactory(name="Seoul side"), PartyFactory(name="Alpha side"))
    listed, speaker, lead, stranger = (PersonFactory(name=n) for n in ("Li", "Sp", "Ld", "Xo"))
    talks.people.add(listed, speaker)
    other.people.add(stranger)
    StatementFactory(negotiation=talks, speaker=speaker)
    StatementFactory(negotiation=talks, speaker=None, party=None)
    LeadNegotiator.objects.create(
        round=RoundFactory(negotiation=talks), person=lead, party=PartyFactory(name="Alpha side")
    )
    issue = IssueFactory(negotiation=talks, title="Troop costs")

    rows = {(r.lane, r.record_id): r for r in shared_entries(talks.pk)}

    names = sorted(talks.parties.values_list("name", flat=True))
    assert {"Alpha side", "Seoul side"} <= set(names)
    assert rows[("negotiation", talks.pk)].body == "Cost talks\n" + ", ".join(names)
    assert rows[("issues", issue.pk)].title == "Troop costs"
    people = sorted(key[1] for key in rows if key[0] == "people")
    assert people == sorted([listed.pk, speaker.pk, lead.pk])
    assert all(row.negotiation_id == talks.pk for row in rows.values())
