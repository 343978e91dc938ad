"""What a locked-out user sees: the sign-in page again, saying why and for how long (429)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _


def locked_out(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed sign-in attempts. Signing in is locked for %(minutes)s minutes; "
        "try again later or ask a coordinator to unlock the account."
    ) % {"minutes": minutes}
    context = {"form": AuthenticationForm(request), "lockout_message": message}
    return render(request, "registration/login.html", context, status=429)
