"""The record of a negotiation: parties, people, sources, rounds, positions, events, statements."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django_extensions.db.models import TimeStampedModel
from simple_history.models import HistoricalRecords

from .amounts import format_amount
from .fields import PartialDateField, validate_currency

HISTORY_USER_FIELD = {"user_model": settings.AUTH_USER_MODEL}
AMOUNT_WITH_RANGE = (
    "Give either an amount or a range (minimum and maximum), not both: "
    "only the amount would be shown."
)


class Party(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    aliases = models.TextField(
        blank=True,
        help_text="Other names the news uses, one a line: Seoul, S. Korea, Washington, U.S.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"

    def __str__(self):
        return self.name

    def alias_list(self):
        """The aliases as a list, blank lines left out."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Source(TimeStampedModel):
    url = models.URLField("URL", max_length=2000, blank=True)
    title = models.TextField(blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = PartialDateField(null=True, blank=True)
    note = models.TextField(blank=True)
    story = models.CharField(
        max_length=200,
        blank=True,
        help_text="The story this report is a version of; left empty, read from a Yonhap URL.",
    )
    version = models.PositiveIntegerField(
        null=True, blank=True, help_text="1 for the first version of the story, 2 for the next."
    )
    version_note = models.TextField(
        blank=True, help_text='The agency\'s note, e.g. "(LEAD) ATTN: CHANGES headline, lead".'
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="superseded_by",
        help_text="The earlier version this one replaces.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="source_url_unique_when_present"
            ),
            models.CheckConstraint(
                condition=Q(version__isnull=True) | Q(version__gte=1),
                name="source_version_positive",
                violation_error_message="The version is 1 or more.",
            ),
        ]

    def __str__(self):
        label = self.title or self.url or "Untitled source"
        return f"{label} ({self.publisher})" if self.publisher else label


class PersonQuerySet(models.QuerySet):
    def in_negotiation(self, negotiation):
        """A negotiation's people: those listed on it, its speakers and its lead negotiators."""
        # Subqueries, not joins: a person in several lists or negotiations comes once.
        listed = Negotiation.people.through.objects.filter(negotiation=negotiation)
        speaking = Statement.objects.filter(negotiation=negotiation)
        leading = LeadNegotiator.objects.filter(round__negotiation=negotiation)
        return self.filter(
            Q(pk__in=listed.values("person_id"))
            | Q(pk__in=speaking.values("speaker_id"))
            | Q(pk__in=leading.values("person_id"))
        )


class Person(TimeStampedModel):
    name = models.CharField(max_length=300, unique=True)
    title = models.TextField(blank=True)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL)
    sources = models.ManyToManyField(Source, blank=True, related_name="people")

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


class NegotiationQuerySet(models.QuerySet):
    def published(self):
        """Negotiations anyone may see."""
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Everything for users who may view negotiations; published ones for everyone else."""
        if user is not None and user.is_active and user.has_perm("tracker.view_negotiation"):
            return self.all()
        return self.published()


class Negotiation(TimeStampedModel):
    class Status(models.TextChoices):
        ONGOING = "ongoing"
        CONCLUDED = "concluded"
        SUSPENDED = "suspended"
        COLLAPSED = "collapsed"

    slug = models.SlugField(max_length=100, unique=True)
    title = models.TextField()
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.ONGOING)
    parties = models.ManyToManyField(Party, related_name="negotiations")
    people = models.ManyToManyField(Person, blank=True, related_name="negotiations")
    is_published = models.BooleanField(
        "published", default=False, help_text="Unpublished negotiations are for staff only."
    )
    revision = models.PositiveIntegerField(
        default=1, editable=False, help_text="Raised by every edit of this negotiation's records."
    )

    objects = NegotiationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[parties, people])

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("negotiation-detail", args=[self.slug])


class Issue(TimeStampedModel):
    """An agenda item of a negotiation; every position is about one."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="issues")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(
        default=0, help_text="Place among the negotiation's issues."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "slug"],
                name="issue_slug_unique_in_negotiation",
                violation_error_message="This negotiation already has an issue with this slug.",
            ),
        ]

    def __str__(self):
        return self.title


DEFAULT_ISSUE = {"slug": "general", "title": "General"}


def default_issue(negotiation):
    """The negotiation's "General" issue, created when missing: positions that name none go here."""
    issue, _ = Issue.objects.get_or_create(
        negotiation=negotiation,
        slug=DEFAULT_ISSUE["slug"],
        defaults={"title": DEFAULT_ISSUE["title"]},
    )
    return issue


class Record(TimeStampedModel):
    """Fields every lane of a negotiation shares."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE)
    note = models.TextField(blank=True)
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Place in the interchange document."
    )

    class Meta:
        abstract = True
        ordering = ["sequence", "id"]


class Round(Record):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        VIRTUAL = "virtual"
        HYBRID = "hybrid"

    number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The ordinal a source states; empty when none does."
    )
    number_inferred = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="An ordinal inferred from the sequence, not stated."
    )
    start = PartialDateField()
    end = PartialDateField(null=True, blank=True)
    location = models.TextField(blank=True)
    format = models.CharField(max_length=20, choices=Format, default=Format.IN_PERSON)
    sources = models.ManyToManyField(Source, blank=True, related_name="rounds")

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta(Record.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "number"],
                condition=Q(number__isnull=False),
                name="round_number_unique_in_negotiation",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(end__gte=F("start"))
                | Q(start__startswith=F("end")),
                name="round_end_not_before_start",
                violation_error_message="The end is before the start.",
            ),
        ]

    def __str__(self):
        if self.number is not None:
            label = f"Round {self.number}"
        elif self.number_inferred is not None:
            label = f"Round {self.number_inferred} (inferred)"
        else:
            label = "Unnumbered round"
        where = f", {self.location}" if self.location else ""
        return f"{label}{where}, {self.start.display() if self.start else '?'}"


class LeadNegotiator(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="leads")
    party = models.ForeignKey(Party, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "party"], name="one_lead_per_party_per_round"),
        ]

    def __str__(self):
        return f"{self.person.name} for {self.party.name}"


class Position(Record):
    class Kind(models.TextChoices):
        DEMAND = "demand"
        OFFER = "offer"
        AGREED = "agreed"
        BASELINE = "baseline"

    party = models.ForeignKey(Party, on_delete=models.PROTECT)
    issue = models.ForeignKey(
        Issue,
        on_delete=models.RESTRICT,
        related_name="positions",
        help_text='The agenda item; left empty, the negotiation\'s "General" issue.',
    )
    kind = models.CharField(max_length=20, choices=Kind)
    date = PartialDateField(null=True, blank=True, help_text="When the position was taken.")
    reported_on = PartialDateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    amount_min = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    amount_max = models.DecimalField(max_digits=30, decimal_places=6, null=True, blank=True)
    currency = models.CharField(
        max_length=3, blank=True, validators=[validate_currency], help_text="ISO 4217, e.g. USD"
    )
    unit = models.CharField(max_length=200, blank=True, help_text="For non-monetary amounts.")
    percent_change = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    period = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="positions")

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta(Record.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="position_amount_not_negative",
                violation_error_message="The amount is negative.",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True) | Q(amount_min__gte=0),
                name="position_amount_min_not_negative",
                violation_error_message="The minimum amount is negative.",
            ),
            models.CheckConstraint(
                condition=Q(amount_max__isnull=True) | Q(amount_max__gte=0),
                name="position_amount_max_not_negative",
                violation_error_message="The maximum amount is negative.",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=F("amount_max")),
                name="position_range_in_order",
                violation_error_message="The minimum amount is above the maximum.",
            ),
        ]

    def __str__(self):
        when = self.date.display() if self.date else "undated"
        return f"{self.party} {self.get_kind_display()}: {self.amount_display()} ({when})"

    def clean(self):
        """Refuse an amount given with a range; store the currency code in capitals."""
        self.currency = (self.currency or "").upper()
        # Only the amount would be shown: the range would vanish without a word.
        if self.amount is not None and (self.amount_min is not None or self.amount_max is not None):
            raise ValidationError({"amount": AMOUNT_WITH_RANGE})

    def amount_display(self):
        """The figure as an editor reads it: "US$5,000,000,000", a range or a percentage."""
        if self.amount is not None:
            text = format_amount(self.amount, self.currency, self.unit)
        elif self.amount_min is not None or self.amount_max is not None:
            low = (
                format_amount(self.amount_min, self.currency, self.unit)
                if self.amount_min is not None
                else "?"
            )
            high = (
                format_amount(self.amount_max, self.currency, self.unit)
                if self.amount_max is not None
                else "?"
            )
            text = f"{low} to {high}"
        else:
            text = ""
        if self.percent_change is not None:
            change = f"{self.percent_change.normalize():+f}%"
            text = f"{text} ({change})" if text else change
        return text or "no figure"


class Event(Record):
    date = PartialDateField()
    end = PartialDateField(null=True, blank=True)
    title = models.TextField()
    sources = models.ManyToManyField(Source, blank=True, related_name="events")

    history = HistoricalRecords(m2m_fields=[sources])

    class Meta(Record.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(end__gte=F("date"))
                | Q(date__startswith=F("end")),
                name="event_end_not_before_start",
                violation_error_message="The end is before the start.",
            ),
        ]

    def __str__(self):
        return f"{self.date.display() if self.date else '?'}: {self.title}"


class StatementQuerySet(models.QuerySet):
    def for_timeline(self):
        """Statements with speaker and party fetched, ready for charts and tables."""
        return self.select_related("speaker", "party")


class Statement(Record):
    class Kind(models.TextChoices):
        QUOTE = "quote"
        PARAPHRASE = "paraphrase"
        REPORT = "report", "Media report"

    date = PartialDateField()
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    speaker_title = models.TextField(blank=True, help_text="The speaker's title at the time.")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.QUOTE)
    quote = models.TextField(help_text="The words as the source gives them.")
    context = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, blank=True, related_name="statements")

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[sources])

    class Meta(Record.Meta):
        indexes = [
            # The facts count a large record's statements as of a day (only those of the
            # as-of year or month are merely possible), by party, with the sources they cite,
            # and list the first in record order; the chart bins them by day and party. With
            # the parties and id in the index, those counts read the index alone, never the
            # table's long quotes.
            models.Index(
                fields=["negotiation", "date", "party", "speaker", "id"],
                name="statement_facts_date",
            ),
            models.Index(fields=["negotiation", "sequence", "id"], name="statement_facts_order"),
        ]

    def __str__(self):
        who = self.speaker.name if self.speaker_id else "Unattributed"
        words = self.quote if len(self.quote) <= 60 else self.quote[:57] + "..."
        return f"{who}, {self.date.display() if self.date else '?'}: {words}"


class ExtractionReview(models.Model):
    """How an editor judged one lane of a pasted report's candidates: the extractor's precision
    in real use (accepted and edited against rejected)."""

    negotiation = models.ForeignKey(
        Negotiation, on_delete=models.CASCADE, related_name="extraction_reviews"
    )
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="extraction_reviews"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    lane = models.CharField(max_length=20)
    accepted = models.PositiveIntegerField(default=0, help_text="Accepted as extracted.")
    edited = models.PositiveIntegerField(default=0, help_text="Accepted after editing a field.")
    rejected = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "lane"]

    def __str__(self):
        return (
            f"{self.lane}: {self.accepted} accepted, {self.edited} edited, {self.rejected} rejected"
        )


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        """Tokens that have not been revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal token for the read API; only its SHA-256 is kept, the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. a notebook.")
    key_hash = models.CharField("hashed key", max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The token's first characters, to recognise it."
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("revoked", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


from .search.models import SearchEntry  # noqa: E402, F401  (the search index, tracker/search/)

# The workspace's models live in their own package and migrate with the tracker's.
from .workspace.models import LastVisit, Note, SavedView, Tag  # noqa: E402, F401
