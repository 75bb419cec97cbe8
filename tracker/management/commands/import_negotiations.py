"""manage.py import_negotiations FILE...: load interchange documents, each atomically."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tracker.interchange import InterchangeError, import_document, load_document
from tracker.models import Negotiation


class Command(BaseCommand):
    requires_system_checks = []
    progress_threshold = 5000  # records; shorter imports finish before progress would help
    help = "Import negotiation-tracker/2 or /1 documents; each file is written whole or not at all."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="interchange JSON documents")
        parser.add_argument(
            "--user", metavar="USERNAME", help="credit the history rows to this user"
        )
        parser.add_argument(
            "--skip-existing",
            action="store_true",
            help="leave out negotiations whose slug is already in the database",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish the negotiations this import creates (new ones are unpublished)",
        )

    def handle(self, *args, files, user=None, skip_existing=False, publish=False, **options):
        user = self.find_user(user)
        failed = 0
        for path in files:
            try:
                with open(path, "rb") as handle:
                    document = load_document(handle)
                if skip_existing and not self.leave_out_existing(document, path):
                    continue
                plan = import_document(document, user=user, progress=self.progress_printer(path))
            except OSError as exc:
                self.stderr.write(f"{path}: cannot read: {exc.strerror or exc}")
                failed += 1
                continue
            except InterchangeError as exc:
                self.stderr.write(f"{path}: {len(exc.problems)} problem(s), nothing imported:")
                for problem in exc.problems:
                    self.stderr.write(f"{path}: {problem}")
                failed += 1
                continue
            if publish:
                self.publish_new(plan, path)
            verb = "imported" if plan.changed else "already up to date"
            self.stdout.write(f"{path}: {verb}")
            for line in plan.summary_lines():
                self.stdout.write(f"  {line}")
        if failed:
            raise CommandError(f"{failed} of {len(files)} file(s) not imported")

    def find_user(self, username):
        if username is None:
            return None
        try:
            return get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f'no user "{username}"') from None

    def publish_new(self, plan, path):
        created = [entry.slug for entry in plan.negotiations if entry.is_new]
        Negotiation.objects.filter(slug__in=created).update(is_published=True)
        for slug in created:
            self.stdout.write(f"{path}: {slug} published")

    def leave_out_existing(self, document, path):
        """Drop the negotiations already in the database; False when none is left to import."""
        entries = document.get("negotiations")
        if not isinstance(entries, list):
            return True
        slugs = [e.get("slug") for e in entries if isinstance(e, dict)]
        existing = set(Negotiation.objects.filter(slug__in=slugs).values_list("slug", flat=True))
        document["negotiations"] = [
            e for e in entries if not (isinstance(e, dict) and e.get("slug") in existing)
        ]
        if existing and not document["negotiations"]:
            # One line: a summary of zero counts would read as if something had been checked.
            verb = "exists" if len(existing) == 1 else "exist"
            names = ", ".join(sorted(existing))
            self.stdout.write(f"{path}: {names} {verb}, left as it is; nothing to import")
            return False
        for slug in sorted(existing):
            self.stdout.write(f"{path}: {slug} exists, left as it is")
        return True

    def progress_printer(self, path):
        """A progress callback printing about every tenth of the way on long imports."""
        last = [0]

        def progress(done, total):
            if total < self.progress_threshold:
                return
            if done == total or done - last[0] >= max(total // 10, 1):
                last[0] = done
                self.stdout.write(f"{path}: {done:,} of {total:,} records ({done * 100 // total}%)")
                self.stdout.flush()

        return progress
