"""Admin forms that lose no edit, and the small writes the admin makes around a save.

Two editors may open the same record. Each form carries the record's `modified`
time from when it was opened; saving after someone else has saved is refused
with both versions shown: the one typed stays in the form, the saved one is
listed beside it, and saving again keeps the typed one on purpose.
"""

import datetime as dt

from django import forms
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import capfirst

from .. import models
from ..control_characters import control_character_problem
from ..revisions import bump_revision

TOKEN_FIELD = "opened_version"


def version_token(modified):
    """The text a form carries to recognise the saved version it was opened on."""
    return modified.isoformat() if modified else ""


def opened_moment(token):
    """The `modified` time a form was opened on, or the earliest time for a token not read."""
    try:
        return dt.datetime.fromisoformat(token)
    except ValueError:
        return dt.datetime.min.replace(tzinfo=dt.UTC)


def saved_record(model, pk, *, lock=False):
    """The record as saved now, locked for the rest of the transaction when asked."""
    queryset = model._default_manager.filter(pk=pk)
    if lock and transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update()
    return queryset.first()


def last_editor(record):
    """(user, time) of the newest history row of a record, or (None, None)."""
    latest = record.history.select_related("history_user").order_by("-history_date").first()
    if latest is None:
        return None, None
    return latest.history_user, latest.history_date


def show_value(value):
    """A field value as a person reads it in a comparison."""
    if value is None or value == "":
        return "(empty)"
    if hasattr(value, "display") and hasattr(value, "iso"):
        return value.iso
    if hasattr(value, "all"):
        return ", ".join(str(item) for item in value.all()) or "(none)"
    if isinstance(value, list | tuple | set | frozenset) or hasattr(value, "model"):
        return ", ".join(sorted(str(item) for item in value)) or "(none)"
    return str(value)


class PlainTextForm(forms.BaseForm):
    """A form refusing control characters in every text field, naming the field (a mixin)."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if not isinstance(value, str) or field is None:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            problem = control_character_problem(value, multiline=multiline)
            if problem:
                self.add_error(name, f"{capfirst(field.label or name)} {problem}.")
        return cleaned


class ConcurrencyGuardForm(PlainTextForm, forms.ModelForm):
    """A model form refusing to overwrite a version saved after it was opened."""

    opened_version = forms.CharField(required=False, widget=forms.HiddenInput)
    # The main form reads the version from the database, so a form built on an old
    # history row (the revert page) still compares against what is saved now.
    version_from_database = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.guarded = hasattr(type(self.instance), "modified")
        if self.guarded and self.instance.pk and not self.is_bound:
            modified = self.instance.modified
            if self.version_from_database:
                saved = saved_record(type(self.instance), self.instance.pk)
                modified = saved.modified if saved else modified
            self.initial[TOKEN_FIELD] = version_token(modified)

    def clean(self):
        cleaned = super().clean()
        if not self.guarded or not self.instance.pk or self.instance._state.adding:
            return cleaned
        saved = saved_record(type(self.instance), self.instance.pk, lock=True)
        if saved is None:
            return cleaned
        opened = self.cleaned_data.get(TOKEN_FIELD) or ""
        current = version_token(saved.modified)
        if opened and opened != current:
            self.conflict = self.describe_conflict(saved, opened)
            # Saving again on purpose keeps this version; it now answers the current one.
            self.data = self.data.copy()
            self.data[self.add_prefix(TOKEN_FIELD)] = current
            raise forms.ValidationError(self.conflict["message"], code="conflict")
        return cleaned

    def describe_conflict(self, saved, opened):
        """Who saved, when, and each field where the saved version differs from the typed one."""
        user, written = last_editor(saved)
        if written is None or written < opened_moment(opened):
            user = None  # the newest history row is older than the form: records changed
        when = saved.modified
        differences = []
        for name, field in self.fields.items():
            if name == TOKEN_FIELD or name not in self.cleaned_data:
                continue
            yours = self.cleaned_data[name]
            theirs = getattr(saved, name, None)
            if hasattr(theirs, "all"):
                theirs = list(theirs.all())
                yours = list(yours or [])
            if show_value(yours) != show_value(theirs):
                differences.append(
                    {
                        "field": str(field.label or name),
                        "yours": show_value(yours),
                        "saved": show_value(theirs),
                    }
                )
        who = f"by {user}" if user else "by someone else"
        at = f" at {timezone.localtime(when):%Y-%m-%d %H:%M:%S}" if when else ""
        detail = "; ".join(
            f'{item["field"]} is now "{item["saved"]}" (you typed "{item["yours"]}")'
            for item in differences
        )
        message = (
            f"This {saved._meta.verbose_name} was changed {who}{at} since you opened it. "
            + (f"{detail}. " if detail else "Its records changed; the fields above did not. ")
            + "Your version is kept here: check it against the saved one and save again "
            "to keep yours."
        )
        return {"user": user, "when": when, "differences": differences, "message": message}


class RecordInlineForm(ConcurrencyGuardForm):
    """An inline row: its instance was just read, so its own `modified` is current."""

    version_from_database = False


def round_number_taken(number):
    """The message for a round number already used in the negotiation, on every round form."""
    return (
        f"Round {number} is already in this negotiation: "
        "round numbers are unique within a negotiation."
    )


class RoundForm(ConcurrencyGuardForm):
    """A round on its own page, refusing a number another round of its negotiation has."""

    def clean(self):
        cleaned = super().clean()
        number, negotiation = cleaned.get("number"), cleaned.get("negotiation")
        if number is not None and negotiation is not None:
            others = models.Round.objects.filter(negotiation=negotiation, number=number)
            if others.exclude(pk=self.instance.pk).exists():
                # A field error leaves the database constraint unchecked, and its raw message out.
                self.add_error("number", round_number_taken(number))
        return cleaned


class SourceForm(ConcurrencyGuardForm):
    """A source, refusing an address another source has (the database allows each once)."""

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if url:
            same = models.Source.objects.filter(url=url).exclude(pk=self.instance.pk).first()
            if same is not None:
                self.add_error(
                    "url", f'"{same}" has this URL: choose it instead of adding it again.'
                )
        return cleaned


class RoundInlineFormSet(forms.BaseInlineFormSet):
    """Rounds of one negotiation, refusing a round number typed twice."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.is_valid() or self._should_delete_form(form):
                continue
            number = form.cleaned_data.get("number")
            if number is None:
                continue
            if number in seen:
                form.add_error("number", round_number_taken(number))
            seen.add(number)


def save_lane_formset(formset):
    """Delete, then renumber and save, so rounds may swap or take a deleted round's number."""
    records = formset.save(commit=False)
    for record in formset.deleted_objects:
        record.delete()
    if formset.model is models.Round:
        changed = [record.pk for record in records if record.pk is not None]
        models.Round.objects.filter(pk__in=changed).update(number=None)
    place_new_records(records)
    for record in records:
        record.save()
    formset.save_m2m()


def next_sequence(model, negotiation_id):
    """The place after the last record of this lane in the negotiation."""
    last = model._default_manager.filter(negotiation_id=negotiation_id).aggregate(
        last=Max("sequence")
    )["last"]
    return 0 if last is None else last + 1


def place_new_records(records):
    """Give records not yet saved the places after their lane's last record."""
    following = {}
    for record in records:
        if record.pk is not None:
            continue
        key = (type(record), record.negotiation_id)
        if key not in following:
            following[key] = next_sequence(*key)
        record.sequence = following[key]
        following[key] += 1


def keep_current_revision(obj):
    """A negotiation restored from history keeps counting revisions up, never back."""
    if isinstance(obj, models.Negotiation) and obj.pk is not None:
        saved = models.Negotiation.objects.filter(pk=obj.pk).values_list("revision", flat=True)
        obj.revision = max(obj.revision, saved.first() or 0)


def negotiations_touched_by(obj):
    """Ids of the negotiations whose pages show this party, person or source."""
    if isinstance(obj, models.Negotiation):
        return {obj.pk}
    if hasattr(obj, "negotiation_id"):
        return {obj.negotiation_id}
    if isinstance(obj, models.LeadNegotiator):
        return {obj.round.negotiation_id}
    lanes = (models.Round, models.Position, models.Event, models.Statement)
    if isinstance(obj, models.Source):
        wheres = {lane: Q(sources=obj) for lane in lanes}
        direct = Q(people__sources=obj)
    elif isinstance(obj, models.Person):
        wheres = {models.Statement: Q(speaker=obj), models.Round: Q(leads__person=obj)}
        direct = Q(people=obj)
    elif isinstance(obj, models.Party):
        wheres = {
            models.Position: Q(party=obj),
            models.Statement: Q(party=obj),
            models.Round: Q(leads__party=obj),
        }
        direct = Q(parties=obj) | Q(people__party=obj)
    else:
        return set()
    ids = set(models.Negotiation.objects.filter(direct).values_list("pk", flat=True))
    for lane, where in wheres.items():
        ids.update(lane.objects.filter(where).values_list("negotiation_id", flat=True))
    return ids


def mark_changed(negotiation_ids):
    """Raise the revision of each negotiation so caches and ETags see the edit."""
    for negotiation_id in sorted(set(negotiation_ids)):
        bump_revision(negotiation_id)
