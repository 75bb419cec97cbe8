"""manage.py backup FILE: a backup of the database (pg_dump custom format, or a SQLite copy)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tracker.backups import BackupError, backup


class Command(BaseCommand):
    requires_system_checks = []
    help = "Write a backup of the database to FILE (restore it with manage.py restore FILE)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where to write the backup")
        parser.add_argument("--database", default="default", help="a settings.DATABASES alias")

    def handle(self, *args, file, database, **options):
        try:
            size = backup(connections[database].settings_dict, file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"wrote a backup of {size:,} bytes to {file}")
