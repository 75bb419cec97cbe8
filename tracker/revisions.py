"""A negotiation's revision: raised by every edit of its records, the key for caches and ETags."""

import hashlib

from django.db.models import F
from django.utils import timezone

from .models import Negotiation


def bump_revision(negotiation_id):
    """Mark a negotiation's records as changed: new revision, new modified time."""
    Negotiation.objects.filter(pk=negotiation_id).update(
        revision=F("revision") + 1, modified=timezone.now()
    )


def revision_etag(negotiation, *parts):
    """A strong ETag for a view of one negotiation at its current revision."""
    key = "|".join([negotiation.slug, str(negotiation.revision), *map(str, parts)])
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
