"""Root URLs: the admin, login, the read API, and the timeline app's pages."""

from django.contrib import admin
from django.urls import include, path

from .api import api

handler500 = "tracker.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/", api.urls),
    path("", include("timeline.urls")),
]
