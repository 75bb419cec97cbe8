"""Scaffold: replaced by the issue that builds these views."""

from django.http import Http404


def facts_json(request, *args, **kwargs):
    raise Http404("not built yet")
