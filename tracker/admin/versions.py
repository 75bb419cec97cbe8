"""Versions of a news story in the admin: filled from a Yonhap address, listed together."""

from django.contrib import admin
from django.db.models import Count, Min, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from .. import models
from ..sources import yonhap_story
from .forms import SourceForm


class SourceVersionsForm(SourceForm):
    """A source; story and version left blank are read from a Yonhap address."""

    def clean(self):
        cleaned = super().clean()
        found = yonhap_story(cleaned.get("url"))
        if found is not None:
            if not cleaned.get("story"):
                cleaned["story"] = found[0]
            if cleaned.get("version") is None:
                cleaned["version"] = found[1]
        self.check_supersedes(cleaned.get("supersedes"))
        return cleaned

    def check_supersedes(self, earlier):
        """No source supersedes itself, directly or through a chain of versions."""
        seen = set()
        while earlier is not None and earlier.pk not in seen:
            if self.instance.pk is not None and earlier.pk == self.instance.pk:
                self.add_error("supersedes", "A version cannot supersede itself, even indirectly.")
                return
            seen.add(earlier.pk)
            earlier = earlier.supersedes


class StoryFilter(admin.SimpleListFilter):
    """Sources by story, for stories with more than one version recorded. The choice is a
    source's id, so no text of a record ends up in a link."""

    title = "story"
    parameter_name = "story"

    def lookups(self, request, model_admin):
        stories = (
            models.Source.objects.exclude(story="")
            .values("story")
            .annotate(first=Min("pk"), versions=Count("pk"))
            .filter(versions__gt=1)
            .order_by("story")
        )
        return [(str(row["first"]), row["story"]) for row in stories]

    def queryset(self, request, queryset):
        value = self.value()
        if not value or not value.isdigit():
            return queryset
        story = models.Source.objects.filter(pk=int(value)).values("story")[:1]
        return queryset.filter(story=Subquery(story)).exclude(story="")


def other_versions(source):
    """Links to the other recorded versions of the source's story, in version order."""
    if not source.pk or not source.story:
        return "—"
    others = (
        models.Source.objects.filter(story=source.story)
        .exclude(pk=source.pk)
        .order_by("version", "id")
    )
    if not others:
        return "None recorded."
    rows = (
        (
            reverse("admin:tracker_source_change", args=[other.pk]),
            f"version {other.version}" if other.version else "version ?",
            other.title or other.url,
        )
        for other in others
    )
    listed = format_html_join("", '<li><a href="{}">{}</a>: {}</li>', rows)
    changelist = reverse("admin:tracker_source_changelist") + "?" + urlencode({"story": source.pk})
    return format_html('<ul>{}</ul><a href="{}">All versions</a>', listed, changelist)


class SourceVersionsAdmin:
    """The source page lists the other versions of its story and links the one it supersedes."""

    form = SourceVersionsForm
    fields = [
        "url",
        "title",
        "publisher",
        "author",
        "published",
        "note",
        ("story", "version"),
        "version_note",
        "supersedes",
        "other_versions",
    ]
    readonly_fields = ["other_versions"]
    autocomplete_fields = ["supersedes"]

    @admin.display(description="other versions")
    def other_versions(self, obj):
        return other_versions(obj)
