"""Model and form fields for partial dates, plain decimals and ISO 4217 currencies."""

from decimal import Decimal
from functools import cache

import pycountry
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from .amounts import plain_decimal
from .partialdate import ACCEPTED_FORMS, PartialDate, PartialDateError

FORMS_HINT = "YYYY, YYYY-MM or YYYY-MM-DD"


class PartialDateFormField(forms.CharField):
    """A text box taking "2019", "2019-09" or "2019-09-24"."""

    def __init__(self, **kwargs):
        given = kwargs.get("help_text")
        kwargs["help_text"] = f"{given} ({FORMS_HINT})" if given else FORMS_HINT
        # No max_length: its validator would run on the parsed PartialDate, not the text.
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "10")

    def prepare_value(self, value):
        return value.iso if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return PartialDate.parse(value)
        except PartialDateError as exc:
            raise ValidationError(
                f'"{value}" is not a date: {ACCEPTED_FORMS}.', code="invalid"
            ) from exc


class PlainDecimalFormField(forms.DecimalField):
    """A number box showing a saved figure as typed: "5500000000", not "5500000000.000000"."""

    def prepare_value(self, value):
        return plain_decimal(value) if isinstance(value, Decimal) else value


class _PartialDateAttribute:
    """Turns text assigned to the attribute into a PartialDate at once."""

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner):
        if instance is None:
            return self
        return instance.__dict__.get(self.field.attname)

    def __set__(self, instance, value):
        if isinstance(value, str) and value:
            try:
                value = PartialDate.parse(value)
            except PartialDateError:
                pass  # left as typed, so full_clean() reports it
        instance.__dict__[self.field.attname] = value or None


class PartialDateField(models.CharField):
    """A date at year, month or day precision, stored as its ISO text."""

    description = "Date at year, month or day precision"

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        super().__init__(*args, **kwargs)
        # The cleaned value is a PartialDate, which has no length; parsing bounds the text.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        setattr(cls, self.attname, _PartialDateAttribute(self))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value in (None, "") else PartialDate.parse(value)

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return PartialDate.parse(value)
        except PartialDateError as exc:
            raise ValidationError(f'"{value}" is not a date: {ACCEPTED_FORMS}.') from exc

    def get_prep_value(self, value):
        if value in (None, ""):
            return None
        return PartialDate.parse(value).iso

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else value.iso

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})


@cache
def currency_codes():
    """Every active ISO 4217 alphabetic code."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def validate_currency(code):
    """Accept an ISO 4217 code in any case ("usd"); Position.clean stores it in capitals."""
    if code and code.upper() not in currency_codes():
        raise ValidationError(f'"{code}" is not an ISO 4217 currency code (e.g. USD, KRW, EUR).')
