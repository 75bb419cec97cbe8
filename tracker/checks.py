"""System checks run at start (`manage.py check`, runserver, migrate, and tracker.wsgi for
app servers): settings that would otherwise fail only at the first request that reads them.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .security import invalid_sources

TAG = "tracker"
SETTING = "EMBED_FRAME_ANCESTORS (DJANGO_EMBED_FRAME_ANCESTORS)"


def frame_ancestors_problem(origins):
    """What is wrong with a list of origins allowed to frame embeds, or None."""
    if isinstance(origins, str) or not all(isinstance(origin, str) for origin in origins):
        return f"{SETTING} must be a list of origins, not {origins!r}"
    invalid = invalid_sources(origins)
    if invalid:
        return (
            f"{SETTING}: {invalid[0]!r} is not an origin; use a comma-separated list such as "
            "https://news.example.org,https://blog.example.com or * for any site"
        )
    return None


@checks.register(checks.Tags.security, TAG)
def check_embed_frame_ancestors(app_configs=None, **kwargs):
    """An error when settings.EMBED_FRAME_ANCESTORS holds something that is not an origin."""
    problem = frame_ancestors_problem(getattr(settings, "EMBED_FRAME_ANCESTORS", ["*"]))
    if problem is None:
        return []
    return [
        checks.Error(
            problem,
            hint="Embed pages send it as the Content-Security-Policy frame-ancestors list.",
            id="tracker.E001",
        )
    ]


def refuse_to_start():
    """Raise ImproperlyConfigured with every error of these checks (an app server's start)."""
    errors = [message for message in checks.run_checks(tags=[TAG]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{error.id}: {error.msg}" for error in errors))
