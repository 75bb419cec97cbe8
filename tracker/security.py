"""The Content-Security-Policy sent with every response.

Scripts come only from the project's own static files (no inline scripts, no eval);
styles may be inline because plotly.js writes its own <style> and style attributes.
Framing is refused everywhere except where a view says otherwise: a view (the embed
pages) sets `response.csp_frame_ancestors` to a list of sources, or sends its own
policy with a `frame-ancestors` directive, and exactly one merged header goes out.
"""

import re

# A CSP source expression: no whitespace, quotes only around keywords, no ";" or ",".
SOURCE = re.compile(r"^(\*|'self'|'none'|[a-z][a-z0-9+.-]*:(//[^\s;,']+)?|[^\s;,':]+(:\d+|:\*)?)$")

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
HEADER = "Content-Security-Policy"


def invalid_sources(sources):
    """The items of a list that are not CSP source expressions (origins, "*", 'self')."""
    return [source for source in sources if not SOURCE.match(source)]


def parse_policy(header):
    """A policy header as {directive: [sources]}, directive names lowercased."""
    policy = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            policy.setdefault(words[0].lower(), words[1:])
    return policy


def format_policy(policy):
    """{directive: [sources]} as a header value."""
    return "; ".join(" ".join([name, *sources]) for name, sources in policy.items())


def policy_for(response):
    """The policy for one response: POLICY with the view's frame-ancestors, if it gave any."""
    policy = {name: list(sources) for name, sources in POLICY.items()}
    ancestors = getattr(response, "csp_frame_ancestors", None)
    if ancestors is None and HEADER in response:
        ancestors = parse_policy(response[HEADER]).get("frame-ancestors")
    if ancestors:
        policy["frame-ancestors"] = [ancestors] if isinstance(ancestors, str) else list(ancestors)
    return policy


class ContentSecurityPolicyMiddleware:
    """Send one Content-Security-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response[HEADER] = format_policy(policy_for(response))
        return response
