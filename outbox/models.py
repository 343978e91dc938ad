"""One row per outgoing e-mail: what Plan Monitor promised to send, and what became of it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Email(models.Model):
    """An e-mail in the outbox.

    Delivery is at-least-once: the row is marked SENDING and committed before the mail server is
    contacted and SENT after, so only a process killed between those two commits can leave a
    message that went out marked SENDING; it is resent once after ``OUTBOX_SENDING_TIMEOUT`` and
    counted in ``redeliveries``.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", _("notification")
        REMINDER = "reminder", _("reminder")
        GOVERNMENT_REPORT = "government_report", _("report to the Government")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    to = models.JSONField(_("to"), default=list)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField()
    html = models.TextField(blank=True)
    # A file in default storage attached when sending (the generated PDF), read at send time.
    attachment = models.CharField(max_length=300, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    redeliveries = models.PositiveSmallIntegerField(_("resent after an interruption"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
