from decimal import Decimal

from tracker.extract.context import NegotiationContext, PersonRow, Row
from tracker.extract.duplicates import ALREADY_CITED, compatible, contradictions, mark_duplicates
from tracker.partialdate import PartialDate


def context():
    return NegotiationContext(
        "talks",
        people=[PersonRow(5, "R. Clarke Cooper")],
        rows={
            "positions": [
                Row(1, "positions", {"party": "United States", "kind": "demand",
                    "currency": "USD", "amount": Decimal("5000000000"),
                    "percent_change": None, "date": PartialDate.parse("2019-10")}, (9,)),
            ],
            "statements": [
                Row(2, "statements", {"speaker": "R. Clarke Cooper",
                    "quote": "We would prefer face to face. They've never ended,"}),
            ],
            "events": [
                Row(3, "events", {"date": PartialDate.parse("2020-04-01"),
                    "title": "About 4,000 Korean USFK workers placed on unpaid leave"}),
            ],
            "rounds": [Row(4, "rounds", {"number": 7, "start": PartialDate.parse("2020-03-17")})],
        },
    )  # fmt: skip


def position(**fields):
    return {"party": "United States", "kind": "demand", "currency": "USD",
            "amount": "5000000000", "percent_change": None, "date": None, "flags": [],
            "duplicate_of": None, **fields}  # fmt: skip


def test_duplicates_partial_dates_are_compatible_when_one_contains_the_other():
    assert compatible(PartialDate.parse("2019"), PartialDate.parse("2019-10-23"))
    assert not compatible(PartialDate.parse("2019-09"), PartialDate.parse("2019-10"))


def test_duplicates_same_position_is_recognised_and_cited_source_flagged():
    candidates = {"positions": [position()]}
    mark_duplicates(candidates, context(), source_id=9)
    assert candidates["positions"][0]["duplicate_of"] == 1
    assert ALREADY_CITED in candidates["positions"][0]["flags"]


def test_duplicates_other_figure_or_party_is_new():
    candidates = {"positions": [position(amount="4000000000"), position(party="South Korea")]}
    mark_duplicates(candidates, context())
    assert [c["duplicate_of"] for c in candidates["positions"]] == [None, None]


def test_duplicates_quote_cut_differently_is_the_same_statement():
    candidates = {"statements": [{"speaker": "R. Clarke Cooper", "flags": [],
                  "quote": "We would prefer face to face. They've never ended"}]}  # fmt: skip
    mark_duplicates(candidates, context())
    assert candidates["statements"][0]["duplicate_of"] == 2


def test_duplicates_same_words_from_another_speaker_are_new():
    candidates = {"statements": [{"speaker": "James DeHart", "flags": [],
                  "quote": "We would prefer face to face. They've never ended"}]}  # fmt: skip
    mark_duplicates(candidates, context())
    assert candidates["statements"][0]["duplicate_of"] is None


def test_duplicates_event_by_date_and_words():
    title = "U.S. Forces Korea placed thousands of South Korean workers on unpaid leave"
    candidates = {"events": [
        {"date": "2020-04-01", "flags": [], "title": title},
        {"date": "2020-05-01", "flags": [], "title": title},
    ]}  # fmt: skip
    mark_duplicates(candidates, context())
    assert [c["duplicate_of"] for c in candidates["events"]] == [3, None]


def test_duplicates_round_by_number_and_people_by_name():
    candidates = {"rounds": [{"number": 7, "start": None, "flags": []}],
                  "people": [{"name": "R. Clarke Cooper"}, {"name": "Mark Esper"}]}  # fmt: skip
    mark_duplicates(candidates, context())
    assert candidates["rounds"][0]["duplicate_of"] == 4
    assert [p["duplicate_of"] for p in candidates["people"]] == [5, None]


def test_duplicates_contradiction_is_same_subject_other_figure():
    rows = context().rows["positions"]
    assert contradictions(position(amount="4000000000"), "positions", rows) == [1]
    assert contradictions(position(), "positions", rows) == []


def test_duplicates_a_long_sentence_sharing_a_few_words_is_a_new_event():
    title = (
        "Seoul and Washington have conducted seven rounds of negotiations in Seoul to renew "
        "the agreement, which expired"
    )
    candidates = {"events": [{"date": "2019", "flags": [], "title": title}]}
    talks = context()
    talks.rows["events"] = [Row(9, "events", {"date": PartialDate.parse("2019-09-24"),
                            "title": "First round of 11th SMA talks opens in Seoul"})]  # fmt: skip
    mark_duplicates(candidates, talks)
    assert candidates["events"][0]["duplicate_of"] is None
