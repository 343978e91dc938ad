"""One helper for everything Plan Monitor tells people: a bell notification and an e-mail.

The e-mail is built by the outbox's one helper from ``emails/<template>-subject.txt``, ``-body.txt``
and ``-body.html`` in the recipient's own language, and sent by a worker after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count

from ops.statements import statement
from outbox.models import Email
from outbox.services import email_queue, email_render

from .models import Notification


def notify(**message) -> list[Notification]:
    """Create a Notification for each user and queue each an e-mail, sent once the transaction commits."""
    return Notification.objects.bulk_create(notifications(**message))


def notifications(
    *, users: Iterable, kind: str, template: str, context: dict, url: str = "", params: dict | None = None
) -> list[Notification]:
    """Queue each user's e-mail and return their bell notifications, not yet saved. ``params``
    are what the bell's text is built from when it is read, in the reader's language."""
    rows = []
    for user in {u.pk: u for u in users}.values():
        language = user.language or settings.LANGUAGE_CODE
        ctx = {**context, "user": user, "url": url, "absolute_url": settings.SITE_URL.rstrip("/") + url if url else ""}
        if user.email:
            email = email_queue(
                kind=Email.Kind.NOTIFICATION, template=template, context=ctx, to=[user.email], language=language
            )
            subject = email.subject
        else:
            subject = email_render(template=template, context=ctx, language=language).subject
        rows.append(Notification(user=user, kind=kind, message=subject, params=params or {}, url=url))
    return rows


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread: the bell on every page."""
    return sum(_unread(user=user.pk))


@statement(user=int)
def _unread(user):
    unread = Notification.objects.filter(user=user, read_at=None)
    return unread.values("user").annotate(n=Count("*")).values_list("n", flat=True)
