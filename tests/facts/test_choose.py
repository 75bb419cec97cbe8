"""`choose` reads slim rows and names only the records the facts need."""

import datetime as dt

import pytest

from tests import factories
from tracker.facts import choose

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2019, 3, 1)


def test_chosen_rounds_are_the_first_listed_the_latest_and_the_uncertain(monkeypatch):
    monkeypatch.setattr(choose, "LIMIT", 3)
    negotiation = factories.NegotiationFactory()

    def round_(start):
        return factories.RoundFactory(negotiation=negotiation, start=start, end=None, number=None)

    days = [round_(f"2019-01-{day:02d}") for day in range(1, 31)]
    month = round_("2019-01")  # first by date, and may be later than 30 January
    march = round_("2019-03")  # only possibly held by 1 March
    held, ids = choose.chosen_rounds(negotiation, AS_OF)
    assert len(held) == 31 and held[0].id == month.id and held[-1].id == days[-1].id
    assert ids == {month.id, days[0].id, days[1].id, days[-1].id, march.id}


def test_chosen_positions_are_each_groups_first_latest_and_possible(monkeypatch):
    negotiation = factories.NegotiationFactory()
    party = factories.PartyFactory()

    def position(date, **figure):
        return factories.PositionFactory(negotiation=negotiation, party=party, date=date, **figure)

    dollars = [position(f"2018-{month:02d}") for month in range(1, 13)]
    won = [position(f"2018-0{month}", currency="KRW") for month in range(1, 4)]
    undated = position(None)
    this_month = position("2019-03", currency="KRW")
    position("2018-05", amount=None, currency="")  # no figure: no group
    counts, ids = choose.chosen_positions(negotiation, AS_OF)
    assert sorted(counts.values()) == [3, 12]
    assert ids == {p.id for p in (dollars[0], dollars[-1], won[0], won[-1], undated, this_month)}


def test_chosen_events_are_the_latest_the_expiry_the_chosen_and_the_possible():
    negotiation = factories.NegotiationFactory()

    def event(date, title="Talks"):
        return factories.EventFactory(negotiation=negotiation, date=date, title=title)

    expiry = event("2018-06-30", "Agreement expired")
    chosen = event("2018-02-01")
    others = [event(f"2018-{month:02d}-15") for month in range(1, 13)]
    march = event("2019-03")
    later = event("2019-04-01")
    happened, ids = choose.chosen_events(negotiation, AS_OF, since_event=chosen.id)
    assert happened == 14
    assert ids == {others[-1].id, expiry.id, chosen.id, march.id}
    assert later.id not in ids
