from decimal import Decimal

import pytest

from tracker.extract.money import ASSUMED, find_figures


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("a demand of $5 billion", "5000000000", "USD"),
        ("to US$5 billion", "5000000000", "USD"),
        ("about 870 million dollars", "870000000", "USD"),
        ("1.389 trillion won", "1389000000000", "KRW"),
        ("W950.7 billion", "950700000000", "KRW"),
        ("1.0389 trillion won (US$920 million)", "1038900000000", "KRW"),
        ("$1.3 bln", "1300000000", "USD"),
        ("five billion dollars", "5000000000", "USD"),
        ("960 billion Won", "960000000000", "KRW"),
        ("EUR 39 billion", "39000000000", "EUR"),
    ],
)
def test_money_reads_scale_and_currency_without_converting(text, amount, currency):
    figure = find_figures(text)[0]
    assert figure.amount == Decimal(amount)
    assert figure.currency == currency


@pytest.mark.parametrize(
    "text",
    [
        "1.0389 trillion won (US$920 million)",
        "1.0389 trillion won ( about $920 million)",
        "1.0389 trillion won, or around $920 million",
        "1.0389 trillion won, about 920 million U.S. dollars",
    ],
)
def test_money_a_conversion_beside_a_figure_is_that_figure(text):
    figures = find_figures(text)
    assert [(f.amount, f.currency) for f in figures] == [(Decimal("1038900000000"), "KRW")]


def test_money_a_figure_in_the_same_currency_after_a_comma_is_another_figure():
    figures = find_figures("$1.3 billion, about $870 million")
    assert [f.amount for f in figures] == [Decimal("1300000000"), Decimal("870000000")]


def test_money_an_exchange_rate_is_no_figure():
    figures = find_figures("around W900 billion (US$1=W1,054), up from W869.5 billion")
    assert [f.amount for f in figures] == [Decimal("900000000000"), Decimal("869500000000")]


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("a 13 percent increase", "13"),
        ("a 13.9% rise", "13.9"),
        ("a 5 percent cut", "-5"),
        ("up 8.2 percent from 2018", "8.2"),
    ],
)
def test_money_percent_changes_keep_their_sign(text, change):
    figure = find_figures(text)[0]
    assert figure.percent_change == Decimal(change)
    assert figure.amount is None


def test_money_a_dollar_sign_outside_america_is_flagged_assumed():
    assert ASSUMED in find_figures("$5 billion", dateline_place="SEOUL")[0].flags
    assert ASSUMED not in find_figures("$5 billion", dateline_place="WASHINGTON")[0].flags


def test_money_headcounts_are_not_money():
    assert find_figures("28,500 American troops and 4,000 workers") == []


def test_money_singapore_and_malaysian_conversions_are_the_figure_and_its_span():
    text = "tariffs on US$200 billion (S$271 billion) worth of Chinese imports"
    figures = find_figures(text)
    assert [(f.amount, f.currency) for f in figures] == [(Decimal("200000000000"), "USD")]
    assert text[figures[0].end :].startswith(" worth")
