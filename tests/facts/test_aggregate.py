"""`aggregate.facts_for` equals the full derivation, `compute_facts(load_records(...))`."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker.facts import aggregate, choose
from tracker.facts.data import load_records
from tracker.facts.derive import compute_facts
from tracker.interchange import import_document
from tracker.models import Event, Negotiation, Round, Source, Statement
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


MIDDLE_DAYS = [
    dt.date(2005, 6, 15),  # inside a month and a year: their records only possible
    dt.date(2005, 6, 30),  # a month's end
    dt.date(2005, 12, 31),  # a year's end
    dt.date(2006, 2, 28),
    dt.date(2006, 11, 27),  # a round's first day
]


@pytest.fixture
def synthetic():
    """A synthetic record (month- and year-precision dates, ranges, four parties, sources
    published through 2005-2007) with events whose titles mention an expiry."""
    import_document(synthetic_document(slug="synthetic", statements=400, seed=3))
    negotiation = Negotiation.objects.get(slug="synthetic")
    events = list(Event.objects.filter(negotiation=negotiation).order_by("sequence"))
    titles = ["Deal expires", "EXPİRY of the deal", "Expired"]
    for event, title in zip(events[5:30:10], titles, strict=True):
        Event.objects.filter(pk=event.pk).update(title=title)
    return negotiation


def test_aggregate_equals_the_derivation_as_of_days_in_the_middle(synthetic):
    for as_of in MIDDLE_DAYS:
        assert aggregate.facts_for(synthetic, as_of) == _full(synthetic, as_of), as_of


def test_aggregate_finds_the_latest_expiry_as_the_derivation_does(synthetic):
    as_of = dt.date(2040, 1, 1)
    facts = aggregate.facts_for(synthetic, as_of)
    assert facts == _full(synthetic, as_of)
    assert facts["events"]["since"]["event"]["title"] == "Expired"


def test_aggregate_since_event_in_the_middle_equals_the_derivation(synthetic):
    events = list(Event.objects.filter(negotiation=synthetic).order_by("sequence"))
    as_of = dt.date(2006, 2, 28)
    for event in (events[3], events[20], events[-1]):  # before, around and after as_of
        facts = aggregate.facts_for(synthetic, as_of, since_event=event.pk)
        assert facts == _full(synthetic, as_of, since_event=event.pk)


def test_aggregate_leaves_out_sources_published_after_as_of_like_the_derivation(synthetic):
    as_of = dt.date(2005, 6, 15)
    facts = aggregate.facts_for(synthetic, as_of)
    assert facts == _full(synthetic, as_of)
    listed = [source["id"] for sentence in facts["sentences"] for source in sentence["sources"]]
    published = dict(Source.objects.filter(pk__in=listed).values_list("pk", "published"))
    assert listed and all(
        date is None or date.possibly_on_or_before(as_of) for date in published.values()
    )


@pytest.mark.parametrize("lane", ["statements", "rounds"])
def test_aggregate_looks_past_the_first_records_for_distinct_sources(monkeypatch, lane):
    monkeypatch.setattr(aggregate, "LIMIT", 7)
    monkeypatch.setattr(aggregate.facts_text, "SENTENCE_LIST_LIMIT", 7)
    import_document(synthetic_document(slug="synthetic", statements=600, seed=4))
    negotiation = Negotiation.objects.get(slug="synthetic")
    model = {"statements": Statement, "rounds": Round}[lane]
    # The first 40 records (more than 4 x LIMIT) all cite one source, and only it.
    first = model.objects.filter(negotiation=negotiation).order_by("sequence", "id")[:40]
    through = model.sources.through
    owner = f"{model._meta.model_name}_id"
    only = Source.objects.order_by("pk").first()
    through.objects.filter(**{f"{owner}__in": [r.pk for r in first]}).delete()
    through.objects.bulk_create([through(**{owner: r.pk, "source_id": only.pk}) for r in first])
    as_of = dt.date(2040, 1, 1)
    facts = aggregate.facts_for(negotiation, as_of)
    assert facts == _full(negotiation, as_of)
    (sentence,) = [s for s in facts["sentences"] if s["key"] == lane]
    assert len(sentence["sources"]) == 7 and sentence["sources"][0]["id"] == only.pk


def test_aggregate_counts_rounds_past_the_listed_ones_as_the_derivation_does(monkeypatch):
    for module in (aggregate, choose):
        monkeypatch.setattr(module, "LIMIT", 7)
    monkeypatch.setattr(aggregate.facts_text, "SENTENCE_LIST_LIMIT", 7)
    import_document(synthetic_document(slug="synthetic", statements=400, seed=6))
    negotiation = Negotiation.objects.get(slug="synthetic")
    rounds = list(Round.objects.filter(negotiation=negotiation).order_by("start", "sequence"))
    # Past the listed ones: an unnumbered round, an inferred number, and a month-precision
    # round that may be later than the latest (it is read for "latest_may_be" alone).
    Round.objects.filter(pk=rounds[15].pk).update(number=None)
    Round.objects.filter(pk=rounds[16].pk).update(number=None, number_inferred=17)
    month = rounds[-1].start.iso[:7]
    Round.objects.filter(pk=rounds[20].pk).update(start=month, end=None)
    for as_of in (dt.date(2006, 2, 28), dt.date(2040, 1, 1)):
        facts = aggregate.facts_for(negotiation, as_of)
        assert facts == _full(negotiation, as_of), as_of
    assert facts["rounds"]["held"] == len(rounds)
    assert [r["id"] for r in facts["rounds"]["latest_may_be"]] == [rounds[20].pk]
    assert facts["rounds"]["numbering"]["unnumbered"] == 1


def _texts(negotiation, as_of):
    return [sentence["text"] for sentence in _full(negotiation, as_of)["sentences"]]


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_sentence_texts_equal_the_derivations_on_the_demo(demo, as_of):
    assert aggregate.sentence_texts(demo, as_of) == _texts(demo, as_of)


def test_sentence_texts_equal_the_derivations_on_every_field():
    import_document(json.loads((DATA / "every-field.json").read_text(encoding="utf-8")))
    for negotiation in Negotiation.objects.all():
        for as_of in DAYS:
            assert aggregate.sentence_texts(negotiation, as_of) == _texts(negotiation, as_of)


def test_sentence_texts_equal_the_derivations_as_of_days_in_the_middle(synthetic):
    # Sources published after some of the days: the texts do not change with them.
    ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    Source.objects.filter(pk__in=ids[::3]).update(published="2006-05")
    for as_of in [*MIDDLE_DAYS, dt.date(2040, 1, 1)]:
        assert aggregate.sentence_texts(synthetic, as_of) == _texts(synthetic, as_of), as_of


def test_sentence_texts_read_no_source_in_few_queries(demo):
    factories.StatementFactory.create_batch(30, negotiation=demo)
    with CaptureQueriesContext(connection) as queries:
        texts = aggregate.sentence_texts(demo, dt.date(2030, 1, 1))
    assert texts and all("sources" not in query["sql"] for query in queries)
    assert len(queries) < _queries(demo, dt.date(2030, 1, 1))
