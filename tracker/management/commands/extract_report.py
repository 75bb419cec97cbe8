"""manage.py extract_report FILE --negotiation SLUG [--url URL] [--published YYYY-MM-DD]
[--publisher NAME]: print a report's candidate facts for a negotiation as one JSON object."""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.extract import ExtractionInputError, extract_report
from tracker.extract.context import context_for
from tracker.models import Negotiation


class Command(BaseCommand):
    requires_system_checks = []
    help = "Read a news report and print its candidate facts for a negotiation (nothing saved)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the report as plain text or HTML; - reads stdin")
        parser.add_argument("--negotiation", required=True, metavar="SLUG")
        parser.add_argument("--url", default="", help="the report's address")
        parser.add_argument("--published", default=None, metavar="YYYY-MM-DD")
        parser.add_argument("--publisher", default="", metavar="NAME")

    def handle(self, *args, file, negotiation, url, published, publisher, **options):
        negotiation_row = Negotiation.objects.filter(slug=negotiation).first()
        if negotiation_row is None:
            raise CommandError(f"no negotiation with slug {negotiation}")
        try:
            day = dt.date.fromisoformat(published) if published else None
        except ValueError:
            raise CommandError(f"--published {published!r} is not a YYYY-MM-DD date") from None
        text = self._read(file)
        try:
            result = extract_report(
                text, context_for(negotiation_row), url=url, published=day, publisher=publisher
            )
        except ExtractionInputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _read(self, file):
        import sys

        if file == "-":
            return sys.stdin.read()
        try:
            return Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from None
