"""The "Paste a report" page: paste, review, save accepted, reject all, bad input."""

import pytest
from django.urls import reverse

from tests.extract.conftest import SEED_COPY
from tracker.models import Event, ExtractionReview, Negotiation, Source, Statement

pytestmark = pytest.mark.django_db
URL = "https://en.yna.co.kr/view/AEN20200403000100325"


@pytest.fixture
def sma(demo):
    return Negotiation.objects.get(slug="sma-11")


def paste_url(negotiation):
    return reverse("admin:tracker_negotiation_paste", args=[negotiation.pk])


def paste(client, negotiation, **fields):
    data = {"url": URL, "publisher": "", "published": "", "text": SEED_COPY.read_text()}
    return client.post(paste_url(negotiation), {**data, **fields, "extract": "1"})


def review_data(response, decide=None, edit=None):
    """The review form's fields as a browser would post them, with some decisions changed."""
    context = response.context
    data = {"checks": context["checks_json"]}
    card = context["card"]
    for field in card:
        value = field.value()
        data[field.html_name] = "" if value is None else getattr(value, "iso", value)
    for section in context["sections"]:
        data[f"{section['lane']}-count"] = len(section["forms"])
        for index, form in enumerate(section["forms"]):
            for field in form:
                value = field.value()
                data[field.html_name] = "" if value is None else getattr(value, "iso", value)
            key = (section["lane"], index)
            if decide and key in decide:
                data[form["action"].html_name] = decide[key]
            if edit and key in edit:
                for name, value in edit[key].items():
                    data[form[name].html_name] = value
    return data


def test_paste_the_negotiation_page_links_to_paste_a_report(editor_client, sma):
    html = editor_client.get(reverse("admin:tracker_negotiation_change", args=[sma.pk])).content
    assert paste_url(sma).encode() in html
    assert b"Paste a report" in html


def test_paste_page_shows_the_form(editor_client, sma):
    html = editor_client.get(paste_url(sma)).content.decode()
    assert 'name="text"' in html and 'name="url"' in html and 'name="published"' in html


def test_paste_analysts_may_not_paste(client, analyst, sma):
    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)
    assert client.get(paste_url(sma)).status_code == 403


def test_paste_review_shows_the_seed_candidates(editor_client, sma):
    response = paste(editor_client, sma)

    html = response.content.decode()
    statements = response.context["sections"][2]["forms"]
    quotes = [f for f in statements if f["kind"].value() == "quote"]
    assert len(quotes) == 5
    assert {f["speaker"].value() for f in quotes} == {"R. Clarke Cooper"}
    assert "agrees with the record (7 rounds held" in html
    assert "About 4,000 Korean USFK workers placed on unpaid leave" in html  # the recorded event
    assert "AEN202004030001" in html  # story read from the address
    assert Source.objects.filter(url=URL).count() == 0  # nothing saved yet


def test_paste_recorded_facts_default_to_adding_the_source(editor_client, sma):
    response = paste(editor_client, sma)

    expired, event = response.context["sections"][3]["forms"]
    assert event["action"].value() == "cite"  # the furlough, already recorded
    assert expired["action"].value() == "reject"  # the agreement's expiry, new
    fifth = response.context["sections"][2]["forms"][-1]
    assert fifth["action"].value() == "reject"  # new: the editor accepts it with one click


def test_paste_save_accepted_links_the_source_and_keeps_counts(editor_client, editor, sma):
    response = paste(editor_client, sma)
    statements = response.context["sections"][2]["forms"]
    data = review_data(response, decide={("statements", len(statements) - 1): "accept"})

    saved = editor_client.post(paste_url(sma), {**data, "save": "1"})

    assert saved.status_code == 302
    source = Source.objects.get(url=URL)
    furlough = Event.objects.get(negotiation=sma, date="2020-04-01")
    assert source in furlough.sources.all()
    new_quote = Statement.objects.get(quote__startswith="But the important thing")
    assert new_quote.speaker.name == "R. Clarke Cooper"
    assert list(new_quote.sources.all()) == [source]
    assert new_quote.history.first().history_user == editor
    counts = {r.lane: (r.accepted, r.edited, r.rejected) for r in ExtractionReview.objects.all()}
    assert counts["statements"] == (5, 0, 3)
    assert counts["events"] == (1, 0, 1)  # the furlough cited, the expiry left out
    assert set(ExtractionReview.objects.values_list("editor", flat=True)) == {editor.pk}


def test_paste_an_edited_candidate_is_counted_as_edited(editor_client, sma):
    response = paste(editor_client, sma)
    last = len(response.context["sections"][2]["forms"]) - 1
    data = review_data(
        response,
        decide={("statements", last): "accept"},
        edit={("statements", last): {"quote": "But the important thing is the talks go on."}},
    )

    editor_client.post(paste_url(sma), {**data, "save": "1"})

    review = ExtractionReview.objects.get(lane="statements")
    assert (review.accepted, review.edited) == (4, 1)
    assert Statement.objects.filter(quote="But the important thing is the talks go on.").exists()


def test_paste_reject_all_writes_nothing(editor_client, sma):
    response = paste(editor_client, sma)
    before = (Source.objects.count(), Statement.objects.count(), sma.revision)

    editor_client.post(paste_url(sma), {**review_data(response), "reject": "1"})

    sma.refresh_from_db()
    assert (Source.objects.count(), Statement.objects.count(), sma.revision) == before
    assert not ExtractionReview.objects.exists()


def test_paste_an_invalid_accepted_row_saves_nothing_and_says_where(editor_client, sma):
    response = paste(editor_client, sma)
    last = len(response.context["sections"][2]["forms"]) - 1
    data = review_data(
        response,
        decide={("statements", last): "accept"},
        edit={("statements", last): {"date": "April 2020"}},
    )

    again = editor_client.post(paste_url(sma), {**data, "save": "1"})

    html = again.content.decode()
    assert "Nothing was saved" in html
    assert "is not a date" in html
    assert not Source.objects.filter(url=URL).exists()
    assert not ExtractionReview.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"text": ""}, "The text is empty", "text"),
        ({"text": "word " * 25_000}, "at most 100,000", "text"),
        ({"text": "방위비 분담금 협상이 계속되고 있다. 양측은 합의했다."}, "no English", "text"),
        ({"published": "2999-01-01"}, "is in the future", "published"),
    ],
    ids=["empty", "too-long", "not-english", "future"],
)
def test_paste_bad_input_says_what_is_wrong_and_keeps_the_form(
    editor_client, sma, fields, message, field
):
    before = Source.objects.count()

    response = paste(editor_client, sma, publisher="Yonhap", **fields)

    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["url"].value() == URL and form["publisher"].value() == "Yonhap"
    assert message in response.content.decode()
    assert Source.objects.count() == before
