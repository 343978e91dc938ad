"""Calendar dates in the zone deadlines are counted in (``settings.TIME_ZONE``).

Every "today", every date a report was sent and every count of days late goes through here, so a
plan run from another zone needs only the setting. Django's current time zone is deliberately
not used: it could follow a viewer, while a deadline is the same day for everyone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_date(moment: dt.datetime | None = None) -> dt.date:
    """The calendar date of ``moment`` (default: now) in ``settings.TIME_ZONE``."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def today() -> dt.date:
    return local_date()


def days_late(due: dt.date, moment: dt.datetime) -> int:
    """Whole calendar days after the due date on which ``moment`` falls; 0 when on or before it."""
    return max((local_date(moment) - due).days, 0)
