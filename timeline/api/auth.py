"""Who is asking: a personal API token, else the session's user, else an anonymous client.

A request without an Authorization header reads as its session user (anonymous when not
logged in). A request with one must carry a live token: an unknown or revoked token is
refused with 401 rather than quietly read as anonymous, so a script learns its token is
dead instead of silently getting less data.
"""

from ninja.security import HttpBearer

from tracker.tokens import TokenError, user_for_token


class ApiError(Exception):
    """An error the API answers with {"detail": ..., "parameter": ...}."""

    def __init__(self, status, detail, parameter=None):
        super().__init__(detail)
        self.status, self.detail, self.parameter = status, detail, parameter


class BearerToken(HttpBearer):
    """Authorization: Bearer <token> with a personal token; optional."""

    def __call__(self, request):
        header = request.headers.get(self.header)
        if not header:
            return request.user  # the session's user, or AnonymousUser (truthy)
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise ApiError(401, 'Use "Authorization: Bearer <token>".', "Authorization")
        return self.authenticate(request, token.strip())

    def authenticate(self, request, token):
        try:
            return user_for_token(token)
        except TokenError as exc:
            raise ApiError(401, str(exc), "Authorization") from exc
