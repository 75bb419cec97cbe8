import datetime as dt
from functools import partial

import pytest

from tracker.extract.dates import find_dates
from tracker.extract.events import find_events
from tracker.extract.sentences import split_sentences


def events(*paragraphs, stated=None):
    stated = stated or {}
    return [
        (e["date"], e["title"])
        for e in find_events(
            split_sentences(list(paragraphs)),
            dates_of=partial(find_dates, published=dt.date(2019, 12, 3)),
            is_statement=lambda sentence: stated.get(sentence.text),
        )
    ]


def test_events_a_dated_happening_is_an_event():
    assert events("The two sides signed the agreement on Monday.") == [
        ("2019-12-02", "The two sides signed the agreement")
    ]


def test_events_what_happened_before_a_plan_in_the_same_sentence():
    found = events("Jeong touched down in Washington on Monday ahead of the Tuesday talks.")
    assert [date for date, _ in found] == ["2019-12-02"]


def test_events_a_plan_before_the_happening_is_not_an_event():
    assert events("Both sides will meet again next week, after talks ended on Monday.") == []


def test_events_the_date_of_a_plan_is_not_the_event_date():
    # The only date is in the plan, after "expected": nothing dated happened.
    assert events("Talks ended, and a deal is expected on Friday.") == []


def test_events_a_sentence_with_a_figure_can_be_an_event():
    found = events("Seoul agreed to increase its share by 8.2% last February.")
    assert [date for date, _ in found] == ["2019-02"]


def test_events_talks_with_a_hyphenated_length_were_held():
    found = events("Senior officials held three-day talks in Seoul on Monday.")
    assert [date for date, _ in found] == ["2019-12-02"]


def test_events_reported_speech_is_read_for_what_was_said_not_quotes():
    said = "Officials said the deal lapsed at the end of December."
    quoted = '"The deal lapsed in December, and we regret it," he said.'
    found = events(said, quoted, stated={said: "the deal lapsed at the end of December",
                                         quoted: True})  # fmt: skip
    assert [date for date, _ in found] == ["2019-12"]


def test_events_a_deal_that_expired_is_dated_to_the_year():
    found = events("The two sides held seven rounds to renew the deal, which expired last year.")
    assert [date for date, _ in found] == ["2018"]


def test_events_other_happenings_need_a_month_or_a_day():
    assert events("The two sides met in Seoul last year.") == []


def test_events_what_a_speaker_did_before_saying_something_is_an_event():
    sentence = (
        "The top US diplomat emerged from fresh talks on Monday and tweeted that things "
        "remained tough."
    )
    found = events(sentence, stated={sentence: "things remained tough"})
    assert [date for date, _ in found] == ["2019-12-02"]


def test_events_a_quotation_is_never_read_for_an_event():
    sentence = '"The talks ended on Monday without a deal," the official said.'
    assert events(sentence, stated={sentence: True}) == []


def test_events_a_second_telling_of_the_same_day_and_verb_is_one_event():
    found = events(
        "U.S. negotiators abruptly ended talks with their counterparts on Monday.",
        "Officials ended the talks Monday when it became clear no one would budge.",
    )
    assert [date for date, _ in found] == ["2019-12-02"]


@pytest.mark.parametrize(
    "text",
    [
        "He wanted the deal wrapped up by the end of this month.",
        "Both sides agreed to extend the talks beyond Monday and Tuesday.",
        "If no deal is reached by March 2, tariffs rise.",
    ],
)
def test_events_deadlines_limits_and_conditions_are_not_events(text):
    assert events(text) == []
