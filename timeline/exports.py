"""Scaffold: replaced by the issue that builds these views."""

from django.http import Http404


def timeline_image(request, *args, **kwargs):
    raise Http404("not built yet")


def standalone_html(request, *args, **kwargs):
    raise Http404("not built yet")


def timelinejs(request, *args, **kwargs):
    raise Http404("not built yet")


def data_csv(request, *args, **kwargs):
    raise Http404("not built yet")


def interchange_json(request, *args, **kwargs):
    raise Http404("not built yet")
