"""manage.py export_negotiations [--slug S ...] [-o FILE]: write an interchange document."""

from django.core.management.base import BaseCommand, CommandError

from tracker.interchange import export_json_bytes
from tracker.models import Negotiation


class Command(BaseCommand):
    requires_system_checks = []
    help = "Export negotiations (all, or the given slugs) as a negotiation-tracker/2 document."

    def add_arguments(self, parser):
        parser.add_argument(
            "--slug", action="append", default=[], metavar="S", help="a negotiation to export"
        )
        parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, slug, output=None, **options):
        negotiations = Negotiation.objects.order_by("slug")
        if slug:
            negotiations = negotiations.filter(slug__in=slug)
            missing = sorted(set(slug) - set(negotiations.values_list("slug", flat=True)))
            if missing:
                raise CommandError(f"no negotiation with slug {', '.join(missing)}")
        data = export_json_bytes(negotiations) + b"\n"
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
            self.stderr.write(f"wrote {len(data):,} bytes to {output}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
