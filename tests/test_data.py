import datetime as dt

import pytest

from tests import factories
from timeline import lod
from timeline.data import UNATTRIBUTED, negotiation_rows, timeline_data
from timeline.params import ListFilters, TimelineParams
from tracker.models import Negotiation
from tracker.partialdate import PartialDate

pytestmark = pytest.mark.django_db


def test_timeline_data_reads_every_demo_lane(demo):
    data = timeline_data(demo)
    assert len(data.rounds) == 9
    assert len(data.positions) == 13
    assert len(data.events) == 23
    assert len(data.statements) == 18
    assert data.fact_count == 63
    assert data.negotiation.title == demo.title
    assert data.negotiation.parties == ("South Korea", "United States")


def test_timeline_data_keeps_dates_at_their_precision(demo):
    demand = next(row for row in timeline_data(demo).positions if row.amount == 5_000_000_000)
    assert demand.date == PartialDate.parse("2019-10")
    assert demand.when == "October 2019"
    assert demand.figure == "US$5,000,000,000"


def test_timeline_data_labels_an_inferred_round(demo):
    labels = [row.label for row in timeline_data(demo).rounds]
    assert labels == ["1", "2", "3", "4", "5", "6", "7", "8", "9 (inferred)"]


def test_timeline_data_gives_round_leads_and_sources_in_document_order(demo):
    first = timeline_data(demo).rounds[0]
    assert first.leads == (("South Korea", "Chang Won-sam"), ("United States", "James DeHart"))
    assert [source.url for source in first.sources] == [
        "https://en.yna.co.kr/view/AEN20190923008100325",
        "https://m.koreaherald.com/view.php?ud=20191018000691",
        "http://world.kbs.co.kr/service/news_view.htm?lang=e&Seq_Code=148263",
    ]


def test_timeline_data_statement_party_falls_back_to_the_speakers_party():
    speaker = factories.PersonFactory(party=factories.PartyFactory(name="Chile"))
    statement = factories.StatementFactory(speaker=speaker, party=None)
    unattributed = factories.StatementFactory(
        negotiation=statement.negotiation, speaker=None, party=None
    )
    rows = {row.id: row for row in timeline_data(statement.negotiation).statements}
    assert rows[statement.id].party == "Chile"
    assert rows[unattributed.id].party == UNATTRIBUTED
    assert rows[unattributed.id].speaker == ""


def test_timeline_data_binned_statements_take_the_speakers_party(monkeypatch):
    monkeypatch.setattr(lod, "DETAIL_LIMIT", 2)
    speaker = factories.PersonFactory(party=factories.PartyFactory(name="Chile"))
    negotiation = factories.NegotiationFactory()
    for _ in range(3):
        factories.StatementFactory(negotiation=negotiation, speaker=speaker, party=None)

    data = timeline_data(negotiation, level_of_detail=True)

    assert {(b.group, b.count) for b in data.bins["statements"]} == {("Chile", 3)}


def test_timeline_data_drops_links_that_are_not_web_addresses():
    statement = factories.StatementFactory()
    # One add() each: add(a, b) inserts its links in the order of a set of ids, not as given.
    statement.sources.add(factories.SourceFactory(url="javascript:alert(1)", title="Bad"))
    statement.sources.add(factories.SourceFactory(url="https://example.org/a", title="Good"))
    sources = timeline_data(statement.negotiation).statements[0].sources
    assert [(source.title, source.url) for source in sources] == [
        ("Bad", ""),
        ("Good", "https://example.org/a"),
    ]


def test_timeline_data_filters_lanes_parties_and_as_of(demo):
    params = TimelineParams(
        lanes=("statements", "positions"), parties=("United States",), as_of=dt.date(2020, 3, 31)
    )
    data = timeline_data(demo, params)
    assert data.rounds == () and data.events == ()
    assert {row.party for row in data.statements} == {"United States"}
    assert {row.party for row in data.positions} == {"United States"}
    assert all(row.date.possibly_on_or_before(dt.date(2020, 3, 31)) for row in data.statements)
    # A month-precision position of March 2020 may have been taken by the 31st: kept.
    assert "2020-03" in {row.date.iso for row in data.positions}
    assert "2020-05-07" not in {row.date.iso for row in data.positions}


def test_timeline_data_filtered_matches_a_filtered_read(demo):
    params = TimelineParams(parties=("South Korea",), as_of=dt.date(2019, 12, 31))
    assert timeline_data(demo).filtered(params) == timeline_data(demo, params)


def test_timeline_data_lists_parties_that_speak_but_are_not_parties(demo):
    assert timeline_data(demo).all_parties == ("South Korea", "United States", UNATTRIBUTED)


@pytest.mark.parametrize("statements", [10, 1000])
def test_timeline_data_query_count_does_not_grow(statements, django_assert_num_queries):
    negotiation = factories.negotiation_with_statements(statements)
    negotiation = Negotiation.objects.prefetch_related("parties").get(pk=negotiation.pk)
    with django_assert_num_queries(9):
        data = timeline_data(negotiation)
    assert len(data.statements) == statements


def test_negotiation_rows_count_facts_and_give_first_and_latest_round(demo):
    row = negotiation_rows(Negotiation.objects.all(), ListFilters()).get(slug="sma-11")
    assert row.fact_count == 63
    assert row.round_count == 9
    assert row.first_round == PartialDate.parse("2019-09-24")
    assert row.latest_round == PartialDate.parse("2021-03-05")


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        (ListFilters(q="special measures"), True),
        (ListFilters(q="fisheries"), False),
        (ListFilters(party="South Korea"), True),
        (ListFilters(party="Chile"), False),
        (ListFilters(status="concluded"), True),
        (ListFilters(status="ongoing"), False),
        (ListFilters(year=2020), True),
        (ListFilters(year=2018), False),
    ],
)
def test_negotiation_rows_filter(demo, filters, found):
    slugs = set(negotiation_rows(Negotiation.objects.all(), filters).values_list("slug", flat=True))
    assert ("sma-11" in slugs) is found
