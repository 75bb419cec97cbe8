from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from tests.factories import (
    EventFactory,
    IssueFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)
from tracker.models import (
    Event,
    Issue,
    LeadNegotiator,
    Negotiation,
    Party,
    Person,
    Position,
    Round,
    Source,
    default_issue,
)

pytestmark = pytest.mark.django_db


def refused_by_database(build):
    """True when saving the unsaved record `build()` returns breaks a database constraint."""
    record = build()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-09-24", "2019-09-23"),
        ("2019-09-24", "2019-08"),
        ("2019-09-24", "2018"),
        ("2019-09", "2019-08-31"),
        ("2019", "2018-12-31"),
    ],
)
def test_round_ending_before_it_starts_is_refused(start, end):
    negotiation = NegotiationFactory()

    def build():
        return Round(negotiation=negotiation, start=start, end=end)

    with pytest.raises(ValidationError, match="The end is before the start."):
        build().full_clean()
    assert refused_by_database(build)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2019-09-24", "2019-09-24"),
        ("2019-09-24", "2019-09-25"),
        ("2019-09-24", "2019-09"),
        ("2019-09-24", "2019"),
        ("2019-09", "2019-10-02"),
        ("2019-09-24", None),
    ],
)
def test_round_ending_on_or_after_its_start_is_kept(start, end):
    round_ = Round(negotiation=NegotiationFactory(), start=start, end=end)

    round_.full_clean()
    round_.save()

    assert Round.objects.count() == 1


@pytest.mark.parametrize(("date", "end"), [("2020-04-02", "2020-04-01"), ("2020-04", "2020-03")])
def test_event_ending_before_it_starts_is_refused(date, end):
    negotiation = NegotiationFactory()

    def build():
        return Event(negotiation=negotiation, date=date, end=end, title="Talks")

    with pytest.raises(ValidationError, match="The end is before the start."):
        build().full_clean()
    assert refused_by_database(build)


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({"amount": Decimal("-1")}, "The amount is negative."),
        ({"amount": None, "amount_min": Decimal("-5")}, "The minimum amount is negative."),
        (
            {"amount": None, "amount_min": Decimal("10"), "amount_max": Decimal("9.99")},
            "The minimum amount is above the maximum.",
        ),
    ],
)
def test_position_with_impossible_figures_is_refused(figures, message):
    negotiation, party = NegotiationFactory(), PartyFactory()

    def build():
        return Position(
            negotiation=negotiation,
            issue=default_issue(negotiation),
            party=party,
            kind="demand",
            currency="USD",
            **figures,
        )

    with pytest.raises(ValidationError, match=message):
        build().full_clean()
    assert refused_by_database(build)


@pytest.mark.parametrize(
    "figures",
    [
        {"amount": Decimal("0")},
        {"amount": None, "amount_min": Decimal("1"), "amount_max": Decimal("1")},
        {"amount": None, "amount_min": Decimal("1"), "amount_max": None},
        {"amount": None, "percent_change": Decimal("-13.9")},
    ],
)
def test_position_with_possible_figures_is_kept(figures):
    negotiation = NegotiationFactory()
    position = Position(
        negotiation=negotiation,
        issue=default_issue(negotiation),
        party=PartyFactory(),
        kind="offer",
        **figures,
    )

    position.full_clean()
    position.save()

    assert Position.objects.count() == 1


@pytest.mark.parametrize(
    "figures",
    [
        {"amount_min": Decimal("1")},
        {"amount_max": Decimal("2")},
        {"amount_min": Decimal("1"), "amount_max": Decimal("2")},
    ],
)
def test_position_with_an_amount_and_a_range_is_refused(figures):
    position = PositionFactory.build(
        negotiation=NegotiationFactory(), party=PartyFactory(), amount=Decimal("5"), **figures
    )

    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert error.value.message_dict["amount"] == [
        "Give either an amount or a range (minimum and maximum), not both: "
        "only the amount would be shown."
    ]


@pytest.mark.parametrize("code", ["usd", "Usd", "USD"])
def test_position_currency_in_any_case_is_stored_in_capitals(code):
    position = PositionFactory.build(
        negotiation=NegotiationFactory(), party=PartyFactory(), currency=code
    )

    position.full_clean()
    position.save()

    assert Position.objects.get().currency == "USD"


@pytest.mark.parametrize("code", ["usx", "XXY", "dollars"])
def test_position_currency_must_be_iso_4217(code):
    position = PositionFactory.build(
        negotiation=NegotiationFactory(), party=PartyFactory(), currency=code
    )

    with pytest.raises(ValidationError) as error:
        position.full_clean()
    assert "currency" in error.value.message_dict


def test_choice_labels_are_in_sentence_case():
    from django.apps import apps

    labels = {
        f"{model.__name__}.{field.name}": label
        for model in apps.get_app_config("tracker").get_models()
        for field in model._meta.fields
        if field.choices
        for _, label in field.choices
    }

    assert labels, "the tracker has choice fields"
    assert {name: label for name, label in labels.items() if label != label.capitalize()} == {}


def test_people_in_a_negotiation_are_listed_speakers_and_lead_negotiators_once_each():
    negotiation, other = NegotiationFactory(), NegotiationFactory()
    listed, speaker, lead, elsewhere = (PersonFactory() for _ in range(4))
    negotiation.people.add(listed, speaker)
    other.people.add(lead, elsewhere)
    StatementFactory(negotiation=negotiation, speaker=speaker)
    StatementFactory(negotiation=negotiation, speaker=speaker)
    StatementFactory(negotiation=negotiation, speaker=None, party=None)
    StatementFactory(negotiation=other, speaker=elsewhere)
    round_ = RoundFactory(negotiation=negotiation)
    round_.leads.create(party=lead.party, person=lead)

    people = Person.objects.in_negotiation(negotiation)

    assert sorted(person.pk for person in people) == sorted([listed.pk, speaker.pk, lead.pk])


def test_round_numbers_are_unique_within_a_negotiation():
    first = RoundFactory(number=3)

    with pytest.raises(ValidationError, match="number"):
        Round(negotiation=first.negotiation, number=3, start="2019-10").full_clean()
    assert refused_by_database(
        lambda: Round(negotiation=first.negotiation, number=3, start="2019-10")
    )


def test_round_numbers_repeat_across_negotiations_and_unnumbered_rounds_repeat():
    first = RoundFactory(number=3)
    RoundFactory(number=3)
    RoundFactory(negotiation=first.negotiation, number=None)
    RoundFactory(negotiation=first.negotiation, number=None)

    assert Round.objects.count() == 4


@pytest.mark.parametrize(
    "build",
    [
        lambda: Negotiation(slug="sma-11", title="Again"),
        lambda: Party(name="South Korea"),
        lambda: Person(name="James DeHart"),
        lambda: Source(url="https://example.org/a", title="Same address"),
    ],
    ids=["slug", "party", "person", "source-url"],
)
def test_duplicates_are_refused(build):
    NegotiationFactory(slug="sma-11")
    PartyFactory(name="South Korea")
    PersonFactory(name="James DeHart")
    SourceFactory(url="https://example.org/a")

    with pytest.raises(ValidationError):
        build().full_clean()
    assert refused_by_database(build)


def test_sources_without_url_may_repeat():
    SourceFactory(url="", title="Interview notes")
    SourceFactory(url="", title="Briefing")

    assert Source.objects.filter(url="").count() == 2


def test_one_lead_negotiator_per_party_per_round():
    round_ = RoundFactory()
    person = PersonFactory()
    LeadNegotiator.objects.create(round=round_, party=person.party, person=person)

    assert refused_by_database(
        lambda: LeadNegotiator(round=round_, party=person.party, person=PersonFactory())
    )


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"number": 7, "location": "Seoul"}, "Round 7, Seoul, 24 September 2019"),
        (
            {"number": None, "number_inferred": 9, "location": ""},
            "Round 9 (inferred), 24 September 2019",
        ),
        ({"number": None, "location": "Honolulu"}, "Unnumbered round, Honolulu, 24 September 2019"),
    ],
)
def test_round_str_never_shows_an_inferred_number_as_stated(fields, shown):
    assert str(RoundFactory(start="2019-09-24", **fields)) == shown


@pytest.mark.parametrize(
    ("figures", "shown"),
    [
        ({"amount": 5_000_000_000, "currency": "USD"}, "US$5,000,000,000"),
        ({"amount": Decimal("1389.000000"), "currency": "KRW"}, "₩1,389"),
        ({"amount": 1200, "currency": "", "unit": "tonnes"}, "1,200 tonnes"),
        (
            {"amount": None, "amount_min": 1, "amount_max": 2, "currency": "CHF"},
            "CHF 1 to CHF 2",
        ),
        ({"amount": None, "currency": "", "percent_change": Decimal("13.9")}, "+13.9%"),
        (
            {"amount": 1_000, "currency": "USD", "percent_change": Decimal("-5")},
            "US$1,000 (-5%)",
        ),
        ({"amount": None, "currency": ""}, "no figure"),
    ],
)
def test_position_amount_display(figures, shown):
    assert PositionFactory(**figures).amount_display() == shown


def test_readable_str_everywhere():
    party = PartyFactory(name="United States")
    person = PersonFactory(name="James DeHart", title="Senior Adviser", party=party)
    source = SourceFactory(title="Talks collapse", publisher="Yonhap")
    statement = StatementFactory(speaker=person, quote="x" * 80, date="2019-11-19")
    position = PositionFactory(party=party, kind="demand", date="2019-10")

    assert str(party) == "United States"
    assert str(person) == "James DeHart, Senior Adviser"
    assert str(source) == "Talks collapse (Yonhap)"
    assert str(SourceFactory(title="", url="", publisher="")) == "Untitled source"
    assert str(statement) == "James DeHart, 19 November 2019: " + "x" * 57 + "..."
    assert str(position) == "United States Demand: US$5,000,000,000 (October 2019)"
    assert str(EventFactory(date="2020-04", title="Deal")) == "April 2020: Deal"
    assert str(NegotiationFactory(title="SMA 11")) == "SMA 11"


def test_lane_records_keep_their_sequence_order():
    negotiation = NegotiationFactory()
    later = EventFactory(negotiation=negotiation, sequence=1, date="2019")
    earlier = EventFactory(negotiation=negotiation, sequence=0, date="2020")

    assert list(negotiation.event_set.all()) == [earlier, later]


def test_unpublished_negotiations_are_visible_only_to_viewers(analyst):
    NegotiationFactory(slug="public", is_published=True)
    NegotiationFactory(slug="secret", is_published=False)
    stranger = UserFactory()

    assert {n.slug for n in Negotiation.objects.published()} == {"public"}
    assert {n.slug for n in Negotiation.objects.visible_to(stranger)} == {"public"}
    assert {n.slug for n in Negotiation.objects.visible_to(None)} == {"public"}
    assert {n.slug for n in Negotiation.objects.visible_to(analyst)} == {"public", "secret"}


def test_negotiation_links_to_its_timeline():
    assert NegotiationFactory(slug="sma-11").get_absolute_url() == "/negotiations/sma-11/"


def test_default_issue_is_general_created_once():
    negotiation = NegotiationFactory()

    first = default_issue(negotiation)

    assert (first.slug, first.title) == ("general", "General")
    assert default_issue(negotiation) == first
    assert default_issue(NegotiationFactory()) != first


def test_issue_slugs_are_unique_within_a_negotiation():
    issue = IssueFactory(slug="tariffs")

    assert refused_by_database(
        lambda: Issue(negotiation=issue.negotiation, slug="tariffs", title="T")
    )
    IssueFactory(slug="tariffs")  # another negotiation may use it


def test_issue_with_positions_is_not_deleted_but_goes_with_its_negotiation():
    position = PositionFactory()

    with pytest.raises(RestrictedError):
        position.issue.delete()
    position.negotiation.delete()

    assert not Issue.objects.exists() and not Position.objects.exists()


def test_source_version_is_one_or_more():
    assert refused_by_database(lambda: Source(title="T", version=0))
    with pytest.raises(ValidationError, match="The version is 1 or more."):
        Source(title="T", version=0).full_clean()


def test_source_superseded_version_is_kept_when_the_later_one_goes():
    first = SourceFactory(story="s", version=1)
    lead = SourceFactory(story="s", version=2, supersedes=first)

    assert list(first.superseded_by.all()) == [lead]
    lead.delete()
    first.refresh_from_db()
    assert first.story == "s"
    first.delete()
    assert not Source.objects.exists()
