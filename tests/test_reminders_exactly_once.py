import datetime as dt
import threading
from smtplib import SMTPException

import pytest
import time_machine
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections

from outbox import services as outbox
from outbox.models import Email
from plans import reminders, tasks
from plans.models import Notification, Reminder

from .reminders_world import quarter_world

DUE_DAY = dt.date(2014, 7, 5)  # three reminders to two people (see reminders_world)
on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's one database-wide write lock cannot show two jobs racing "
    "(run with DATABASE_URL=postgres://…)",
)


@pytest.fixture
def flaky_smtp(monkeypatch):
    """The locmem backend, refusing the first ``fail_times`` sends as an SMTP server that is down."""
    state = {"fail_times": 1, "calls": 0}
    send = EmailBackend.send_messages

    def send_messages(self, messages):
        state["calls"] += 1
        if state["calls"] <= state["fail_times"]:
            raise SMTPException("421 service not available")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False)
def test_it_sends_nothing_twice_when_the_job_runs_twice(django_capture_on_commit_callbacks, mailoutbox):
    quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.reminders_run(today=DUE_DAY)
    with django_capture_on_commit_callbacks(execute=True) as second_callbacks:
        second = reminders.reminders_run(today=DUE_DAY)
    assert (first.claimed, second.planned, second.claimed, second_callbacks) == (3, 3, 0, [])
    assert len(mailoutbox) == 2 and Reminder.objects.filter(status=Reminder.Status.SENT).count() == 3


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False)
def test_it_never_resends_what_a_delivery_already_sent(django_capture_on_commit_callbacks, mailoutbox):
    w = quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_run(today=DUE_DAY)
    # A duplicate task (a redelivered message after a worker crash) finds nothing left to send.
    assert reminders.reminders_deliver(recipient_id=w.officer_b.pk, on_date=DUE_DAY) == 0
    assert len(mailoutbox) == 2 and Notification.objects.filter(user=w.officer_b).count() == 1


@pytest.mark.django_db
def test_it_retries_a_failed_send_and_delivers_it_once(django_capture_on_commit_callbacks, mailoutbox, flaky_smtp):
    w = quarter_world()
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders.reminders_run(today=DUE_DAY)
    assert len(mailoutbox) == 1 and flaky_smtp["calls"] == 2
    # The refused e-mail waits in the outbox for its backoff; the flush sends it.
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 9, 2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.outbox_flush()
    assert sorted(m.to[0] for m in mailoutbox) == [w.officer_a.email, w.officer_b.email]
    rows = Reminder.objects.select_related("email")
    assert {r.status for r in rows} == {Reminder.Status.SENT} and all(r.sent_at for r in rows)
    # The first recipient's e-mail needed two attempts; the error is cleared once it went out.
    assert sorted(r.email.attempts for r in rows)[-1] == 2 and {r.email.last_error for r in rows} == {""}
    assert {r.email.status for r in rows} == {Email.Status.SENT}


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False)
def test_it_shows_reminders_whose_email_failed_and_sends_them_once_later(
    django_capture_on_commit_callbacks, mailoutbox, flaky_smtp, settings
):
    w = quarter_world()
    settings.OUTBOX_MAX_ATTEMPTS = 1
    flaky_smtp["fail_times"] = 100
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_run(today=DUE_DAY)
    assert mailoutbox == []
    failed = list(reminders.reminders_failures())
    assert {(r.recipient, r.email.status) for r in failed} == {
        (w.officer_a, Email.Status.FAILED),
        (w.officer_b, Email.Status.FAILED),
    }
    assert "SMTPException: 421 service not available" in failed[0].email.last_error
    flaky_smtp["fail_times"] = 0  # the server is back; the coordinator sends the failed one again
    with django_capture_on_commit_callbacks(execute=True):
        outbox.email_retry(email=Reminder.objects.filter(recipient=w.officer_b).first().email, user=w.coordinator)
    assert reminders.reminders_deliver(recipient_id=w.officer_b.pk, on_date=DUE_DAY) == 0
    assert [m.to for m in mailoutbox] == [[w.officer_b.email]]


class WorkerKilled(BaseException):
    """A SIGKILL as seen from inside the process: nothing after it runs, nothing commits."""


@pytest.mark.django_db
def test_it_sends_a_reminder_killed_between_send_and_commit_at_most_once_more_and_counts_it(
    django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    w = quarter_world()
    monkeypatch.setattr(tasks.deliver_reminders, "delay", lambda *a: None)  # claim only
    with time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False):
        reminders.reminders_run(today=DUE_DAY)
    monkeypatch.undo()
    mark_sent = outbox._mark_sent
    monkeypatch.setattr(outbox, "_mark_sent", lambda email: (_ for _ in ()).throw(WorkerKilled()))
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False),
        pytest.raises(WorkerKilled),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.deliver_reminders(w.officer_b.pk, DUE_DAY.isoformat())
    monkeypatch.setattr(outbox, "_mark_sent", mark_sent)
    # The broker hands the task to another worker: the reminders are already in their e-mail.
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 9, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert tasks.deliver_reminders(w.officer_b.pk, DUE_DAY.isoformat()) == 0
        outbox.outbox_flush()  # within the visibility timeout: the e-mail may still be in flight
    assert len(mailoutbox) == 1
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 10, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.outbox_flush()
    with (
        time_machine.travel(dt.datetime(2014, 7, 6, 10, 1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox.outbox_flush()
    email = Reminder.objects.filter(recipient=w.officer_b).first().email
    assert len(mailoutbox) == 2 and (email.status, email.redeliveries) == (Email.Status.SENT, 1)
    assert Reminder.objects.filter(recipient=w.officer_b, email=email).count() == 2


@pytest.mark.django_db
def test_it_requeues_reminders_whose_task_was_lost(django_capture_on_commit_callbacks, mailoutbox):
    w = quarter_world()
    with time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False):
        reminders.reminders_run(today=DUE_DAY)  # claimed, but the process dies before queueing
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders.reminders_run(today=DUE_DAY).recipients == []  # too early to call it lost
    with (
        time_machine.travel(dt.datetime(2014, 7, 5, 11, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = reminders.reminders_run(today=DUE_DAY)
    assert again.claimed == 0 and again.recipients == sorted([w.officer_a.pk, w.officer_b.pk])
    assert len(mailoutbox) == 2 and not Reminder.objects.exclude(status=Reminder.Status.SENT).exists()


def _race(target, n: int = 2) -> list:
    """Run ``target`` in ``n`` threads, each on its own database connection, started together."""
    barrier, results, errors = threading.Barrier(n, timeout=20), [], []

    def run():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # surfaced below; a thread's exception would be lost otherwise
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    return results


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_it_sends_each_reminder_once_when_two_jobs_race(mailoutbox, monkeypatch):
    w = quarter_world()
    reminders.reminder_policy_for(w.plan)  # as after the first day; its creation would serialise the jobs
    planned = reminders.reminders_planned
    both_planned = threading.Barrier(2, timeout=20)

    def plan_then_wait(**kw):
        # Both jobs hold their full list before either claims anything: the worst case.
        result = planned(**kw)
        both_planned.wait()
        return result

    monkeypatch.setattr(reminders, "reminders_planned", plan_then_wait)
    with time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False):
        results = _race(lambda: reminders.reminders_run(today=DUE_DAY))
    assert sorted(r.claimed for r in results) == [0, 3]
    assert sorted(m.to[0] for m in mailoutbox) == ["aigerim@example.kz", "boris@example.kz"]
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 3


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_it_delivers_once_when_two_workers_take_the_same_task(mailoutbox, monkeypatch):
    w = quarter_world()
    monkeypatch.setattr(tasks.deliver_reminders, "delay", lambda *a: None)  # claim only
    reminders.reminders_run(today=DUE_DAY)
    with time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False):
        counts = _race(lambda: reminders.reminders_deliver(recipient_id=w.officer_b.pk, on_date=DUE_DAY))
    assert sorted(counts) == [0, 2] and len(mailoutbox) == 1
