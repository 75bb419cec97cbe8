"""Shapes of the read API's answers, and the functions that turn records into them.

Dates are ISO text at the precision written ("2019", "2019-09", "2019-09-24") with the
precision beside them; amounts are decimal strings, never floats.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BaseModel, ConfigDict

from tracker.amounts import plain_decimal
from tracker.models import Negotiation, Position, Round, Statement

IsoDate = Annotated[
    str,
    Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", examples=["2019-09"]),
]
Precision = Literal["year", "month", "day"]
DecimalText = Annotated[str, Field(pattern=r"^-?\d+(\.\d+)?$", examples=["5000000000"])]
# Query parameter text. Formats and patterns in json_schema_extra document the canonical form;
# the parsers the pages share (tracker.facts_views, timeline.params) judge what is accepted.
Text = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
DateTimeText = Annotated[str, Field(max_length=40, json_schema_extra={"format": "date-time"})]
DayText = Annotated[str, Field(max_length=10, json_schema_extra={"format": "date"})]
IdText = Annotated[str, Field(max_length=20, json_schema_extra={"pattern": r"^[0-9]+$"})]
PartialDateText = Annotated[
    str,
    Field(
        max_length=10,
        json_schema_extra={
            "pattern": r"^[0-9]{3}[1-9](-(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?)?$",
            "examples": ["2019", "2019-09", "2019-09-24"],
        },
    ),
]
LANE = "(rounds|positions|events|statements)"
LanesText = Annotated[
    str, Field(max_length=200, json_schema_extra={"pattern": f"^{LANE}(,{LANE})*$"})
]
NegotiationStatus = Literal[tuple(Negotiation.Status.values)]
RoundFormat = Literal[tuple(Round.Format.values)]
PositionKind = Literal[tuple(Position.Kind.values)]
StatementKind = Literal[tuple(Statement.Kind.values)]


class ErrorOut(Schema):
    detail: str = Field(description="What is wrong, in plain words.")
    parameter: str | None = Field(None, description="The query parameter or header at fault.")


class PartyOut(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    name: str


class SourceOut(Schema):
    id: int
    url: str
    title: str
    publisher: str
    author: str
    published: IsoDate | None
    published_precision: Precision | None
    note: str
    story: str = Field(description="The story this report is a version of; empty when none.")
    version: int | None = Field(description="1 for a story's first version, 2 for the next.")
    version_note: str = Field(description="The agency's note on what the version changed.")
    supersedes: int | None = Field(description="The id of the earlier version it replaces.")


class IssueRef(Schema):
    id: int
    slug: str
    title: str


class IssueOut(IssueRef):
    description: str
    order: int


class NegotiationLinks(Schema):
    self: str
    page: str
    rounds: str
    issues: str
    positions: str
    events: str
    statements: str
    people: str
    sources: str
    facts: str
    figure: str


class NegotiationOut(Schema):
    id: int
    slug: str
    title: str
    summary: str
    status: NegotiationStatus
    published: bool
    parties: list[PartyOut]
    revision: int = Field(description="Raised by every edit of the negotiation's records.")
    created: datetime
    modified: datetime
    links: NegotiationLinks


class RecordCounts(Schema):
    rounds: int
    issues: int
    positions: int
    events: int
    statements: int
    people: int


class NegotiationDetailOut(NegotiationOut):
    counts: RecordCounts


class LeadOut(Schema):
    party: PartyOut
    person: PersonRef


class RoundOut(Schema):
    id: int
    sequence: int
    number: int | None = Field(description="The ordinal a source states.")
    number_inferred: int | None = Field(description="An ordinal inferred, not stated.")
    start: IsoDate
    start_precision: Precision
    end: IsoDate | None
    end_precision: Precision | None
    location: str
    format: RoundFormat
    lead_negotiators: list[LeadOut]
    note: str
    sources: list[SourceOut]


class PositionOut(Schema):
    id: int
    sequence: int
    party: PartyOut
    issue: IssueRef = Field(description="The agenda item the position is about.")
    kind: PositionKind
    date: IsoDate | None
    date_precision: Precision | None
    reported_on: IsoDate | None
    reported_on_precision: Precision | None
    amount: DecimalText | None
    amount_min: DecimalText | None
    amount_max: DecimalText | None
    currency: str = Field(description="ISO 4217 code; empty for non-monetary amounts.")
    unit: str
    percent_change: DecimalText | None
    period: str
    note: str
    sources: list[SourceOut]


class EventOut(Schema):
    id: int
    sequence: int
    date: IsoDate
    date_precision: Precision
    end: IsoDate | None
    end_precision: Precision | None
    title: str
    note: str
    sources: list[SourceOut]


class StatementOut(Schema):
    id: int
    sequence: int
    date: IsoDate
    date_precision: Precision
    speaker: PersonRef | None
    speaker_title: str
    party: PartyOut | None
    kind: StatementKind
    quote: str
    context: str
    note: str
    sources: list[SourceOut]


class PersonOut(Schema):
    id: int
    name: str
    title: str
    party: PartyOut | None
    sources: list[SourceOut]


class PageOut(Schema):
    count: int = Field(description="Items on all pages.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(description="The next page's URL, or null on the last page.")
    previous: str | None


class NegotiationPage(PageOut):
    items: list[NegotiationOut]


class RoundPage(PageOut):
    items: list[RoundOut]


class PositionPage(PageOut):
    items: list[PositionOut]


class IssuePage(PageOut):
    items: list[IssueOut]


class EventPage(PageOut):
    items: list[EventOut]


class StatementPage(PageOut):
    items: list[StatementOut]


class PersonPage(PageOut):
    items: list[PersonOut]


class SourcePage(PageOut):
    items: list[SourceOut]


def date_fields(name, value):
    """{"start": "2019-09", "start_precision": "month"} for a PartialDate or None."""
    return {
        name: value.iso if value is not None else None,
        f"{name}_precision": value.precision if value is not None else None,
    }


def party_out(party):
    return {"id": party.id, "name": party.name} if party is not None else None


def source_out(source):
    return {
        "id": source.id,
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "author": source.author,
        **date_fields("published", source.published),
        "note": source.note,
        "story": source.story,
        "version": source.version,
        "version_note": source.version_note,
        "supersedes": source.supersedes_id,
    }


def issue_out(issue):
    return {
        "id": issue.id,
        "slug": issue.slug,
        "title": issue.title,
        "description": issue.description,
        "order": issue.order,
    }


def sources_out(record):
    """Sources of a record whose `sources` were prefetched."""
    return [source_out(source) for source in record.sources.all()]


def negotiation_out(negotiation, links):
    return {
        "id": negotiation.id,
        "slug": negotiation.slug,
        "title": negotiation.title,
        "summary": negotiation.summary,
        "status": negotiation.status,
        "published": negotiation.is_published,
        "parties": [party_out(party) for party in negotiation.parties.all()],
        "revision": negotiation.revision,
        "created": negotiation.created,
        "modified": negotiation.modified,
        "links": links,
    }


def round_out(round_):
    return {
        "id": round_.id,
        "sequence": round_.sequence,
        "number": round_.number,
        "number_inferred": round_.number_inferred,
        **date_fields("start", round_.start),
        **date_fields("end", round_.end),
        "location": round_.location,
        "format": round_.format,
        "lead_negotiators": [
            {
                "party": party_out(lead.party),
                "person": {"id": lead.person.id, "name": lead.person.name},
            }
            for lead in round_.leads.all()
        ],
        "note": round_.note,
        "sources": sources_out(round_),
    }


def position_out(position):
    return {
        "id": position.id,
        "sequence": position.sequence,
        "party": party_out(position.party),
        "issue": {
            "id": position.issue.id,
            "slug": position.issue.slug,
            "title": position.issue.title,
        },
        "kind": position.kind,
        **date_fields("date", position.date),
        **date_fields("reported_on", position.reported_on),
        "amount": plain_decimal(position.amount),
        "amount_min": plain_decimal(position.amount_min),
        "amount_max": plain_decimal(position.amount_max),
        "currency": position.currency,
        "unit": position.unit,
        "percent_change": plain_decimal(position.percent_change),
        "period": position.period,
        "note": position.note,
        "sources": sources_out(position),
    }


def event_out(event):
    return {
        "id": event.id,
        "sequence": event.sequence,
        **date_fields("date", event.date),
        **date_fields("end", event.end),
        "title": event.title,
        "note": event.note,
        "sources": sources_out(event),
    }


def statement_out(statement):
    speaker = statement.speaker
    return {
        "id": statement.id,
        "sequence": statement.sequence,
        **date_fields("date", statement.date),
        "speaker": {"id": speaker.id, "name": speaker.name} if speaker is not None else None,
        "speaker_title": statement.speaker_title,
        "party": party_out(statement.party),
        "kind": statement.kind,
        "quote": statement.quote,
        "context": statement.context,
        "note": statement.note,
        "sources": sources_out(statement),
    }


def person_out(person):
    return {
        "id": person.id,
        "name": person.name,
        "title": person.title,
        "party": party_out(person.party),
        "sources": sources_out(person),
    }


class Open(BaseModel):
    """Keys beyond the documented ones are passed through; clients ignore those they do not know."""

    model_config = ConfigDict(extra="allow")


class RecordRef(Open):
    lane: str
    id: int


class RoundFact(Open):
    id: int
    number: int | None
    number_inferred: int | None
    start: IsoDate
    end: IsoDate | None
    location: str
    format: str
    in_progress: bool
    sources: list[int] = Field(description="Source ids.")


class RoundFacts(Open):
    held: int = Field(description="Rounds that certainly started on or before as_of.")
    first_start: IsoDate | None
    latest: RoundFact | None
    highest_stated_number: int | None = Field(
        description="The highest ordinal a source states; may differ from `held`."
    )
    by_format: dict[str, int]


class PositionFact(Open):
    id: int
    issue: str = Field(description="The slug of the agenda item.")
    party: str
    kind: str
    date: IsoDate | None
    amount: DecimalText | None
    amount_min: DecimalText | None
    amount_max: DecimalText | None
    currency: str
    unit: str
    percent_change: DecimalText | None
    sources: list[int] = Field(description="Source ids.")


class PositionSeries(Open):
    issue: str = Field(description="The slug of the agenda item.")
    issue_title: str
    party: str
    kind: str
    measure: str = Field(description='A currency, a unit, or "percent".')
    count: int
    first: PositionFact | None
    latest: PositionFact | None


class GapFact(Open):
    issue: str = Field(description="Both figures are about this agenda item (its slug).")
    party: str
    kind: str
    amount: DecimalText | None
    currency: str
    against: PositionFact
    ratio: DecimalText | None = Field(description="Only for amounts in one currency and unit.")
    difference: DecimalText | None
    reason: str | None = Field(description="Why no ratio was computed.")


class SentenceSource(Open):
    id: int
    url: str
    title: str
    publisher: str


class Sentence(Open):
    text: str
    issue: str | None = Field(
        description="The agenda item a position sentence is about, when there are several."
    )
    record_count: int = Field(description="How many records the sentence rests on.")
    records: list[RecordRef] = Field(description="The first 100 of them.")
    source_count: int = Field(description="How many sources those records cite.")
    sources: list[SentenceSource] = Field(description="The first 100 of them.")
    sources_unlisted: int = Field(description="source_count less those listed.")


class NegotiationRef(Open):
    slug: str
    title: str


class FactsOut(Open):
    negotiation: NegotiationRef
    as_of: IsoDate
    rounds: RoundFacts
    positions: list[PositionSeries]
    gaps: list[GapFact]
    events: dict[str, Any]
    statements: dict[str, Any]
    sentences: list[Sentence] = Field(description="Each fact as a sentence, with its sources.")


class FigureOut(Open):
    """A Plotly figure: draw it with plotly.io.from_json or Plotly.newPlot(div, data, layout)."""

    data: list[dict[str, Any]]
    layout: dict[str, Any]
