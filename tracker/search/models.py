"""The search index: one row of text per record, per negotiation it belongs to.

The rows are derived data, rebuilt from the record at any time (`rebuild_search_index`).
Each database adds its own full-text part in migration 0007: PostgreSQL a weighted
`document` tsvector column with a GIN index, SQLite an FTS5 table kept in step by triggers.
"""

from django.db import models


class SearchEntry(models.Model):
    negotiation = models.ForeignKey(
        "tracker.Negotiation", on_delete=models.CASCADE, related_name="+"
    )
    lane = models.CharField(max_length=20)
    record_id = models.BigIntegerField()
    when = models.CharField(max_length=100, blank=True)
    title = models.TextField()
    body = models.TextField(blank=True)
    sources = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["negotiation", "lane", "record_id"], name="search_entry_unique"
            ),
        ]
        indexes = [models.Index(fields=["lane", "record_id"], name="search_entry_record")]
        verbose_name_plural = "search entries"

    def __str__(self):
        return f"{self.lane}-{self.record_id}: {self.title}"
