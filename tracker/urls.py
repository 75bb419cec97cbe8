"""Root URLs: the admin and login here; the pages, downloads and read API in `timeline.urls`."""

from django.contrib import admin
from django.urls import include, path

handler500 = "tracker.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("timeline.urls")),
]
