from tracker.extract.context import PartyRow, PersonRow
from tracker.extract.names import (
    PartyMatcher,
    PeopleMatcher,
    introduced_party,
    person_names,
    title_party,
)


def test_names_parties_by_alias_and_recorded_alias():
    matcher = PartyMatcher([PartyRow("South Korea"), PartyRow("United States", ("Uncle Sam",))])
    found = matcher.find("Seoul and Washington met; S. Korea, the U.S. and Uncle Sam agreed.")
    assert [m.party for m in found] == ["South Korea", "United States", "South Korea",
                                        "United States", "United States"]  # fmt: skip


def test_names_north_korea_is_not_south_korea():
    matcher = PartyMatcher([PartyRow("South Korea"), PartyRow("United States")])
    assert matcher.find("North Korean missiles") == []


def test_names_us_in_lower_case_is_not_a_party():
    matcher = PartyMatcher([PartyRow("United States")])
    assert matcher.find("Let us agree") == []


def test_names_person_names_skip_titles_and_places():
    assert [
        n for _, _, n in person_names("Assistant Secretary R. Clarke Cooper in Washington")
    ] == ["R. Clarke Cooper"]


def test_names_short_reference_resolves_to_the_person_met():
    people = PeopleMatcher([PersonRow(1, "Jeong Eun-bo")])
    people.meet("R. Clarke Cooper")
    assert people.resolve("Cooper") == "R. Clarke Cooper"
    assert people.resolve("Jeong") == "Jeong Eun-bo"


def _introduced(text):
    parties = PartyMatcher([PartyRow("South Korea"), PartyRow("United States")])
    return {name: introduced_party(text, s, e, parties) for s, e, name in person_names(text)}


def test_names_title_before_a_name_gives_its_party():
    assert _introduced("But U.S. President Donald Trump wants more.")["Donald Trump"] == (
        "United States"
    )


def test_names_title_before_a_name_starts_after_and():
    found = _introduced("Talks between Seoul and U.S. negotiator James DeHart ended.")
    assert found["James DeHart"] == "United States"


def test_names_title_portfolio_after_for_is_not_the_party():
    found = _introduced("Marc Knapper, deputy assistant secretary of state for Korea, spoke.")
    assert found["Marc Knapper"] == ""
    assert title_party("the U.S. envoy for Korea", PartyMatcher([PartyRow("South Korea"),
                       PartyRow("United States")])) == "United States"  # fmt: skip


def test_names_apposition_after_a_name_gives_its_party():
    found = _introduced("James DeHart, the U.S. negotiator, arrived; Jeong Eun-bo stayed.")
    assert found == {"James DeHart": "United States", "Jeong Eun-bo": ""}


def test_names_title_stops_at_a_verb():
    assert _introduced("Seoul rejected what Donald Trump wanted.")["Donald Trump"] == ""


def test_names_introduced_party_found_by_a_part_of_the_name():
    people = PeopleMatcher([])
    people.introduce("Mr. James DeHart", "United States")
    assert people.introduced_party("DeHart") == "United States"
    assert people.introduced_party("Jeong") == ""
