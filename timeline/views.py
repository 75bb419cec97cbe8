"""Scaffold: replaced by the issue that builds these views."""

from django.http import Http404


def negotiation_list(request, *args, **kwargs):
    raise Http404("not built yet")


def compare(request, *args, **kwargs):
    raise Http404("not built yet")


def compare_figure_json(request, *args, **kwargs):
    raise Http404("not built yet")


def negotiation_detail(request, *args, **kwargs):
    raise Http404("not built yet")


def figure_json(request, *args, **kwargs):
    raise Http404("not built yet")
