"""Analyst pages: the list of negotiations, a negotiation's timeline, and comparisons."""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from tracker.models import Negotiation, Party

from .caching import cache_per_revision
from .charts import THEMES, build_comparison_figure, build_figure, figure_json_bytes, record_details
from .data import negotiation_rows, timeline_data, with_issues
from .params import LANES, CompareParams, ListFilters, TimelineParams, TimelineParamsError
from .personal import only_tagged, timeline_tags, workspace_context

LIST_PAGE_SIZE = 50


def get_visible_negotiation(request, slug):
    """The negotiation with this slug if the user may see it; Http404 otherwise."""
    try:
        return Negotiation.objects.visible_to(request.user).get(slug=slug)
    except Negotiation.DoesNotExist:
        raise Http404("No such negotiation.") from None


def bad_request(error):
    return HttpResponseBadRequest(
        f"Bad query parameter: {error}\n", content_type="text/plain; charset=utf-8"
    )


def json_response(figure):
    return HttpResponse(figure_json_bytes(figure), content_type="application/json")


def admin_change_url(user, negotiation):
    """The admin page of the negotiation for users who may change it, else None."""
    if not user.has_perm("tracker.change_negotiation"):
        return None
    try:
        return reverse("admin:tracker_negotiation_change", args=[negotiation.pk])
    except NoReverseMatch:
        return None


@require_GET
def negotiation_list(request):
    try:
        filters = ListFilters.from_query(request.GET)
    except TimelineParamsError as error:
        return bad_request(error)
    visible = Negotiation.objects.visible_to(request.user)
    rows = negotiation_rows(visible, filters)
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "parties": Party.objects.filter(negotiations__in=visible).distinct(),
        "statuses": Negotiation.Status.choices,
    }
    return render(request, "timeline/negotiation_list.html", context)


@require_GET
def negotiation_detail(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    try:
        params = TimelineParams.from_query(request.GET)
        tags = timeline_tags(request)
    except TimelineParamsError as error:
        return bad_request(error)
    window = TimelineParams(as_of=params.as_of, start=params.start, end=params.end)
    everything = timeline_data(negotiation, window, level_of_detail=True)
    data = only_tagged(everything.filtered(params), negotiation, tags, params)
    context = {
        "negotiation": negotiation,
        "params": params,
        "data": data,
        "all_parties": everything.all_parties,
        "lanes": LANES,
        "figure": build_figure(data, params),
        "records": record_details(data),
        "themes": THEMES,
        "admin_url": admin_change_url(request.user, negotiation),
        "theme": params.theme,
        **workspace_context(request, negotiation, tags),
    }
    return render(request, "timeline/negotiation_detail.html", context)


@require_GET
@cache_per_revision
def figure_json(request, slug):
    negotiation = get_visible_negotiation(request, slug)
    try:
        params = TimelineParams.from_query(request.GET)
    except TimelineParamsError as error:
        return bad_request(error)
    data = timeline_data(negotiation, params, level_of_detail=True)
    return json_response(build_figure(data, params))


def _compared(request):
    """(params, [TimelineData]) for the negotiations named by ?n=; Http404 for unknown ones."""
    params = CompareParams.from_query(request.GET)
    found = {
        negotiation.slug: negotiation
        for negotiation in Negotiation.objects.visible_to(request.user)
        .filter(slug__in=params.slugs)
        .prefetch_related("parties", "issues")
    }
    missing = [slug for slug in params.slugs if slug not in found]
    if missing:
        raise Http404(f"No such negotiation: {missing[0]}")
    lanes = TimelineParams(lanes=("rounds", "events"))
    return params, [
        with_issues(timeline_data(found[slug], lanes), found[slug]) for slug in params.slugs
    ]


@require_GET
def compare(request):
    try:
        params, datasets = _compared(request)
    except TimelineParamsError as error:
        return bad_request(error)
    context = {
        "params": params,
        "datasets": datasets,
        "figure": build_comparison_figure(datasets, params) if len(datasets) >= 2 else None,
        "choices": Negotiation.objects.visible_to(request.user).only("slug", "title"),
        "themes": THEMES,
        "theme": params.theme,
    }
    return render(request, "timeline/compare.html", context)


@require_GET
def compare_figure_json(request):
    try:
        params, datasets = _compared(request)
    except TimelineParamsError as error:
        return bad_request(error)
    if not datasets:
        return bad_request("n: name at least one negotiation, e.g. ?n=sma-11&n=<slug>")
    return json_response(build_comparison_figure(datasets, params))
