"""A database outage answered with a fast, clear 503 instead of a crash page.

The connection is checked again at the start of each request (CONN_HEALTH_CHECKS),
so once the database is back the next request is served without restarting anything.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("tracker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 10
MESSAGE = "The database is unavailable for a moment. Please try again shortly."


def database_unavailable(request):
    """A 503 that needs no database: JSON under /api/, a plain page elsewhere."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE}, status=503)
    else:
        # Rendered without the request: context processors would touch the session and user.
        body = loader.get_template("503.html").render({"message": MESSAGE})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def is_database_error(exc):
    return isinstance(exc, DATABASE_ERRORS)


class DatabaseUnavailableMiddleware:
    """Turn a database error raised in a view into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_error(exception):
            return None
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)


def server_error(request, *args, **kwargs):
    """handler500: a 503 when the error was the database (raised outside a view), else a 500
    naming the request id the log line carries (tracker.logs)."""
    if is_database_error(sys.exc_info()[1]):
        return database_unavailable(request)
    request_id = getattr(request, "request_id", None)
    if request.path.startswith("/api/"):
        detail = "Server error; it has been logged."
        if request_id:
            detail += f" If you report it, quote request id {request_id}."
        return JsonResponse({"detail": detail, "parameter": None}, status=500)
    # Rendered without the request: context processors could fail the same way again.
    body = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponse(body, status=500)
