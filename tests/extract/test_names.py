from tracker.extract.context import PartyRow, PersonRow
from tracker.extract.names import PartyMatcher, PeopleMatcher, person_names


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
