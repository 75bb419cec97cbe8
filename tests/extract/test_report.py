import datetime as dt

import pytest

from tracker.extract import ExtractionInputError, extract_report
from tracker.extract.context import NegotiationContext, PartyRow

STORY_DATE = dt.date(2020, 4, 2)
TODAY = dt.date(2026, 1, 1)


def test_report_seed_gives_the_five_cooper_quotes(seed_result):
    quotes = [s for s in seed_result["candidates"]["statements"] if s["kind"] == "quote"]
    assert len(quotes) == 5
    assert {q["speaker"] for q in quotes} == {"R. Clarke Cooper"}
    assert {q["party"] for q in quotes} == {"United States"}
    assert quotes[0]["quote"].startswith("We would prefer face to face.")
    assert quotes[4]["quote"].startswith("But the important thing is the talks are continuing")


def test_report_seed_known_quotes_are_the_recorded_ones(seed_result, demo_context):
    quotes = [s for s in seed_result["candidates"]["statements"] if s["kind"] == "quote"]
    recorded = {row.id for row in demo_context.rows["statements"]
                if row.fields["speaker"] == "R. Clarke Cooper"}  # fmt: skip
    assert [q["duplicate_of"] in recorded for q in quotes] == [True, True, True, True, False]


def test_report_seed_gives_both_figures_with_their_parties(seed_result):
    figures = [(p["party"], p["kind"], p["amount"], p["currency"], p["date"])
               for p in seed_result["candidates"]["positions"]]  # fmt: skip
    assert figures == [
        ("United States", "demand", "5000000000", "USD", None),
        ("South Korea", "baseline", "870000000", "USD", "2019"),
    ]
    assert all(p["duplicate_of"] for p in seed_result["candidates"]["positions"])
    assert all(
        "reported, not confirmed" in p["flags"] for p in seed_result["candidates"]["positions"]
    )


def test_report_seed_furlough_is_the_existing_event(seed_result, demo_context):
    expired, event = seed_result["candidates"]["events"]
    assert expired["date"] == "2019"
    assert "expired at the end of last year" in expired["evidence"]
    assert event["date"] == "2020-04-01"
    assert expired["duplicate_of"] is None  # not "First round of 11th SMA talks opens in Seoul"
    existing = next(row for row in demo_context.rows["events"] if row.id == event["duplicate_of"])
    assert "unpaid leave" in existing.fields["title"]


def test_report_seed_round_count_agrees_with_the_record(seed_result):
    (check,) = seed_result["checks"]
    assert {k: check[k] for k in ("count", "since", "recorded", "agrees")} == {
        "count": 7, "since": "2019-09", "recorded": 7, "agrees": True,
    }  # fmt: skip


def test_report_seed_source_card(seed_result):
    source = seed_result["source"]
    assert source["publisher"] == "Yonhap News Agency"
    assert source["author"] == "Lee Haye-ah"
    assert source["published"] == "2020-04-02"
    assert source["duplicate_of"] is not None  # the demo already cites this story (no address)


def test_report_round_under_way_is_not_yet_held(seed_text, demo_context):
    # Round 7 ran 17-19 March 2020: a story of 18 March counts six rounds held.
    text = seed_text.replace("seven rounds", "six rounds")
    result = extract_report(text, demo_context, published=dt.date(2020, 3, 18))
    assert (result["checks"][0]["recorded"], result["checks"][0]["agrees"]) == (6, True)
    result = extract_report(text, demo_context, published=dt.date(2020, 3, 20))
    assert (result["checks"][0]["recorded"], result["checks"][0]["agrees"]) == (7, False)


def test_report_yonhap_address_gives_story_version_and_date(seed_text, demo_context):
    result = extract_report(
        seed_text, demo_context, url="https://en.yna.co.kr/view/AEN20200403000151325"
    )
    source = result["source"]
    assert (source["story"], source["version"]) == ("AEN202004030001", 2)
    # Filed on 3 April in Seoul; the dateline's "April 2" (Washington) is the story's day.
    assert source["published"] == "2020-04-02"
    assert "date read from the dateline" in source["flags"]


EMPTY = NegotiationContext("talks", parties=[PartyRow("South Korea")])


@pytest.mark.parametrize(
    ("text", "published", "message"),
    [
        ("", None, "The text is empty"),
        ("   \n ", None, "The text is empty"),
        ("word " * 30_000, None, "at most 100,000"),
        ("방위비 분담금 협상이 계속되고 있다. 양측은 합의했다.", None, "no English sentences"),
        (
            "The talks resumed on Monday and the two sides met.",
            dt.date(2026, 5, 1),
            "in the future",
        ),
    ],
    ids=["empty", "blank", "too-long", "not-english", "future"],
)
def test_report_bad_input_is_refused_with_a_message(text, published, message):
    with pytest.raises(ExtractionInputError, match=message):
        extract_report(text, EMPTY, published=published, today=TODAY)


def test_report_future_date_from_the_address_is_refused():
    with pytest.raises(ExtractionInputError, match="in the future"):
        extract_report(
            "The talks resumed on Monday and the two sides met.", EMPTY,
            url="https://en.yna.co.kr/view/AEN20300101000100325", today=TODAY,
        )  # fmt: skip


def test_report_later_version_offers_only_what_changed(seed_text, demo_document):
    from tracker.extract.context import context_from_document

    item = demo_document["negotiations"][0]
    first = "https://en.yna.co.kr/view/AEN20200403000100325"
    item = {**item, "positions": [
        {**p, "sources": [first]} if p.get("amount") == "5000000000" else p
        for p in item["positions"]]}  # fmt: skip
    context = context_from_document(item)
    for row in context.sources:
        if row.url == first:
            object.__setattr__(row, "story", "AEN202004030001")
            object.__setattr__(row, "version", 1)
    text = seed_text.replace("$870 million", "$920 million")
    result = extract_report(
        text, context, url="https://en.yna.co.kr/view/AEN20200403000151325",
        published=STORY_DATE,
    )  # fmt: skip
    assert result["source"]["supersedes"] is not None
    figures = [p["amount"] for p in result["candidates"]["positions"]]
    assert figures == ["920000000"]  # the $5 billion of the first version is not offered again


def report_of(text, parties=("South Korea", "United States")):
    context = NegotiationContext("talks", parties=[PartyRow(name) for name in parties])
    return extract_report("Title\n" + text, context, published=STORY_DATE, today=TODAY)


def test_report_spelled_figures_are_read():
    result = report_of(
        "The U.S. recently demanded one-point-three billion dollars a year, officials said."
    )
    assert result["candidates"]["positions"][0]["amount"] == "1300000000"


def test_report_party_named_after_the_figure():
    result = report_of(
        "Talks broke off amid a public backlash over a $5 billion U.S. demand for the bill."
    )
    (position,) = result["candidates"]["positions"]
    assert (position["party"], position["kind"]) == ("United States", "demand")


def test_report_tariffs_are_not_positions():
    result = report_of(
        "Washington raised tariffs to 25 percent on $200 billion of Chinese goods on Monday.",
        parties=("China", "United States"),
    )
    assert result["candidates"]["positions"] == []


def test_report_event_inside_reported_speech():
    result = report_of(
        "South Korean and U.S. officials broke off talks on Tuesday, South Korea's Foreign "
        "Ministry said, amid a public backlash."
    )
    (event,) = result["candidates"]["events"]
    assert event["date"] == "2020-03-31"
    assert result["candidates"]["statements"][0]["speaker"] == "South Korea's Foreign Ministry"


def test_report_plans_are_not_events():
    result = report_of("The two sides will sign the agreement in May, officials expect.")
    assert result["candidates"]["events"] == []


def test_report_a_sentence_with_a_figure_is_a_position_and_an_event():
    result = report_of("Seoul agreed to increase its share by 8.2% last February.")
    assert [p["kind"] for p in result["candidates"]["positions"]] == ["agreed"]
    assert [e["date"] for e in result["candidates"]["events"]] == ["2020-02"]
