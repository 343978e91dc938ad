"""Writes on a user's own profile."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import User


def user_set_language(*, user: User, language: str) -> User:
    """Remember the language the user chose, for pages and for the e-mails sent to them."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language %(lang)s.") % {"lang": language})
    user.language = language
    user.save(update_fields=["language"])
    return user
