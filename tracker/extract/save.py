"""Writes what an editor accepted on the review screen: one transaction, history under the
editor's name, the source linked to every accepted fact, and the per-lane counts kept.

Each lane's rows come as {"action", "duplicate_of", "edited", "fields"}: "accept" creates a
record from the fields, "cite" adds the source to the recorded one, "reject" writes nothing.
A row the record refuses (a round number already taken, an end before the start) raises
SaveError naming the lane and row, and nothing at all is written.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Event,
    ExtractionReview,
    Issue,
    Party,
    Person,
    Position,
    Round,
    Source,
    Statement,
    default_issue,
)
from ..revisions import bump_revision

MODELS = {"rounds": Round, "positions": Position, "statements": Statement, "events": Event}
LANES = ("rounds", "positions", "statements", "events", "people")


class SaveError(Exception):
    """A row the record refuses: lane, row number (from 0) and the messages."""

    def __init__(self, lane, index, messages):
        super().__init__(f"{lane} row {index + 1}: {'; '.join(messages)}")
        self.lane, self.index, self.messages = lane, index, messages


def save_accepted(negotiation, *, source, lanes, user):
    """(the Source, {lane: {"accepted", "edited", "rejected"}}); nothing written when nothing
    was accepted."""
    counts = {lane: _count(lanes.get(lane, [])) for lane in LANES}
    if not any(c["accepted"] + c["edited"] for c in counts.values()):
        return None, counts
    with transaction.atomic():
        source_obj = _source(source, user)
        writer = _Writer(negotiation, source_obj, user)
        for lane in LANES:
            for index, row in enumerate(lanes.get(lane, [])):
                try:
                    writer.write(lane, row)
                except ValidationError as error:
                    raise SaveError(lane, index, _messages(error)) from None
        ExtractionReview.objects.bulk_create(
            ExtractionReview(
                negotiation=negotiation, source=source_obj, editor=user, lane=lane, **count
            )
            for lane, count in counts.items()
            if any(count.values())
        )
        bump_revision(negotiation.pk)
    return source_obj, counts


def _count(rows):
    count = {"accepted": 0, "edited": 0, "rejected": 0}
    for row in rows:
        if row["action"] == "reject":
            count["rejected"] += 1
        elif row.get("edited"):
            count["edited"] += 1
        else:
            count["accepted"] += 1
    return count


def _messages(error):
    if hasattr(error, "message_dict"):
        return [f"{field}: {m}" for field, ms in error.message_dict.items() for m in ms]
    return list(error.messages)


def _source(fields, user):
    """The recorded source this report is, completed, or a new one."""
    found = None
    if fields.get("duplicate_of"):
        found = Source.objects.filter(pk=fields["duplicate_of"]).first()
    if found is None and fields.get("url"):
        found = Source.objects.filter(url=fields["url"]).first()
    values = {
        key: fields.get(key) or ("" if key not in ("published", "version") else None)
        for key in ("url", "title", "publisher", "author", "published", "story", "version")
    }
    supersedes = Source.objects.filter(pk=fields.get("supersedes") or 0).first()
    if found is None:
        found = Source(**values, supersedes=supersedes)
    else:
        for key, value in values.items():
            if value and not getattr(found, key):
                setattr(found, key, value)  # fill what was missing, never overwrite
        if supersedes is not None and found.supersedes_id is None:
            found.supersedes = supersedes
    found._history_user = user
    found.full_clean()
    found.save()
    return found


class _Writer:
    def __init__(self, negotiation, source, user):
        self.negotiation, self.source, self.user = negotiation, source, user
        self.parties = {party.name: party for party in negotiation.parties.all()}

    def write(self, lane, row):
        action = row["action"]
        if action == "reject":
            return
        if action == "cite":
            record = self._recorded(lane, row["duplicate_of"])
        else:
            record = self._create(lane, row["fields"])
        record._history_user = self.user
        record.sources.add(self.source)
        if lane == "people":
            self.negotiation.people.add(record)

    def _recorded(self, lane, pk):
        if lane == "people":
            found = Person.objects.filter(pk=pk).first()
        else:
            found = MODELS[lane].objects.filter(pk=pk, negotiation=self.negotiation).first()
        if found is None:
            raise ValidationError("the recorded fact to add this source to is gone")
        return found

    def _create(self, lane, fields):
        if lane == "people":
            return self._person(fields["name"], fields.get("title", ""), fields.get("party"))
        model = MODELS[lane]
        values = getattr(self, f"_{lane}")(dict(fields))
        record = model(negotiation=self.negotiation, **values)
        record.sequence = _next_sequence(model, self.negotiation.pk)
        record._history_user = self.user
        record.full_clean(exclude=["sources"])
        record.save()
        return record

    def _party(self, name):
        if not name:
            return None
        if name not in self.parties:
            raise ValidationError({"party": f"{name} is not a party to this negotiation"})
        return self.parties[name]

    def _rounds(self, fields):
        values = {key: fields.get(key) for key in ("number", "start", "end", "location")}
        return {
            **values,
            "location": values["location"] or "",
            "format": fields.get("format") or "in_person",
        }

    def _positions(self, fields):
        issue = None
        if fields.get("issue"):
            issue = Issue.objects.filter(negotiation=self.negotiation, slug=fields["issue"]).first()
        values = {
            key: fields.get(key)
            for key in ("kind", "date", "amount", "amount_min", "amount_max", "percent_change")
        }
        values.update(
            party=self._party(fields.get("party")),
            issue=issue or default_issue(self.negotiation),
            currency=(fields.get("currency") or "").upper(),
            unit=fields.get("unit") or "",
        )
        if values["party"] is None:
            raise ValidationError({"party": "a position needs its party"})
        return values

    def _statements(self, fields):
        party = self._party(fields.get("party"))
        speaker = None
        title = fields.get("speaker_title") or ""
        if fields.get("speaker") and not fields.get("unnamed"):
            speaker = self._person(fields["speaker"], title, fields.get("party"))
        elif fields.get("speaker"):
            title = fields["speaker"]  # an unnamed speaker is described, not a person
        return {
            "date": fields.get("date"),
            "speaker": speaker,
            "speaker_title": title,
            "party": party,
            "kind": fields.get("kind") or "quote",
            "quote": fields.get("quote") or "",
        }

    def _events(self, fields):
        return {key: fields.get(key) for key in ("date", "end", "title")}

    def _person(self, name, title, party_name):
        person = Person.objects.filter(name=name).first()
        if person is None:
            party = Party.objects.filter(name=party_name).first() if party_name else None
            person = Person(name=name, title=title or "", party=party)
            person._history_user = self.user
            person.full_clean(exclude=["sources"])
            person.save()
        self.negotiation.people.add(person)
        return person


def _next_sequence(model, negotiation_id):
    from django.db.models import Max

    top = model.objects.filter(negotiation_id=negotiation_id).aggregate(top=Max("sequence"))
    return (top["top"] or 0) + 1
