"""Analyst and author pages (list, timeline, comparison, facts, embeds, downloads) and the API."""

from django.urls import path, register_converter

from . import embeds, exports, facts_views, search_views, views, workspace_views
from .api import api
from .feeds import ChangesFeed


class ImageFormatConverter:
    regex = "png|svg|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ImageFormatConverter, "imageformat")

urlpatterns = [
    path("api/v1/", api.urls),
    path("", views.negotiation_list, name="negotiation-list"),
    path("search/", search_views.search_page, name="search"),
    path("compare/", views.compare, name="compare"),
    path("compare/figure.json", views.compare_figure_json, name="compare-figure"),
    path("negotiations/<slug:slug>/", views.negotiation_detail, name="negotiation-detail"),
    path("negotiations/<slug:slug>/figure.json", views.figure_json, name="negotiation-figure"),
    path("negotiations/<slug:slug>/facts.json", facts_views.facts_json, name="negotiation-facts"),
    path("embed/<slug:slug>/", embeds.embed, name="embed"),
    path("oembed", embeds.oembed, name="oembed"),
    path(
        "negotiations/<slug:slug>/timeline.<imageformat:fmt>",
        exports.timeline_image,
        name="negotiation-image",
    ),
    path(
        "negotiations/<slug:slug>/timeline.html", exports.standalone_html, name="negotiation-html"
    ),
    path(
        "negotiations/<slug:slug>/timelinejs.json",
        exports.timelinejs,
        name="negotiation-timelinejs",
    ),
    path("negotiations/<slug:slug>/data.csv", exports.data_csv, name="negotiation-csv"),
    path(
        "negotiations/<slug:slug>/export.json", exports.interchange_json, name="negotiation-export"
    ),
    path("changes/", workspace_views.all_changes, name="changes"),
    path("feed.atom", ChangesFeed(), name="changes-feed"),
    path(
        "negotiations/<slug:slug>/changes/",
        workspace_views.negotiation_changes,
        name="negotiation-changes",
    ),
    path("negotiations/<slug:slug>/feed.atom", ChangesFeed(), name="negotiation-feed"),
    path(
        "negotiations/<slug:slug>/notes/", workspace_views.negotiation_notes, name="workspace-notes"
    ),
    path("negotiations/<slug:slug>/notes/add", workspace_views.note_add, name="workspace-note-add"),
    path("notes/<int:pk>/edit", workspace_views.note_edit, name="workspace-note-edit"),
    path("notes/<int:pk>/delete", workspace_views.note_delete, name="workspace-note-delete"),
    path("negotiations/<slug:slug>/tags", workspace_views.tag, name="workspace-tag"),
    path("views/", workspace_views.saved_views, name="workspace-views"),
    path("views/<int:pk>/delete", workspace_views.saved_view_delete, name="workspace-view-delete"),
]
