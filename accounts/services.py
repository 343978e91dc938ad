"""Writes on a user's own profile: the language, and the API tokens created and revoked by their owner
and checked on every API call."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken, User

TOKEN_PREFIX = "pm"
MAX_ACTIVE_TOKENS = 20
# Writing the last-used time on every call would turn each read into a write.
LAST_USED_PRECISION = dt.timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is returned this once and never stored."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Name the token after the system that will use it.")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("The name is too long (at most 100 characters).")]})
    if not user.is_authenticated or not user.is_active:
        raise ValidationError(_("Only an active user can have API tokens."))
    if ApiToken.objects.filter(user=user, revoked_at=None).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(n)s active tokens; revoke one you no longer use first.") % {"n": MAX_ACTIVE_TOKENS}
        )
    prefix = secrets.token_hex(4)
    key = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, key_hash=_hash(key))
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user: User) -> ApiToken:
    """Only the token's owner revokes it (the caller finds it among the user's own tokens)."""
    if token.user_id != user.pk:
        raise ValidationError(_("This token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_check(key: str) -> ApiToken | None:
    """The active token of an active user that ``key`` is, or None; records when it was used."""
    parts = (key or "").split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    token = ApiToken.objects.select_related("user", "user__agency").filter(prefix=parts[1], revoked_at=None).first()
    if token is None or not hmac.compare_digest(token.key_hash, _hash(key)) or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language the user chose, for pages and for the e-mails sent to them."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language %(lang)s.") % {"lang": language})
    user.language = language
    user.save(update_fields=["language"])
    return user
