import datetime as dt
from functools import partial

import pytest

from tracker.extract.dates import find_dates
from tracker.extract.rounds import NO_NUMBER, find_rounds
from tracker.extract.sentences import split_sentences

DAY = dt.date(2019, 11, 20)  # a Wednesday


def rounds(*paragraphs):
    found = find_rounds(
        split_sentences(list(paragraphs)), dates_of=partial(find_dates, published=DAY)
    )
    return [(r["number"], r["start"], r["location"]) for r in found]


def test_rounds_ordinal_names_the_number():
    assert rounds("The third round of talks was held in Seoul on Monday.") == [
        (3, "2019-11-18", "Seoul")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The two sides held talks in Honolulu on Monday.",
        "A new round of negotiations opened in Seoul on Monday.",
        "Negotiators from both countries began talks in Seoul on Monday.",
    ],
)
def test_rounds_talks_dated_to_the_day_are_an_unnumbered_round(text):
    assert rounds(text) == [(None, "2019-11-18", "Honolulu" if "Honolulu" in text else "Seoul")]


def test_rounds_unnumbered_round_is_flagged():
    found = find_rounds(
        split_sentences(["The two sides held talks in Seoul on Monday."]),
        dates_of=partial(find_dates, published=DAY),
    )
    assert NO_NUMBER in found[0]["flags"]


@pytest.mark.parametrize(
    "text",
    [
        # The day is when someone spoke, not when the talks were held.
        "The next round of talks will take place next month, an official told reporters on Monday.",
        # Without a day, talks are not a round.
        "The two sides held talks in Seoul last month.",
        # A count of rounds is checked, not a round.
        "The two sides have held five rounds of talks since Monday.",
    ],
)
def test_rounds_not_an_unnumbered_round(text):
    assert rounds(text) == []


def test_rounds_dated_talks_then_their_ordinal_are_one_round():
    assert rounds(
        "The two governments began new negotiations via videoconference on Monday.",
        "This marks the first round of negotiations for the next five years.",
    ) == [(1, "2019-11-18", "")]


def test_rounds_a_later_clause_about_the_future_does_not_move_the_round_ahead():
    assert rounds(
        "Senior officials held three-day talks in Seoul from Monday to replace a deal due to "
        "expire this year."
    ) == [(None, "2019-11-18", "Seoul")]
