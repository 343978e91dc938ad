"""Celery tasks: thin wrappers that load by id and call the services in plans.reminders and
plans.services (imported inside each task, since those services queue these tasks)."""

from __future__ import annotations

import datetime as dt
import logging
from smtplib import SMTPException

from celery import shared_task

from . import clock

log = logging.getLogger(__name__)
RETRYABLE = (SMTPException, OSError)


@shared_task(name="plans.send_daily_reminders")
def send_daily_reminders(on_date: str | None = None) -> dict:
    from . import reminders

    today = dt.date.fromisoformat(on_date) if on_date else clock.today()
    result = reminders.reminders_run(today=today)
    log.info("reminders for %s: %s planned, %s claimed", today, result.planned, result.claimed)
    return {"planned": result.planned, "claimed": result.claimed}


@shared_task(
    bind=True,
    name="plans.deliver_reminders",
    autoretry_for=RETRYABLE,
    max_retries=6,
    retry_backoff=60,  # 1, 2, 4 … 32 minutes (with jitter): an SMTP outage of an hour is ridden out
    retry_backoff_max=3600,
    retry_jitter=True,
    acks_late=True,
)
def deliver_reminders(self, recipient_id: int, on_date: str) -> int:
    from . import reminders

    return reminders.reminders_deliver(
        recipient_id=recipient_id,
        on_date=dt.date.fromisoformat(on_date),
        final_attempt=self.request.retries >= self.max_retries,
        retryable=RETRYABLE,
    )


@shared_task(name="plans.open_periods")
def open_periods() -> int:
    """Open every period agencies are reporting in today (materialise its reports)."""
    from .periods import periods_open

    return len(periods_open(today=clock.today()))
