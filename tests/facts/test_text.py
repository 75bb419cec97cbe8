"""Numbers and dates as a reporter writes them."""

from decimal import Decimal

import pytest

from tracker.facts import text as facts_text


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (7, "7th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinal(number, expected):
    assert facts_text.ordinal(number) == expected


@pytest.mark.parametrize(("number", "expected"), [(0, "0 rounds"), (1, "1 round"), (7, "7 rounds")])
def test_count_of_plural(number, expected):
    assert facts_text.count_of(number, "round") == expected


@pytest.mark.parametrize(
    ("amount", "currency", "unit", "expected"),
    [
        ("5000000000", "USD", "", "$5 billion"),
        ("870000000", "USD", "", "$870 million"),
        ("4000000000", "USD", "", "$4 billion"),
        ("1300000000", "USD", "", "$1.3 billion"),
        ("200000000", "USD", "", "$200 million"),
        ("1038900000000", "KRW", "", "1.0389 trillion won"),
        ("1183300000000", "KRW", "", "1.1833 trillion won"),
        ("2500000", "EUR", "", "€2.5 million"),
        ("1000000", "GBP", "", "£1 million"),
        ("500000", "USD", "", "$500,000"),
        ("1500.50", "USD", "", "$1,500.5"),
        ("3000000", "CHF", "", "CHF 3 million"),
        ("870123456", "USD", "", "$870,123,456"),
        ("12000000", "", "tonnes of US soybeans", "12 million tonnes of US soybeans"),
        ("1200", "", "tonnes", "1,200 tonnes"),
        ("5000000000.000000", "USD", "", "$5 billion"),
    ],
)
def test_amount_words_never_rounds(amount, currency, unit, expected):
    assert facts_text.amount_words(Decimal(amount), currency, unit) == expected


@pytest.mark.parametrize(
    ("percent", "expected"),
    [
        ("13.9", "a 13.9% increase"),
        ("10", "a 10% increase"),
        ("-5", "a 5% cut"),
        ("0", "no change"),
    ],
)
def test_percent_words(percent, expected):
    assert facts_text.percent_words(percent) == expected


@pytest.mark.parametrize(
    ("figure", "expected"),
    [
        ({"amount": "5000000000", "currency": "USD"}, "$5 billion"),
        (
            {"amount_min": "1000000000", "amount_max": "1500000000", "currency": "USD"},
            "$1 billion to $1.5 billion",
        ),
        ({"amount_min": "1000000000", "currency": "USD"}, "at least $1 billion"),
        ({"amount_max": "1500000000", "currency": "USD"}, "up to $1.5 billion"),
        ({"percent_change": "13"}, "a 13% increase"),
        (
            {"amount": "1183300000000", "currency": "KRW", "percent_change": "13.9"},
            "1.1833 trillion won, a 13.9% increase",
        ),
    ],
)
def test_figure_words(figure, expected):
    full = {"amount": None, "amount_min": None, "amount_max": None, "currency": "", "unit": ""}
    assert facts_text.figure_words({**full, **figure}) == expected


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [
        ("4.5977", "4.6 times"),
        ("5.7471", "5.7 times"),
        ("1.4943", "1.5 times"),
        ("2.05", "2.1 times"),
        ("3", "3.0 times"),
    ],
)
def test_ratio_words_one_decimal_place(ratio, expected):
    assert facts_text.ratio_words(Decimal(ratio)) == expected


@pytest.mark.parametrize(
    ("iso", "expected"),
    [("2019-09-24", "September 2019"), ("2019-09", "September 2019"), ("2019", "2019")],
)
def test_month_words_never_claims_a_day(iso, expected):
    assert facts_text.month_words(iso) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020-03-17", "2020-03-19", "17-19 March 2020"),
        ("2021-02-05", "2021-02-05", "5 February 2021"),
        ("2021-02-05", None, "5 February 2021"),
        ("2019-11-28", "2019-12-02", "28 November - 2 December 2019"),
        ("2020-03", None, "March 2020"),
    ],
)
def test_span_words(start, end, expected):
    assert facts_text.span_words(start, end) == expected


@pytest.mark.parametrize(
    ("location", "expected"),
    [("Los Angeles, California, United States", "Los Angeles"), ("Geneva", "Geneva"), ("", "")],
)
def test_place_words_first_part(location, expected):
    assert facts_text.place_words(location) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("United States", "US"), ("South Korea", "South Korea"), ("", "no party")],
)
def test_party_words(name, expected):
    assert facts_text.party_words(name) == expected


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ("39.5", "39.5 percentage points above"),
        ("-3", "3 percentage points below"),
        ("1", "1 percentage point above"),
        ("0", "the same as"),
    ],
)
def test_points_words(points, expected):
    assert facts_text.points_words(points) == expected
