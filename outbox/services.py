"""The one way Plan Monitor sends e-mail: render it from templates, queue it, deliver it.

``email_queue`` writes a row in the caller's transaction and asks a worker to send it once that
transaction commits, so a request never waits for, or fails because of, the mail server.
``email_send`` delivers one row at least once (see ``Email``); ``outbox_flush`` (beat, every
minute) retries what failed after its backoff, recovers rows left SENDING by a killed worker, and
re-queues rows whose task was lost (the filesystem broker drops a task its worker dies holding).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .models import Email
from .tasks import send_email

log = logging.getLogger(__name__)
Status = Email.Status


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def email_render(*, template: str, context: dict, language: str) -> Rendered:
    """``emails/<template>-subject.txt``, ``-body.txt`` and ``-body.html`` in ``language``; the subject
    and the text body are plain text, so nothing in them is HTML-escaped."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(_plain(f"emails/{template}-subject.txt", context).split())
        text = _plain(f"emails/{template}-body.txt", context)
        html = render_to_string(f"emails/{template}-body.html", context)
    return Rendered(subject, text, html)


def _plain(name: str, context: dict) -> str:
    return get_template(name).template.render(Context(context, autoescape=False))


_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("outbox_paused", default=False)


@contextlib.contextmanager
def outbox_paused():
    """While history is being recreated (the demo's years of reports), nothing is for sending:
    ``email_queue`` renders the e-mail, so callers still get its subject, but stores and sends nothing."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def email_queue(
    *,
    kind: str,
    template: str,
    context: dict,
    to: list[str],
    language: str,
    attachment: str = "",
    attachment_name: str = "",
) -> Email:
    """Render the e-mail in ``language`` and put it in the outbox; sent after the caller commits."""
    if _paused.get():  # only the subject is wanted (the bell shows it): skip rendering the bodies
        with translation.override(language or settings.LANGUAGE_CODE):
            subject = " ".join(_plain(f"emails/{template}-subject.txt", context).split())
        return Email(kind=kind, to=list(to), language=language, subject=subject[:300])
    rendered = email_render(template=template, context=context, language=language)
    email = Email.objects.create(
        kind=kind,
        to=list(to),
        language=language,
        subject=rendered.subject[:300],
        text=rendered.text,
        html=rendered.html,
        attachment=attachment,
        attachment_name=attachment_name,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id: int) -> None:
    try:
        send_email.delay(email_id)
    except Exception:  # broker down: the row is committed, outbox_flush sends it later
        log.warning("could not queue e-mail %s; the outbox flush will send it", email_id, exc_info=True)


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failed ones: 1, 2, 4 … 32 minutes, at most an hour."""
    return dt.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


def email_send(*, email_id: int) -> str | None:
    """Deliver one e-mail if it is due; returns its new status, or None when it was not ours to send
    (already sent, being sent by another worker, or waiting for its backoff)."""
    now = timezone.now()
    # Claimed with a conditional UPDATE and committed before the mail server is contacted: a second
    # worker given the same message finds nothing to claim.
    with transaction.atomic():
        claimed = Email.objects.filter(pk=email_id, status=Status.QUEUED, next_attempt_at__lte=now).update(
            status=Status.SENDING, sending_since=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    email = Email.objects.get(pk=email_id)
    try:
        _message(email).send()
    except Exception as exc:  # noqa: BLE001 - whatever the mail server or the attachment says is recorded and retried
        return _record_failure(email, exc)
    _mark_sent(email)
    return Status.SENT


def _mark_sent(email: Email) -> None:
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )


def _record_failure(email: Email, exc: Exception) -> str:
    final = email.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    status = Status.FAILED if final else Status.QUEUED
    log.warning("e-mail %s attempt %s failed: %s", email.pk, email.attempts, exc)
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=status,
        sending_since=None,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=timezone.now() + backoff(email.attempts),
    )
    return status


def _message(email: Email) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(email.subject, email.text, settings.DEFAULT_FROM_EMAIL, email.to)
    if email.html:
        message.attach_alternative(email.html, "text/html")
    if email.attachment:
        with default_storage.open(email.attachment, "rb") as f:
            message.attach(email.attachment_name or email.attachment.rsplit("/", 1)[-1], f.read(), "application/pdf")
    return message


def outbox_recover(*, now: dt.datetime) -> tuple[int, int]:
    """Rows still SENDING after the timeout belonged to a worker that died, perhaps after the mail
    server took the message: each is resent once (counted in ``redeliveries``); a second
    interruption marks it FAILED rather than risk a third copy. Returns (resent, given up)."""
    stale = Email.objects.filter(status=Status.SENDING, sending_since__lt=now - settings.OUTBOX_SENDING_TIMEOUT)
    given_up = stale.filter(redeliveries__gte=1).update(
        status=Status.FAILED, last_error="interrupted twice while sending; not sent again to avoid duplicates"
    )
    resent = stale.filter(redeliveries=0).update(
        status=Status.QUEUED, redeliveries=1, next_attempt_at=now, last_error="interrupted while sending; resent once"
    )
    return resent, given_up


def outbox_flush() -> list[int]:
    """The periodic job: recover interrupted rows and queue every row that is due."""
    now = timezone.now()
    outbox_recover(now=now)
    due = list(
        Email.objects.filter(status=Status.QUEUED, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due:
        _enqueue(pk)
    return due


@transaction.atomic
def email_retry(*, email: Email, user) -> bool:
    """A coordinator sends a FAILED e-mail again (nothing else can be retried by hand)."""
    from plans.access import can_manage_outbox, ensure

    ensure(can_manage_outbox(user))
    retried = Email.objects.filter(pk=email.pk, status=Status.FAILED).update(
        status=Status.QUEUED, attempts=0, redeliveries=0, next_attempt_at=timezone.now()
    )
    if retried:
        transaction.on_commit(lambda: _enqueue(email.pk))
    return bool(retried)
