"""One helper for everything Plan Monitor tells people: a bell notification and an e-mail.

E-mails are three templates, ``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html``,
rendered in the recipient's own language. Reminders (issue 4) reuse this helper; keep its signature.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Notification


def notify(
    *, users: Iterable, kind: str, template: str, context: dict, url: str = "", params: dict | None = None
) -> list[Notification]:
    """Create a Notification for each user and send each an e-mail once the transaction commits.
    ``params`` are what the bell's text is built from when it is read, in the reader's language."""
    notifications = []
    emails = []
    for user in {u.pk: u for u in users}.values():
        with translation.override(user.language or settings.LANGUAGE_CODE):
            ctx = {**context, "user": user, "url": url, "absolute_url": settings.SITE_URL.rstrip("/") + url if url else ""}
            subject = " ".join(render_to_string(f"emails/{template}-subject.txt", ctx).split())
            text = render_to_string(f"emails/{template}-body.txt", ctx)
            html = render_to_string(f"emails/{template}-body.html", ctx)
        notifications.append(Notification(user=user, kind=kind, message=subject, params=params or {}, url=url))
        if user.email:
            email = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
            email.attach_alternative(html, "text/html")
            emails.append(email)
    created = Notification.objects.bulk_create(notifications)
    # Sent after commit so that a rolled-back change never mails anyone.
    transaction.on_commit(lambda: [email.send(fail_silently=False) for email in emails])
    return created
