import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from tests.factories import EventFactory, NegotiationFactory, RoundFactory, SourceFactory
from tracker.fields import PartialDateFormField, currency_codes, validate_currency
from tracker.models import Event, Round, Source
from tracker.partialdate import PartialDate


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["2019", "2019-09", "2019-09-24", "2020-02-29"])
def test_partial_date_round_trips_through_the_database_at_its_precision(text):
    event = EventFactory(date=text)

    event.refresh_from_db()

    assert event.date == PartialDate.parse(text)
    assert event.date.precision == PartialDate.parse(text).precision


@pytest.mark.django_db
def test_partial_date_is_stored_as_its_iso_text():
    event = EventFactory(date="2019-09")

    with connection.cursor() as cursor:
        cursor.execute("SELECT date FROM tracker_event WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] == "2019-09"


@pytest.mark.django_db
def test_empty_partial_date_is_stored_as_null():
    source = SourceFactory(published="")

    source.refresh_from_db()

    assert source.published is None
    assert Source.objects.filter(published__isnull=True).count() == 1


@pytest.mark.django_db
def test_partial_dates_order_chronologically_in_the_database():
    negotiation = NegotiationFactory()
    for text in ["2020", "2019-09-24", "2019", "2019-10", "2019-09"]:
        EventFactory(negotiation=negotiation, date=text)

    dates = [event.date.iso for event in Event.objects.order_by("date")]

    assert dates == ["2019", "2019-09", "2019-09-24", "2019-10", "2020"]


@pytest.mark.django_db
def test_partial_dates_filter_by_iso_text():
    negotiation = NegotiationFactory()
    for text in ["2019", "2019-09-24", "2020-01"]:
        EventFactory(negotiation=negotiation, date=text)

    assert Event.objects.filter(date__gte="2019-09").count() == 2
    assert Event.objects.filter(date="2019-09-24").get().date.iso == "2019-09-24"


def test_assigning_text_gives_a_partial_date():
    event = Event(date="2019-09")

    assert event.date == PartialDate(2019, 9)


@pytest.mark.django_db
def test_assigning_bad_text_keeps_it_for_full_clean_to_report():
    event = Event(date="2019-13", title="x")

    assert event.date == "2019-13"
    with pytest.raises(ValidationError) as error:
        event.full_clean(exclude=["negotiation"])
    assert '"2019-13" is not a date' in str(error.value.message_dict["date"])


@pytest.mark.parametrize("text", ["2019", "2019-09", "2019-09-24"])
def test_form_field_accepts_the_three_forms(text):
    assert PartialDateFormField().clean(text) == PartialDate.parse(text)


@pytest.mark.parametrize("text", ["2019-9", "Sept 2019", "2019-02-30", "24/09/2019"])
def test_form_field_refuses_other_text_naming_the_accepted_forms(text):
    with pytest.raises(ValidationError) as error:
        PartialDateFormField().clean(text)

    assert error.value.messages == [f'"{text}" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.']


def test_form_field_is_optional_when_not_required():
    assert PartialDateFormField(required=False).clean("") is None


def test_form_field_shows_a_partial_date_as_iso_text():
    assert PartialDateFormField().prepare_value(PartialDate(2019, 9)) == "2019-09"


def test_model_form_field_carries_the_help_text():
    field = Round._meta.get_field("start").formfield()

    assert isinstance(field, PartialDateFormField)
    assert field.help_text == "YYYY, YYYY-MM or YYYY-MM-DD"


def test_model_field_deconstructs_without_max_length():
    name, path, args, kwargs = Round._meta.get_field("end").deconstruct()

    assert path == "tracker.fields.PartialDateField"
    assert "max_length" not in kwargs
    assert kwargs["null"] is True


def test_value_to_string_serialises_iso_text():
    field = Round._meta.get_field("start")

    assert field.value_to_string(Round(start="2019-09")) == "2019-09"
    assert field.value_to_string(Round()) == ""


@pytest.mark.parametrize("code", ["USD", "KRW", "EUR", "JPY", "", "usd", "Krw"])
def test_validate_currency_accepts_iso_4217_codes(code):
    validate_currency(code)


@pytest.mark.parametrize("code", ["usx", "US$", "XYZ", "DOLLARS", "U"])
def test_validate_currency_refuses_other_codes_with_an_example(code):
    with pytest.raises(ValidationError, match="is not an ISO 4217 currency code"):
        validate_currency(code)


def test_currency_codes_are_the_real_list():
    codes = currency_codes()

    assert {"USD", "KRW", "EUR", "GBP", "CNY"} <= codes
    assert len(codes) > 150


@pytest.mark.django_db
def test_round_factory_dates_come_back_as_partial_dates():
    round_ = RoundFactory(start="2019-09", end=None)

    round_.refresh_from_db()

    assert round_.start.display() == "September 2019"
    assert round_.end is None


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["2019", "2019-09", "2019-09-24"])
def test_full_clean_accepts_a_partial_date(text):
    Event(date=text, title="Talks resume").full_clean(exclude=["negotiation"])
