import datetime as dt
from functools import partial

import pytest

from tracker.extract.context import PartyRow
from tracker.extract.dates import find_dates
from tracker.extract.names import PartyMatcher
from tracker.extract.positions import find_positions
from tracker.extract.sentences import split_sentences

PARTIES = [PartyRow("South Korea"), PartyRow("United States")]


def positions(text):
    found = find_positions(
        split_sentences([text]),
        parties=PartyMatcher(PARTIES),
        issues=[],
        dates_of=partial(find_dates, published=dt.date(2020, 5, 1)),
    )
    return [(p["party"], p["kind"], p["amount"] or p["percent_change"]) for p in found]


def test_positions_the_subject_that_demands_is_the_party():
    assert positions("Washington demanded that Seoul pay $5 billion a year.") == [
        ("United States", "demand", "5000000000")
    ]


def test_positions_figure_after_from_the_is_the_baseline_of_the_payer():
    assert positions(
        "Washington wants Seoul to pay $1.3 billion, a 50 percent rise from the $870 million "
        "it paid last year."
    ) == [
        ("United States", "demand", "1300000000"),
        ("United States", "demand", "50"),
        ("South Korea", "baseline", "870000000"),
    ]


def test_positions_offer_of_the_subject():
    assert positions("Seoul offered a 13 percent increase over last year's payment.") == [
        ("South Korea", "offer", "13")
    ]


def test_positions_amount_a_demand_changed_by_is_not_a_position():
    assert positions(
        "Washington lowered its initial demand by one billion dollars and asked Seoul to pay "
        "roughly four billion dollars."
    ) == [("United States", "demand", "4000000000")]


@pytest.mark.parametrize(
    "text",
    [
        "Seoul offered a 13 percent increase on the US$870 million it paid last year.",
        "The U.S. asked for a 50 percent spike from around $870 million Seoul paid.",
    ],
)
def test_positions_figure_a_change_is_measured_from_is_the_baseline(text):
    assert positions(text)[1][1:] == ("baseline", "870000000")


def test_positions_pushed_to_is_a_demand_of_the_party_that_pushes():
    assert positions(
        "The U.S. initially pushed Seoul to increase its share of the burden to $1.2 billion."
    ) == [("United States", "demand", "1200000000")]


def test_positions_what_the_deal_being_replaced_requires_is_a_baseline():
    assert positions(
        "The talks seek to replace a 2014 deal due to expire this year, which requires Seoul "
        "to pay about 960 billion won."
    ) == [("South Korea", "baseline", "960000000000")]


def test_positions_what_a_new_proposal_requires_is_not_a_baseline():
    # The deal being replaced is named too far before the cue to be what requires the figure.
    assert positions(
        "The existing agreement lapsed in December after months of talks, and now Washington's "
        "proposal requires Seoul to pay $5 billion."
    ) == [("United States", "demand", "5000000000")]


def test_positions_the_size_of_a_hike_is_not_a_position():
    assert positions("The 1 trillion-won hike is proving to be a big burden for Seoul.") == []
    assert positions("Seoul offered a $1 billion increase in its share.") == []


@pytest.mark.parametrize("verb", ["earmarked", "booked", "set aside", "budgeted"])
def test_positions_a_sum_a_party_sets_aside_in_its_budget_is_its_offer(verb):
    assert positions(
        f"As the talks on an agreement go on, Seoul {verb} 1.05 trillion won for the troops."
    ) == [("South Korea", "offer", "1050000000000")]


def test_positions_a_share_put_in_the_future_is_not_a_baseline():
    assert positions("Seoul estimated its share next year at around W900 billion.") == [
        ("South Korea", "offer", "900000000000")
    ]


def test_positions_a_baseline_cue_after_a_figure_belongs_to_the_next_figure():
    found = positions(
        "Seoul estimated its share next year at W900 billion, up from W869.5 billion."
    )
    assert found[0] == ("South Korea", "offer", "900000000000")
    assert found[1][1:] == ("baseline", "869500000000")


def test_positions_a_change_already_made_is_agreed_and_its_level_the_baseline():
    assert positions(
        "Seoul's spending on the troops in 2019 was increased by 8.2%, to 1.04 trillion won."
    ) == [("South Korea", "agreed", "8.2"), ("South Korea", "baseline", "1040000000000")]


def test_positions_a_whole_defense_budget_is_not_a_position():
    assert (
        positions("The outlays are part of Seoul's defense budget totaling 50 trillion won.") == []
    )


def test_positions_a_figure_after_from_the_total_of_is_the_baseline():
    assert positions("Seoul raised its payment from the total of 980 billion won.") == [
        ("South Korea", "baseline", "980000000000")
    ]


def test_positions_what_a_party_s_burden_amounts_to_is_a_baseline():
    assert positions("This year, Seoul's burden amounts to 1.04 trillion won.") == [
        ("South Korea", "baseline", "1040000000000")
    ]


def test_positions_a_sum_that_will_be_spent_is_agreed_though_an_earlier_word_says_existing():
    assert positions(
        "To improve existing facilities, up to 164.1 billion won will be spent by Seoul."
    ) == [("South Korea", "agreed", "164100000000")]


def test_positions_what_the_deal_in_force_gives_is_a_baseline_and_its_increase_agreed():
    assert positions(
        "Under this year's SMA, Seoul agreed to pay 1.04 trillion won, an increase of 8.2 "
        "percent from 2017."
    ) == [("South Korea", "baseline", "1040000000000"), ("South Korea", "agreed", "8.2")]


def test_positions_a_contrasting_clause_with_its_own_subject_has_its_own_party_and_kind():
    assert positions(
        "Washington has asked for $1.3 billion a year, a 50 percent hike from last year's "
        "payment, while Seoul has refused to give more than a 13 percent increase."
    ) == [
        ("United States", "demand", "1300000000"),
        ("United States", "demand", "50"),
        ("South Korea", "offer", "13"),
    ]


def test_positions_a_party_named_as_a_modifier_is_not_the_payer():
    assert positions("Seoul's contribution for U.S. troops was 870 million dollars.") == [
        ("South Korea", "baseline", "870000000")
    ]
    assert positions("Seoul has paid for U.S. bases since 1991, when it paid $150 million.")[0][
        :1
    ] == ("South Korea",)


def test_positions_a_payment_naming_no_party_is_the_payer_s_of_the_story_so_far():
    assert positions(
        "Seoul's contribution was 960 billion won last year. Its share has risen to 1.04 "
        "trillion won."
    ) == [("South Korea", "baseline", "960000000000"), ("South Korea", "baseline", "1040000000000")]


def test_positions_gap_between_the_sides_is_no_position():
    assert positions("Officials tried to narrow a US$4 billion gap between the two sides.") == []


@pytest.mark.parametrize(
    "text",
    [
        "A study said that 96 percent of South Koreans oppose paying more.",
        "Seoul agreed to pay 90 percent of the $10.7 billion cost of moving a U.S. base.",
        "The U.S. growth rate, 3.4 percent in the third quarter, is slowing.",
        "The two sides want a deal that would govern nearly 1 trillion dollars in annual trade.",
    ],
)
def test_positions_shares_indicators_and_trade_are_no_positions(text):
    assert positions(text) == []


def test_positions_noun_right_after_the_figure_names_its_kind_and_party():
    assert positions(
        "Officials broke off talks amid a public backlash over the cost burden and a $5 billion "
        "U.S. demand for the bill."
    ) == [("United States", "demand", "5000000000")]


def test_positions_clause_after_the_figure_names_the_payer():
    assert positions(
        "Washington demanded 950 billion won, up 9.2 percent from the 869.5 billion won that "
        "Seoul paid last year."
    ) == [
        ("United States", "demand", "950000000000"),
        ("United States", "demand", "9.2"),
        ("South Korea", "baseline", "869500000000"),
    ]


def test_positions_what_was_agreed_for_this_year_is_a_baseline():
    assert positions(
        "U.S. officials demanded up to $5 billion a year, more than five times the 1.04 trillion "
        "won Seoul agreed to pay this year."
    ) == [("United States", "demand", "5000000000"), ("South Korea", "baseline", "1040000000000")]


def test_positions_pronoun_after_saying_is_the_subject():
    assert positions(
        "Seoul has been reluctant to give in to the U.S. demand, saying it can settle for around "
        "900 billion won."
    ) == [("South Korea", "offer", "900000000000")]


def test_positions_active_past_change_is_agreed_and_its_level_a_baseline():
    assert positions(
        "Seoul increased its share of costs by 8.2 percent to more than $800 million."
    ) == [
        ("South Korea", "agreed", "8.2"),
        ("South Korea", "baseline", "800000000"),
    ]
