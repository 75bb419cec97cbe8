"""Personal API tokens: stored hashed, shown once, revoked; issued and revoked in the admin."""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tracker.admin.tokens import SHOWN_ONCE
from tracker.models import ApiToken
from tracker.tokens import (
    TOKEN_PREFIX,
    TokenError,
    hash_token,
    issue_token,
    revoke_tokens,
    user_for_token,
)


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", password="correct horse battery")


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("boss", password="correct horse battery")


def test_issue_token_stores_only_the_hash(db, reader):
    token, plain = issue_token(user=reader, name="notebook")
    assert plain.startswith(TOKEN_PREFIX)
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert stored.prefix == plain[:12]
    assert not any(plain in str(value) for value in vars(stored).values())


def test_issue_token_gives_a_new_token_each_time(db, reader):
    assert issue_token(user=reader, name="a")[1] != issue_token(user=reader, name="b")[1]


def test_user_for_token_finds_the_user_and_notes_the_use(db, reader):
    token, plain = issue_token(user=reader, name="notebook")
    assert user_for_token(plain) == reader
    token.refresh_from_db()
    assert token.last_used is not None


@pytest.mark.parametrize("plain", ["", "ntk_nothing", "x" * 500])
def test_user_for_token_refuses_unknown_tokens(db, plain):
    with pytest.raises(TokenError, match="Unknown"):
        user_for_token(plain)


def test_user_for_token_refuses_revoked_tokens(db, reader):
    token, plain = issue_token(user=reader, name="notebook")
    assert revoke_tokens(ApiToken.objects.filter(pk=token.pk)) == 1
    with pytest.raises(TokenError, match="revoked"):
        user_for_token(plain)


def test_revoke_tokens_keeps_the_first_revocation_time(db, reader):
    token, _ = issue_token(user=reader, name="notebook")
    earlier = timezone.now() - timezone.timedelta(days=3)
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=earlier)
    assert revoke_tokens(ApiToken.objects.all()) == 0
    token.refresh_from_db()
    assert token.revoked_at == earlier


def test_hash_token_is_sha256_hex(db):
    assert hash_token("abc") == hashlib.sha256(b"abc").hexdigest()


# Admin


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_admin_add_token_shows_the_plain_token_once(client, superuser, reader):
    client.force_login(superuser)
    response = client.post(
        "/admin/tracker/apitoken/add/", {"user": reader.pk, "name": "notebook"}, follow=True
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [m for m in messages_of(response) if SHOWN_ONCE in m]
    assert len(shown) == 1
    plain = next(word for word in shown[0].split() if word.startswith(TOKEN_PREFIX))
    assert hash_token(plain) == token.key_hash
    assert user_for_token(plain) == reader
    # Shown once: the next page carries no token, and the change page never shows it.
    again = client.get(f"/admin/tracker/apitoken/{token.pk}/change/")
    assert plain not in again.content.decode()
    assert token.key_hash not in again.content.decode()


def test_admin_revoke_action(client, superuser, reader):
    token, plain = issue_token(user=reader, name="notebook")
    client.force_login(superuser)
    response = client.post(
        "/admin/tracker/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
        follow=True,
    )
    assert "Revoked 1 token." in messages_of(response)
    with pytest.raises(TokenError, match="revoked"):
        user_for_token(plain)


def test_admin_issue_action_replaces_the_selected_token(client, superuser, reader):
    old, old_plain = issue_token(user=reader, name="notebook")
    client.force_login(superuser)
    response = client.post(
        "/admin/tracker/apitoken/",
        {"action": "issue_replacement", "_selected_action": [old.pk]},
        follow=True,
    )
    shown = [m for m in messages_of(response) if SHOWN_ONCE in m]
    new_plain = next(word for word in shown[0].split() if word.startswith(TOKEN_PREFIX))
    assert user_for_token(new_plain) == reader
    with pytest.raises(TokenError, match="revoked"):
        user_for_token(old_plain)
    assert ApiToken.objects.filter(user=reader, name="notebook").count() == 2
