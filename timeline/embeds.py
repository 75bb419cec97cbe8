"""Scaffold: replaced by the issue that builds these views."""

from django.http import Http404


def embed(request, *args, **kwargs):
    raise Http404("not built yet")


def oembed(request, *args, **kwargs):
    raise Http404("not built yet")
