"""Celery tasks: thin wrappers that load by id and call the services in plans.reminders."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from . import reminders
from .models import ReportingPeriod

log = logging.getLogger(__name__)


@shared_task(name="plans.send_daily_reminders")
def send_daily_reminders(on_date: str | None = None) -> dict:
    today = dt.date.fromisoformat(on_date) if on_date else timezone.localdate()
    result = reminders.reminders_run(today=today)
    log.info("reminders for %s: %s planned, %s claimed", today, result.planned, result.claimed)
    return {"planned": result.planned, "claimed": result.claimed}


@shared_task(name="plans.deliver_reminders", acks_late=True)
def deliver_reminders(recipient_id: int, on_date: str) -> int:
    # Writes only to the database (the outbox talks to the mail server), so a redelivered task
    # finds the rows SENT and does nothing.
    return reminders.reminders_deliver(recipient_id=recipient_id, on_date=dt.date.fromisoformat(on_date))


@shared_task(name="plans.open_periods")
def open_periods() -> int:
    """Open every period that has started (materialise its reports); issue 3's service is idempotent."""
    from .services import period_open

    periods = ReportingPeriod.objects.filter(start__lte=timezone.localdate()).select_related("plan")
    for period in periods:
        period_open(period=period)
    return len(periods)
