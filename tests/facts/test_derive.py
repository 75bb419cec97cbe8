"""Derived facts over plain records: the demo checked by hand against its sources; edge cases."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.facts.derive import (
    EventRecord,
    NegotiationRecords,
    PositionRecord,
    RoundRecord,
    SinceEventError,
    SourceRecord,
    StatementRecord,
    compute_facts,
)
from tracker.facts.text import SENTENCE_LIST_LIMIT

D = dt.date.fromisoformat


def records_from_document(document):
    """A document's first negotiation as plain records, ids numbered by place in each lane."""
    negotiation = document["negotiations"][0]
    sources = {}

    def source_ids(item):
        ids = []
        for source in item.get("sources", []):
            key = source if isinstance(source, str) else repr(sorted(source.items()))
            if key not in sources:
                url = source if isinstance(source, str) else source.get("url", "")
                title = "" if isinstance(source, str) else source.get("title", "")
                published = None if isinstance(source, str) else source.get("published")
                sources[key] = SourceRecord(
                    id=len(sources) + 1, url=url, title=title, published=published
                )
            ids.append(sources[key].id)
        return tuple(ids)

    people = {p["name"]: p.get("party") or "" for p in negotiation["people"]}
    fields = {
        "rounds": ("number", "number_inferred", "end", "location", "format"),
        "positions": ("date", "amount", "amount_min", "amount_max", "percent_change", "period"),
    }

    def common(i, item, lane):
        picked = {name: item[name] for name in fields.get(lane, ()) if item.get(name) is not None}
        return {"id": i + 1, "sequence": i, "source_ids": source_ids(item), **picked}

    rounds = tuple(
        RoundRecord(start=r["start"], **common(i, r, "rounds"))
        for i, r in enumerate(negotiation["rounds"])
    )
    issues = {
        issue["slug"]: (order, issue["title"])
        for order, issue in enumerate(negotiation.get("issues", ()))
    }
    positions = tuple(
        PositionRecord(
            party=p["party"],
            issue=p.get("issue", "general"),
            issue_order=issues.get(p.get("issue"), (0, ""))[0],
            issue_title=issues.get(p.get("issue"), (0, "General"))[1],
            kind=p["kind"],
            currency=p.get("currency") or "",
            unit=p.get("unit") or "",
            **common(i, p, "positions"),
        )
        for i, p in enumerate(negotiation["positions"])
    )
    events = tuple(
        EventRecord(date=e["date"], end=e.get("end"), title=e["title"], **common(i, e, "events"))
        for i, e in enumerate(negotiation["events"])
    )
    statements = tuple(
        StatementRecord(
            date=s["date"],
            party=s.get("party") or people.get(s.get("speaker"), ""),
            **common(i, s, "statements"),
        )
        for i, s in enumerate(negotiation["statements"])
    )
    return NegotiationRecords(
        slug=negotiation["slug"],
        title=negotiation["title"],
        rounds=rounds,
        positions=positions,
        events=events,
        statements=statements,
        sources={s.id: s for s in sources.values()},
    )


@pytest.fixture(scope="module")
def demo_records(demo_document):
    """The demo document as plain records, without the database."""
    return records_from_document(demo_document)


def texts(facts):
    return [sentence["text"] for sentence in facts["sentences"]]


def group(facts, party, kind, measure):
    found = [
        g
        for g in facts["positions"]
        if (g["party"], g["kind"], g["measure"]) == (party, kind, measure)
    ]
    assert len(found) == 1, found
    return found[0]


# Checked by hand against the sources cited in tracker/demo/sma-11.json and the seed article.
@pytest.mark.parametrize(
    ("as_of", "held", "latest_number", "latest_start", "latest_end", "rounds_sentence"),
    [
        (
            "2020-04-02",
            7,
            7,
            "2020-03-17",
            "2020-03-19",
            "7 rounds since September 2019; the latest, the 7th, in Los Angeles"
            " on 17-19 March 2020",
        ),
        (
            "2019-12-31",
            5,
            5,
            "2019-12-17",
            "2019-12-18",
            "5 rounds since September 2019; the latest, the 5th, in Seoul on 17-18 December 2019",
        ),
        (
            "2019-09-24",
            1,
            1,
            "2019-09-24",
            "2019-09-25",
            "1 round since September 2019; the latest, the 1st, in Seoul on 24-25 September 2019,"
            " under way",
        ),
        (
            "2021-02-05",
            8,
            8,
            "2021-02-05",
            "2021-02-05",
            "8 rounds since September 2019 (7 in person, 1 virtual); the latest, the 8th,"
            " held virtually on 5 February 2021",
        ),
    ],
)
def test_rounds_demo(
    demo_records, as_of, held, latest_number, latest_start, latest_end, rounds_sentence
):
    facts = compute_facts(demo_records, D(as_of))
    rounds = facts["rounds"]
    assert rounds["held"] == held
    assert rounds["first_start"] == "2019-09-24"
    assert rounds["first_start_display"] == "September 2019"
    assert rounds["latest"]["number"] == latest_number
    assert (rounds["latest"]["start"], rounds["latest"]["end"]) == (latest_start, latest_end)
    assert rounds["highest_stated_number"] == held
    assert texts(facts)[0] == rounds_sentence
    assert not any(t.startswith(f"{held} rounds recorded") for t in texts(facts))


def test_rounds_demo_seed_day_location_and_format(demo_records):
    rounds = compute_facts(demo_records, D("2020-04-02"))["rounds"]
    assert rounds["latest"]["location"] == "Los Angeles, California, United States"
    assert rounds["latest"]["in_progress"] is False
    assert rounds["by_format"] == {"in_person": 7, "virtual": 0, "hybrid": 0}
    assert rounds["numbering"] == {"stated": 7, "inferred": [], "unnumbered": 0, "agrees": True}
    assert rounds["possibly"] == []
    assert rounds["latest_may_be"] == []


def test_rounds_demo_before_first_round_says_none(demo_records):
    facts = compute_facts(demo_records, D("2019-09-23"))
    assert facts["rounds"]["held"] == 0
    assert facts["rounds"]["latest"] is None
    assert facts["rounds"]["first_start"] is None
    assert facts["rounds"]["highest_stated_number"] is None
    assert texts(facts)[0] == "No rounds held by 23 September 2019"
    assert "No statements recorded by 23 September 2019" in texts(facts)


def test_rounds_demo_inferred_number_is_said(demo_records):
    facts = compute_facts(demo_records, D("2021-12-31"))
    rounds = facts["rounds"]
    assert rounds["held"] == 9
    assert rounds["highest_stated_number"] == 8
    assert rounds["numbering"] == {"stated": 8, "inferred": [9], "unnumbered": 0, "agrees": False}
    assert rounds["latest"]["number"] is None
    assert rounds["latest"]["number_inferred"] == 9
    assert texts(facts)[0] == (
        "9 rounds since September 2019 (8 in person, 1 virtual); the latest, the 9th"
        " (number inferred), in Washington on 5-7 March 2021"
    )
    assert texts(facts)[1] == (
        "9 rounds recorded; the highest stated number is 8; round 9's number is inferred"
    )


def test_positions_demo_us_demand_on_seed_day(demo_records):
    facts = compute_facts(demo_records, D("2020-04-02"))
    demand = group(facts, "United States", "demand", "USD")
    assert (demand["first"]["amount"], demand["first"]["date"]) == ("5000000000", "2019-10")
    assert (demand["latest"]["amount"], demand["latest"]["date"]) == ("4000000000", "2020-03")
    assert demand["latest"]["currency"] == "USD"
    assert demand["latest"]["sources"]
    assert demand["possibly"] == []
    assert (
        "US demand: $4 billion (March 2020), down from $5 billion (October 2019);"
        " 4.6 times the 2019 baseline of $870 million"
    ) in texts(facts)


def test_gaps_demo_ratio_against_same_currency_baseline_only(demo_records):
    gaps = compute_facts(demo_records, D("2020-04-02"))["gaps"]
    baseline = [g for g in gaps if g["against"]["kind"] == "baseline"]
    assert len(baseline) == 1
    gap = baseline[0]
    assert (gap["party"], gap["kind"], gap["amount"], gap["currency"]) == (
        "United States",
        "demand",
        "4000000000",
        "USD",
    )
    assert gap["against"]["party"] == "South Korea"
    assert gap["against"]["amount"] == "870000000"
    assert gap["ratio"] == "4.5977"  # 4,000,000,000 / 870,000,000 = 4.59770...
    assert gap["difference"] == "3130000000"


def test_gaps_demo_percent_offer_is_not_compared_with_dollars(demo_records):
    gaps = compute_facts(demo_records, D("2020-04-02"))["gaps"]
    offers = [g for g in gaps if g["against"]["kind"] == "offer"]
    assert [(g["against"]["percent_change"], g["ratio"], g["reason"]) for g in offers] == [
        ("13", None, "percentage")
    ]


@pytest.mark.parametrize(
    ("as_of", "latest_amount", "possibly_amounts", "ratio"),
    [
        ("2020-03-30", "5000000000", ["4000000000"], "5.7471"),
        ("2020-03-31", "4000000000", [], "4.5977"),
    ],
)
def test_positions_demo_month_precision_counts_once_the_month_is_past(
    demo_records, as_of, latest_amount, possibly_amounts, ratio
):
    facts = compute_facts(demo_records, D(as_of))
    demand = group(facts, "United States", "demand", "USD")
    assert demand["latest"]["amount"] == latest_amount
    assert [p["amount"] for p in demand["possibly"]] == possibly_amounts
    assert [g["ratio"] for g in facts["gaps"] if g["against"]["kind"] == "baseline"] == [ratio]


def test_positions_demo_possible_figure_is_said_apart(demo_records):
    facts = compute_facts(demo_records, D("2020-03-30"))
    assert (
        "US demand: $5 billion (October 2019); 5.7 times the 2019 baseline of $870 million;"
        " possibly by then, not counted: $4 billion (March 2020)"
    ) in texts(facts)
    offer = group(facts, "South Korea", "offer", "percent")
    assert offer["latest"] is None
    assert [p["percent_change"] for p in offer["possibly"]] == ["10", "13"]


def test_positions_demo_year_baseline_is_only_possible_inside_its_year(demo_records):
    facts = compute_facts(demo_records, D("2019-11-01"))
    baseline = group(facts, "South Korea", "baseline", "USD")
    assert baseline["latest"] is None
    assert [p["amount"] for p in baseline["possibly"]] == ["870000000"]
    assert [g for g in facts["gaps"] if g["against"]["kind"] == "baseline"] == []


def test_positions_demo_currencies_are_separate_series(demo_records):
    facts = compute_facts(demo_records, D("2021-12-31"))
    krw = group(facts, "South Korea", "agreed", "KRW")
    usd = group(facts, "South Korea", "agreed", "USD")
    assert krw["latest"]["amount"] == "1183300000000"
    assert krw["latest"]["percent_change"] == "13.9"
    assert usd["latest"]["amount"] == usd["first"]["amount"] == "200000000"
    assert group(facts, "South Korea", "offer", "percent")["latest"]["percent_change"] == "13"
    assert "South Korea offer: a 13% increase and a 10% increase (both March 2020)" in texts(facts)


def test_positions_demo_percent_only_reported_as_percentages(demo_records):
    facts = compute_facts(demo_records, D("2020-04-02"))
    offer = group(facts, "South Korea", "offer", "percent")
    assert offer["latest"]["amount"] is None
    assert offer["latest"]["percent_change"] == "13"


def test_events_demo_latest_and_days_since_expiry(demo_records):
    facts = compute_facts(demo_records, D("2020-04-02"))
    events = facts["events"]
    assert events["latest"]["date"] == "2020-04-01"
    since = events["since"]
    assert since["event"]["date"] == "2019-12-31"
    assert since["days_min"] == since["days_max"] == 93  # 31 + 29 + 31 + 2
    assert "93 days since 31 December 2019: 10th SMA expires without a successor agreement" in (
        texts(facts)
    )


def test_events_demo_no_expiry_yet(demo_records):
    since = compute_facts(demo_records, D("2019-12-30"))["events"]["since"]
    assert since["event"] is None
    assert since["days_min"] is None


def test_statements_demo_by_party(demo_records):
    statements = compute_facts(demo_records, D("2020-04-02"))["statements"]
    assert statements["count"] == 14
    assert statements["by_party"] == {"United States": 6, "": 5, "South Korea": 3}


def test_sentences_demo_carry_records_and_sources(demo_records):
    facts = compute_facts(demo_records, D("2020-04-02"))
    rounds_sentence = facts["sentences"][0]
    assert rounds_sentence["records"] == [{"lane": "rounds", "id": n} for n in range(1, 8)]
    urls = [source["url"] for source in rounds_sentence["sources"]]
    assert "https://en.yna.co.kr/view/AEN20200319002851325" in urls
    assert len(urls) == len(set(urls))
    for sentence in facts["sentences"]:
        if sentence["records"]:
            assert sentence["sources"], sentence["text"]


@given(st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2022, 12, 31)))
def test_rounds_demo_count_only_what_certainly_happened(demo_records, as_of):
    facts = compute_facts(demo_records, as_of)
    certain = [r for r in demo_records.rounds if r.start.latest <= as_of]
    assert facts["rounds"]["held"] == len(certain)
    for g in facts["positions"]:
        for figure in (g["first"], g["latest"]):
            assert figure is None or figure["date"] <= as_of.isoformat()


def test_rounds_demo_held_never_falls(demo_records):
    days = [dt.date(2019, 9, 1) + dt.timedelta(days=n) for n in range(0, 800, 7)]
    held = [compute_facts(demo_records, day)["rounds"]["held"] for day in days]
    assert held == sorted(held)
    assert held[-1] == 9


# Hand-made negotiations the demo does not cover.


def records(**lanes):
    return NegotiationRecords(slug="made", title="Made up", **lanes)


def test_sentences_list_the_first_records_and_sources_but_count_them_all():
    count = SENTENCE_LIST_LIMIT + 50
    statements = tuple(
        StatementRecord(id=n, date=f"2020-01-{n % 28 + 1:02d}", party="A", sequence=n,
                        source_ids=(n, 10_000 + n))
        for n in range(1, count + 1)
    )  # fmt: skip
    sources = {i: SourceRecord(id=i, title=f"Report {i}") for s in statements for i in s.source_ids}
    made = NegotiationRecords(slug="made", title="Made up", statements=statements, sources=sources)
    facts = compute_facts(made, D("2020-12-31"))
    sentence = next(s for s in facts["sentences"] if s["records"])
    assert sentence["record_count"] == count
    assert len(sentence["records"]) == SENTENCE_LIST_LIMIT
    assert sentence["source_count"] == 2 * count
    assert len(sentence["sources"]) == SENTENCE_LIST_LIMIT
    listed = {record["id"] for record in sentence["records"]}
    assert all(source["id"] in listed or source["id"] - 10_000 in listed
               for source in sentence["sources"])  # fmt: skip


def test_rounds_unnumbered_and_skipped_numbers_are_said():
    made = records(
        rounds=(
            RoundRecord(id=1, start="2022-01-10", number=1, location="Geneva"),
            RoundRecord(id=2, start="2022-02-10", number=3, location="Geneva"),
            RoundRecord(id=3, start="2022-03-10", location="Vienna, Austria"),
        )
    )
    facts = compute_facts(made, D("2022-12-31"))
    assert facts["rounds"]["highest_stated_number"] == 3
    assert facts["rounds"]["numbering"] == {
        "stated": 2,
        "inferred": [],
        "unnumbered": 1,
        "agrees": False,
    }
    assert texts(facts)[:2] == [
        "3 rounds since January 2022; the latest, unnumbered, in Vienna on 10 March 2022",
        "3 rounds recorded; the highest stated number is 3; 1 round without a number",
    ]


def test_rounds_skipped_number_means_unrecorded_round():
    made = records(
        rounds=(
            RoundRecord(id=1, start="2022-01-10", number=1),
            RoundRecord(id=2, start="2022-02-10", number=3),
        )
    )
    facts = compute_facts(made, D("2022-12-31"))
    assert texts(facts)[1] == "2 rounds recorded; the highest stated number is 3"


def test_rounds_without_any_stated_number():
    made = records(rounds=(RoundRecord(id=1, start="2022-01-10", number_inferred=1),))
    assert texts(compute_facts(made, D("2022-12-31")))[1] == (
        "1 round recorded; none has a stated number; round 1's number is inferred"
    )


@pytest.mark.parametrize(
    ("as_of", "held", "possibly"),
    [("2022-02-27", 1, 1), ("2022-02-28", 2, 0), ("2022-01-31", 1, 0), ("2021-12-31", 0, 0)],
)
def test_rounds_month_precision_start_at_the_edges(as_of, held, possibly):
    made = records(
        rounds=(
            RoundRecord(id=1, start="2022-01-10", number=1),
            RoundRecord(id=2, start="2022-02", number=2),
        )
    )
    rounds = compute_facts(made, D(as_of))["rounds"]
    assert (rounds["held"], len(rounds["possibly"])) == (held, possibly)


def test_rounds_latest_unsure_when_a_month_precision_round_may_be_later():
    made = records(
        rounds=(
            RoundRecord(id=1, start="2022-03", number=1, location="Oslo"),
            RoundRecord(id=2, start="2022-03-10", number=2, location="Bern"),
        )
    )
    facts = compute_facts(made, D("2022-04-01"))
    assert facts["rounds"]["latest"]["id"] == 2
    assert [r["id"] for r in facts["rounds"]["latest_may_be"]] == [1]
    assert texts(facts)[0] == (
        "2 rounds since March 2022; the latest, the 2nd, in Bern on 10 March 2022"
        " (unless a round dated March 2022 came later)"
    )


def test_rounds_only_possible_are_said_apart():
    made = records(rounds=(RoundRecord(id=1, start="2022-02", number=1),))
    facts = compute_facts(made, D("2022-02-15"))
    assert texts(facts)[:2] == [
        "No rounds held by 15 February 2022",
        "1 round possibly held by 15 February 2022 but not certainly (dated February 2022);"
        " not counted",
    ]


def offer_and_demand(offer, demand, *, offer_party="A", offer_kind="offer"):
    """Facts as of 1 February 2020 about A's offer (1 January) and B's demand (2 January)."""
    made = records(
        positions=(
            PositionRecord(id=1, party=offer_party, kind=offer_kind, date="2020-01-01", **offer),
            PositionRecord(id=2, party="B", kind="demand", date="2020-01-02", **demand),
        )
    )
    return compute_facts(made, D("2020-02-01"))


USD = {"currency": "USD"}


@pytest.mark.parametrize(
    ("offer", "demand", "expected", "clause"),
    [
        (
            {"amount": "120", **USD},
            {"amount": "300", **USD},
            {"ratio": "2.5000", "difference": "180", "reason": None},
            "2.5 times A's offer of $120 (1 January 2020)",
        ),
        (
            {"percent_change": "10"},
            {"percent_change": "49.5"},
            {"ratio": None, "difference": None, "difference_points": "39.5", "reason": None},
            "39.5 percentage points above A's offer of a 10% increase (1 January 2020)",
        ),
        (
            {"amount": "1038900000000", "currency": "KRW"},
            {"amount": "5000000000", **USD},
            {"ratio": None, "difference": None, "reason": "different currencies"},
            "against A's offer of 1.0389 trillion won (1 January 2020),"
            " in another currency, so no ratio",
        ),
        (
            {"amount": "10", "unit": "tonnes"},
            {"amount": "40", "unit": "bushels"},
            {"ratio": None, "difference": None, "reason": "different units"},
            "against A's offer of 10 tonnes (1 January 2020), in other units, so no ratio",
        ),
        (
            {"amount": "0", **USD},
            {"amount": "40", **USD},
            {"ratio": None, "difference": None, "reason": "zero"},
            "against A's offer of $0 (1 January 2020), zero, so no ratio",
        ),
        (
            {"amount": "100", **USD},
            {"amount_min": "150", "amount_max": "200", **USD},
            {"ratio": None, "ratio_min": "1.5000", "ratio_max": "2.0000", "reason": "range"},
            "1.5 to 2.0 times A's offer of $100 (1 January 2020)",
        ),
        (
            {"amount": "100", **USD},
            {"amount_min": "300", **USD},
            {"ratio_min": "3.0000", "ratio_max": None},
            "at least 3.0 times A's offer of $100 (1 January 2020)",
        ),
        (
            {"amount": "100", **USD},
            {"amount_max": "300", **USD},
            {"ratio_min": None, "ratio_max": "3.0000"},
            "at most 3.0 times A's offer of $100 (1 January 2020)",
        ),
        (
            {"amount_min": "100", "amount_max": "200", **USD},
            {"amount": "300", **USD},
            {"ratio_min": "1.5000", "ratio_max": "3.0000"},
            "1.5 to 3.0 times A's offer of $100 to $200 (1 January 2020)",
        ),
        (
            {"amount_min": "0", "amount_max": "200", **USD},
            {"amount": "300", **USD},
            {"ratio_min": "1.5000", "ratio_max": None},
            "at least 1.5 times A's offer of $0 to $200 (1 January 2020)",
        ),
        (
            {"amount_max": "200", **USD},
            {"amount_max": "300", **USD},
            {"ratio_min": None, "ratio_max": None, "reason": "range"},
            "against A's offer of up to $200 (1 January 2020), a range, so no single ratio",
        ),
    ],
)
def test_gaps_computed_only_like_for_like(offer, demand, expected, clause):
    facts = offer_and_demand(offer, demand)
    (gap,) = facts["gaps"]
    assert {key: gap[key] for key in expected} == expected
    assert texts(facts)[1].endswith("; " + clause)


def test_gaps_percent_offer_against_amount_is_shown_apart():
    facts = offer_and_demand({"percent_change": "10"}, {"amount": "5", **USD})
    (gap,) = facts["gaps"]
    assert (gap["ratio"], gap["reason"]) == (None, "percentage")
    assert texts(facts)[1] == "B demand: $5 (2 January 2020)"


def test_gaps_baseline_recorded_under_the_demanding_party_still_counts():
    facts = offer_and_demand(
        {"amount": "100", **USD}, {"amount": "300", **USD}, offer_party="B", offer_kind="baseline"
    )
    (gap,) = facts["gaps"]
    assert gap["ratio"] == "3.0000"
    assert texts(facts)[1].endswith("; 3.0 times the 1 January 2020 baseline of $100")


def test_gaps_own_offer_is_no_reference():
    facts = offer_and_demand({"amount": "100", **USD}, {"amount": "300", **USD}, offer_party="B")
    assert facts["gaps"] == []


def test_gaps_same_currency_wins_over_other_currencies():
    made = records(
        positions=(
            PositionRecord(
                id=1, party="A", kind="baseline", date="2019", amount="1000", currency="KRW"
            ),
            PositionRecord(id=2, party="A", kind="baseline", date="2019", amount="100", **USD),
            PositionRecord(id=3, party="B", kind="demand", date="2020-01-05", amount="250", **USD),
        )
    )
    (gap,) = compute_facts(made, D("2020-02-01"))["gaps"]
    assert (gap["against"]["currency"], gap["ratio"], gap["difference"]) == ("USD", "2.5000", "150")


def test_positions_undated_are_only_possible():
    made = records(
        positions=(PositionRecord(id=1, party="A", kind="demand", amount="5", currency="USD"),)
    )
    (only,) = compute_facts(made, D("2020-02-01"))["positions"]
    assert only["latest"] is None
    assert [p["id"] for p in only["possibly"]] == [1]


def test_positions_without_figures_make_no_group():
    made = records(positions=(PositionRecord(id=1, party="A", kind="demand", date="2019-12"),))
    facts = compute_facts(made, D("2020-02-01"))
    assert facts["positions"] == []
    assert "No positions with figures recorded by 1 February 2020" in texts(facts)


def test_positions_rising_demand_says_up_from():
    made = records(
        positions=(
            PositionRecord(
                id=1, party="A", kind="demand", date="2020-01", amount="5", currency="USD"
            ),
            PositionRecord(
                id=2, party="A", kind="demand", date="2020-03", amount="7", currency="USD"
            ),
        )
    )
    assert texts(compute_facts(made, D("2020-04-01")))[1] == (
        "A demand: $7 (March 2020), up from $5 (January 2020)"
    )


def test_events_since_event_chosen_and_month_precision_gives_a_range():
    made = records(
        events=(
            EventRecord(id=5, date="2020-03", title="Tentative deal"),
            EventRecord(id=6, date="2019-12-31", title="Old agreement expires"),
        )
    )
    facts = compute_facts(made, D("2020-04-02"), since_event=5)
    since = facts["events"]["since"]
    assert (since["days_min"], since["days_max"]) == (2, 32)
    assert "2-32 days since March 2020: Tentative deal" in texts(facts)


def test_events_since_event_unknown_raises_naming_the_parameter():
    with pytest.raises(SinceEventError, match="since_event"):
        compute_facts(records(), D("2020-04-02"), since_event=99)


def test_events_since_event_after_as_of_has_no_days():
    made = records(events=(EventRecord(id=5, date="2020-05-01", title="Later"),))
    since = compute_facts(made, D("2020-04-02"), since_event=5)["events"]["since"]
    assert since["event"]["id"] == 5
    assert since["days_min"] is None


def test_sources_only_http_addresses_become_links():
    made = records(
        rounds=(RoundRecord(id=1, start="2022-01-10", number=1, source_ids=(1, 2)),),
        sources={
            1: SourceRecord(id=1, url="javascript:alert(1)", title="Bad"),
            2: SourceRecord(id=2, url="https://news.example.org/a", publisher="Example News"),
        },
    )
    sources = compute_facts(made, D("2022-02-01"))["sentences"][0]["sources"]
    assert [(s["id"], s["url"], s["label"]) for s in sources] == [
        (1, "", "Bad"),
        (2, "https://news.example.org/a", "Example News"),
    ]


def test_facts_default_as_of_is_today():
    assert compute_facts(records())["as_of"] == dt.date.today().isoformat()


def test_rounds_many_inferred_numbers_are_counted_not_listed():
    made = records(
        rounds=tuple(
            RoundRecord(id=n, start=f"2022-{n:02d}-01", number_inferred=n) for n in range(1, 8)
        )
    )
    assert texts(compute_facts(made, D("2022-12-31")))[1] == (
        "7 rounds recorded; none has a stated number; 7 rounds have inferred numbers"
    )


def test_positions_range_then_amount_says_after():
    made = records(
        positions=(
            PositionRecord(
                id=1,
                party="A",
                kind="demand",
                date="2020-01",
                amount_min="4",
                amount_max="6",
                currency="USD",
                percent_change="50",
            ),
            PositionRecord(
                id=2,
                party="A",
                kind="demand",
                date="2020-03",
                amount="5",
                currency="USD",
                percent_change="10",
            ),
        )
    )
    assert texts(compute_facts(made, D("2020-04-01")))[1] == (
        "A demand: $5, a 10% increase (March 2020), after $4 to $6, a 50% increase (January 2020)"
    )


def test_rounds_few_inferred_numbers_are_listed():
    made = records(
        rounds=(
            RoundRecord(id=1, start="2022-01-01", number=1),
            RoundRecord(id=2, start="2022-02-01", number_inferred=2),
            RoundRecord(id=3, start="2022-03-01", number_inferred=3),
        )
    )
    assert texts(compute_facts(made, D("2022-12-31")))[1] == (
        "3 rounds recorded; the highest stated number is 1; rounds 2 and 3 have inferred numbers"
    )


def test_positions_many_possible_figures_are_cut_short():
    made = records(
        positions=tuple(
            PositionRecord(id=n, party="A", kind="offer", amount=str(n), currency="USD")
            for n in range(1, 9)
        )
    )
    assert texts(compute_facts(made, D("2022-12-31")))[1] == (
        "A offer: none certain by 31 December 2022; possibly by then, not counted: $1 (undated),"
        " $2 (undated), $3 (undated), $4 (undated), $5 (undated) and 3 more"
    )


# Agenda issues ------------------------------------------------------------------------------


def _position(id_, party, kind, amount, issue, title, *, order=0, date="2019-06", currency="USD"):
    return PositionRecord(
        id=id_,
        party=party,
        kind=kind,
        issue=issue,
        issue_title=title,
        issue_order=order,
        date=date,
        amount=amount,
        currency=currency,
        sequence=id_,
    )


def test_gaps_trade_deficit_demand_is_not_set_against_a_soybean_offer():
    """Both in US dollars, on two agenda items: no ratio, no comparison at all."""
    records = NegotiationRecords(
        positions=(
            _position(1, "United States", "demand", "200000000000", "trade-deficit", "Deficit"),
            _position(2, "China", "offer", "50000000000", "soybeans", "Soybeans", order=1),
        )
    )

    facts = compute_facts(records, D("2020-01-01"))

    assert facts["gaps"] == []
    assert not any("times" in text for text in texts(facts))
    assert texts(facts)[1:3] == [
        "US demand: $200 billion (June 2019)",
        "China offer: $50 billion (June 2019)",
    ]


def test_gaps_on_one_issue_still_give_a_ratio_beside_another_issue():
    records = NegotiationRecords(
        positions=(
            _position(1, "United States", "demand", "200000000000", "trade-deficit", "Deficit"),
            _position(2, "China", "offer", "50000000000", "soybeans", "Soybeans", order=1),
            _position(3, "China", "offer", "100000000000", "trade-deficit", "Deficit"),
        )
    )

    gaps = compute_facts(records, D("2020-01-01"))["gaps"]

    assert [(g["issue"], g["against"]["id"], g["ratio"]) for g in gaps] == [
        ("trade-deficit", 3, "2.0000")
    ]


def test_sentences_name_the_issue_when_positions_are_about_several():
    records = NegotiationRecords(
        positions=(
            _position(1, "China", "offer", "50000000000", "soybeans", "Soybeans", order=1),
            _position(2, "United States", "demand", "200000000000", "trade-deficit", "Deficit"),
            _position(3, "China", "offer", "100000000000", "trade-deficit", "Deficit"),
        )
    )

    facts = compute_facts(records, D("2020-01-01"))

    positions = [s for s in facts["sentences"] if s["key"].startswith("positions")]
    assert [(s["key"], s["issue"]) for s in positions] == [
        ("positions-trade-deficit-United States-demand", "Deficit"),
        ("positions-trade-deficit-China-offer", "Deficit"),
        ("positions-soybeans-China-offer", "Soybeans"),
    ]
    assert positions[0]["text"] == (
        "US demand: $200 billion (June 2019); 2.0 times China's offer of $100 billion (June 2019)"
    )
    assert {s["issue"] for s in facts["sentences"] if s not in positions} == {None}


def test_sentences_one_issue_keeps_keys_without_it():
    records = NegotiationRecords(
        positions=(_position(1, "China", "offer", "5", "general", "General"),)
    )

    facts = compute_facts(records, D("2020-01-01"))

    assert [(s["key"], s["issue"]) for s in facts["sentences"][1:2]] == [
        ("positions-China-offer", None)
    ]


def test_positions_demo_grouped_by_issue(demo_records):
    facts = compute_facts(demo_records, D("2021-12-31"))

    issues = [s["issue"] for s in facts["sentences"] if s["key"].startswith("positions")]
    # Cost categories has positions, none with a figure: it has no sentence.
    assert issues == [*["Annual contribution"] * 4, "Korean USFK workers' wages"]
    assert "1.5 times the 2019 baseline of $870 million" in texts(facts)[2]


def test_positions_demo_one_issue_with_figures_by_april_2020_has_no_headings(demo_records):
    facts = compute_facts(demo_records, D("2020-04-02"))

    assert {s["issue"] for s in facts["sentences"]} == {None}


# Sources as of a day --------------------------------------------------------------------------


def _reported(published_later):
    early = SourceRecord(
        1, "https://en.yna.co.kr/view/AEN20200319002800325", published="2020-03-19"
    )
    lead = SourceRecord(
        2, "https://en.yna.co.kr/view/AEN20200319002851325", published=published_later
    )
    undated = SourceRecord(3, "https://example.org/undated")
    return NegotiationRecords(
        rounds=(RoundRecord(id=1, number=7, start="2020-03-17", source_ids=(1, 2, 3)),),
        sources={s.id: s for s in (early, lead, undated)},
    )


def test_sources_published_after_as_of_are_not_listed():
    facts = compute_facts(_reported("2020-03-20"), D("2020-03-19"))

    (rounds,) = [s for s in facts["sentences"] if s["key"] == "rounds"]
    assert [source["id"] for source in rounds["sources"]] == [1, 3]
    assert rounds["source_count"] == 2
    assert facts["rounds"]["latest"]["sources"] == [1, 3]


def test_sources_published_by_as_of_are_listed():
    facts = compute_facts(_reported("2020-03-20"), D("2020-03-20"))

    assert facts["rounds"]["latest"]["sources"] == [1, 2, 3]


def test_sources_published_in_the_month_of_as_of_are_listed():
    facts = compute_facts(_reported("2020-03"), D("2020-03-18"))

    assert facts["rounds"]["latest"]["sources"] == [2, 3]  # the day-dated one came later


# Survivors of mutation testing (/work/shared/TEST-STRENGTH.md, items 1-8) ----------------------


def test_events_possibly_lists_only_uncounted_events_that_may_have_happened():
    events = (
        EventRecord(id=1, date="2020-03-01", title="Counted"),
        EventRecord(id=2, date="2020-04", title="Some day in April"),
        EventRecord(id=3, date="2020-06-01", title="Later"),
    )

    found = compute_facts(NegotiationRecords(events=events), D("2020-04-10"))["events"]

    assert found["count"] == 1
    assert [event["id"] for event in found["possibly"]] == [2]


def test_gaps_demand_against_every_other_party_offer_and_the_latest_baseline():
    positions = (
        _position(1, "A", "demand", "900", "general", "General", date="2020-01"),
        _position(2, "B", "offer", "300", "general", "General", date="2019-06"),
        _position(3, "C", "offer", "450", "general", "General", date="2019-09"),
        _position(4, "B", "baseline", "200", "general", "General", date="2019"),
        _position(5, "A", "baseline", "100", "general", "General", date="2018"),
    )

    gaps = compute_facts(NegotiationRecords(positions=positions), D("2020-12-31"))["gaps"]

    assert [(g["against"]["id"], g["ratio"]) for g in gaps] == [
        (2, "3.0000"),
        (3, "2.0000"),
        (4, "4.5000"),
    ]


def test_positions_a_group_with_nothing_by_as_of_does_not_hide_the_next():
    positions = (
        _position(1, "A", "demand", "900", "general", "General", date="2030-01-01"),
        _position(2, "B", "offer", "300", "general", "General", date="2019-06"),
    )

    found = compute_facts(NegotiationRecords(positions=positions), D("2020-01-01"))["positions"]

    assert [(g["party"], g["kind"]) for g in found] == [("B", "offer")]


def test_rounds_latest_may_be_checks_every_earlier_round():
    rounds = (
        RoundRecord(id=1, start="2020-01-05"),
        RoundRecord(id=2, start="2020-03"),
        RoundRecord(id=3, start="2020-02-01"),
        RoundRecord(id=4, start="2020-03-20"),
    )

    found = compute_facts(NegotiationRecords(rounds=rounds), D("2020-12-31"))["rounds"]

    assert [r["id"] for r in found["latest_may_be"]] == [2]


def test_rounds_latest_may_be_leaves_out_a_round_ending_the_day_the_latest_starts():
    rounds = (RoundRecord(id=1, start="2020-03"), RoundRecord(id=2, start="2020-03-31"))

    found = compute_facts(NegotiationRecords(rounds=rounds), D("2020-12-31"))["rounds"]

    assert found["latest"]["id"] == 2
    assert found["latest_may_be"] == []


def test_statements_possibly_counts_each_uncounted_statement_that_may_have_been_made():
    statements = (
        StatementRecord(id=1, date="2020-01-01", party="A"),
        StatementRecord(id=2, date="2020-02-01", party="A"),
        StatementRecord(id=3, date="2020-04", party="A"),
        StatementRecord(id=4, date="2020-06-01", party="A"),
    )

    found = compute_facts(NegotiationRecords(statements=statements), D("2020-04-10"))

    assert (found["statements"]["count"], found["statements"]["possibly"]) == (2, 1)


def test_statements_by_party_most_first_unattributed_last_among_equals():
    statements = tuple(
        StatementRecord(id=i, date="2020-01-01", party=party)
        for i, party in enumerate(["Zeta", "Zeta", "Zeta", "", "Alpha"])
    )

    facts = compute_facts(NegotiationRecords(statements=statements), D("2020-04-10"))

    assert list(facts["statements"]["by_party"].items()) == [("Zeta", 3), ("Alpha", 1), ("", 1)]
    assert texts(facts)[-1] == "5 statements by 10 April 2020: Zeta 3, Alpha 1, no party 1"


def test_gaps_ratio_rounds_half_up_at_the_fifth_place():
    positions = (
        _position(1, "A", "demand", "100005", "general", "General"),
        _position(2, "B", "offer", "100000", "general", "General"),
    )

    (gap,) = compute_facts(NegotiationRecords(positions=positions), D("2020-01-01"))["gaps"]

    assert gap["ratio"] == "1.0001"


def test_events_and_rounds_keep_their_end_dates():
    records = NegotiationRecords(
        rounds=(RoundRecord(id=1, number=7, start="2020-03-17", end="2020-03-19"),),
        events=(EventRecord(id=1, date="2020-03-17", end="2020-03-19", title="Talks"),),
    )

    facts = compute_facts(records, D("2020-04-01"))

    assert facts["events"]["latest"]["end"] == "2020-03-19"
    assert facts["rounds"]["latest"]["display"] == "17-19 March 2020"
    assert "Latest event: Talks (17-19 March 2020)" in texts(facts)
