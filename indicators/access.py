"""Who may read and load indicators. Everyone who works in Plan Monitor reads them (coordinators,
Government readers, agency staff); only coordinators load figures. Indicators are public
statistics, but a measure linked to one is shown only as the plan shows it (classified: number only).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied  # noqa: F401  (re-exported for services)

from accounts.models import User

READERS = (User.Role.COORDINATOR, User.Role.READER, User.Role.OFFICER, User.Role.HEAD)
LOADERS = (User.Role.COORDINATOR,)


def can_read(user) -> bool:
    return bool(user and user.is_authenticated and user.role in READERS)


def can_load(user) -> bool:
    return bool(user and user.is_authenticated and user.role in LOADERS)
