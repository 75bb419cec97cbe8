"""The read API under /api/v1/ (django-ninja): records, derived facts and figures as JSON.

`routes` declares the endpoints and their caching, `schemas` the answers' shapes, `auth` the
bearer-token check (tokens themselves are issued by `tracker.tokens`). The root URLconf mounts
`api.urls`.
"""

from .routes import api

__all__ = ["api"]
