"""WSGI entry point. App servers do not run Django's system checks, so the tracker's own run
here: a wrong setting stops the server at start rather than failing a later request."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
application = get_wsgi_application()

from django.urls import reverse  # noqa: E402

from tracker.checks import refuse_to_start  # noqa: E402 - needs the apps loaded

refuse_to_start()
# Each worker builds the URL map that reverse() reads (0.6 s) now, not during its first
# request: a download's first byte (the credit line names the page) would wait for it.
reverse("negotiation-detail", args=["any"])
