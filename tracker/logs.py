"""Logs a collector can parse: one JSON object per line on stdout, each with its request id.

`RequestIdMiddleware` gives every request an id (a sane `X-Request-ID` from the proxy, else
a new one), echoes it in the response's `X-Request-ID` header and keeps it in a context
variable that `RequestIdFilter` copies onto every log record made while the request runs.
`JsonFormatter` writes the record, with its traceback, as one line. settings.LOGGING wires
them to `StdoutHandler` for Django's own loggers (a 500 is logged by `django.request`, with
its traceback, whatever DEBUG says) and the project's.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import sys
import uuid

HEADER = "X-Request-ID"
# What a proxy or load balancer sends: a UUID, a hex or base64-ish token; nothing to escape.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:+/=-]{0,127}")
# LogRecord attributes that are not extra fields given by the caller.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request"}

current_request_id = contextvars.ContextVar("request_id", default=None)


def request_id_from(header):
    """The incoming id when it is sane (short, plain characters), else a new random one."""
    header = (header or "").strip()
    return header if SANE_ID.fullmatch(header) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id, make it the context of its log records, send it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(HEADER))
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Put the current request's id (or None outside a request) on every record."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.request_id = getattr(request, "request_id", None) or current_request_id.get()
        return True


class StdoutHandler(logging.StreamHandler):
    """A StreamHandler on whatever sys.stdout is when a record is written."""

    def __init__(self):
        super().__init__(stream=sys.stdout)

    @property
    def stream(self):
        return sys.stdout

    @stream.setter
    def stream(self, value):
        pass  # always the current sys.stdout


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request, traceback, extras."""

    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and name not in entry:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
