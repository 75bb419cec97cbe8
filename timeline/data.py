"""A negotiation's records read for charts and tables: plain rows, a constant number of queries.

`timeline_data(negotiation, params)` runs one `values_list` query per lane, one for
lead negotiators and one per lane for its sources, whatever the size of the record,
and returns frozen rows that chart code can use without touching the ORM.
"""

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from tracker.amounts import format_amount
from tracker.idlists import ids_in
from tracker.models import Event, LeadNegotiator, Party, Position, Round, Statement
from tracker.partialdate import PartialDate, display_span

from . import lod
from .params import TimelineParams

UNATTRIBUTED = "Unattributed"


@dataclass(frozen=True, slots=True)
class SourceRef:
    id: int
    title: str
    url: str
    publisher: str
    published: PartialDate | None = None

    @property
    def label(self):
        return self.title or self.url or "Untitled source"


@dataclass(frozen=True, slots=True)
class RoundRow:
    id: int
    number: int | None
    number_inferred: int | None
    start: PartialDate
    end: PartialDate | None
    location: str
    format: str
    note: str
    leads: tuple[tuple[str, str], ...] = ()
    sources: tuple[SourceRef, ...] = ()
    lane = "rounds"

    @property
    def label(self):
        """ "7", "9 (inferred)", or place and date for a round no source numbers."""
        if self.number is not None:
            return str(self.number)
        if self.number_inferred is not None:
            return f"{self.number_inferred} (inferred)"
        place = self.location.split(",")[0].strip()
        return f"{place}, {self.start.display()}" if place else self.start.display()

    @property
    def title(self):
        if self.number is None and self.number_inferred is None:
            return f"Unnumbered round, {self.location}" if self.location else "Unnumbered round"
        return f"Round {self.label}" + (f", {self.location}" if self.location else "")

    @property
    def when(self):
        return display_span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class PositionRow:
    id: int
    party: str
    kind: str
    date: PartialDate | None
    reported_on: PartialDate | None
    amount: Decimal | None
    amount_min: Decimal | None
    amount_max: Decimal | None
    currency: str
    unit: str
    percent_change: Decimal | None
    period: str
    note: str
    issue_slug: str = ""
    issue: str = ""  # the agenda item's title
    issue_order: int = 0
    sources: tuple[SourceRef, ...] = ()
    lane = "positions"

    @property
    def figure(self):
        """The amount as written: "US$5,000,000,000", a range, a percentage, or ""."""
        return figure_text(
            self.amount,
            self.amount_min,
            self.amount_max,
            self.currency,
            self.unit,
            self.percent_change,
        )

    @property
    def measure(self):
        """What the amount counts: a currency code, a unit, "%" for a bare percentage, or ""."""
        if self.amount is not None or self.amount_min is not None or self.amount_max is not None:
            return self.currency or self.unit or "amount"
        return "%" if self.percent_change is not None else ""

    @property
    def when(self):
        return self.date.display() if self.date else "undated"


def figure_text(amount, amount_min, amount_max, currency, unit, percent_change):
    """A position's amount as written: "US$5,000,000,000", a range, a percentage, or ""."""
    if amount is not None:
        text = format_amount(amount, currency, unit)
    elif amount_min is not None or amount_max is not None:
        low, high = (
            format_amount(value, currency, unit) if value is not None else "?"
            for value in (amount_min, amount_max)
        )
        text = f"{low} to {high}"
    else:
        text = ""
    if percent_change is not None:
        change = f"{percent_change.normalize():+f}%"
        text = f"{text} ({change})" if text else change
    return text


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    date: PartialDate
    end: PartialDate | None
    title: str
    note: str
    sources: tuple[SourceRef, ...] = ()
    lane = "events"

    @property
    def when(self):
        return display_span(self.date, self.end)


@dataclass(frozen=True, slots=True)
class StatementRow:
    id: int
    date: PartialDate
    speaker: str
    speaker_title: str
    party: str
    kind: str
    quote: str
    context: str
    note: str
    sources: tuple[SourceRef, ...] = ()
    lane = "statements"

    @property
    def when(self):
        return self.date.display()


@dataclass(frozen=True, slots=True)
class NegotiationInfo:
    id: int
    slug: str
    title: str
    summary: str
    status: str
    parties: tuple[str, ...]
    issues: tuple[str, ...] = ()  # titles, filled where a page lists them


@dataclass(frozen=True)
class TimelineData:
    """Everything one timeline shows, as plain rows in document order."""

    negotiation: NegotiationInfo
    rounds: tuple[RoundRow, ...] = ()
    positions: tuple[PositionRow, ...] = ()
    events: tuple[EventRow, ...] = ()
    statements: tuple[StatementRow, ...] = ()
    all_parties: tuple[str, ...] = field(default=())
    # {lane: (lod.Bin, ...)} for lanes too dense to draw one by one (level of detail);
    # {lane: ()} for a dense lane drawn in detail for a zoomed date window.
    bins: dict = field(default_factory=dict)

    def filtered(self, params):
        """Only the lanes, parties and as-of date `params` asks for; as of a day, each row cites
        only the sources published possibly by then."""
        parties = set(params.parties)

        def keep(rows, lane, date_of, party_of=None):
            if lane not in params.lanes:
                return ()
            if parties and party_of is not None:
                rows = [row for row in rows if party_of(row) in parties]
            if params.as_of is not None:
                rows = [
                    _as_reported(row, params.as_of)
                    for row in rows
                    if _known_by(date_of(row), params.as_of)
                ]
            return tuple(rows)

        return TimelineData(
            negotiation=self.negotiation,
            rounds=keep(self.rounds, "rounds", lambda row: row.start),
            positions=keep(
                self.positions, "positions", lambda row: row.date or row.reported_on, _party
            ),
            events=keep(self.events, "events", lambda row: row.date),
            statements=keep(self.statements, "statements", lambda row: row.date, _party),
            all_parties=self.all_parties,
            bins={
                lane: tuple(
                    b
                    for b in bins
                    if not parties or lane in ("rounds", "events") or b.group in parties
                )
                for lane, bins in self.bins.items()
                if lane in params.lanes
            },
        )

    def records(self):
        """Every row, lane by lane."""
        return (*self.rounds, *self.positions, *self.events, *self.statements)

    @property
    def binned(self):
        """(lane, records) for each lane drawn as counts per week."""
        return tuple((lane, sum(b.count for b in bins)) for lane, bins in self.bins.items() if bins)

    @property
    def fact_count(self):
        binned = sum(b.count for bins in self.bins.values() for b in bins)
        rows = len(self.rounds) + len(self.positions) + len(self.events) + len(self.statements)
        return rows + binned


def _party(row):
    return row.party


def _known_by(date, day):
    # Kept when it possibly happened on or before the day; undated rows stay.
    return date is None or date.possibly_on_or_before(day)


def _as_reported(row, day):
    """The row citing only sources published possibly by the day (undated ones stay): a later
    version of a story is not shown as a source before it appeared."""
    if all(_known_by(source.published, day) for source in row.sources):
        return row
    return replace(row, sources=tuple(s for s in row.sources if _known_by(s.published, day)))


def timeline_data(negotiation, params=None, *, level_of_detail=False):
    """The negotiation's rows for the lanes, parties and as-of date in `params`.

    With `level_of_detail`, a lane with more rows than `lod.DETAIL_LIMIT` comes as bins
    (`TimelineData.bins`) instead of rows, or as the rows of the params' date window
    when those are few enough; without it (exports), every row.
    """
    params = params or TimelineParams()
    lanes = params.lanes
    detail = params if level_of_detail else None
    bins = {}
    parties = tuple(sorted(party.name for party in negotiation.parties.all()))
    positions = _positions(negotiation, detail, bins) if "positions" in lanes else ()
    statements = _statements(negotiation, detail, bins) if "statements" in lanes else ()
    speaking = {row.party for row in positions} | {row.party for row in statements}
    speaking |= {b.group for lane in ("positions", "statements") for b in bins.get(lane, ())}
    data = TimelineData(
        negotiation=negotiation_info(negotiation, parties),
        rounds=_rounds(negotiation, detail, bins) if "rounds" in lanes else (),
        positions=positions,
        events=_events(negotiation, detail, bins) if "events" in lanes else (),
        statements=statements,
        all_parties=(*parties, *sorted(speaking - set(parties))),
        bins=bins,
    )
    return data.filtered(params)


def negotiation_info(negotiation, parties=None):
    """The negotiation's `NegotiationInfo`; its parties' names sorted (read unless given)."""
    if parties is None:
        parties = tuple(sorted(party.name for party in negotiation.parties.all()))
    return NegotiationInfo(
        id=negotiation.pk,
        slug=negotiation.slug,
        title=negotiation.title,
        summary=negotiation.summary,
        status=negotiation.status,
        parties=parties,
    )


def with_issues(data, negotiation):
    """`data` naming the negotiation's issues (prefetched on `negotiation`), in their order."""
    issues = tuple(issue.title for issue in negotiation.issues.all())
    return replace(data, negotiation=replace(data.negotiation, issues=issues))


def _lane(queryset, fields, detail, bins, lane, **options):
    """A lane's rows at the level of detail `detail` asks for; its bins go into `bins`."""
    rows, found = lod.lane_rows(queryset, fields, params=detail, **options)
    if found is not None:
        bins[lane] = found  # () for a dense lane shown in detail for a zoomed window
    return rows


def _sources_by_record(model, negotiation, ids=None):
    """{record id: (SourceRef, ...)} for one lane (or the records `ids`), in the order added."""
    through = model.sources.through
    owner = model._meta.model_name
    records = Q(**{f"{owner}__negotiation": negotiation})
    if ids is not None:
        records = ids_in(f"{owner}_id", ids)
    rows = (
        through.objects.filter(records)
        .order_by("pk")
        .values_list(
            f"{owner}_id",
            "source_id",
            "source__title",
            "source__url",
            "source__publisher",
            "source__published",
        )
    )
    refs, by_record = {}, {}
    for record_id, source_id, title, url, publisher, published in rows:
        ref = refs.get(source_id)
        if ref is None:
            ref = SourceRef(source_id, title, _safe_url(url), publisher, published)
            refs[source_id] = ref
        by_record.setdefault(record_id, []).append(ref)
    return {record_id: tuple(found) for record_id, found in by_record.items()}


def _safe_url(url):
    # Only web addresses become links; anything else (javascript:, data:) is dropped.
    return url if url and url.lower().startswith(("https://", "http://")) else ""


def _rounds(negotiation, detail=None, bins=None):
    fields = ("id", "number", "number_inferred", "start", "end", "location", "format", "note")
    queryset = Round.objects.filter(negotiation=negotiation)
    leads = {}
    if detail is None:
        sources = _sources_by_record(Round, negotiation)
        for round_id, party, person in (
            LeadNegotiator.objects.filter(round__negotiation=negotiation)
            .order_by("party__name")
            .values_list("round_id", "party__name", "person__name")
        ):
            leads.setdefault(round_id, []).append((party, person))
        rows = queryset.values_list(*fields)
    else:
        # Leads come joined to their rounds: one query for both, then one for sources.
        joined = _lane(
            queryset.order_by("sequence", "id", "leads__party__name"),
            (*fields, "leads__party__name", "leads__person__name"),
            detail,
            bins,
            "rounds",
            date_field="start",
            end_field="end",
            group="Rounds",
        )
        rows = {}
        for *row, party, person in joined:
            rows.setdefault(row[0], tuple(row))
            if party is not None:
                leads.setdefault(row[0], []).append((party, person))
        rows = list(rows.values())
        sources = _sources_by_record(Round, negotiation, [row[0] for row in rows])
    return tuple(
        RoundRow(*row, leads=tuple(leads.get(row[0], ())), sources=sources.get(row[0], ()))
        for row in rows
    )


POSITION_FIELDS = (
    "id",
    "party__name",
    "kind",
    "date",
    "reported_on",
    "amount",
    "amount_min",
    "amount_max",
    "currency",
    "unit",
    "percent_change",
    "period",
    "note",
    "issue__slug",
    "issue__title",
    "issue__order",
)


def position_row(row, sources):
    """A `PositionRow` from a row of POSITION_FIELDS values and its sources."""
    return PositionRow(*row, sources=sources)


def _positions(negotiation, detail=None, bins=None):
    rows, sources = _lane_with_sources(
        Position, negotiation, position_queryset(negotiation), POSITION_FIELDS, detail, bins,
        "positions", date_field="date", group_field="party__name",
    )  # fmt: skip
    return tuple(position_row(row, sources.get(row[0], ())) for row in rows)


def position_queryset(negotiation):
    """The negotiation's positions, in document order."""
    return Position.objects.filter(negotiation=negotiation)


EVENT_FIELDS = ("id", "date", "end", "title", "note")


def event_row(row, sources):
    """An `EventRow` from a row of EVENT_FIELDS values and its sources."""
    return EventRow(*row, sources=sources)


def event_queryset(negotiation):
    """The negotiation's events, in document order."""
    return Event.objects.filter(negotiation=negotiation)


def _events(negotiation, detail=None, bins=None):
    rows, sources = _lane_with_sources(
        Event, negotiation, event_queryset(negotiation), EVENT_FIELDS, detail, bins,
        "events", date_field="date", end_field="end", group="Events",
    )  # fmt: skip
    return tuple(event_row(row, sources.get(row[0], ())) for row in rows)


STATEMENT_FIELDS = (
    "id",
    "date",
    "speaker__name",
    "speaker_title",
    "party_name",
    "kind",
    "quote",
    "context",
    "note",
)


def statement_queryset(negotiation):
    """The negotiation's statements in document order, each with `party_name`: its own
    party's, or else its speaker's."""
    return Statement.objects.filter(negotiation=negotiation).annotate(
        party_name=Coalesce(F("party__name"), F("speaker__party__name"))
    )


def statement_row(row, sources):
    """A `StatementRow` from a row of STATEMENT_FIELDS values and its sources."""
    id, date, speaker, title, party, kind, quote, context, note = row
    return StatementRow(
        id,
        date,
        speaker or "",
        title,
        party or UNATTRIBUTED,
        kind,
        quote,
        context,
        note,
        sources=sources,
    )


def _statements(negotiation, detail=None, bins=None):
    rows, sources = _lane_with_sources(
        Statement, negotiation, statement_queryset(negotiation), STATEMENT_FIELDS, detail, bins,
        "statements", date_field="date", group_field="party_name",
    )  # fmt: skip
    return tuple(statement_row(row, sources.get(row[0], ())) for row in rows)


# (lane, model, queryset of the negotiation's records, fields read, row builder) for the
# lanes read a row at a time; rounds, a few hundred at most, come whole with their leads.
ROW_LANES = (
    ("positions", Position, position_queryset, POSITION_FIELDS, position_row),
    ("events", Event, event_queryset, EVENT_FIELDS, event_row),
    ("statements", Statement, statement_queryset, STATEMENT_FIELDS, statement_row),
)


def _lane_with_sources(model, negotiation, queryset, fields, detail, bins, lane, **options):
    """(rows, sources by record id): two queries whether the lane comes as rows or as bins."""
    if detail is None:
        sources = _sources_by_record(model, negotiation)
        return queryset.values_list(*fields), sources
    rows = _lane(queryset, fields, detail, bins, lane, **options)
    if bins.get(lane):
        return (), {}
    return rows, _sources_by_record(model, negotiation, [row[0] for row in rows])


def _count_of(model):
    per_negotiation = (
        model.objects.filter(negotiation=OuterRef("pk"))
        .order_by()
        .values("negotiation")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(per_negotiation), 0)


def _dated_in(model, field_name, year):
    return Exists(
        model.objects.filter(negotiation=OuterRef("pk"), **{f"{field_name}__startswith": year})
    )


def negotiation_rows(negotiations, filters):
    """The negotiations matching `filters`, each with `parties` fetched, `first_round` and
    `latest_round` (start dates), `round_count` and `fact_count` (rounds, positions, events
    and statements together)."""
    rounds = Round.objects.filter(negotiation=OuterRef("pk")).order_by()
    rows = negotiations.annotate(
        first_round=Subquery(rounds.order_by("start", "sequence").values("start")[:1]),
        latest_round=Subquery(rounds.order_by("-start", "-sequence").values("start")[:1]),
        round_count=_count_of(Round),
        fact_count=_count_of(Round) + _count_of(Position) + _count_of(Event) + _count_of(Statement),
    ).prefetch_related(Prefetch("parties", queryset=Party.objects.order_by("name")))
    if filters.q:
        rows = rows.filter(
            Q(title__icontains=filters.q)
            | Q(summary__icontains=filters.q)
            | Q(slug__icontains=filters.q)
        )
    if filters.party:
        rows = rows.filter(parties__name=filters.party)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.year:
        year = f"{filters.year:04d}"
        rows = rows.filter(
            _dated_in(Round, "start", year)
            | _dated_in(Event, "date", year)
            | _dated_in(Statement, "date", year)
            | _dated_in(Position, "date", year)
        )
    return rows.order_by("title", "pk")
