"""What an import does or would do: counts per negotiation, per lane and for shared records."""

from dataclasses import dataclass, field

from .validate import LANES


@dataclass
class Counts:
    """How many records an import creates, updates, deletes and leaves as they are."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.deleted} deleted, {self.unchanged} unchanged"
        )


@dataclass
class NegotiationPlan:
    """What an import does to one negotiation.

    `details_changed`: its title, summary, status, parties or people list;
    `shared_records_changed`: a person or source it cites.
    """

    slug: str
    title: str
    is_new: bool
    details_changed: bool = False
    shared_records_changed: bool = False
    lanes: dict = field(default_factory=lambda: {lane: Counts() for lane in LANES})

    @property
    def changed(self):
        own = self.is_new or self.details_changed or self.shared_records_changed
        return own or any(counts.changed for counts in self.lanes.values())


@dataclass
class Beyond:
    """The negotiations past the first ones a plan lists: how many, and their lanes summed."""

    count: int = 0
    new: int = 0
    changed: int = 0
    lanes: dict = field(default_factory=lambda: {lane: Counts() for lane in LANES})

    def add(self, plan):
        self.count += 1
        self.new += plan.is_new
        self.changed += plan.changed and not plan.is_new
        for lane, counts in plan.lanes.items():
            total = self.lanes[lane]
            total.created += counts.created
            total.updated += counts.updated
            total.deleted += counts.deleted
            total.unchanged += counts.unchanged

    @property
    def unchanged(self):
        return self.count - self.new - self.changed


@dataclass
class ImportPlan:
    """What an import of one document does (or did), per negotiation and for shared records.

    With `listed`, `negotiations` keeps the first `listed` and `beyond` sums up the rest.
    """

    negotiations: list = field(default_factory=list)
    parties: Counts = field(default_factory=Counts)
    people: Counts = field(default_factory=Counts)
    sources: Counts = field(default_factory=Counts)
    listed: int | None = None
    beyond: Beyond = field(default_factory=Beyond)

    @property
    def changed(self):
        shared = (self.parties, self.people, self.sources)
        listed = any(plan.changed for plan in self.negotiations)
        return (
            listed or bool(self.beyond.new or self.beyond.changed) or any(c.changed for c in shared)
        )

    def add(self, plan):
        """Add a negotiation's finished plan: listed, or summed up past the first `listed`."""
        if self.listed is None or len(self.negotiations) < self.listed:
            self.negotiations.append(plan)
        else:
            self.beyond.add(plan)

    def summary_lines(self):
        """The plan as lines of text for a terminal or a preview page."""
        lines = []
        for plan in self.negotiations:
            if plan.is_new:
                state = "new"
            else:
                state = "changed" if plan.changed else "unchanged"
            lines.append(f"{plan.slug} ({state}): {plan.title}")
            for lane, counts in plan.lanes.items():
                lines.append(f"  {lane}: {counts}")
        if self.beyond.count:
            more = self.beyond
            lines.append(
                f"{more.count} more negotiations: {more.new} new, {more.changed} changed, "
                f"{more.unchanged} unchanged"
            )
            for lane, counts in more.lanes.items():
                lines.append(f"  {lane}: {counts}")
        for name in ("parties", "people", "sources"):
            lines.append(f"{name}: {getattr(self, name)}")
        return lines
