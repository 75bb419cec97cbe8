"""`aggregate.facts_for` equals the full derivation, `compute_facts(load_records(...))`."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker.facts import aggregate
from tracker.facts.data import load_records
from tracker.facts.derive import compute_facts
from tracker.interchange import import_document
from tracker.models import Event, Negotiation, Source
from tracker.synthetic import synthetic_document

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"
DAYS = [
    dt.date(2018, 1, 1),  # before anything
    dt.date(2019, 9, 30),  # the first round, a month-precision record still only possible
    dt.date(2019, 12, 31),  # a year's end: year-precision records certain
    dt.date(2020, 3, 15),
    dt.date(2020, 3, 31),  # a month's end
    dt.date(2021, 6, 1),
    dt.date(2030, 1, 1),  # after everything
]


def _full(negotiation, as_of, since_event=None):
    return compute_facts(load_records(negotiation), as_of, since_event=since_event)


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_aggregate_equals_the_derivation_on_the_demo(demo, as_of):
    assert aggregate.facts_for(demo, as_of) == _full(demo, as_of)


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_aggregate_equals_the_derivation_on_every_field(as_of):
    import_document(json.loads((DATA / "every-field.json").read_text(encoding="utf-8")))
    for negotiation in Negotiation.objects.all():
        assert aggregate.facts_for(negotiation, as_of) == _full(negotiation, as_of)


@pytest.mark.parametrize("seed", [1, 2])
def test_aggregate_equals_the_derivation_on_synthetic_records(seed):
    import_document(synthetic_document(slug="synthetic", statements=400, seed=seed))
    negotiation = Negotiation.objects.get(slug="synthetic")
    # Sources with publication dates, some after the days asked about.
    ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    Source.objects.filter(pk__in=ids[::3]).update(published="2006-05")
    Source.objects.filter(pk__in=ids[-20:]).update(published="2007")
    days = [dt.date(2005, 6, 30), dt.date(2006, 5, 15), dt.date(2006, 12, 31), dt.date(2040, 1, 1)]
    for as_of in days:
        assert aggregate.facts_for(negotiation, as_of) == _full(negotiation, as_of)


def test_aggregate_lists_at_most_the_sentence_limit_and_counts_the_rest(monkeypatch):
    monkeypatch.setattr(aggregate, "LIMIT", 7)
    monkeypatch.setattr(aggregate.facts_text, "SENTENCE_LIST_LIMIT", 7)
    import_document(synthetic_document(slug="synthetic", statements=60, seed=5))
    negotiation = Negotiation.objects.get(slug="synthetic")
    as_of = dt.date(2040, 1, 1)
    facts = aggregate.facts_for(negotiation, as_of)
    assert facts == _full(negotiation, as_of)
    (sentence,) = [s for s in facts["sentences"] if s["key"] == "statements"]
    assert sentence["record_count"] == 60 and len(sentence["records"]) == 7
    assert len(sentence["sources"]) == 7 < sentence["source_count"]


def test_aggregate_counts_a_speakers_party_and_unattributed_statements(db):
    negotiation = factories.NegotiationFactory()
    speaker = factories.PersonFactory(party=factories.PartyFactory(name="Speakers' side"))
    factories.StatementFactory(negotiation=negotiation, party=None, speaker=speaker)
    factories.StatementFactory(negotiation=negotiation, party=None, speaker=None)
    factories.StatementFactory(negotiation=negotiation, date="2019")
    as_of = dt.date(2040, 1, 1)
    facts = aggregate.facts_for(negotiation, as_of)
    assert facts == _full(negotiation, as_of)
    assert facts["statements"]["by_party"][""] == 1
    assert facts["statements"]["by_party"]["Speakers' side"] == 1


def test_aggregate_since_event_equals_the_derivation(demo):
    event = Event.objects.filter(negotiation=demo).order_by("id").first()
    as_of = dt.date(2021, 6, 1)
    assert aggregate.facts_for(demo, as_of, since_event=event.pk) == _full(
        demo, as_of, since_event=event.pk
    )


def _queries(negotiation, as_of):
    with CaptureQueriesContext(connection) as queries:
        aggregate.facts_for(negotiation, as_of)
    return len(queries)


def test_aggregate_reads_in_a_number_of_queries_that_does_not_grow_with_the_record(demo):
    as_of = dt.date(2030, 1, 1)
    factories.StatementFactory.create_batch(30, negotiation=demo)
    few = _queries(demo, as_of)
    factories.StatementFactory.create_batch(300, negotiation=demo)
    factories.RoundFactory.create_batch(30, negotiation=demo, number=None)
    factories.EventFactory.create_batch(30, negotiation=demo)
    assert _queries(demo, as_of) == few <= 18
