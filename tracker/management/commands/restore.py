"""manage.py restore FILE: restore a backup made by manage.py backup into an empty database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from tracker.backups import BackupError, restore


class Command(BaseCommand):
    requires_system_checks = []
    help = "Restore a backup written by manage.py backup into the (empty) database."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup to restore")
        parser.add_argument("--database", default="default", help="a settings.DATABASES alias")

    def handle(self, *args, file, database, **options):
        connection = connections[database]
        connection.close()  # the restore writes through its own connection
        try:
            restore(connection.settings_dict, file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stderr.write(f"restored {file} into {connection.settings_dict['NAME']}")
