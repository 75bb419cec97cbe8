"""manage.py ensure_admin: make an `admin` superuser with a generated password when none exists."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Create the superuser 'admin' with a generated password, printed once, unless one exists."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT") or 8000),
            help="the port `make run` serves on, for the admin link (default: $PORT or 8000)",
        )

    def handle(self, *args, port, **options):
        users = get_user_model()._default_manager
        existing = users.filter(is_superuser=True).order_by("pk").first()
        admin_url = f"http://127.0.0.1:{port}/admin/"
        if existing is not None:
            self.stdout.write(
                f'A superuser exists ("{existing.get_username()}"); nothing to do. '
                f"The admin: {admin_url}"
            )
            return
        if users.filter(username="admin").exists():
            self.stdout.write('A user "admin" exists but is no superuser; nothing changed.')
            return
        password = secrets.token_urlsafe(12)
        users.create_superuser("admin", email="", password=password)
        self.stdout.write(f"Created the superuser for {admin_url}")
        self.stdout.write("  username: admin")
        self.stdout.write(f"  password: {password}")
        self.stdout.write("This password is shown once; change it in the admin.")
