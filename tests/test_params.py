import datetime as dt

import pytest
from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from timeline.params import (
    LANES,
    CompareParams,
    ListFilters,
    TimelineParams,
    TimelineParamsError,
)


def parse(text):
    return TimelineParams.from_query(QueryDict(text))


def test_params_defaults_show_everything():
    params = parse("")
    assert params == TimelineParams()
    assert params.lanes == LANES
    assert params.parties == ()
    assert params.theme == "auto"
    assert params.to_query() == ""


@pytest.mark.parametrize(
    "query",
    ["lanes=statements,rounds", "lanes=statements&lanes=rounds", "lane=rounds&lane=statements"],
)
def test_params_lanes_in_any_form_keep_lane_order(query):
    assert parse(query).lanes == ("rounds", "statements")


def test_params_parties_keep_order_and_drop_repeats():
    params = parse("party=United+States&party=South+Korea&party=United+States")
    assert params.parties == ("United States", "South Korea")


def test_params_partial_dates_cover_whole_months_and_years():
    params = parse("start=2019-09&end=2020")
    assert params.start == dt.date(2019, 9, 1)
    assert params.end == dt.date(2020, 12, 31)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("lanes=rounds,speeches", 'lanes: "speeches" is not a lane'),
        ("start=2019-13", "start:"),
        ("start=yesterday", "start:"),
        ("start=2020&end=2019", "end: 2019-12-31 is before start 2020-01-01"),
        ("as_of=April", 'as_of: "April" is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)'),
        ("as_of=2020-02-30", "as_of:"),
        ("theme=blue", 'theme: "blue" is not one of auto, light, dark'),
        ("height=99", "height:"),
        ("height=tall", "height:"),
        ("start=2019&start=2020", "start: give one value, not 2"),
    ],
)
def test_params_bad_values_name_the_parameter(query, named):
    with pytest.raises(TimelineParamsError) as error:
        parse(query)
    assert named in str(error.value)


def test_params_round_trip_through_query():
    params = TimelineParams(
        lanes=("rounds", "positions"),
        parties=("South Korea", "A & B"),
        start=dt.date(2019, 9, 1),
        end=dt.date(2020, 6, 30),
        as_of=dt.date(2020, 4, 1),
        theme="dark",
        height=700,
    )
    assert parse(params.to_query()) == params


@given(
    lanes=st.lists(st.sampled_from(LANES), min_size=1, unique=True),
    parties=st.lists(
        st.text(st.characters(blacklist_categories=["Cs", "Cc", "Z"]), min_size=1, max_size=20),
        max_size=3,
        unique=True,
    ),
    theme=st.sampled_from(["auto", "light", "dark"]),
)
def test_params_to_query_gives_the_same_params_back(lanes, parties, theme):
    params = TimelineParams(
        lanes=tuple(lane for lane in LANES if lane in lanes), parties=tuple(parties), theme=theme
    )
    assert parse(params.to_query()) == params


def test_params_accept_a_plain_dict_of_lists():
    assert TimelineParams.from_query({"lanes": ["rounds"], "party": "Chile"}).parties == ("Chile",)


def test_compare_params_parse_slugs_and_alignment():
    params = CompareParams.from_query(QueryDict("n=sma-11&n=other&n=sma-11&align=relative"))
    assert params.slugs == ("sma-11", "other")
    assert params.align == "relative"
    assert CompareParams.from_query(QueryDict(params.to_query())) == params


def test_compare_params_refuse_an_unknown_alignment():
    with pytest.raises(TimelineParamsError, match="align"):
        CompareParams.from_query(QueryDict("n=a&align=sideways"))


def test_list_filters_parse_and_refuse_a_bad_year():
    filters = ListFilters.from_query(QueryDict("q=cost&party=Chile&status=concluded&year=2020"))
    assert (filters.q, filters.party, filters.status, filters.year) == (
        "cost",
        "Chile",
        "concluded",
        2020,
    )
    assert filters.active
    with pytest.raises(TimelineParamsError, match="year"):
        ListFilters.from_query(QueryDict("year=20x0"))
    with pytest.raises(TimelineParamsError, match="status"):
        ListFilters.from_query(QueryDict("status=dormant"))
