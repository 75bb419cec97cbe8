"""The editors' workspace: every model in the admin, with history, autocomplete and inlines."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models as db
from django.urls import path
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from .. import models
from ..fields import PlainDecimalFormField
from .deleted import deleted_view
from .forms import (
    TOKEN_FIELD,
    ConcurrencyGuardForm,
    RecordInlineForm,
    RoundForm,
    RoundInlineFormSet,
    keep_current_revision,
    mark_changed,
    negotiations_touched_by,
    next_sequence,
    save_lane_formset,
)
from .history import record_changes
from .issues import (
    IssueFilter,
    IssueInline,
    PositionForm,
    PositionInlineForm,
    PositionInlineFormSet,
)
from .paste import paste_view
from .upload import import_view
from .versions import SourceVersionsAdmin, StoryFilter

admin.site.site_header = "Negotiation tracker"
admin.site.site_title = "Negotiation tracker"
admin.site.index_title = "Records"

COMPACT_TEXT = {
    db.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    db.URLField: {"assume_scheme": "https"},
    db.DecimalField: {"form_class": PlainDecimalFormField},
}


class TrackedAdmin(SimpleHistoryAdmin):
    """History, revert, and a new revision for every negotiation an edit shows up in."""

    form = ConcurrencyGuardForm
    formfield_overrides = COMPACT_TEXT

    def save_model(self, request, obj, form, change):
        moved_from = form.initial.get("negotiation") if "negotiation" in form.changed_data else None
        if moved_from is not None or (not change and hasattr(obj, "sequence")):
            obj.sequence = next_sequence(type(obj), obj.negotiation_id)
        keep_current_revision(obj)
        super().save_model(request, obj, form, change)
        if moved_from is not None:
            mark_changed([moved_from])

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        # Each request has its own inline instances, so the heading may carry the count.
        for formset, inline in zip(formsets, inline_instances, strict=True):
            if obj is not None and obj.pk is not None:
                plural = capfirst(inline.model._meta.verbose_name_plural)
                inline.verbose_name_plural = f"{plural} ({formset.initial_form_count()})"
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        mark_changed(negotiations_touched_by(form.instance))

    def set_history_delta_changes(self, request, historical_records, *args, **kwargs):
        super().set_history_delta_changes(request, historical_records, *args, **kwargs)
        for record in historical_records:
            # No reason given is an empty cell, not the word "None".
            record.history_change_reason = record.history_change_reason or ""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history lets anyone who may view history post a revert; reverting is a change.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code == 302:
            reverted = self.model._default_manager.filter(pk=unquote(object_id)).first()
            if reverted is not None:
                mark_changed(negotiations_touched_by(reverted))
        return response

    def delete_model(self, request, obj):
        touched = negotiations_touched_by(obj)
        super().delete_model(request, obj)
        mark_changed(touched)

    def delete_queryset(self, request, queryset):
        touched = set()
        for obj in queryset:
            touched |= negotiations_touched_by(obj)
        super().delete_queryset(request, queryset)
        mark_changed(touched)


class RecordInline(admin.StackedInline):
    form = RecordInlineForm
    extra = 0
    show_change_link = True
    autocomplete_fields = ["sources"]
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sources")


class RoundInline(RecordInline):
    model = models.Round
    formset = RoundInlineFormSet
    classes = ["collapse"]
    fields = [
        "number",
        "number_inferred",
        "start",
        "end",
        "location",
        "format",
        "note",
        "sources",
        TOKEN_FIELD,
    ]


class PositionInline(RecordInline):
    model = models.Position
    form = PositionInlineForm
    formset = PositionInlineFormSet
    classes = ["collapse"]
    autocomplete_fields = ["party", "sources"]
    readonly_fields = ["amount_display"]
    fields = [
        "party",
        "issue",
        "kind",
        "date",
        "reported_on",
        ("amount", "amount_min", "amount_max"),
        ("currency", "unit"),
        "amount_display",
        "percent_change",
        "period",
        "note",
        "sources",
        TOKEN_FIELD,
    ]


class EventInline(RecordInline):
    model = models.Event
    classes = ["collapse"]
    fields = ["date", "end", "title", "note", "sources", TOKEN_FIELD]


class StatementInline(RecordInline):
    model = models.Statement
    classes = ["collapse"]
    autocomplete_fields = ["speaker", "party", "sources"]
    fields = [
        "date",
        "speaker",
        "speaker_title",
        "party",
        "kind",
        "quote",
        "context",
        "note",
        "sources",
        TOKEN_FIELD,
    ]


@admin.register(models.Negotiation)
class NegotiationAdmin(TrackedAdmin):
    list_display = ["title", "slug", "status", "is_published", "revision", "modified"]
    list_filter = ["status", "is_published", "parties"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parties", "people"]
    readonly_fields = ["revision", "created", "modified"]
    inlines = [RoundInline, IssueInline, PositionInline, EventInline, StatementInline]
    save_on_top = True
    object_history_template = "admin/tracker/negotiation/object_history.html"
    formfield_overrides = {
        **COMPACT_TEXT,
        db.TextField: {"widget": forms.Textarea(attrs={"rows": 5, "cols": 80})},
    }

    def get_urls(self):
        own = [
            path(
                "import/",
                self.admin_site.admin_view(import_view),
                name="tracker_negotiation_import",
            ),
            path(
                "deleted/",
                self.admin_site.admin_view(deleted_view),
                name="tracker_negotiation_deleted",
            ),
            path(
                "<int:object_id>/paste/",
                self.admin_site.admin_view(paste_view),
                name="tracker_negotiation_paste",
            ),
        ]
        return own + super().get_urls()

    def save_formset(self, request, form, formset, change):
        if formset.model is models.Issue:  # not a lane: no place in the document to keep
            return super().save_formset(request, form, formset, change)
        save_lane_formset(formset)

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {**(extra_context or {}), "record_changes": record_changes(object_id)}
        return super().history_view(request, object_id, extra_context)


class LeadNegotiatorInline(admin.TabularInline):
    model = models.LeadNegotiator
    extra = 0
    autocomplete_fields = ["party", "person"]


class RecordAdmin(TrackedAdmin):
    """A lane record on its own page."""

    list_select_related = ["negotiation"]
    autocomplete_fields = ["negotiation", "sources"]
    readonly_fields = ["sequence", "created", "modified"]


@admin.register(models.Round)
class RoundAdmin(RecordAdmin):
    form = RoundForm
    list_display = ["__str__", "negotiation", "number", "start", "end", "location", "format"]
    list_filter = ["format", "negotiation"]
    fields = ["negotiation", *RoundInline.fields, *RecordAdmin.readonly_fields]
    search_fields = ["location", "note", "negotiation__title", "sources__title"]
    inlines = [LeadNegotiatorInline]


@admin.register(models.Position)
class PositionAdmin(RecordAdmin):
    form = PositionForm
    list_display = ["__str__", "negotiation", "party", "issue", "kind", "date", "amount_display"]
    list_select_related = ["negotiation", "party", "issue"]
    list_filter = ["kind", "party", "negotiation", IssueFilter]
    search_fields = ["note", "period", "unit", "party__name", "negotiation__title"]
    autocomplete_fields = ["negotiation", "party", "sources"]
    readonly_fields = ["amount_display", *RecordAdmin.readonly_fields]
    fields = ["negotiation", *PositionInline.fields, *RecordAdmin.readonly_fields]

    @admin.display(description="figure")
    def amount_display(self, obj):
        return obj.amount_display()


@admin.register(models.Event)
class EventAdmin(RecordAdmin):
    list_display = ["__str__", "negotiation", "date", "end"]
    fields = ["negotiation", *EventInline.fields, *RecordAdmin.readonly_fields]
    list_filter = ["negotiation"]
    search_fields = ["title", "note", "negotiation__title", "sources__title"]


@admin.register(models.Statement)
class StatementAdmin(RecordAdmin):
    list_display = ["__str__", "negotiation", "speaker", "party", "kind", "date"]
    list_select_related = ["negotiation", "speaker", "party"]
    list_filter = ["kind", "party", "negotiation"]
    search_fields = ["quote", "context", "speaker__name", "speaker_title", "negotiation__title"]
    autocomplete_fields = ["negotiation", "speaker", "party", "sources"]
    fields = ["negotiation", *StatementInline.fields, *RecordAdmin.readonly_fields]


@admin.register(models.LeadNegotiator)
class LeadNegotiatorAdmin(TrackedAdmin):
    list_display = ["__str__", "round", "party", "person"]
    list_select_related = ["round__negotiation", "party", "person"]
    list_filter = ["party"]
    search_fields = ["person__name", "party__name", "round__negotiation__title"]
    autocomplete_fields = ["round", "party", "person"]


@admin.register(models.Party)
class PartyAdmin(TrackedAdmin):
    list_display = ["name", "modified"]
    search_fields = ["name"]


@admin.register(models.Person)
class PersonAdmin(TrackedAdmin):
    list_display = ["name", "title", "party"]
    list_select_related = ["party"]
    list_filter = ["party"]
    search_fields = ["name", "title", "party__name"]
    autocomplete_fields = ["party", "sources"]


@admin.register(models.Source)
class SourceAdmin(SourceVersionsAdmin, TrackedAdmin):
    list_display = ["__str__", "publisher", "author", "published", "story", "version", "url"]
    list_filter = ["publisher", StoryFilter]
    search_fields = ["title", "url", "publisher", "author", "note", "story"]
