"""The "Paste a report" admin page of a negotiation: paste, review, save the accepted facts.

Step one takes the story's address, publisher, date and text and runs the extractor
(`tracker.extract`); nothing is stored. The review screen shows the source card, the round
counts checked against the record, and one table per lane: each candidate with the sentence it
came from, its fields pre-filled and editable, the extractor's flags, and accept / reject (for a
fact the record already holds: add this source to it). Every candidate travels in the review
form itself, so the page keeps no state between the steps; "Save accepted" writes in one
transaction (`tracker.extract.save`).
"""

import datetime as dt
import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from .. import models
from ..extract import ExtractionInputError, extract_report
from ..extract.context import context_for
from ..extract.save import SaveError, save_accepted
from ..fields import PartialDateFormField, PlainDecimalFormField
from .forms import PlainTextForm

LANE_TITLES = {
    "rounds": "Rounds",
    "positions": "Positions",
    "statements": "Statements",
    "events": "Events",
    "people": "People",
}
ACTIONS = [
    ("accept", "Accept"),
    ("cite", "Add this source to the existing record"),
    ("reject", "Reject"),
]


class PasteForm(PlainTextForm, forms.Form):
    url = forms.URLField(label="URL", required=False, assume_scheme="https", max_length=2000)
    publisher = forms.CharField(required=False, max_length=300)
    published = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Left empty, read from a Yonhap address.",
    )
    text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90}),
        help_text="The story as plain text; pasted HTML is reduced to text.",
    )


class SourceCardForm(PlainTextForm, forms.Form):
    url = forms.URLField(label="URL", required=False, assume_scheme="https", max_length=2000)
    title = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 80}))
    publisher = forms.CharField(required=False, max_length=300)
    author = forms.CharField(required=False, max_length=300)
    published = PartialDateFormField(required=False)
    story = forms.CharField(required=False, max_length=200)
    version = forms.IntegerField(required=False, min_value=1)
    duplicate_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    supersedes = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CandidateForm(PlainTextForm, forms.Form):
    """One candidate: its decision, what it came from, and its fields (in subclasses)."""

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect, initial="reject")
    duplicate_of = forms.IntegerField(required=False, widget=forms.HiddenInput)
    original = forms.CharField(required=False, widget=forms.HiddenInput)
    evidence = forms.CharField(required=False, widget=forms.HiddenInput)
    flags = forms.CharField(required=False, widget=forms.HiddenInput)
    contradicts = forms.CharField(required=False, widget=forms.HiddenInput)
    required_to_accept = ()
    meta_fields = ("action", "duplicate_of", "original", "evidence", "flags", "contradicts")

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action == "cite" and not cleaned.get("duplicate_of"):
            self.add_error("action", "Nothing recorded to add this source to: accept or reject.")
        if action == "accept":
            for name in self.required_to_accept:
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, "Needed to accept this candidate.")
        return cleaned

    def fact_fields(self):
        return [self[name] for name in self.fields if name not in self.meta_fields]

    def flag_list(self):
        return [flag for flag in (self["flags"].value() or "").split("|") if flag]

    def fields_edited(self):
        """True when a fact field differs from what the extractor proposed."""
        original = json.loads(self.cleaned_data.get("original") or "{}")
        for name in self.fields:
            if name in self.meta_fields:
                continue
            value = self.cleaned_data.get(name)
            if _plain(value) != _plain(original.get(name)):
                return True
        return False


def _plain(value):
    if value is None or value == "":
        return ""
    if hasattr(value, "iso"):
        return value.iso
    if hasattr(value, "normalize"):
        return format(value.normalize(), "f")
    return str(value)


def _choices(options):
    return [("", "---------"), *[(option, option) for option in options]]


class RoundCandidateForm(CandidateForm):
    number = forms.IntegerField(required=False, min_value=1)
    start = PartialDateFormField(required=False)
    end = PartialDateFormField(required=False)
    location = forms.CharField(required=False)
    format = forms.ChoiceField(choices=models.Round.Format.choices, required=False)
    required_to_accept = ("start",)


class PositionCandidateForm(CandidateForm):
    party = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(choices=models.Position.Kind.choices, required=False)
    issue = forms.ChoiceField(required=False)
    amount = PlainDecimalFormField(required=False, max_digits=30, decimal_places=6)
    amount_min = PlainDecimalFormField(required=False, max_digits=30, decimal_places=6)
    amount_max = PlainDecimalFormField(required=False, max_digits=30, decimal_places=6)
    currency = forms.CharField(required=False, max_length=3)
    unit = forms.CharField(required=False)
    percent_change = PlainDecimalFormField(required=False, max_digits=12, decimal_places=4)
    date = PartialDateFormField(required=False)
    required_to_accept = ("party", "kind")


class StatementCandidateForm(CandidateForm):
    date = PartialDateFormField(required=False)
    speaker = forms.CharField(required=False, max_length=300)
    speaker_title = forms.CharField(required=False)
    party = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(choices=models.Statement.Kind.choices, required=False)
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))
    required_to_accept = ("date", "quote", "kind")


class EventCandidateForm(CandidateForm):
    date = PartialDateFormField(required=False)
    end = PartialDateFormField(required=False)
    title = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    required_to_accept = ("date", "title")


class PersonCandidateForm(CandidateForm):
    name = forms.CharField(required=False, max_length=300)
    title = forms.CharField(required=False)
    party = forms.ChoiceField(required=False)
    required_to_accept = ("name",)


LANE_FORMS = {
    "rounds": RoundCandidateForm,
    "positions": PositionCandidateForm,
    "statements": StatementCandidateForm,
    "events": EventCandidateForm,
    "people": PersonCandidateForm,
}


def may_paste(user):
    return all(
        user.has_perm(f"tracker.{verb}_{model}")
        for verb in ("add", "change")
        for model in ("source", "round", "position", "statement", "event", "person")
    )


@require_http_methods(["GET", "POST"])
def paste_view(request, object_id):
    """Paste (GET), review (POST "extract"), save (POST "save") or reject all (POST "reject")."""
    negotiation = get_object_or_404(models.Negotiation, pk=object_id)
    if not may_paste(request.user):
        raise PermissionDenied
    if request.method == "POST" and "reject" in request.POST:
        messages.info(request, "Every candidate rejected; nothing was written.")
        return redirect("admin:tracker_negotiation_paste", negotiation.pk)
    if request.method == "POST" and "save" in request.POST:
        return save_review(request, negotiation)
    form = PasteForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return render_paste(request, negotiation, form)
    try:
        result = extract_report(
            form.cleaned_data["text"], context_for(negotiation),
            url=form.cleaned_data["url"], published=form.cleaned_data["published"],
            publisher=form.cleaned_data["publisher"], today=dt.date.today(),
        )  # fmt: skip
    except ExtractionInputError as error:
        form.add_error(error.field, str(error))
        return render_paste(request, negotiation, form)
    card = SourceCardForm(initial=result["source"], prefix="source")
    lanes = {
        lane: lane_forms(lane, negotiation, rows) for lane, rows in result["candidates"].items()
    }
    return render_review(request, negotiation, card, lanes, result["checks"])


def save_review(request, negotiation):
    """Write the accepted rows, or show the review again with what is wrong."""
    card = SourceCardForm(request.POST, prefix="source")
    lanes = {lane: lane_forms(lane, negotiation, data=request.POST) for lane in LANE_FORMS}
    checks = json.loads(request.POST.get("checks") or "[]")
    wanted = [f for forms_ in lanes.values() for f in forms_ if f["action"].value() != "reject"]
    if not card.is_valid() or not all(form.is_valid() for form in wanted):
        return render_review(request, negotiation, card, lanes, checks, invalid=True)
    rows = {lane: [row_of(form) for form in forms_] for lane, forms_ in lanes.items()}
    try:
        source, counts = save_accepted(
            negotiation, source=card.cleaned_data, lanes=rows, user=request.user
        )
    except SaveError as error:
        lanes[error.lane][error.index].add_error(None, "; ".join(error.messages))
        return render_review(request, negotiation, card, lanes, checks, invalid=True)
    if source is None:
        messages.info(request, "Nothing was accepted; nothing was written.")
        return redirect("admin:tracker_negotiation_paste", negotiation.pk)
    messages.success(request, saved_sentence(source, counts))
    return redirect("admin:tracker_negotiation_change", negotiation.pk)


def row_of(form):
    if form["action"].value() == "reject":
        return {"action": "reject"}
    fields = {name: form.cleaned_data.get(name) for name in form.fields}
    fields["unnamed"] = "speaker not named" in form.flag_list()
    return {
        "action": form.cleaned_data["action"],
        "duplicate_of": form.cleaned_data.get("duplicate_of"),
        "edited": form.fields_edited(),
        "fields": fields,
    }


def saved_sentence(source, counts):
    added = sum(c["accepted"] + c["edited"] for c in counts.values())
    rejected = sum(c["rejected"] for c in counts.values())
    return (
        f"Saved {added} fact{'s' if added != 1 else ''} citing “{source}”; "
        f"{rejected} candidate{'s' if rejected != 1 else ''} rejected."
    )


def lane_forms(lane, negotiation, rows=None, data=None):
    """The review forms of one lane, pre-filled from candidates or bound to a posted review."""
    form_class = LANE_FORMS[lane]
    if data is not None:
        count = int(data.get(f"{lane}-count") or 0)
        forms_ = [form_class(data, prefix=f"{lane}-{index}") for index in range(min(count, 500))]
    else:
        forms_ = [
            form_class(initial=initial_of(row), prefix=f"{lane}-{index}")
            for index, row in enumerate(rows)
        ]
    parties = _choices(negotiation.parties.values_list("name", flat=True))
    issues = [("", "General")] + list(negotiation.issues.values_list("slug", "title"))
    for form in forms_:
        if "party" in form.fields:
            form.fields["party"].choices = parties
        if "issue" in form.fields:
            form.fields["issue"].choices = issues
    return forms_


def initial_of(row):
    flags = row.get("flags", [])
    fields = {key: value for key, value in row.items() if key not in ("evidence", "flags")}
    return {
        **fields,
        "action": "cite" if row.get("duplicate_of") else "reject",
        "original": json.dumps({k: v for k, v in fields.items() if v is not None}, default=str),
        "evidence": row.get("evidence", ""),
        "flags": "|".join(flags),
        "contradicts": ",".join(str(pk) for pk in row.get("contradicts", [])),
    }


def render_paste(request, negotiation, form):
    return render(
        request,
        "admin/paste/paste.html",
        {**_context(request, negotiation, "Paste a report"), "form": form},
    )


def render_review(request, negotiation, card, lanes, checks, invalid=False):
    recorded = recorded_labels(negotiation, lanes)
    for lane, forms_ in lanes.items():
        for form in forms_:
            labels = recorded[lane]
            form.recorded_label = labels.get(str(form["duplicate_of"].value() or ""), "")
            ids = (form["contradicts"].value() or "").split(",")
            form.contradicted_labels = [labels[pk] for pk in ids if pk in labels]
    sections = [
        {"lane": lane, "title": LANE_TITLES[lane], "forms": forms_, "recorded": recorded[lane]}
        for lane, forms_ in lanes.items()
    ]
    source = models.Source.objects.filter(pk=card["duplicate_of"].value() or 0).first()
    earlier = models.Source.objects.filter(pk=card["supersedes"].value() or 0).first()
    return render(
        request,
        "admin/paste/review.html",
        {
            **_context(request, negotiation, "Review the candidate facts"),
            "card": card,
            "sections": sections,
            "checks": checks,
            "checks_json": json.dumps(checks),
            "recorded_source": source,
            "earlier_version": earlier,
            "invalid": invalid,
        },
    )


def recorded_labels(negotiation, lanes):
    """{lane: {id: "how the recorded fact reads"}} for the facts candidates match or contradict."""
    labels = {}
    for lane, forms_ in lanes.items():
        ids = set()
        for form in forms_:
            ids.add(form["duplicate_of"].value())
            ids.update((form["contradicts"].value() or "").split(","))
        ids = {int(pk) for pk in ids if pk not in (None, "") and str(pk).isdigit()}
        if lane == "people":
            queryset = models.Person.objects.filter(pk__in=ids)
        else:
            model = {"rounds": models.Round, "positions": models.Position,
                     "statements": models.Statement, "events": models.Event}[lane]  # fmt: skip
            queryset = model.objects.filter(pk__in=ids, negotiation=negotiation)
        labels[lane] = {str(obj.pk): str(obj) for obj in queryset}
    return labels


def _context(request, negotiation, title):
    return {
        **admin.site.each_context(request),
        "opts": models.Negotiation._meta,
        "original": negotiation,
        "negotiation": negotiation,
        "title": title,
        "paste_url": reverse("admin:tracker_negotiation_paste", args=[negotiation.pk]),
        "max_chars": 100_000,
    }
