"""Cross-origin reads of published negotiations: `Access-Control-Allow-Origin: *`, no credentials.

TimelineJS, notebooks and charts on other sites load figure.json, timelinejs.json, data.csv,
export.json, facts.json, the images, /oembed and the read API from the browser. Those answers
carry `Access-Control-Allow-Origin: *` (never `Allow-Credentials`, so a browser never sends
cookies along) only when they are about a published negotiation:

- an address with a slug: when that negotiation is published, whoever asks;
- an address without one (the API's list, /oembed, compare/figure.json): only when the
  request carries no cookie and no Authorization header, since anonymous callers are shown
  published negotiations only.

Preflight requests (`OPTIONS` with `Access-Control-Request-Method`) are answered the same
way, allowing GET and HEAD with the conditional-request headers.
"""

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve

from tracker.errors import DATABASE_ERRORS
from tracker.models import Negotiation

# URL names of the public read endpoints outside the API (the API is public as a whole).
PUBLIC_READS = {
    "negotiation-figure",
    "negotiation-facts",
    "negotiation-image",
    "negotiation-html",
    "negotiation-timelinejs",
    "negotiation-csv",
    "negotiation-export",
    "oembed",
    "compare-figure",
}
API_NAMESPACE = "api-v1"
ALLOW_METHODS = "GET, HEAD, OPTIONS"
ALLOW_HEADERS = "If-None-Match, If-Modified-Since, X-Request-ID"
EXPOSE_HEADERS = "ETag, Last-Modified, Content-Disposition, Retry-After, X-Request-ID"
PREFLIGHT_MAX_AGE = "86400"


def public_read(path):
    """(True, slug or None) for a public read endpoint, else (False, None)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False, None
    if API_NAMESPACE not in match.namespaces and match.url_name not in PUBLIC_READS:
        return False, None
    return True, match.kwargs.get("slug")


def has_credentials(request):
    return bool(
        request.headers.get("Authorization") or settings.SESSION_COOKIE_NAME in request.COOKIES
    )


def is_published(slug):
    """True when a negotiation with this slug is published (False when the database is down)."""
    try:
        return Negotiation.objects.published().filter(slug=slug).exists()
    except DATABASE_ERRORS:
        return False


def may_share(request, slug, status):
    """True when this answer may be read by any origin: it shows published data only."""
    if slug is None:
        return not has_credentials(request)
    if status < 400 and not has_credentials(request):
        return True  # an anonymous caller sees published negotiations only
    return is_published(slug)


def is_preflight(request):
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def add_cors_headers(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
    return response


class PublicReadCorsMiddleware:
    """Add CORS headers to public reads of published negotiations; answer their preflights."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public, slug = public_read(request.path_info)
        if not public:
            return self.get_response(request)
        if is_preflight(request):
            return self.preflight(request, slug)
        response = self.get_response(request)
        if may_share(request, slug, response.status_code):
            add_cors_headers(response)
        return response

    def preflight(self, request, slug):
        # Browsers send no credentials with a preflight: judge by the negotiation alone.
        if slug is not None and not is_published(slug):
            return self.get_response(request)
        response = HttpResponse(status=204)
        response["Access-Control-Allow-Methods"] = ALLOW_METHODS
        response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
        return add_cors_headers(response)
