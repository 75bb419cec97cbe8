import re
from decimal import Decimal

import pytest
from django.forms import Textarea
from django.urls import reverse
from django.utils.text import capfirst

from tests.admin.test_records import change_url, form_fields
from tests.factories import SourceFactory
from tracker.models import Person, Position, Round

pytestmark = pytest.mark.django_db

ROUND_TAKEN = (
    "Round 2 is already in this negotiation: round numbers are unique within a negotiation."
)


def round_page_data(negotiation, **fields):
    return {
        "negotiation": negotiation.pk,
        "start": "2020-01",
        "format": "virtual",
        "leads-TOTAL_FORMS": "0",
        "leads-INITIAL_FORMS": "0",
        **fields,
    }


def test_round_added_on_its_own_page_with_a_used_number_gets_the_inline_message(
    editor_client, negotiation
):
    data = round_page_data(negotiation, number="2", location="Typed in Busan")

    response = editor_client.post(reverse("admin:tracker_round_add"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert ROUND_TAKEN in html
    assert "is violated" not in html
    assert "Typed in Busan" in html
    assert Round.objects.filter(negotiation=negotiation).count() == 2


def test_round_renumbered_on_its_own_page_to_a_used_number_gets_the_inline_message(
    editor_client, negotiation
):
    first = negotiation.round_set.get(number=1)
    data = form_fields(editor_client.get(change_url(first)))
    data["number"] = "2"

    response = editor_client.post(change_url(first), data)

    assert response.status_code == 200
    assert ROUND_TAKEN in response.content.decode()
    assert "is violated" not in response.content.decode()


def test_round_saved_on_its_own_page_keeps_its_own_number(editor_client, negotiation):
    first = negotiation.round_set.get(number=1)
    data = form_fields(editor_client.get(change_url(first)))

    response = editor_client.post(change_url(first), data)

    assert response.status_code == 302, response.context and response.context["errors"]


def test_position_with_an_amount_and_a_minimum_is_refused_with_the_message(
    editor_client, negotiation
):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data["position_set-0-amount_min"] = "4000000000"

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 200
    assert "Give either an amount or a range (minimum and maximum), not both" in (
        response.content.decode()
    )
    assert Position.objects.get(negotiation=negotiation).amount_min is None


def test_position_currency_typed_in_lower_case_is_saved_in_capitals(editor_client, negotiation):
    position = Position.objects.get(negotiation=negotiation)
    data = form_fields(editor_client.get(change_url(position)))
    data["currency"] = "krw"

    response = editor_client.post(change_url(position), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    position.refresh_from_db()
    assert position.currency == "KRW"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        (Decimal("5500000000"), "5500000000"),
        (Decimal("1000000000.5"), "1000000000.5"),
        (Decimal("0.000001"), "0.000001"),
        (Decimal("0"), "0"),
    ],
)
def test_saved_amounts_come_back_in_the_form_as_typed(editor_client, negotiation, stored, shown):
    position = Position.objects.get(negotiation=negotiation)
    position.amount = stored
    position.save()

    fields = form_fields(editor_client.get(change_url(position)))
    inline = form_fields(editor_client.get(change_url(negotiation)))

    assert fields["amount"] == shown
    assert inline["position_set-0-amount"] == shown


def test_saved_percent_change_comes_back_without_trailing_zeros(editor_client, negotiation):
    Position.objects.filter(negotiation=negotiation).update(percent_change=Decimal("13.9"))
    position = Position.objects.get(negotiation=negotiation)

    assert form_fields(editor_client.get(change_url(position)))["percent_change"] == "13.9"


def test_inline_sections_show_their_count_after_saving(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data["_continue"] = "Save and continue editing"

    response = editor_client.post(change_url(negotiation), data, follow=True)

    headings = re.findall(r'class="inline-heading">\s*([^<]+?)\s*<', response.content.decode())
    assert headings == ["Rounds (2)", "Issues (1)", "Positions (1)", "Events (1)", "Statements (1)"]


def test_speaker_added_from_a_statement_is_among_the_negotiations_people(
    editor_client, negotiation
):
    person_add = reverse("admin:tracker_person_add")
    assert editor_client.post(person_add, {"name": "Jeong Eun-bo"}).status_code == 302
    speaker = Person.objects.get(name="Jeong Eun-bo")
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update(
        {
            "statement_set-TOTAL_FORMS": "2",
            "statement_set-1-date": "2020-03-19",
            "statement_set-1-speaker": str(speaker.pk),
            "statement_set-1-kind": "quote",
            "statement_set-1-quote": "Words typed in the admin.",
            "statement_set-1-negotiation": str(negotiation.pk),
        }
    )
    assert editor_client.post(change_url(negotiation), data).status_code == 302

    body = editor_client.get("/api/v1/negotiations/sma-11/people").json()
    detail = editor_client.get("/api/v1/negotiations/sma-11").json()

    assert "Jeong Eun-bo" in [person["name"] for person in body["items"]]
    assert detail["counts"]["people"] == body["count"] == 2


def admin_forms():
    """(model name, form class) of every tracker model's admin add page."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = get_user_model()(is_superuser=True, is_staff=True, is_active=True)
    return [
        (model.__name__, model_admin.get_form(request))
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "tracker"
    ]


def test_every_text_field_of_every_admin_form_refuses_control_characters():
    from django import forms

    checked = []
    for model, form_class in admin_forms():
        form = form_class()
        text = [
            name
            for name, field in form.fields.items()
            if type(field) is forms.CharField and name != "opened_version"
        ]
        bound = form_class(data={name: "a\x0bb" for name in text})
        bound.is_valid()
        for name in text:
            label = capfirst(form.fields[name].label)
            multiline = isinstance(form.fields[name].widget, Textarea)
            allowed = "line breaks" if multiline else "line feeds"
            assert bound.errors.get(name) == [
                f"{label} contains a vertical tab (U+000B) at character 2, which text may not "
                f"hold (of the control characters only tabs and {allowed} are allowed)."
            ], (model, name, bound.errors.get(name))
            checked.append(f"{model}.{name}")

    assert {"Negotiation.title", "Party.name", "Source.publisher", "ApiToken.name"} <= set(checked)
    assert {"Statement.quote", "Person.name", "Round.location", "Position.unit"} <= set(checked)


def test_control_character_in_a_title_is_refused_naming_the_field_and_keeping_the_text(
    editor_client, negotiation
):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data["title"] = "SMA\x0c11"
    data["event_set-0-title"] = "Talks\x1bbreak off"

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Title contains a form feed (U+000C) at character 4" in html
    assert "Title contains an escape (U+001B) at character 6" in html
    assert "SMA\x0c11" in html
    negotiation.refresh_from_db()
    assert negotiation.title == "SMA 11"


def test_tabs_and_line_breaks_are_text(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data["summary"] = "First line\r\nsecond\tline"
    data["statement_set-0-quote"] = "One\r\nTwo"

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 302, response.context and response.context["errors"]


def test_source_added_with_a_url_already_recorded_gets_a_clear_message(editor_client):
    existing = SourceFactory(url="https://news.example.org/sma", title="SMA talks end")

    response = editor_client.post(
        reverse("admin:tracker_source_add"),
        {"url": existing.url, "title": "Typed again", "publisher": "", "author": ""},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "has this URL: choose it instead of adding it again." in html
    assert "is violated" not in html
    assert "Typed again" in html
