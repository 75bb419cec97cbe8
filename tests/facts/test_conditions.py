"""The database conditions select exactly what PartialDate's as-of rules say."""

import datetime as dt

import pytest

from tests import factories
from tracker.facts.conditions import (
    certainly_by,
    only_possibly_by,
    published_after,
    straddling,
)
from tracker.models import Source, Statement
from tracker.partialdate import PartialDate

pytestmark = pytest.mark.django_db
TEXTS = [
    *("2019", "2020", "2021"),
    *("2019-12", "2020-01", "2020-02", "2020-03", "2020-12"),
    *("2019-12-31", "2020-01-01", "2020-02-28", "2020-02-29", "2020-03-01", "2020-03-15"),
    *("2020-03-31", "2020-12-30", "2020-12-31", "2021-01-01"),
]
DAYS = [
    dt.date(2019, 12, 31),
    dt.date(2020, 1, 1),
    dt.date(2020, 2, 29),  # a leap month's end
    dt.date(2020, 3, 1),
    dt.date(2020, 3, 15),
    dt.date(2020, 3, 31),
    dt.date(2020, 12, 30),
    dt.date(2020, 12, 31),
]


@pytest.fixture
def dated():
    negotiation = factories.NegotiationFactory()
    for text in TEXTS:
        factories.StatementFactory(negotiation=negotiation, date=text)
        factories.SourceFactory(published=text)
    return negotiation


def _texts(queryset, field):
    return sorted(value.iso for value in queryset.values_list(field, flat=True))


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_certainly_by_selects_dates_certainly_on_or_before(dated, as_of):
    found = Statement.objects.filter(certainly_by("date", as_of), negotiation=dated)
    expected = [t for t in TEXTS if PartialDate.parse(t).certainly_on_or_before(as_of)]
    assert _texts(found, "date") == sorted(expected)


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_only_possibly_by_selects_dates_possibly_but_not_certainly_on_or_before(dated, as_of):
    found = Statement.objects.filter(only_possibly_by("date", as_of), negotiation=dated)
    expected = [
        t
        for t in TEXTS
        if PartialDate.parse(t).possibly_on_or_before(as_of)
        and not PartialDate.parse(t).certainly_on_or_before(as_of)
    ]
    assert _texts(found, "date") == sorted(expected)


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_published_after_selects_sources_certainly_published_later(dated, as_of):
    factories.SourceFactory(published=None)
    found = Source.objects.filter(published_after("published", as_of))
    expected = [t for t in TEXTS if not PartialDate.parse(t).possibly_on_or_before(as_of)]
    assert _texts(found, "published") == sorted(expected)


@pytest.mark.parametrize(
    ("as_of", "texts"),
    [
        (dt.date(2020, 3, 15), ["2020", "2020-03"]),
        (dt.date(2020, 3, 31), ["2020"]),
        (dt.date(2020, 12, 1), ["2020", "2020-12"]),
        (dt.date(2020, 12, 31), []),
    ],
    ids=str,
)
def test_straddling_names_the_periods_that_end_after_as_of(as_of, texts):
    assert straddling(as_of) == texts
