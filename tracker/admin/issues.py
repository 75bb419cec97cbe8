"""A position's agenda issue in the admin: picked from its negotiation's issues, else "General"."""

from django import forms
from django.contrib import admin
from django.db import models as db

from .. import models
from .forms import ConcurrencyGuardForm, RecordInlineForm

ISSUE_HELP = 'One of this negotiation\'s issues; left empty, its "General" issue.'


def limit_issues(form, negotiation_id, choices=None, *, any_negotiation=False):
    """Offer only the negotiation's issues (with `any_negotiation`, while none is chosen yet,
    every issue named with its negotiation); `choices`, when given, are those already read, so
    a formset reads them once."""
    field = form.fields.get("issue")
    if field is None:
        return
    field.required = False
    field.help_text = ISSUE_HELP
    issues = models.Issue.objects.select_related("negotiation")
    if any_negotiation:
        field.queryset = issues
        field.label_from_instance = lambda issue: f"{issue.negotiation}: {issue.title}"
    else:
        field.queryset = issues.filter(negotiation_id=negotiation_id)
    if choices is not None:
        field.choices = choices


class PositionIssueMixin:
    """Checks the issue belongs to the position's negotiation; fills in "General" on save."""

    def clean(self):
        cleaned = super().clean()
        issue = cleaned.get("issue")
        negotiation = cleaned.get("negotiation") or getattr(self.instance, "negotiation", None)
        if issue is not None and negotiation is not None and issue.negotiation_id != negotiation.pk:
            self.add_error(
                "issue",
                f"“{issue.title}” is an issue of “{issue.negotiation}”, not of “{negotiation}”.",
            )
        return cleaned

    def save(self, commit=True):
        if self.instance.issue_id is None:
            self.instance.issue = models.default_issue(self.instance.negotiation)
        return super().save(commit)


class PositionForm(PositionIssueMixin, ConcurrencyGuardForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        negotiation_id = self.instance.negotiation_id
        limit_issues(self, negotiation_id, any_negotiation=negotiation_id is None)


class PositionInlineForm(PositionIssueMixin, RecordInlineForm):
    pass


class PositionInlineFormSet(forms.BaseInlineFormSet):
    """Positions of one negotiation: each picks from its issues, read once for all the rows."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_issue_choices"):
            limit_issues(form, self.instance.pk)
            self._issue_choices = list(form.fields["issue"].choices)
        limit_issues(form, self.instance.pk, self._issue_choices)


class IssueInline(admin.TabularInline):
    model = models.Issue
    extra = 0
    fields = ["order", "title", "slug", "description"]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {db.TextField: {"widget": forms.Textarea(attrs={"rows": 1, "cols": 40})}}


class IssueFilter(admin.SimpleListFilter):
    """Positions by issue, each named with its negotiation (every negotiation has a "General")."""

    title = "issue"
    parameter_name = "issue"

    def lookups(self, request, model_admin):
        issues = models.Issue.objects.select_related("negotiation").order_by(
            "negotiation__title", "order", "id"
        )
        negotiation = request.GET.get("negotiation__id__exact")
        if negotiation and negotiation.isdigit():
            issues = issues.filter(negotiation_id=negotiation)
        return [(str(issue.pk), f"{issue.negotiation}: {issue.title}") for issue in issues]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(issue_id=value) if value and value.isdigit() else queryset
