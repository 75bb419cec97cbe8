"""Personal API tokens: issued once in plain text, kept only as a SHA-256, revoked by time."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

TOKEN_PREFIX = "ntk_"
PREFIX_LENGTH = 12
# Writing last_used on every request would turn each read into a write; once a minute is enough.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class TokenError(Exception):
    """Raised for a token that is unknown, revoked or whose user is inactive."""


def hash_token(plain):
    """The SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(plain.encode()).hexdigest()


def new_plain_token():
    """A fresh random token, as the client will send it."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def issue_token(*, user, name):
    """A new token for `user`: returns (ApiToken, plain text); the plain text is never stored."""
    plain = new_plain_token()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token(plain), prefix=plain[:PREFIX_LENGTH]
    )
    return token, plain


def revoke_tokens(tokens):
    """Revoke the given ApiToken queryset's live tokens; returns how many were revoked."""
    return tokens.active().update(revoked_at=timezone.now())


def user_for_token(plain):
    """The active user a plain token belongs to; raises TokenError saying why it is refused."""
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_token(plain)).first()
    if token is None:
        raise TokenError("Unknown API token.")
    if token.revoked_at is not None:
        raise TokenError("This API token has been revoked.")
    if not token.user.is_active:
        raise TokenError("This API token's user is inactive.")
    now = timezone.now()
    if token.last_used is None or now - token.last_used >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used=now)
    return token.user
