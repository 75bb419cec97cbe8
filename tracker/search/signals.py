"""Every save and delete of the record reaches the index in the same transaction.

The interchange import writes in bulk, which sends no signals; it reindexes the negotiations
it changed itself (`index.reindex_negotiation`). Connected in `TrackerConfig.ready`.
"""

import threading

from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
    pre_delete,
)

from .. import models
from . import index

# Negotiations being deleted: their cascade sends a signal per record, none worth indexing.
_deleting = threading.local()

LANES = {
    models.Round: "rounds",
    models.Position: "positions",
    models.Event: "events",
    models.Statement: "statements",
}


def _being_deleted(negotiation_id):
    return negotiation_id in getattr(_deleting, "ids", ())


def negotiation_deleting(sender, instance, **kwargs):
    _deleting.ids = getattr(_deleting, "ids", frozenset()) | {instance.pk}


def negotiation_deleted(sender, instance, **kwargs):
    """Drop what the cascade's signals may have written meanwhile; the rows go with it."""
    index.forget_negotiation(instance.pk)
    _deleting.ids = getattr(_deleting, "ids", frozenset()) - {instance.pk}


def record_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    index.reindex_records(LANES[sender], [instance.pk])
    if sender is models.Statement:  # the speaker may be new to the negotiation's people
        index.reindex_shared([instance.negotiation_id])


def record_deleted(sender, instance, **kwargs):
    # One query per record: deleting a negotiation deletes each of its records.
    index.forget_records(LANES[sender], [instance.pk])


def sources_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        index.reindex_records(LANES[type(instance)], [instance.pk])
    elif pk_set:
        index.reindex_records(LANES[model], pk_set)


def lead_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    round_ = models.Round.objects.filter(pk=instance.round_id).first()
    if round_ is not None and not _being_deleted(round_.negotiation_id):
        index.reindex_records("rounds", [round_.pk])
        index.reindex_shared([round_.negotiation_id])


def negotiation_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index.reindex_shared([instance.pk])


def negotiation_links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:
        if not _being_deleted(instance.pk):
            index.reindex_shared([instance.pk])
    elif pk_set:
        index.reindex_shared([pk for pk in pk_set if not _being_deleted(pk)])


def issue_changed(sender, instance, raw=False, **kwargs):
    if raw or _being_deleted(instance.negotiation_id):
        return
    if models.Negotiation.objects.filter(pk=instance.negotiation_id).exists():
        index.reindex_shared([instance.negotiation_id])
        positions = models.Position.objects.filter(issue_id=instance.pk)
        index.reindex_records("positions", positions.values_list("pk", flat=True))


def shared_record_changed(sender, instance, raw=False, **kwargs):
    """A person, party or source: every record that shows its words is indexed anew."""
    if raw:
        return
    wheres = _dependents(instance)
    negotiations = set()
    for model, where in wheres.items():
        rows = list(model.objects.filter(where).values_list("pk", "negotiation_id").distinct())
        index.reindex_records(LANES[model], [pk for pk, _ in rows])
        negotiations.update(negotiation_id for _, negotiation_id in rows)
    if not isinstance(instance, models.Source):
        people = Q(people=instance) if isinstance(instance, models.Person) else Q()
        if isinstance(instance, models.Party):
            people = Q(parties=instance) | Q(people__party=instance)
        negotiations.update(models.Negotiation.objects.filter(people).values_list("pk", flat=True))
    index.reindex_shared(negotiations)


def shared_record_deleting(sender, instance, **kwargs):
    """Before a source or person goes, note what shows it; reindexed once it is gone."""
    instance._search_dependents = {
        model: list(model.objects.filter(where).values_list("pk", flat=True))
        for model, where in _dependents(instance).items()
    }


def shared_record_deleted(sender, instance, **kwargs):
    for model, ids in getattr(instance, "_search_dependents", {}).items():
        index.reindex_records(LANES[model], ids)


def _dependents(instance):
    if isinstance(instance, models.Source):
        return {model: Q(sources=instance) for model in LANES}
    if isinstance(instance, models.Person):
        return {models.Statement: Q(speaker=instance), models.Round: Q(leads__person=instance)}
    return {
        models.Position: Q(party=instance),
        models.Statement: Q(party=instance),
        models.Round: Q(leads__party=instance),
    }


def index_after_migrate(sender, using="default", **kwargs):
    """Index a record that has none yet, once every migration has run.

    Not inside the index's own migration: the index reads the record with today's models,
    whose columns may come from later migrations. Nothing is done while some migration is
    unapplied (a migrate to an earlier state) or when the index already has rows.
    """
    from .models import SearchEntry

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    if SearchEntry.objects.using(using).exists():
        return
    if models.Negotiation.objects.using(using).exists():
        index.rebuild()


def connect():
    """Connect the receivers (from TrackerConfig.ready)."""
    post_migrate.connect(index_after_migrate, dispatch_uid="search-after-migrate")
    for model in LANES:
        post_save.connect(record_saved, sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.connect(record_deleted, sender=model, dispatch_uid=f"search-d-{model.__name__}")
        m2m_changed.connect(
            sources_changed, sender=model.sources.through, dispatch_uid=f"search-s-{model.__name__}"
        )
    post_save.connect(lead_changed, sender=models.LeadNegotiator, dispatch_uid="search-lead")
    post_delete.connect(lead_changed, sender=models.LeadNegotiator, dispatch_uid="search-lead-d")
    post_save.connect(negotiation_changed, sender=models.Negotiation, dispatch_uid="search-n")
    pre_delete.connect(negotiation_deleting, sender=models.Negotiation, dispatch_uid="search-n-pd")
    post_delete.connect(negotiation_deleted, sender=models.Negotiation, dispatch_uid="search-n-d")
    for through in (models.Negotiation.parties.through, models.Negotiation.people.through):
        m2m_changed.connect(
            negotiation_links_changed, sender=through, dispatch_uid=f"search-{through.__name__}"
        )
    post_save.connect(issue_changed, sender=models.Issue, dispatch_uid="search-issue")
    post_delete.connect(issue_changed, sender=models.Issue, dispatch_uid="search-issue-d")
    for model in (models.Person, models.Party, models.Source):
        post_save.connect(
            shared_record_changed, sender=model, dispatch_uid=f"search-{model.__name__}"
        )
        pre_delete.connect(
            shared_record_deleting, sender=model, dispatch_uid=f"search-pd-{model.__name__}"
        )
        post_delete.connect(
            shared_record_deleted, sender=model, dispatch_uid=f"search-d-{model.__name__}"
        )
