"""A real Celery worker (in-process thread) on the real Redis, against PostgreSQL: the daily task
runs through the broker and every e-mail lands in the test outbox exactly once."""

import datetime as dt
import time
from smtplib import SMTPException

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from config.celery import app
from outbox import tasks as outbox_tasks
from outbox.models import Email
from plans import tasks
from plans.models import Reminder

from .factories import PeriodFactory
from .reminders_world import quarter_world

REDIS = "redis://127.0.0.1:6379"


def redis_url(worker_id: str) -> str:
    """A database of our own, flushed before and after: 5, or 5 + n for xdist worker gw<n>, so that
    parallel runs do not take each other's tasks."""
    n = int(worker_id[2:]) if worker_id.startswith("gw") else 0
    return f"{REDIS}/{5 + n % 11}"


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


real_worker = [
    pytest.mark.services,
    pytest.mark.skipif(not _redis_reachable(), reason="needs Redis on 127.0.0.1:6379 (CI has one)"),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the worker thread must see the test's committed data through its own connection",
    ),
    pytest.mark.django_db(transaction=True),
]


def apply_marks(marks):
    def decorate(test):
        for mark in reversed(marks):
            test = mark(test)
        return test

    return decorate


@pytest.fixture
def worker(worker_id):
    import redis
    from celery.contrib.testing.worker import start_worker

    url = redis_url(worker_id)
    redis.Redis.from_url(url).flushdb()
    saved = {k: app.conf[k] for k in ("broker_url", "broker_transport_options", "task_always_eager", "task_routes")}
    # One test worker takes every queue (production splits PDFs and e-mail onto their own).
    app.conf.update(broker_url=url, broker_transport_options={}, task_always_eager=False, task_routes={})
    _forget_connections()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as w:
            yield w
    finally:
        app.conf.update(saved)
        _forget_connections()
        redis.Redis.from_url(url).flushdb()


def _forget_connections() -> None:
    """Drop the producer pools made for the settings' broker, so that messages go to this one."""
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.1)


def settled() -> bool:
    return Reminder.objects.exists() and not Reminder.objects.filter(status=Reminder.Status.CLAIMED).exists()


@apply_marks(real_worker)
def test_it_runs_the_daily_task_on_a_real_worker_and_mails_each_person_once(worker, mailoutbox):
    quarter_world()
    tasks.send_daily_reminders.delay("2014-07-05")
    tasks.send_daily_reminders.delay("2014-07-05")  # a second scheduler by mistake
    wait_for(lambda: settled() and len(mailoutbox) >= 2)
    time.sleep(1)  # anything sent twice would arrive now
    assert sorted(m.to[0] for m in mailoutbox) == ["aigerim@example.kz", "boris@example.kz"]
    assert Reminder.objects.filter(status=Reminder.Status.SENT, on_date=dt.date(2014, 7, 5)).count() == 3


@apply_marks(real_worker)
def test_it_retries_a_failed_send_through_the_broker_and_delivers_once(worker, mailoutbox, monkeypatch):
    quarter_world()
    calls = []
    send = EmailBackend.send_messages

    def down_once(self, messages):
        calls.append(messages[0].to)
        if len(calls) == 1:
            raise SMTPException("421 service not available")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", down_once)
    tasks.send_daily_reminders.delay("2014-07-05")
    # Both e-mails tried: one sent, the other refused once and waiting for its backoff (not merely
    # not yet taken, or the flush below would find nothing due and its first attempt would come later).
    wait_for(
        lambda: (
            settled()
            and Email.objects.filter(status=Email.Status.SENT).count() == 1
            and Email.objects.filter(status=Email.Status.QUEUED, attempts=1).count() == 1
        )
    )
    # The refused e-mail waits for its backoff; skip the wait and let beat's flush run through the broker.
    Email.objects.filter(status=Email.Status.QUEUED).update(next_attempt_at=timezone.now())
    outbox_tasks.flush.delay()
    wait_for(lambda: not Email.objects.exclude(status=Email.Status.SENT).exists() and len(mailoutbox) >= 2)
    time.sleep(1)
    assert len(calls) == 3 and sorted(m.to[0] for m in mailoutbox) == ["aigerim@example.kz", "boris@example.kz"]
    retried = Email.objects.get(to=calls[0])
    assert (retried.status, retried.attempts, retried.last_error) == (Email.Status.SENT, 2, "")
    assert Reminder.objects.filter(email=retried, status=Reminder.Status.SENT).exists()


@pytest.mark.django_db
def test_it_installs_the_default_beat_schedule():
    from django_celery_beat.models import PeriodicTask

    schedule = {
        t.task: (t.crontab.hour, t.crontab.minute, str(t.crontab.timezone), t.enabled)
        for t in PeriodicTask.objects.filter(task__startswith="plans.")
    }
    assert schedule == {
        "plans.open_periods": ("8", "0", "Asia/Almaty", True),
        "plans.send_daily_reminders": ("9", "0", "Asia/Almaty", True),
    }
    assert set(schedule) <= set(app.tasks)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 1, 8, 0), tick=False)
def test_it_opens_every_period_that_has_started(monkeypatch):
    from plans import services

    w = quarter_world()
    q3 = PeriodFactory(plan=w.plan, year=2014, number=3)
    PeriodFactory(plan=w.plan, year=2014, number=4)  # starts in October
    opened = []
    monkeypatch.setattr(services, "period_open", lambda *, period: opened.append(period))
    assert tasks.open_periods.delay().get() == 2
    assert opened == [w.period, q3]


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False)
def test_it_runs_the_daily_task_for_today_by_default(django_capture_on_commit_callbacks, mailoutbox):
    quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_daily_reminders.delay().get() == {"planned": 3, "claimed": 3}
    assert len(mailoutbox) == 2


def test_it_survives_a_worker_restart_by_acknowledging_late():
    # A task is acknowledged only once it has run: a worker killed mid-send leaves it on the broker
    # for the next worker, which finds the already-sent rows marked SENT and sends only the rest.
    assert tasks.deliver_reminders.acks_late is True
    assert app.conf.task_reject_on_worker_lost is True and app.conf.worker_prefetch_multiplier == 1


def test_it_creates_the_filesystem_broker_folders_at_start(tmp_path, monkeypatch):
    from config.celery import _make_broker_folders

    folders = {
        "data_folder_in": tmp_path / "in",
        "data_folder_out": tmp_path / "in",
        "processed_folder": tmp_path / "done",
    }
    monkeypatch.setitem(app.conf, "broker_url", "filesystem://")
    monkeypatch.setitem(app.conf, "broker_transport_options", {k: str(v) for k, v in folders.items()})
    _make_broker_folders(app)
    assert (tmp_path / "in").is_dir() and (tmp_path / "done").is_dir()
