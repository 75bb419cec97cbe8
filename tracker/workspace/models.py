"""Notes, tags, saved views and last visits: what logged-in analysts add to the record."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from tracker.models import Negotiation


class Lane(models.TextChoices):
    """The lanes of a timeline: a record is named by its lane and id."""

    ROUNDS = "rounds"
    POSITIONS = "positions"
    EVENTS = "events"
    STATEMENTS = "statements"


def _in_groups_of(user):
    return Group.objects.filter(user=user)


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Notes the user wrote, and notes shared with a group the user is in; none for
        anonymous or inactive users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(author=user) | Q(group__in=_in_groups_of(user)))

    def on(self, negotiation, lane=None, record_id=None):
        """Notes on the negotiation's records, or on one record."""
        notes = self.filter(negotiation=negotiation)
        if lane is not None:
            notes = notes.filter(lane=lane, record_id=record_id)
        return notes


class Note(models.Model):
    """An analyst's note on one record: private, or shared with one of the author's groups."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="workspace_notes"
    )
    lane = models.CharField(max_length=20, choices=Lane)
    record_id = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workspace_notes"
    )
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Shared with this group; empty, the note is private.",
    )
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()
    # Not "HistoricalNote": the groups' blanket view right on history models must not
    # reach private notes (tracker/migrations/0002_groups.py).
    history = HistoricalRecords(
        user_model=settings.AUTH_USER_MODEL, custom_model_name="NoteVersion"
    )

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["negotiation", "lane", "record_id"])]

    def __str__(self):
        return self.text if len(self.text) <= 60 else self.text[:57] + "..."

    @property
    def record_key(self):
        return f"{self.lane}-{self.record_id}"


class TagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every tag for an active logged-in user (tags are shared); none for anonymous or
        inactive users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.all()


class Tag(models.Model):
    """A word on a record ("furlough", "contract length"), shared by every logged-in user."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="workspace_tags"
    )
    lane = models.CharField(max_length=20, choices=Lane)
    record_id = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "lane", "record_id", "name"],
                name="tag_once_per_record",
                violation_error_message="This record already has this tag.",
            ),
        ]
        indexes = [models.Index(fields=["negotiation", "name"])]

    def __str__(self):
        return self.name


class SavedViewQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The user's own views and those shared with a group the user is in."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(Q(owner=user) | Q(group__in=_in_groups_of(user)))


class SavedView(models.Model):
    """A named address of a page: the path and the query that give the view back."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views"
    )
    name = models.CharField(max_length=200)
    path = models.CharField(max_length=500)
    query = models.TextField(blank=True, help_text="The query string, without the '?'.")
    group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text="Shared with this group; empty, only the owner sees it.",
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = SavedViewQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    @property
    def url(self):
        return f"{self.path}?{self.query}" if self.query else self.path


class LastVisit(models.Model):
    """When a user last opened a negotiation's timeline, and the visit before this one."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(help_text="The latest time the timeline was opened.")
    previous_visit = models.DateTimeField(
        null=True, blank=True, help_text="The end of the visit before; changes since are marked."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "negotiation"], name="one_last_visit"),
        ]

    def __str__(self):
        return f"{self.user} saw {self.negotiation} at {self.seen_at:%Y-%m-%d %H:%M}"
