"""Data migrations run against rows written before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tracker.search.engine import search
from tracker.search.index import reindex_negotiation


def _migration(executor, suffix):
    """(the migration before it, the tracker migration whose name ends with `suffix`)."""
    (key,) = [
        key
        for key in executor.loader.graph.nodes
        if key[0] == "tracker" and key[1].endswith(suffix)
    ]
    (parent,) = [p for p in executor.loader.graph.node_map[key].parents if p[0] == "tracker"]
    return parent.key, key


@pytest.mark.django_db(transaction=True)
def test_issues_migration_puts_existing_positions_in_a_general_issue():
    executor = MigrationExecutor(connection)
    before, after = _migration(executor, "_issues_and_source_versions")
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    party = old.get_model("tracker", "Party").objects.create(name="A")
    negotiations = old.get_model("tracker", "Negotiation").objects
    talks = negotiations.create(slug="talks", title="Talks")
    negotiations.create(slug="empty", title="Nothing yet")
    for kind in ("demand", "offer"):
        old.get_model("tracker", "Position").objects.create(
            negotiation=talks, party=party, kind=kind
        )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([after])
        new = executor.loader.project_state([after]).apps
        Issue = new.get_model("tracker", "Issue")
        Position = new.get_model("tracker", "Position")
        issues = Issue.objects.order_by("negotiation__slug").values_list(
            "negotiation__slug", "slug", "title"
        )
        assert list(issues) == [("empty", "general", "General"), ("talks", "general", "General")]
        assert set(Position.objects.values_list("issue__negotiation__slug", "issue__slug")) == {
            ("talks", "general")
        }
    finally:
        MigrationExecutor(connection).migrate(leaves)


@pytest.mark.django_db(transaction=True)
def test_search_tags_migration_makes_existing_tags_searchable(django_user_model):
    executor = MigrationExecutor(connection)
    before, after = _migration(executor, "_search_tags")
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate([before])
    old = executor.loader.project_state([before]).apps
    talks = old.get_model("tracker", "Negotiation").objects.create(
        slug="talks", title="Talks", is_published=True
    )
    event = old.get_model("tracker", "Event").objects.create(
        negotiation=talks, title="Summit", date="2020-04-01"
    )
    old.get_model("tracker", "Tag").objects.create(
        negotiation=talks, lane="events", record_id=event.pk, name="contract length"
    )
    try:
        MigrationExecutor(connection).migrate(leaves)
        reindex_negotiation(talks.pk)
        reader = django_user_model.objects.create_user("reader")
        assert [hit.key for hit in search("contract lengths", user=reader).hits] == [
            f"events-{event.pk}"
        ]
    finally:
        MigrationExecutor(connection).migrate(leaves)
