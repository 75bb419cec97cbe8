import json
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.factories import (
    EventFactory,
    NegotiationFactory,
    PartyFactory,
    PersonFactory,
    PositionFactory,
    RoundFactory,
    SourceFactory,
    StatementFactory,
    UserFactory,
)
from tracker.models import Negotiation, Position, Round, Statement

pytestmark = pytest.mark.django_db

MODELS = [
    "negotiation",
    "round",
    "position",
    "event",
    "statement",
    "party",
    "person",
    "source",
    "leadnegotiator",
]


class _FormReader(HTMLParser):
    """Collects what a browser would submit from the page's main form."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, form_id is None, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self.form_id is None or attrs.get("id") == self.form_id
        if not self.inside or "__prefix__" in (attrs.get("name") or ""):
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(attrs.get("value", default))
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form" and self.inside and self.form_id is not None:
            self.inside = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += data


def form_fields(response, form_id=None):
    """The page's form as a browser would post it: {name: value or [values]}."""
    reader = _FormReader(form_id or f"{response.context['opts'].model_name}_form")
    reader.feed(response.content.decode())
    # A textarea's content starts after one newline the browser drops.
    return {
        name: values[0].removeprefix("\n") if len(values) == 1 else values
        for name, values in reader.data.items()
        if values
    }


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_editor(editor):
    editor.is_staff = True
    editor.save()
    return editor


@pytest.fixture
def editor_client(client, staff_editor):
    client.force_login(staff_editor)
    return client


@pytest.fixture
def negotiation():
    negotiation = NegotiationFactory(title="SMA 11", slug="sma-11")
    us, korea = negotiation.parties.order_by("name")
    RoundFactory(negotiation=negotiation, number=1, location="Seoul", sequence=0)
    RoundFactory(negotiation=negotiation, number=2, location="Honolulu", sequence=1)
    PositionFactory(negotiation=negotiation, party=us, amount=5_000_000_000, currency="USD")
    EventFactory(negotiation=negotiation, title="Talks break off")
    StatementFactory(negotiation=negotiation, speaker=PersonFactory(name="James DeHart"))
    return Negotiation.objects.get(pk=negotiation.pk)


def change_url(obj):
    return reverse(f"admin:tracker_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", MODELS)
def test_editor_opens_every_changelist_and_add_page(editor_client, negotiation, model):
    assert editor_client.get(reverse(f"admin:tracker_{model}_changelist")).status_code == 200
    assert editor_client.get(reverse(f"admin:tracker_{model}_add")).status_code == 200


def test_negotiation_change_page_is_the_workspace(editor_client, negotiation):
    response = editor_client.get(change_url(negotiation))

    assert response.status_code == 200
    prefixes = {formset.formset.prefix for formset in response.context["inline_admin_formsets"]}
    assert prefixes == {"round_set", "issues", "position_set", "event_set", "statement_set"}
    html = response.content.decode()
    assert "US$5,000,000,000" in html
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in html
    assert reverse("admin:view_on_site", args=[*_content_type(negotiation), negotiation.pk]) in html
    assert 'data-field-name="sources"' not in html or "admin-autocomplete" in html
    assert "admin-autocomplete" in html


def _content_type(obj):
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(obj).pk]


def test_view_on_site_leads_to_the_timeline(editor_client, negotiation):
    url = reverse("admin:view_on_site", args=[*_content_type(negotiation), negotiation.pk])

    response = editor_client.get(url)

    assert response.status_code == 302
    assert response["Location"].endswith("/negotiations/sma-11/")


def test_saving_the_workspace_unchanged_writes_and_raises_the_revision(editor_client, negotiation):
    page = editor_client.get(change_url(negotiation))

    response = editor_client.post(change_url(negotiation), form_fields(page))

    assert response.status_code == 302, response.context and response.context["errors"]
    negotiation.refresh_from_db()
    assert negotiation.revision == 2
    assert Round.objects.filter(negotiation=negotiation).count() == 2


def test_round_added_inline_goes_after_the_last_one(editor_client, negotiation):
    page = editor_client.get(change_url(negotiation))
    data = form_fields(page)
    data.update(
        {
            "round_set-TOTAL_FORMS": "3",
            "round_set-2-start": "2019-11",
            "round_set-2-end": "2019-11-19",
            "round_set-2-location": "Seoul",
            "round_set-2-format": "in_person",
            "round_set-2-negotiation": str(negotiation.pk),
        }
    )

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    added = Round.objects.get(negotiation=negotiation, start="2019-11")
    assert added.sequence == 2
    assert added.number is None
    assert added.end.iso == "2019-11-19"


def test_inline_round_ending_before_it_starts_gets_the_message_and_keeps_the_text(
    editor_client, negotiation
):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update({"round_set-0-start": "2019-09-24", "round_set-0-end": "2019-09-20"})

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "The end is before the start." in html
    assert 'value="2019-09-20"' in html
    assert Round.objects.get(negotiation=negotiation, number=1).end.iso == "2019-09-25"


def test_inline_position_with_a_range_upside_down_gets_the_message(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update(
        {
            "position_set-0-amount": "",
            "position_set-0-amount_min": "9",
            "position_set-0-amount_max": "3",
        }
    )

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 200
    assert "The minimum amount is above the maximum." in response.content.decode()


def test_inline_round_number_used_twice_gets_the_message(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data["round_set-1-number"] = "1"

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 200
    assert "Round 1 is already in this negotiation" in response.content.decode()


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2019-13", "", '"2019-13" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ("24/09/2019", "", '"24/09/2019" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ("2019-09-24", "2019-9", '"2019-9" is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.'),
        ("2019-09-24", "2019-08", "The end is before the start."),
    ],
)
def test_adding_a_round_with_a_bad_date_says_why_and_keeps_what_was_typed(
    editor_client, negotiation, start, end, message
):
    data = {
        "negotiation": negotiation.pk,
        "start": start,
        "end": end,
        "location": "Busan, typed with care",
        "format": "virtual",
        "leads-TOTAL_FORMS": "0",
        "leads-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:tracker_round_add"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert message.replace('"', "&quot;") in html
    assert f'value="{start}"' in html
    assert "Busan, typed with care" in html
    assert Round.objects.filter(negotiation=negotiation).count() == 2


def test_inline_rounds_may_swap_numbers(editor_client, negotiation):
    data = form_fields(editor_client.get(change_url(negotiation)))
    data.update({"round_set-0-number": "2", "round_set-1-number": "1"})

    response = editor_client.post(change_url(negotiation), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    numbers = dict(negotiation.round_set.values_list("location", "number"))
    assert numbers == {"Seoul": 2, "Honolulu": 1}


def test_round_added_on_its_own_page_goes_after_the_last_one(editor_client, negotiation):
    data = {
        "negotiation": negotiation.pk,
        "start": "2020",
        "format": "hybrid",
        "leads-TOTAL_FORMS": "0",
        "leads-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:tracker_round_add"), data)

    assert response.status_code == 302
    assert Round.objects.get(negotiation=negotiation, start="2020").sequence == 2
    negotiation.refresh_from_db()
    assert negotiation.revision == 2


def test_round_page_records_lead_negotiators(editor_client, negotiation):
    round_ = negotiation.round_set.get(number=1)
    person = PersonFactory(name="Jeong Eun-bo")
    data = form_fields(editor_client.get(change_url(round_)))
    data.update(
        {
            "leads-TOTAL_FORMS": "1",
            "leads-0-party": str(person.party_id),
            "leads-0-person": str(person.pk),
            "leads-0-round": str(round_.pk),
        }
    )

    response = editor_client.post(change_url(round_), data)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert [str(lead) for lead in round_.leads.all()] == [f"Jeong Eun-bo for {person.party}"]


def test_position_amount_typed_plain_is_shown_back_readably(editor_client, negotiation):
    position = Position.objects.get(negotiation=negotiation)
    data = form_fields(editor_client.get(change_url(position)))
    data["amount"] = "1389000000"

    assert editor_client.post(change_url(position), data).status_code == 302

    changelist = editor_client.get(reverse("admin:tracker_position_changelist"))
    assert "US$1,389,000,000" in changelist.content.decode()


def test_position_with_a_made_up_currency_is_refused(editor_client, negotiation):
    position = Position.objects.get(negotiation=negotiation)
    data = form_fields(editor_client.get(change_url(position)))
    data["currency"] = "XYZ"

    response = editor_client.post(change_url(position), data)

    assert response.status_code == 200
    assert "is not an ISO 4217 currency code" in response.content.decode()


def test_deleting_a_record_raises_the_revision(editor_client, negotiation):
    event = negotiation.event_set.get()

    response = editor_client.post(
        reverse("admin:tracker_event_delete", args=[event.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    negotiation.refresh_from_db()
    assert negotiation.revision == 2
    assert not negotiation.event_set.exists()


def test_editing_a_source_raises_the_revision_of_negotiations_citing_it(editor_client, negotiation):
    source = SourceFactory(title="Before")
    negotiation.round_set.get(number=1).sources.add(source)
    other = NegotiationFactory()
    data = form_fields(editor_client.get(change_url(source)))
    data["title"] = "After"

    assert editor_client.post(change_url(source), data).status_code == 302

    negotiation.refresh_from_db()
    other.refresh_from_db()
    assert (negotiation.revision, other.revision) == (2, 1)


@pytest.mark.parametrize(
    ("model", "query", "expected"),
    [
        ("statement", "DeHart", 1),
        ("statement", "nobody-said-this", 0),
        ("negotiation", "SMA", 1),
        ("event", "break off", 1),
        ("source", "Yonhap", 1),
        ("person", "DeHart", 1),
    ],
)
def test_changelist_search(editor_client, negotiation, model, query, expected):
    SourceFactory(publisher="Yonhap", title="Talks")

    response = editor_client.get(reverse(f"admin:tracker_{model}_changelist"), {"q": query})

    assert response.context["cl"].result_count == expected


def test_changelist_filters_by_party_and_kind(editor_client, negotiation):
    party = PartyFactory(name="Japan")
    PositionFactory(negotiation=negotiation, party=party, kind="offer")
    url = reverse("admin:tracker_position_changelist")

    by_party = editor_client.get(url, {"party__id__exact": party.pk})
    by_kind = editor_client.get(url, {"kind__exact": "offer"})

    assert by_party.context["cl"].result_count == 1
    assert by_kind.context["cl"].result_count == 1


def test_negotiation_changelist_filters_by_status_and_published(editor_client, negotiation):
    NegotiationFactory(status="concluded", is_published=False)
    url = reverse("admin:tracker_negotiation_changelist")

    assert editor_client.get(url, {"status__exact": "concluded"}).context["cl"].result_count == 1
    assert editor_client.get(url, {"is_published__exact": "1"}).context["cl"].result_count == 1


def test_sources_are_picked_with_autocomplete(editor_client, negotiation):
    SourceFactory(title="Yonhap report on the ninth meeting")
    SourceFactory(title="Unrelated")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "tracker", "model_name": "round", "field_name": "sources", "term": "ninth"},
    )

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == [
        "Yonhap report on the ninth meeting (Example News)"
    ]


def test_speakers_are_picked_with_autocomplete_and_addable_in_place(editor_client, negotiation):
    response = editor_client.get(change_url(Statement.objects.get(negotiation=negotiation)))
    html = response.content.decode()

    assert 'id="add_id_speaker"' in html
    assert 'data-model-name="statement"' in html or "admin-autocomplete" in html


def test_changelists_take_a_constant_number_of_queries(
    editor_client, negotiation, django_assert_max_num_queries
):
    for _ in range(5):
        StatementFactory(negotiation=negotiation)
        PositionFactory(negotiation=negotiation)
    for model in ["statement", "position", "round", "person"]:
        with django_assert_max_num_queries(15):
            assert (
                editor_client.get(reverse(f"admin:tracker_{model}_changelist")).status_code == 200
            )


# Two editors, one record: the second save is told, sees both versions, loses nothing.


@pytest.fixture
def other_client():
    other = UserFactory(username="second-editor", groups=["Editors"], is_staff=True)
    second = Client()
    second.force_login(other)
    return second


def test_second_save_of_a_negotiation_is_told_and_loses_nothing(
    editor_client, other_client, negotiation
):
    mine = form_fields(editor_client.get(change_url(negotiation)))
    theirs = form_fields(other_client.get(change_url(negotiation)))
    theirs["title"] = "Their title"
    assert other_client.post(change_url(negotiation), theirs).status_code == 302
    mine.update({"title": "My title", "summary": "My careful summary"})

    response = editor_client.post(change_url(negotiation), mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed by second-editor" in html
    assert ">\nMy title</textarea>" in html
    assert ">\nMy careful summary</textarea>" in html
    conflict = response.context["adminform"].form.conflict
    assert {"field": "Title", "yours": "My title", "saved": "Their title"} in conflict[
        "differences"
    ]
    assert '<td class="saved">Their title</td>' in html
    assert Negotiation.objects.get(pk=negotiation.pk).title == "Their title"


def test_saving_again_after_a_conflict_keeps_the_typed_version(
    editor_client, other_client, negotiation
):
    mine = form_fields(editor_client.get(change_url(negotiation)))
    theirs = form_fields(other_client.get(change_url(negotiation)))
    theirs["title"] = "Their title"
    other_client.post(change_url(negotiation), theirs)
    mine["title"] = "My title"
    conflict_page = editor_client.post(change_url(negotiation), mine)

    response = editor_client.post(change_url(negotiation), form_fields(conflict_page))

    assert response.status_code == 302, response.context and response.context["errors"]
    assert Negotiation.objects.get(pk=negotiation.pk).title == "My title"


def test_record_edited_on_its_own_page_is_caught_on_the_negotiation_page(
    editor_client, other_client, negotiation
):
    mine = form_fields(editor_client.get(change_url(negotiation)))
    round_ = negotiation.round_set.get(number=1)
    theirs = form_fields(other_client.get(change_url(round_)))
    theirs["location"] = "Washington"
    assert other_client.post(change_url(round_), theirs).status_code == 302
    mine["round_set-0-location"] = "Seoul, Foreign Ministry"

    response = editor_client.post(change_url(negotiation), mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "This round was changed by second-editor" in html
    assert (
        "Location is now &quot;Washington&quot; (you typed &quot;Seoul, Foreign Ministry&quot;)"
        in html
    )
    assert 'value="Seoul, Foreign Ministry"' in html or "Seoul, Foreign Ministry</textarea>" in html
    assert Round.objects.get(pk=round_.pk).location == "Washington"


def test_second_save_of_a_position_is_told(editor_client, other_client, negotiation):
    position = Position.objects.get(negotiation=negotiation)
    mine = form_fields(editor_client.get(change_url(position)))
    theirs = form_fields(other_client.get(change_url(position)))
    theirs["amount"] = "4700000000"
    other_client.post(change_url(position), theirs)
    mine["amount"] = "5000000001"

    response = editor_client.post(change_url(position), mine)

    assert response.status_code == 200
    assert 'value="5000000001"' in response.content.decode()
    differences = response.context["adminform"].form.conflict["differences"]
    assert [item["field"] for item in differences] == ["Amount"]
    assert Position.objects.get(pk=position.pk).amount == 4_700_000_000


def test_saves_one_after_the_other_are_no_conflict(editor_client, other_client, negotiation):
    theirs = form_fields(other_client.get(change_url(negotiation)))
    theirs["title"] = "Their title"
    other_client.post(change_url(negotiation), theirs)
    mine = form_fields(editor_client.get(change_url(negotiation)))
    mine["summary"] = "Mine, opened after theirs"

    assert editor_client.post(change_url(negotiation), mine).status_code == 302
    saved = Negotiation.objects.get(pk=negotiation.pk)
    assert (saved.title, saved.summary) == ("Their title", "Mine, opened after theirs")


# Uploading an interchange document: preview, confirm, or every problem with its path.

IMPORT_URL = "/admin/tracker/negotiation/import/"


def upload(client, document, name="talks.json"):
    raw = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(IMPORT_URL, {"document": SimpleUploadedFile(name, raw)})


def test_negotiation_changelist_links_to_the_import_page(editor_client):
    html = editor_client.get(reverse("admin:tracker_negotiation_changelist")).content.decode()

    assert f'href="{IMPORT_URL}"' in html
    assert reverse("admin:tracker_negotiation_import") == IMPORT_URL


def test_upload_shows_a_preview_and_writes_nothing(editor_client, demo_document):
    response = upload(editor_client, demo_document, name="sma-11.json")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview of sma-11.json" in html
    assert "Confirm import" in html
    plan = response.context["plan"]
    assert [(item.slug, item.is_new) for item in plan.negotiations] == [("sma-11", True)]
    assert plan.negotiations[0].lanes["rounds"].created == 9
    assert "<td>9</td>" in html
    assert not Negotiation.objects.exists()


def test_confirm_imports_the_previewed_document(editor_client, editor, demo_document):
    upload(editor_client, demo_document, name="sma-11.json")

    response = editor_client.post(IMPORT_URL, {"confirm": "1"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:tracker_negotiation_changelist")
    assert "Imported 1 negotiation from sma-11.json." in response.content.decode()
    negotiation = Negotiation.objects.get(slug="sma-11")
    assert negotiation.round_set.count() == 9
    assert negotiation.history.earliest("history_date").history_user == editor
    assert editor_client.post(IMPORT_URL, {"confirm": "1"}).status_code == 302
    assert Negotiation.objects.count() == 1


def test_reupload_after_import_previews_no_change(editor_client, demo_document):
    upload(editor_client, demo_document)
    editor_client.post(IMPORT_URL, {"confirm": "1"})

    response = upload(editor_client, demo_document)

    assert response.context["plan"].changed is False
    assert "importing it changes nothing" in response.content.decode()


def test_confirm_after_the_negotiation_changed_previews_again(editor_client, demo_document):
    upload(editor_client, demo_document)
    editor_client.post(IMPORT_URL, {"confirm": "1"})
    edited = json.loads(json.dumps(demo_document))
    edited["negotiations"][0]["title"] = "Edited in the file"
    upload(editor_client, edited)
    Negotiation.objects.filter(slug="sma-11").update(revision=99)

    response = editor_client.post(IMPORT_URL, {"confirm": "1"})

    assert response.status_code == 200
    assert "changed since the preview was made" in response.content.decode()
    assert Negotiation.objects.get(slug="sma-11").title != "Edited in the file"
    assert editor_client.post(IMPORT_URL, {"confirm": "1"}).status_code == 302
    assert Negotiation.objects.get(slug="sma-11").title == "Edited in the file"


def test_cancel_discards_the_upload(editor_client, demo_document):
    upload(editor_client, demo_document)

    editor_client.post(IMPORT_URL, {"cancel": "1"})
    response = editor_client.post(IMPORT_URL, {"confirm": "1"}, follow=True)

    assert "Nothing to confirm" in response.content.decode()
    assert not Negotiation.objects.exists()


def test_every_problem_is_shown_with_its_path(editor_client, demo_document):
    broken = json.loads(json.dumps(demo_document))
    broken["negotiations"][0]["rounds"][3]["end"] = "2019-13"
    broken["negotiations"][0]["positions"][0]["currency"] = "XYZ"

    response = upload(editor_client, broken)

    html = response.content.decode()
    paths = [problem.path for problem in response.context["problems"]]
    assert "negotiations[0].rounds[3].end" in paths
    assert "negotiations[0].positions[0].currency" in paths
    assert "<code>negotiations[0].rounds[3].end</code>" in html
    assert "Nothing was written." in html
    assert "Confirm import" not in html
    assert not Negotiation.objects.exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"", "empty"),
        (b'{"format": "something-else/2", "negotiations": []}', "negotiation-tracker/1"),
        (b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "nested more than"),
    ],
)
def test_unreadable_documents_get_a_clear_message(editor_client, raw, message):
    response = upload(editor_client, raw)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Negotiation.objects.exists()


def test_oversized_upload_is_refused_naming_the_limit(editor_client, demo_document, settings):
    settings.INTERCHANGE_UPLOAD_MAX_BYTES = 1024

    response = upload(editor_client, demo_document)

    html = response.content.decode()
    assert "uploads are limited to 1.0\xa0KB" in html
    assert not Negotiation.objects.exists()


def test_import_page_needs_add_and_change_permission(client, analyst):
    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"confirm": "1"}).status_code == 403


def test_import_page_needs_a_staff_login(client):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_pending_upload_changed_on_disk_is_not_imported(editor_client, demo_document):
    from tracker.admin.upload import SESSION_KEY, UPLOAD_DIR

    upload(editor_client, demo_document)
    token = editor_client.session[SESSION_KEY]["token"]
    (UPLOAD_DIR / f"{token}.json").write_bytes(b'{"format": "negotiation-tracker/1"}')

    response = editor_client.post(IMPORT_URL, {"confirm": "1"}, follow=True)

    assert "Nothing to confirm" in response.content.decode()
    assert not Negotiation.objects.exists()


def test_abandoned_uploads_are_removed(editor_client, demo_document):
    import os

    from tracker.admin.upload import UPLOAD_DIR

    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    abandoned = UPLOAD_DIR / "abandoned.json"
    abandoned.write_bytes(b"{}")
    os.utime(abandoned, (0, 0))

    upload(editor_client, demo_document)

    assert not abandoned.exists()


def test_record_moved_to_another_negotiation_goes_to_the_end_of_its_lane(
    editor_client, negotiation
):
    other = NegotiationFactory()
    EventFactory(negotiation=other, sequence=0)
    EventFactory(negotiation=other, sequence=1)
    event = negotiation.event_set.get()
    data = form_fields(editor_client.get(change_url(event)))
    data["negotiation"] = str(other.pk)

    assert editor_client.post(change_url(event), data).status_code == 302

    event.refresh_from_db()
    assert (event.negotiation_id, event.sequence) == (other.pk, 2)
    assert Negotiation.objects.get(pk=negotiation.pk).revision == 2
    assert Negotiation.objects.get(pk=other.pk).revision == 2
