"""Response caching for views of one negotiation, keyed by its revision.

`@cache_per_revision` on a view `(request, slug, ...)` answers a conditional request
with 304 when the negotiation's revision and the query are unchanged, and serves
repeat requests from Django's cache (local memory by default, Redis when REDIS_URL
is set, so every server shares it). Any edit raises the revision
(`tracker.revisions.bump_revision`), which changes both the ETag and the cache key:
nothing needs deleting. Views whose facts default to "as of today" change at midnight
too, so the day (in TIME_ZONE) is part of the key, the ETag and Last-Modified.
"""

import datetime as dt
import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from tracker.models import Negotiation
from tracker.revisions import revision_etag

KEY_PREFIX = "tracker:response"
# While one process builds an answer, others asking for the same key wait for it this long.
BUILD_WAIT_SECONDS = 30
BUILD_POLL_SECONDS = 0.05
SKIPPED_HEADERS = {"set-cookie", "vary", "date"}
# Attributes views set for middleware to read (framing); kept with the cached content.
KEPT_ATTRIBUTES = ("xframe_options_exempt", "csp_frame_ancestors")


def normalized_query(query_dict):
    """The query as a stable string: keys sorted, empty values dropped, repeats kept in order."""
    pairs = []
    for key in sorted(query_dict):
        values = [value for value in query_dict.getlist(key) if value != ""]
        pairs.extend((key, value) for value in values)
    return "&".join(f"{key}={value}" for key, value in pairs)


def cache_key(negotiation, variant, query):
    """The cache key of one view of one negotiation at its current revision."""
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{variant}:{negotiation.pk}:{negotiation.revision}:{digest}"


def visible_negotiation(request, slug):
    """The negotiation `slug` if this request may see it (one query), else None."""
    return (
        Negotiation.objects.visible_to(getattr(request, "user", None))
        .filter(slug=slug)
        .only("id", "slug", "revision", "modified")
        .first()
    )


def cached_content(negotiation, variant, query, build):
    """Bytes from the shared cache for this negotiation's revision and query, else `build()`."""
    key = cache_key(negotiation, variant, query)
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content)
    return content


def cache_per_revision(view):
    """Decorate a GET view of one negotiation with ETag, Last-Modified, 304s and a shared cache.

    Requests for a negotiation the user may not see go straight to the view (which
    answers 404). Only complete 200 answers without cookies are stored.
    """
    variant = f"{view.__module__}.{view.__qualname__}"

    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, slug, *args, **kwargs)
        negotiation = visible_negotiation(request, slug)
        if negotiation is None:
            return view(request, slug, *args, **kwargs)
        today = timezone.localdate()
        query = f"{normalized_query(request.GET)}#{today.isoformat()}"
        etag = revision_etag(negotiation, variant, query)
        last_modified = int(max(negotiation.modified, _midnight(today)).timestamp())
        response = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if response is None:

            def build():
                built = view(request, slug, *args, **kwargs)
                return built.render() if callable(getattr(built, "render", None)) else built

            response = stored_or_built(cache_key(negotiation, variant, query), build)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            patch_cache_control(response, no_cache=True)
        return response

    return wrapper


def stored_or_built(key, build):
    """The response cached under `key`, else `build()`'s, stored when cacheable.

    One process builds at a time: others asking for the same key meanwhile wait for
    its answer (up to BUILD_WAIT_SECONDS), so with a shared cache (Redis) the first
    request per revision and day is computed once, not once per worker.
    """
    stored = cache.get(key)
    if stored is not None:
        return _thaw(stored)
    lock = f"{key}:building"
    if not cache.add(lock, 1, BUILD_WAIT_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(BUILD_POLL_SECONDS)
            stored = cache.get(key)
            if stored is not None:
                return _thaw(stored)
            if cache.get(lock) is None:
                break  # the builder stopped without storing (an error, an uncacheable answer)
    try:
        response = build()
        if _cacheable(response):
            cache.set(key, _freeze(response))
    finally:
        cache.delete(lock)
    return response


def _midnight(day):
    """The start of `day` in TIME_ZONE, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _cacheable(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def _freeze(response):
    headers = [
        (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
    ]
    return {
        "content": response.content,
        "headers": headers,
        "attributes": {
            name: getattr(response, name) for name in KEPT_ATTRIBUTES if hasattr(response, name)
        },
    }


def _thaw(stored):
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"]:
        response[name] = value
    for name, value in stored["attributes"].items():
        setattr(response, name, value)
    return response
