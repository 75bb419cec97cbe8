import datetime as dt

import pytest

from tracker.extract.dates import COARSENED, find_dates

THURSDAY = dt.date(2020, 4, 2)


def only(sentence, published=THURSDAY):
    found = find_dates(sentence, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("Workers were placed on unpaid leave on Wednesday.", "2020-04-01"),
        ("A senior U.S. official said Thursday.", "2020-04-02"),
        ("The talks began last September.", "2019-09"),
        ("The talks began in September.", "2019-09"),
        ("The deal expired last year.", "2019"),
        ("They met on March 17.", "2020-03-17"),
        ("They met on Sept. 24, 2019.", "2019-09-24"),
        ("They met on 24 September 2019.", "2019-09-24"),
        ("The round was held in December 2019.", "2019-12"),
        ("Officials met yesterday.", "2020-04-01"),
        ("The deal was signed in 2019.", "2019"),
    ],
)
def test_dates_keep_the_precision_the_words_give(sentence, iso):
    assert only(sentence).date.iso == iso


def test_dates_future_sentence_looks_forward():
    assert only("The next round will be held in May.").date.iso == "2020-05"


def test_dates_since_is_marked():
    mention = only("They held seven rounds since September.")
    assert mention.since
    assert mention.date.iso == "2019-09"


def test_dates_range_gives_start_and_end():
    mention = only("The seventh round took place March 17-19 in Los Angeles.")
    assert (mention.date.iso, mention.end_date.iso) == ("2020-03-17", "2020-03-19")


def test_dates_weekday_range():
    mention = only("They met Tuesday and Wednesday.", dt.date(2020, 4, 3))
    assert (mention.date.iso, mention.end_date.iso) == ("2020-03-31", "2020-04-01")


def test_dates_early_month_is_coarsened_and_flagged():
    mention = only("There was focus on early April.")
    assert mention.date.iso == "2020-04"
    assert COARSENED in mention.flags


def test_dates_may_the_verb_is_not_a_month():
    assert find_dates("The talks may resume soon.", THURSDAY) == []


def test_dates_figures_are_not_years():
    assert find_dates("Seoul paid $870 million and 2,000 workers left.", THURSDAY) == []


def test_dates_without_a_story_date_resolve_nothing():
    assert find_dates("They met on Wednesday.", None) == []


def test_dates_future_words_of_a_later_clause_leave_a_past_day_in_the_past():
    found = find_dates(
        "They held talks from Tuesday to replace a deal, which is due to expire next month.",
        THURSDAY,
    )
    assert (found[0].date.iso, found[0].since) == ("2020-03-31", False)


def test_dates_future_words_before_the_day_in_its_clause_make_it_the_next_one():
    assert only("The two sides will meet again on Tuesday.").date.iso == "2020-04-07"


def test_dates_from_a_month_is_the_start_of_a_count():
    assert only("They have held seven rounds from September.").since
