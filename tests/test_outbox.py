"""The outbox: every e-mail is a row, sent after the commit, retried with backoff, never raised into
a request; a delivery killed between the send and its commit is resent once and counted."""

import datetime as dt
from smtplib import SMTPException

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from accounts.models import User
from outbox import services, tasks
from outbox.models import Email
from plans import services as plan_services
from plans.models import MeasureDueDate, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2014, 7, 5, 9, 0, tzinfo=dt.UTC)
Status = Email.Status


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside the process: nothing after it runs."""


@pytest.fixture
def smtp(monkeypatch):
    """The locmem backend behind a switch: ``down`` refuses every send as a dead mail server does."""
    state = {"down": False, "calls": 0}
    send = EmailBackend.send_messages

    def send_messages(self, messages):
        state["calls"] += 1
        if state["down"]:
            raise SMTPException("421 service not available")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return state


def queue(django_capture_on_commit_callbacks, **kw) -> Email:
    with django_capture_on_commit_callbacks(execute=True):
        email = services.email_queue(
            kind=Email.Kind.NOTIFICATION,
            template="government_report",
            to=["office@gov.kz"],
            language="ru",
            context={"report": {"plan": {"code": "1593"}}, "period_title": "2015Q4", "plan_title": "Plan & <Co>"},
            **kw,
        )
    email.refresh_from_db()
    return email


def flush_at(moment: dt.datetime, django_capture_on_commit_callbacks) -> list[int]:
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return services.outbox_flush()


def test_it_renders_plain_text_unescaped_and_html_escaped_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        email = queue(django_capture_on_commit_callbacks)
    assert email.status == Status.SENT and email.sent_at == T0 and email.language == "ru"
    message = mailoutbox[0]
    assert "Plan & <Co>" in message.body and "&amp;" not in message.body
    assert "Plan &amp; &lt;Co&gt;" in message.alternatives[0][0]
    assert "1593" in message.subject and "Информация" in message.subject


def test_it_retries_a_failed_send_after_its_backoff_and_sends_it_once(
    smtp, mailoutbox, django_capture_on_commit_callbacks
):
    smtp["down"] = True
    with time_machine.travel(T0, tick=False):
        email = queue(django_capture_on_commit_callbacks)
    assert (email.status, email.attempts, email.next_attempt_at) == (Status.QUEUED, 1, T0 + dt.timedelta(minutes=1))
    assert "SMTPException: 421 service not available" in email.last_error
    smtp["down"] = False
    assert flush_at(T0 + dt.timedelta(seconds=30), django_capture_on_commit_callbacks) == []  # still backing off
    assert flush_at(T0 + dt.timedelta(minutes=1), django_capture_on_commit_callbacks) == [email.pk]
    assert flush_at(T0 + dt.timedelta(minutes=5), django_capture_on_commit_callbacks) == []
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error, len(mailoutbox)) == (Status.SENT, 2, "", 1)


def test_it_marks_an_email_failed_after_the_last_attempt_and_a_coordinator_sends_it_again(
    smtp, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp["down"] = True
    with time_machine.travel(T0, tick=False):
        email = queue(django_capture_on_commit_callbacks)
    flush_at(T0 + dt.timedelta(minutes=1), django_capture_on_commit_callbacks)
    flush_at(T0 + dt.timedelta(minutes=3), django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert (email.status, email.attempts, smtp["calls"]) == (Status.FAILED, 3, 3)
    assert flush_at(T0 + dt.timedelta(hours=5), django_capture_on_commit_callbacks) == []  # failed stays failed
    officer = f.UserFactory(username="officer")
    with pytest.raises(PermissionDenied):
        services.email_retry(email=email, user=officer)
    smtp["down"] = False
    coordinator = f.UserFactory(username="coordinator", role=User.Role.COORDINATOR)
    with time_machine.travel(T0 + dt.timedelta(hours=6), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.email_retry(email=email, user=coordinator)
    email.refresh_from_db()
    assert (email.status, len(mailoutbox)) == (Status.SENT, 1)


def test_it_resends_once_and_counts_a_delivery_killed_between_send_and_commit(
    mailoutbox, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_SENDING_TIMEOUT = dt.timedelta(minutes=60)

    def killed(email):
        raise WorkerKilled

    mark_sent = services._mark_sent
    monkeypatch.setattr(services, "_mark_sent", killed)
    with time_machine.travel(T0, tick=False), pytest.raises(WorkerKilled):
        queue(django_capture_on_commit_callbacks)
    email = Email.objects.get()
    assert (email.status, len(mailoutbox)) == (Status.SENDING, 1)  # the server took it; the commit never came
    # A redelivered task (or the flush) before the timeout leaves it alone: it may still be in flight.
    with time_machine.travel(T0 + dt.timedelta(minutes=59), tick=False):
        assert tasks.send_email(email.pk) is None
    assert flush_at(T0 + dt.timedelta(minutes=59), django_capture_on_commit_callbacks) == []
    with pytest.raises(WorkerKilled):  # after the timeout: resent once, and killed once more
        flush_at(T0 + dt.timedelta(minutes=61), django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert (email.status, email.redeliveries, len(mailoutbox)) == (Status.SENDING, 1, 2)
    monkeypatch.setattr(services, "_mark_sent", mark_sent)
    flush_at(T0 + dt.timedelta(minutes=200), django_capture_on_commit_callbacks)
    email.refresh_from_db()
    # Never a third copy: the second interruption is recorded as a failure for a person to judge.
    assert (email.status, email.redeliveries, len(mailoutbox)) == (Status.FAILED, 1, 2)
    assert "interrupted twice" in email.last_error


def test_it_sends_a_resent_email_once_when_the_worker_survives(
    mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "_mark_sent", lambda email: (_ for _ in ()).throw(WorkerKilled()))
    with time_machine.travel(T0, tick=False), pytest.raises(WorkerKilled):
        queue(django_capture_on_commit_callbacks)
    monkeypatch.undo()
    flush_at(T0 + dt.timedelta(hours=2), django_capture_on_commit_callbacks)
    flush_at(T0 + dt.timedelta(hours=4), django_capture_on_commit_callbacks)
    email = Email.objects.get()
    assert (email.status, email.redeliveries, len(mailoutbox)) == (Status.SENT, 1, 2)


def test_it_keeps_the_email_when_the_broker_is_down_and_sends_it_later(
    mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.send_email, "delay", broker_down)
    with time_machine.travel(T0, tick=False):
        email = queue(django_capture_on_commit_callbacks)
    assert (email.status, mailoutbox) == (Status.QUEUED, [])
    monkeypatch.undo()
    flush_at(T0 + dt.timedelta(minutes=1), django_capture_on_commit_callbacks)
    email.refresh_from_db()
    assert (email.status, len(mailoutbox)) == (Status.SENT, 1)


@pytest.fixture
def submitted():
    lead = f.AgencyFactory(code="ІІМ")
    measure = f.MeasureFactory(number=12, title="Көшіп-қонушыларды тіркеу", schedule={})
    MeasureDueDate.objects.create(measure=measure, due=dt.date(2014, 7, 5))
    f.ResponsibilityFactory(measure=measure, agency=lead, is_lead=True)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    plan_services.period_open(period=period)
    sub = Submission.objects.get(agency=lead)
    officer = f.UserFactory(username="iim.officer", agency=lead, email="officer@iim.kz", language="kk")
    Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.SUBMITTED, submitted_by=officer)
    return sub, officer


def test_it_answers_a_coordinators_return_while_the_mail_server_is_down_and_retries_the_email(
    client, submitted, smtp, mailoutbox, django_capture_on_commit_callbacks
):
    sub, _officer = submitted
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR))
    smtp["down"] = True
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("plans:submission_review", args=[sub.pk]), {"action": "return", "reason": "Хат күні"}
        )
    assert response.status_code == 302
    sub.refresh_from_db()
    email = Email.objects.get()
    assert sub.status == Submission.Status.RETURNED and email.to == ["officer@iim.kz"] and email.status == Status.QUEUED
    smtp["down"] = False
    flush_at(T0 + dt.timedelta(minutes=1), django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [["officer@iim.kz"]] and "Хат күні" in mailoutbox[0].body


def test_it_shows_coordinators_the_outbox_and_nobody_else(client, smtp, django_capture_on_commit_callbacks):
    smtp["down"] = True
    with time_machine.travel(T0, tick=False):
        for _ in range(3):
            queue(django_capture_on_commit_callbacks)
    Email.objects.filter(pk=Email.objects.first().pk).update(status=Status.FAILED)
    client.force_login(f.UserFactory(username="officer"))
    assert client.get(reverse("outbox:list")).status_code == 404
    assert client.post(reverse("outbox:retry", args=[Email.objects.first().pk])).status_code == 404
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR))
    html = client.get(reverse("outbox:list") + "?status=failed").content.decode()
    assert html.count("office@gov.kz") == 1 and "421 service not available" in html and "Send again" in html


def test_it_lists_the_outbox_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR))
    with time_machine.travel(T0, tick=False):
        for _ in range(30):
            queue(django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("outbox:list")).status_code == 200
