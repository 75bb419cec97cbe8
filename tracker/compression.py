"""Gzip for pages and data that hold no secret, so BREACH has nothing to recover.

BREACH recovers a secret from the compressed size of responses that also reflect
attacker-chosen text. The tracker compresses only what an anonymous reader gets
(published negotiations, public figures and downloads): nothing there is secret,
and the one token on those pages, the CSRF token, is masked afresh for every
response. Responses to a signed-in editor or an API token (drafts, the admin,
session-bound forms) go out uncompressed, as do images and other binary types,
which gain nothing. Static files come pre-compressed from WhiteNoise
(`tracker/staticstorage.py`) and carry their own Content-Encoding.
"""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


def holds_no_secret(request):
    """True for an anonymous request without credentials (no session user, no bearer token)."""
    if request.headers.get("Authorization"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for text answers to anonymous requests only."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").lower()
        if not content_type.startswith(TEXT_TYPES) or not holds_no_secret(request):
            return response
        return super().process_response(request, response)
