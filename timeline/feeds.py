"""Atom feeds of new and changed facts: one per published negotiation, one for all of them.

Only published negotiations, whoever asks: a feed reader is anonymous, and a feed copied
from a logged-in browser must not carry unpublished words. Entry ids are tag URIs built
from the negotiation, the lane and the history record, so they never change.
"""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from tracker.models import Negotiation
from tracker.workspace.changes import FACT_KINDS, Change, change_entries, describe

FEED_LENGTH = 50
TAG_DATE = "2026"


@dataclass(frozen=True)
class FeedScope:
    """What one request's feed covers: a negotiation (None: all published), and the host."""

    negotiation: Negotiation | None
    host: str


@dataclass(frozen=True)
class FeedEntry:
    change: Change
    negotiation: Negotiation
    host: str


class ChangesFeed(Feed):
    """New and changed facts (rounds, positions, events, statements), newest first."""

    feed_type = Atom1Feed
    author_name = "Negotiation tracker"

    # One instance serves every request: per-request state lives in the FeedScope.
    def get_object(self, request, slug=None):
        host = request.get_host().rsplit(":", 1)[0] or "localhost"
        if slug is None:
            return FeedScope(None, host)
        try:
            return FeedScope(Negotiation.objects.published().get(slug=slug), host)
        except Negotiation.DoesNotExist:
            raise Http404("No such published negotiation.") from None

    def title(self, scope):
        if scope.negotiation:
            return f"Changes to {scope.negotiation.title}"
        return "Changes to the negotiation tracker"

    def subtitle(self, scope):
        return "New and changed facts, newest first."

    def link(self, scope):
        if scope.negotiation:
            return reverse("negotiation-changes", args=[scope.negotiation.slug])
        return reverse("changes")

    def feed_url(self, scope):
        if scope.negotiation:
            return reverse("negotiation-feed", args=[scope.negotiation.slug])
        return reverse("changes-feed")

    def items(self, scope):
        published = Negotiation.objects.published()
        ids = [scope.negotiation.pk] if scope.negotiation else published.values("id")
        entries = change_entries(ids, kinds=FACT_KINDS, actions=("+", "~"))[:FEED_LENGTH]
        changes = describe(list(entries))
        owners = published.in_bulk({change.negotiation_id for change in changes})
        return [
            FeedEntry(change, owners[change.negotiation_id], scope.host)
            for change in changes
            if change.negotiation_id in owners
        ]

    def item_title(self, item):
        change = item.change
        return f"{change.label} {change.action}"

    def item_description(self, item):
        # Atom's summary is type="html": escaped here, user text stays text in a reader.
        return escape(item.change.sentence(show_user=False))

    def item_link(self, item):
        return f"{item.negotiation.get_absolute_url()}#{item.change.record_key}"

    def item_guid(self, item):
        change = item.change
        return (
            f"tag:{item.host},{TAG_DATE}:{item.negotiation.slug}/"
            f"{change.kind}/{change.record_id}/{change.history_id}"
        )

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.change.when

    def item_updateddate(self, item):
        return item.change.when

    def item_categories(self, item):
        return [item.change.kind]
