"""Who may frame a page: embed pages go where settings.EMBED_FRAME_ANCESTORS allows, nothing else.

Every other page keeps the `X-Frame-Options: DENY` that Django's clickjacking
middleware sends; `embeddable` lifts it for one view and sends a CSP
`frame-ancestors` list instead (also left on the response for
`tracker.security.ContentSecurityPolicyMiddleware` to merge).
"""

from functools import wraps

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.views.decorators.clickjacking import xframe_options_exempt

from tracker.checks import frame_ancestors_problem


def frame_ancestors(origins=None):
    """The `frame-ancestors` sources for a list of origins; "*" allows any site."""
    origins = settings.EMBED_FRAME_ANCESTORS if origins is None else origins
    if problem := frame_ancestors_problem(origins):
        raise ImproperlyConfigured(problem)
    valid = list(origins)
    if not valid or "'none'" in valid:
        return ["'none'"]
    if "*" in valid:
        return ["*"]
    # The timeline page previews its own embeds, so this site is always allowed.
    return ["'self'", *(origin for origin in valid if origin != "'self'")]


def embeddable(view):
    """Let other sites frame this view, within settings.EMBED_FRAME_ANCESTORS."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        sources = frame_ancestors()
        # tracker.security's middleware merges this into the one policy it sends.
        response.csp_frame_ancestors = sources
        response["Content-Security-Policy"] = "frame-ancestors " + " ".join(sources)
        return response

    return xframe_options_exempt(wrapper)
