"""manage.py generate_synthetic: a deterministic synthetic negotiation, through the importer."""

import time

from django.core.management.base import BaseCommand, CommandError

from tracker.interchange import InterchangeError, import_document
from tracker.models import Negotiation
from tracker.synthetic import synthetic_document

LANES = ("rounds", "positions", "events", "statements")


class Command(BaseCommand):
    help = (
        "Generate a synthetic negotiation (invented parties, example.org sources) and import it"
        " through the interchange importer. Rounds, positions and events default to a tenth of"
        " the statements; the same seed gives the same negotiation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True)
        parser.add_argument("--statements", type=int, required=True, metavar="N")
        parser.add_argument("--rounds", type=int, metavar="R", help="default: N/10")
        parser.add_argument("--positions", type=int, metavar="P", help="default: N/10")
        parser.add_argument("--events", type=int, metavar="E", help="default: N/10")
        parser.add_argument("--seed", type=int, default=0, metavar="K")
        parser.add_argument(
            "--publish", action="store_true", help="make the negotiation visible to everyone"
        )

    def handle(self, *args, **options):
        try:
            document = synthetic_document(
                slug=options["slug"],
                statements=options["statements"],
                rounds=options["rounds"],
                positions=options["positions"],
                events=options["events"],
                seed=options["seed"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        if options["verbosity"]:
            total = sum(len(document["negotiations"][0][lane]) for lane in LANES)
            self.stderr.write(f"checking and importing {total} records ...")
        progress = Progress(self.stderr if options["verbosity"] else None)
        try:
            plan = import_document(document, progress=progress)
        except InterchangeError as exc:
            raise CommandError(
                "the synthetic document was refused:\n" + "\n".join(map(str, exc.problems))
            ) from None
        progress.finish()
        if options["publish"]:
            Negotiation.objects.filter(slug=options["slug"]).update(is_published=True)
        seconds = time.monotonic() - started
        self.stdout.write(f"{options['slug']}: imported in {seconds:.1f} s")
        for line in plan.summary_lines():
            self.stdout.write(f"  {line}")


class Progress:
    """Prints `done/total` and a percentage, at most a few times a second."""

    def __init__(self, stream, interval=0.5):
        self.stream, self.interval, self.shown = stream, interval, 0.0
        self.tty = stream is not None and getattr(stream, "isatty", lambda: False)()

    def __call__(self, done, total):
        now = time.monotonic()
        if self.stream is None or (now - self.shown < self.interval and done < total):
            return
        self.shown = now
        percent = 100 * done / total if total else 100
        end = "\r" if self.tty else "\n"
        self.stream.write(f"importing: {done}/{total} records ({percent:.0f}%)", ending=end)
        self.stream.flush()

    def finish(self):
        if self.tty:
            self.stream.write("")
