"""Celery tasks: thin wrappers that load by id and call the services in plans.reminders and
plans.services (imported inside each task, since those services queue these tasks)."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task

from . import clock

log = logging.getLogger(__name__)


@shared_task(name="plans.send_daily_reminders")
def send_daily_reminders(on_date: str | None = None) -> dict:
    from . import reminders

    today = dt.date.fromisoformat(on_date) if on_date else clock.today()
    result = reminders.reminders_run(today=today)
    log.info("reminders for %s: %s planned, %s claimed", today, result.planned, result.claimed)
    return {"planned": result.planned, "claimed": result.claimed}


@shared_task(name="plans.deliver_reminders", acks_late=True)
def deliver_reminders(recipient_id: int, on_date: str) -> int:
    # Writes only to the database (the outbox talks to the mail server), so a redelivered task
    # finds the rows SENT and does nothing.
    from . import reminders

    return reminders.reminders_deliver(recipient_id=recipient_id, on_date=dt.date.fromisoformat(on_date))


@shared_task(name="plans.open_periods")
def open_periods() -> int:
    """Open every period agencies are reporting in today (materialise its reports)."""
    from .periods import periods_open

    return len(periods_open(today=clock.today()))
