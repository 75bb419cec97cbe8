"""Tags on records: add and remove them, read them per record, and find the records a tag names.

Tags are lower case with single spaces ("contract length"), shared by every logged-in user,
and never shown to anonymous visitors. `records_tagged` is the read other features (the
timeline filter, search) use.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, Max

from tracker.control_characters import control_character_problem

from .models import Tag
from .records import RecordError, check_record

LONGEST_TAG = 100


def clean_tag(text):
    """The tag as stored: trimmed, single-spaced, lower case; RecordError when unusable."""
    name = " ".join((text or "").split()).lower()
    if not name:
        raise RecordError("tag: write a word or two, e.g. contract length")
    if len(name) > LONGEST_TAG:
        raise RecordError(f"tag: at most {LONGEST_TAG} characters, not {len(name)}")
    if problem := control_character_problem(name):
        raise RecordError(f"tag: {problem}")
    return name


def add_tag(negotiation, lane, record_id, text, *, user):
    """Tag one record of the negotiation (again: nothing changes); returns the Tag."""
    name = clean_tag(text)
    check_record(negotiation, lane, record_id)
    try:
        with transaction.atomic():
            tag, _ = Tag.objects.get_or_create(
                negotiation=negotiation,
                lane=lane,
                record_id=record_id,
                name=name,
                defaults={"added_by": user},
            )
    except IntegrityError:  # the same tag added at the same moment by someone else
        tag = Tag.objects.get(negotiation=negotiation, lane=lane, record_id=record_id, name=name)
    return tag


def remove_tag(negotiation, lane, record_id, text):
    """Take a tag off one record; the number of tags removed (0 or 1)."""
    name = " ".join((text or "").split()).lower()
    deleted, _ = Tag.objects.filter(
        negotiation=negotiation, lane=lane, record_id=record_id, name=name
    ).delete()
    return deleted


def tags_by_record(negotiation):
    """{"<lane>-<id>": [tag names in order]} for the negotiation's tagged records."""
    found = {}
    rows = Tag.objects.filter(negotiation=negotiation).values_list("lane", "record_id", "name")
    for lane, record_id, name in rows.order_by("name"):
        found.setdefault(f"{lane}-{record_id}", []).append(name)
    return found


def tag_names(negotiation_ids=None):
    """The distinct tag names on these negotiations' records (all when None), in order."""
    tags = Tag.objects.all()
    if negotiation_ids is not None:
        tags = tags.filter(negotiation_id__in=negotiation_ids)
    return list(tags.order_by("name").values_list("name", flat=True).distinct())


def records_tagged(names, negotiation_ids=None):
    """{(negotiation id, lane, record id)} of records carrying any of the tag `names` (cleaned
    as stored), in these negotiations (all when None). For the timeline filter and search."""
    cleaned = {" ".join(name.split()).lower() for name in names if name and name.strip()}
    tags = Tag.objects.filter(name__in=cleaned)
    if negotiation_ids is not None:
        tags = tags.filter(negotiation_id__in=negotiation_ids)
    return set(tags.values_list("negotiation_id", "lane", "record_id"))


def tags_version(user):
    """A text that changes whenever a tag `user` may see is added or removed ("none" for those
    who see no tags): for caching answers that tags change, such as search."""
    tags = Tag.objects.visible_to(user)
    if tags.query.is_empty():
        return "none"
    state = tags.aggregate(count=Count("id"), last=Max("id"))
    return f"{state['count']}:{state['last']}"
