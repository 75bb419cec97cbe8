from decimal import Decimal

import pytest

from timeline.charts.labels import (
    compact_figure,
    compact_number,
    label_trace,
    round_label_variants,
    series_label_variants,
    shorten,
    text_width,
)
from timeline.data import PositionRow, RoundRow
from tracker.partialdate import PartialDate


@pytest.mark.parametrize(
    ("value", "text"),
    [(5_000_000_000, "5B"), (1_038_900_000_000, "1.04T"), (870_000_000, "870M"), (28500, "28,500")],
)
def test_compact_number(value, text):
    assert compact_number(Decimal(value)) == text


def position(**fields):
    base = dict(
        id=1, party="United States", kind="demand", date=PartialDate.parse("2020"),
        reported_on=None, amount=None, amount_min=None, amount_max=None, currency="USD",
        unit="", percent_change=None, period="", note="",
    )  # fmt: skip
    return PositionRow(**{**base, **fields})


def test_compact_figure_of_an_amount_a_range_and_a_percentage():
    assert compact_figure(position(amount=Decimal(5e9))) == "US$5B"
    low, high = Decimal("2.5e9"), Decimal(3e9)
    assert compact_figure(position(amount_min=low, amount_max=high)) == "US$2.5B–3B"
    assert compact_figure(position(currency="", percent_change=Decimal("13.9"))) == "+13.9%"


def rounds(**fields):
    base = dict(
        id=1, number=None, number_inferred=None, start=PartialDate.parse("2021-06"), end=None,
        location="Seoul, Korea", format="in_person", note="",
    )  # fmt: skip
    return RoundRow(**{**base, **fields})


def test_round_labels_shorten_an_inferred_number_and_keep_a_place_whole():
    assert round_label_variants(rounds(number=7)) == ["7"]
    assert round_label_variants(rounds(number_inferred=9)) == ["9 (inferred)", "9?"]
    assert round_label_variants(rounds()) == ["Seoul, June 2021"]


def test_series_labels_longest_first():
    assert series_label_variants("United States", "demand", "US$5B") == [
        "United States demand: US$5B",
        "demand US$5B",
        "US$5B",
    ]


def test_label_trace_keeps_variants_by_the_escaped_text_drawn():
    trace = label_trace("x", [("2020-01-01", 0, ["<b> & co", "co"], None)], "top center")
    assert trace["text"] == ["&lt;b&gt; &amp; co"]
    assert trace["meta"]["labels"] == {"&lt;b&gt; &amp; co": ["<b> & co", "co"]}
    assert trace["hoverinfo"] == "skip"


def test_shorten_cuts_to_the_width():
    text = "Annual contribution to the cost of stationing"
    short = shorten(text, 100)
    assert short.endswith("…") and text_width(short) <= 100 + text_width("…")
    assert shorten("USD", 100) == "USD"
