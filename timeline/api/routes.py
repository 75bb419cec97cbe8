"""The read API under /api/v1/: negotiations and their records, facts and figures as JSON."""

import hashlib
import math
from datetime import UTC, datetime, time
from typing import Literal

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import register_converter, reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError

from timeline.caching import cached_content
from timeline.charts import build_figure, figure_json_bytes
from timeline.data import timeline_data
from timeline.facts_views import FactsParameterError, parse_as_of, parse_since_event
from timeline.params import TimelineParams, TimelineParamsError
from tracker import errors
from tracker.control_characters import control_character_problem
from tracker.facts import SinceEventError, facts_for
from tracker.models import (
    Event,
    Issue,
    LeadNegotiator,
    Negotiation,
    Party,
    Person,
    Position,
    Round,
    Source,
    Statement,
)
from tracker.revisions import revision_etag

from . import schemas as out
from .auth import ApiError, BearerToken

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000
# Part of every ETag, so a change in the answers' shape invalidates clients' copies.
REPRESENTATION = "api-v1.1"

DESCRIPTION = f"""
Read-only access to the negotiation tracker's records, derived facts and timeline figures.

* Dates are ISO 8601 at the precision the sources give ("2019", "2019-09", "2019-09-24"),
  each with a `*_precision` field ("year", "month" or "day"). A month-precision date means
  some day in that month, never the 1st.
* Amounts are decimal strings ("5000000000"), never floats; nothing is converted.
* Lists are paginated with `page` (from 1) and `page_size` (default {DEFAULT_PAGE_SIZE},
  at most {MAX_PAGE_SIZE}); a page past the last has no items. A blank free-text parameter
  (`q`, `party`) is ignored; any other blank parameter (a date, an id, a number, a choice) is
  refused with 400 naming it, as its format in this document says.
* Every answer carries `ETag` and `Last-Modified`; send `If-None-Match` or
  `If-Modified-Since` to get `304 Not Modified` when nothing changed.
* Errors are JSON `{{"detail": "...", "parameter": "..."}}`: 400 for a bad parameter, 401
  for a bad token, 404 for an unknown or unpublished negotiation.
* Anonymous clients see published negotiations. Logged-in users, and scripts sending
  `Authorization: Bearer <token>` with a personal token issued in the admin, see what their
  group may see. An unknown or revoked token is refused with 401, never read as anonymous.
"""

api = NinjaAPI(
    title="Negotiation tracker API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    auth=BearerToken(),
)

ERRORS = {400: out.ErrorOut, 401: out.ErrorOut, 404: out.ErrorOut}
PAGE = Query(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
PAGE_SIZE = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page.")
PARTIES = Query(None, max_length=50, description="Show only these parties; repeatable.")
SLUG = Path(pattern=r"^[-a-zA-Z0-9_]+$", description="The negotiation's slug, e.g. sma-11.")
VALIDATORS = {
    "ETag": {"description": "Changes whenever the answer would.", "schema": {"type": "string"}},
    "Last-Modified": {
        "description": "When the records last changed.",
        "schema": {"type": "string"},
    },
}


def get(path, schema, **kwargs):
    """A GET operation answering `schema`, 304, or an error; the token is optional."""
    return api.get(
        path,
        response={200: schema, 304: None, **ERRORS},
        openapi_extra={
            "security": [{}],  # no credentials at all is fine too
            "responses": {200: {"headers": VALIDATORS}, 304: {"headers": VALIDATORS}},
        },
        **kwargs,
    )


@api.exception_handler(ApiError)
def api_error(request, exc):
    response = api.create_response(
        request, {"detail": exc.detail, "parameter": exc.parameter}, status=exc.status
    )
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    return response


# The first part of a validation error's location says where the parameter was sent.
LOCATIONS = {"query", "path", "header", "cookie", "body", "form", "file"}


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    error = exc.errors[0]
    parameter = parameter_name(error.get("loc") or ())
    detail = f"{parameter}: {error.get('msg', 'invalid')}" if parameter else error.get("msg")
    return api.create_response(request, {"detail": detail, "parameter": parameter}, status=400)


def parameter_name(location):
    """The parameter a validation error is about: ("query", "party", 0) is "party"."""
    names = [part for part in location if isinstance(part, str) and part not in LOCATIONS]
    return names[0] if names else None


def database_unavailable(request, exc):
    """A database outage: the same JSON 503 as everywhere else, in DEBUG too."""
    return errors.database_unavailable(request)


for database_error in errors.DATABASE_ERRORS:
    api.add_exception_handler(database_error, database_unavailable)


def not_modified(request, response, etag, last_modified):
    """Put the validators on the answer; a 304 when the client's copy is current, else None."""
    headers = {
        "ETag": etag,
        "Vary": "Authorization, Cookie",
        "Cache-Control": "private, no-cache" if request.auth.is_authenticated else "no-cache",
    }
    if last_modified is not None:
        headers["Last-Modified"] = http_date(last_modified.timestamp())
    for name, value in headers.items():
        response[name] = value
    if_none_match = parse_etags(request.headers.get("If-None-Match", ""))
    if if_none_match:
        fresh = "*" in if_none_match or _weak(etag) in map(_weak, if_none_match)
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        fresh = since is not None and last_modified is not None
        fresh = fresh and int(last_modified.timestamp()) <= since
    if not fresh:
        return None
    answer = HttpResponseNotModified()
    for name, value in headers.items():
        answer[name] = value
    return answer


def _weak(etag):
    return etag.removeprefix("W/")


def text_parameter(value, name):
    """A query parameter's text, None when blank; a 400 for text no database can hold."""
    if value is None or not value.strip():
        return None
    if "\x00" in value:
        raise ApiError(400, f"{name}: contains a NUL character.", name)
    if problem := control_character_problem(value):
        raise ApiError(400, f"{name}: {problem}.", name)
    return value.strip()


def refuse_blank(request, *names):
    """A 400 naming the first of these parameters that was sent blank.

    Their formats in the OpenAPI document (a date, an id, a list of lanes) exclude "", so a
    blank one is a client's mistake (an empty variable, say) rather than "no filter".
    """
    for name in names:
        values = request.GET.getlist(name)
        if values and any(not value.strip() for value in values):
            raise ApiError(400, f"{name}: is blank; give a value or leave the parameter out.", name)


def since_parameter(value):
    """updated_since as an aware datetime: ISO date (midnight UTC) or date-time (UTC if naive)."""
    text = text_parameter(value, "updated_since")
    if text is None:
        return None
    try:
        moment = parse_datetime(text)
        day = None if moment else parse_date(text)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.combine(day, time.min)
    if moment is None:
        raise ApiError(
            400,
            f'updated_since: "{text}" is not an ISO 8601 date or date-time '
            "(e.g. 2020-04-01 or 2020-04-01T12:00:00Z).",
            "updated_since",
        )
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError:
        raise ApiError(400, f'updated_since: "{text}" is out of range.', "updated_since") from None


def is_id(text):
    """True for digits that fit a database id (a longer number would overflow the query)."""
    return text.isascii() and text.isdigit() and int(text) < 2**63


def visible_negotiations(request):
    """Negotiations the caller may see: published ones for anonymous clients."""
    return Negotiation.objects.visible_to(request.auth)


def negotiation_or_404(request, slug):
    negotiation = visible_negotiations(request).filter(slug=slug).first()
    if negotiation is None:
        raise ApiError(404, f'No negotiation "{slug}".', "slug")
    return negotiation


def page_meta(request, count, page, page_size):
    """count, page, page_size, pages and the next and previous pages' URLs."""
    pages = max(1, math.ceil(count / page_size))

    def url(number):
        query = request.GET.copy()
        query["page"] = number
        return f"{request.path}?{query.urlencode()}"

    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": url(page + 1) if page < pages else None,
        "previous": url(min(page - 1, pages)) if page > 1 else None,
    }


def page_of(items, page, page_size):
    """The items (a list or a queryset, sliced in SQL) on page `page` of size `page_size`."""
    offset = (page - 1) * page_size
    return items[offset : offset + page_size]


def negotiation_links(slug):
    def link(name):
        return reverse(f"api-v1:negotiation_{name}", args=[slug])

    return {
        "self": reverse("api-v1:negotiation", args=[slug]),
        "page": reverse("negotiation-detail", args=[slug]),
        **{
            name: link(name)
            for name in (
                "rounds",
                "issues",
                "positions",
                "events",
                "statements",
                "people",
                "sources",
            )
        },
        "facts": link("facts"),
        "figure": link("figure"),
    }


@get("/negotiations", out.NegotiationPage, tags=["negotiations"])
def negotiations(
    request,
    response: HttpResponse,
    party: out.Text | None = Query(None, description="A party's name (any case) or id."),
    status: out.NegotiationStatus | None = None,
    updated_since: out.DateTimeText | None = Query(
        None,
        description="Negotiations whose records changed since then: an ISO 8601 date-time "
        "(UTC when it gives no offset) or date (from midnight UTC).",
    ),
    q: out.Text | None = Query(None, description="Text in the title, summary or slug, any case."),
    page: int = PAGE,
    page_size: int = PAGE_SIZE,
):
    """Negotiations the caller may see, by title."""
    refuse_blank(request, "updated_since")
    queryset = visible_negotiations(request)
    if party := text_parameter(party, "party"):
        by_name = Party.objects.filter(name__iexact=party)
        by_id = Party.objects.filter(pk=int(party)) if is_id(party) else Party.objects.none()
        queryset = queryset.filter(parties__in=by_name | by_id)
    if status:
        queryset = queryset.filter(status=status)
    if since := since_parameter(updated_since):
        queryset = queryset.filter(modified__gte=since)
    if q := text_parameter(q, "q"):
        queryset = queryset.filter(
            Q(title__icontains=q) | Q(summary__icontains=q) | Q(slug__icontains=q)
        )
    rows = list(queryset.order_by("title", "id").values_list("id", "revision", "modified"))
    key = "|".join([REPRESENTATION, request.GET.urlencode(), *(f"{i}:{r}" for i, r, _ in rows)])
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    latest = max((modified for _, _, modified in rows), default=None)
    if answer := not_modified(request, response, etag, latest):
        return answer
    ids = [row[0] for row in page_of(rows, page, page_size)]
    found = Negotiation.objects.filter(id__in=ids).prefetch_related("parties").in_bulk()
    items = [out.negotiation_out(found[i], negotiation_links(found[i].slug)) for i in ids]
    return {**page_meta(request, len(rows), page, page_size), "items": items}


def _count_of(queryset):
    counted = queryset.order_by().values("negotiation").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


@get("/negotiations/{slug:slug}", out.NegotiationDetailOut, tags=["negotiations"])
def negotiation(request, response: HttpResponse, slug: str = SLUG):
    """One negotiation, with how many records each lane holds."""
    negotiation = negotiation_or_404(request, slug)
    etag = revision_etag(negotiation, REPRESENTATION, "detail")
    if answer := not_modified(request, response, etag, negotiation.modified):
        return answer
    mine = OuterRef("pk")
    lanes = {
        "rounds": Round.objects.filter(negotiation=mine),
        "issues": Issue.objects.filter(negotiation=mine),
        "positions": Position.objects.filter(negotiation=mine),
        "events": Event.objects.filter(negotiation=mine),
        "statements": Statement.objects.filter(negotiation=mine),
    }
    row = (
        Negotiation.objects.filter(pk=negotiation.pk)
        .values(**{f"count_{name}": _count_of(records) for name, records in lanes.items()})
        .get()
    )
    counts = {name: row[f"count_{name}"] for name in lanes}
    counts["people"] = Person.objects.in_negotiation(negotiation).count()
    return {
        **out.negotiation_out(negotiation, negotiation_links(slug)),
        "counts": counts,
    }


def lane(request, response, slug, name, records, serialize, page, page_size):
    """One page of a negotiation's records: `records(negotiation)` gives the queryset."""
    negotiation = negotiation_or_404(request, slug)
    etag = revision_etag(negotiation, REPRESENTATION, name, page, page_size)
    if answer := not_modified(request, response, etag, negotiation.modified):
        return answer
    queryset = records(negotiation)
    count = queryset.count()
    items = [serialize(record) for record in page_of(queryset, page, page_size)]
    return {**page_meta(request, count, page, page_size), "items": items}


@get("/negotiations/{slug:slug}/rounds", out.RoundPage, tags=["records"])
def negotiation_rounds(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """Rounds in the order of the record, with lead negotiators and sources."""
    leads = LeadNegotiator.objects.select_related("party", "person")
    return lane(
        request,
        response,
        slug,
        "rounds",
        lambda negotiation: Round.objects.filter(negotiation=negotiation).prefetch_related(
            Prefetch("leads", leads), "sources"
        ),
        out.round_out,
        page,
        page_size,
    )


@get("/negotiations/{slug:slug}/issues", out.IssuePage, tags=["records"])
def negotiation_issues(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """The agenda items positions are about, in their order."""
    return lane(
        request,
        response,
        slug,
        "issues",
        lambda negotiation: Issue.objects.filter(negotiation=negotiation).order_by("order", "id"),
        out.issue_out,
        page,
        page_size,
    )


@get("/negotiations/{slug:slug}/positions", out.PositionPage, tags=["records"])
def negotiation_positions(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """Demands, offers, agreed terms and baselines, amounts as decimal strings."""
    return lane(
        request,
        response,
        slug,
        "positions",
        lambda negotiation: (
            Position.objects.filter(negotiation=negotiation)
            .select_related("party", "issue")
            .prefetch_related("sources")
        ),
        out.position_out,
        page,
        page_size,
    )


@get("/negotiations/{slug:slug}/events", out.EventPage, tags=["records"])
def negotiation_events(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """Events in the order of the record."""
    return lane(
        request,
        response,
        slug,
        "events",
        lambda negotiation: Event.objects.filter(negotiation=negotiation).prefetch_related(
            "sources"
        ),
        out.event_out,
        page,
        page_size,
    )


@get("/negotiations/{slug:slug}/statements", out.StatementPage, tags=["records"])
def negotiation_statements(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """What officials said, with speaker, party and sources."""
    return lane(
        request,
        response,
        slug,
        "statements",
        lambda negotiation: (
            Statement.objects.for_timeline()
            .filter(negotiation=negotiation)
            .prefetch_related("sources")
        ),
        out.statement_out,
        page,
        page_size,
    )


@get("/negotiations/{slug:slug}/people", out.PersonPage, tags=["records"])
def negotiation_people(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """The people of a negotiation, by name: those listed on it, its speakers and its lead
    negotiators."""
    return lane(
        request,
        response,
        slug,
        "people",
        lambda negotiation: (
            Person.objects.in_negotiation(negotiation)
            .select_related("party")
            .prefetch_related("sources")
            .order_by("name", "id")
        ),
        out.person_out,
        page,
        page_size,
    )


def sources_of(negotiation):
    """Every source cited by a negotiation's records or people, by id."""
    cited = Q()
    for model in (Round, Position, Event, Statement):
        through = model.sources.through.objects.filter(
            **{f"{model._meta.model_name}__negotiation": negotiation}
        )
        cited |= Q(pk__in=through.values("source_id"))
    people = Person.sources.through.objects.filter(
        person__in=Person.objects.in_negotiation(negotiation)
    )
    cited |= Q(pk__in=people.values("source_id"))
    return Source.objects.filter(cited).order_by("id")


@get("/negotiations/{slug:slug}/sources", out.SourcePage, tags=["records"])
def negotiation_sources(
    request, response: HttpResponse, slug: str = SLUG, page: int = PAGE, page_size: int = PAGE_SIZE
):
    """Every source the negotiation's records cite, by id."""
    return lane(request, response, slug, "sources", sources_of, out.source_out, page, page_size)


@get("/negotiations/{slug:slug}/facts", out.FactsOut, tags=["facts and figures"])
def negotiation_facts(
    request,
    response: HttpResponse,
    slug: str = SLUG,
    as_of: out.DayText | None = Query(None, description="The day, YYYY-MM-DD; today when absent."),
    since_event: out.IdText | None = Query(
        None, description="An event's id to count days since; the latest expiry by default."
    ),
):
    """The facts as of a day, as on the facts panel: rounds held, positions, gaps, sentences.

    A record counts only when it certainly happened on or before `as_of`; records that only
    possibly did are listed apart under `possibly`.
    """
    refuse_blank(request, "as_of", "since_event")
    negotiation = negotiation_or_404(request, slug)
    try:
        day = parse_as_of(as_of)
        event = parse_since_event(since_event)
    except FactsParameterError as exc:
        raise ApiError(400, str(exc), str(exc).split(":", 1)[0]) from exc
    etag = revision_etag(negotiation, REPRESENTATION, "facts", day.isoformat(), event)
    if answer := not_modified(request, response, etag, negotiation.modified):
        return answer
    try:
        return facts_for(negotiation, day, since_event=event)
    except SinceEventError as exc:
        raise ApiError(400, str(exc), "since_event") from exc


@get("/negotiations/{slug:slug}/figure", out.FigureOut, tags=["facts and figures"])
def negotiation_figure(
    request,
    response: HttpResponse,
    slug: str = SLUG,
    lanes: out.LanesText | None = Query(None, description="Comma-separated; all lanes by default."),
    party: list[out.Text] | None = PARTIES,
    start: out.PartialDateText | None = Query(None, description="From this date on."),
    end: out.PartialDateText | None = Query(None, description="Up to this date, not before start."),
    as_of: out.DayText | None = Query(None, description="Mark this day on the chart."),
    theme: Literal["auto", "light", "dark"] | None = None,
    height: int | None = Query(None, ge=200, le=4000, description="In pixels."),
):
    """The timeline page's Plotly figure, for the same query parameters as the page."""
    refuse_blank(request, "lanes", "start", "end", "as_of")
    negotiation = negotiation_or_404(request, slug)
    try:
        params = TimelineParams.from_query(request.GET)
    except TimelineParamsError as exc:
        raise ApiError(400, str(exc), str(exc).split(":", 1)[0]) from exc
    etag = revision_etag(negotiation, REPRESENTATION, "figure", params.to_query())
    if answer := not_modified(request, response, etag, negotiation.modified):
        return answer
    body = cached_content(
        negotiation,
        "api-figure",
        params.to_query(),
        lambda: figure_json_bytes(
            build_figure(timeline_data(negotiation, params, level_of_detail=True), params)
        ),
    )
    answer = HttpResponse(body, content_type="application/json")
    for name, value in response.items():  # the validators not_modified() set
        answer[name] = value
    return answer


class AnyPathConverter:
    """Any rest of a path, newlines included (Django's `path` converter stops at a newline)."""

    regex = r"[\s\S]*"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(AnyPathConverter, "anypath")


from . import search as _search_routes  # noqa: E402, F401  /search, before the catch-all

# The workspace's endpoints, in their own module, must be declared before the catch-all.
from . import workspace  # noqa: E402, F401


@api.get("/{anypath:anything}", include_in_schema=False, response={404: out.ErrorOut})
def unknown_endpoint(request, anything: str):
    """Any other address under /api/v1/: a JSON 404 rather than the site's HTML page."""
    raise ApiError(
        404, f'No API endpoint at "{request.path}"; see {reverse("api-v1:openapi-json")}.'
    )
