"""Services check rights themselves: called from a task, a command or an API without the right,
they raise PermissionDenied and change nothing, exactly as the pages refuse."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from accounts.models import User
from accounts.services import user_set_language
from plans import reminders, services
from plans.models import Notification, Reminder
from reports import services as report_services
from reports.models import GeneratedReport

from .factories import UserFactory
from .reminders_world import quarter_world
from .report_data import build_small_plan
from .test_report_pdf import blank_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    with time_machine.travel(dt.datetime(2016, 1, 12, 9, tzinfo=dt.UTC), tick=False):
        yield build_small_plan()


def _final(data) -> GeneratedReport:
    report = GeneratedReport.objects.create(
        kind="consolidated", plan=data.plan, period=data.q4, language="kk", status="ready", progress=100, is_final=True
    )
    report.file.save(report.filename, ContentFile(blank_pdf()))
    return report


@pytest.mark.parametrize("who", ["reader", "officer", "outsider"])
def test_it_refuses_a_report_request_from_anyone_but_a_coordinator(data, who):
    with pytest.raises(PermissionDenied):
        report_services.report_request(
            user=getattr(data, who), kind="consolidated", plan=data.plan, period=data.q4, language="kk"
        )
    assert not GeneratedReport.objects.exists()


@pytest.mark.parametrize("who", ["reader", "officer"])
def test_it_refuses_to_mark_final_or_send_a_report_for_anyone_but_a_coordinator(data, who, settings):
    settings.GOVERNMENT_REPORT_RECIPIENTS = ["gov@example.kz"]
    report = _final(data)
    GeneratedReport.objects.filter(pk=report.pk).update(is_final=False)
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        report_services.report_mark_final(report=report, user=getattr(data, who))
    with pytest.raises(PermissionDenied):
        report_services.report_send(report=_final(data), user=getattr(data, who))
    assert not GeneratedReport.objects.filter(pk=report.pk, is_final=True).exists()
    assert not GeneratedReport.objects.exclude(sent_at=None).exists() and mail.outbox == []


def test_it_lets_a_coordinator_send_the_final_report(data, settings, django_capture_on_commit_callbacks):
    settings.GOVERNMENT_REPORT_RECIPIENTS = ["gov@example.kz"]
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after the commit
        sent = report_services.report_send(report=_final(data), user=data.coordinator)
    assert sent.sent_to == ["gov@example.kz"] and len(mail.outbox) == 1


@pytest.fixture
def world():
    with time_machine.travel(dt.datetime(2014, 7, 10, 12, 0), tick=False):
        yield quarter_world()


def test_it_refuses_reminder_and_schedule_changes_from_anyone_but_a_coordinator(world):
    failed = Reminder.objects.create(
        recipient=world.officer_a,
        submission=world.sub_a,
        period=world.period,
        kind=Reminder.Kind.OVERDUE,
        on_date=dt.date(2014, 7, 9),
        status=Reminder.Status.FAILED,
    )
    task = PeriodicTask.objects.filter(task__startswith="plans.", crontab__isnull=False).first()
    for user in (world.officer_a, world.head_a):
        with pytest.raises(PermissionDenied):
            services.reminder_resend(reminder=failed, user=user)
        with pytest.raises(PermissionDenied):
            services.schedule_edit(task=task, user=user, at=dt.time(6, 0), enabled=False)
        with pytest.raises(PermissionDenied):
            services.reminder_policy_update(plan=world.plan, user=user, changes={"days_before": [30]})
    failed.refresh_from_db()
    task.refresh_from_db()
    assert failed.status == Reminder.Status.FAILED and task.enabled
    assert reminders.reminder_policy_for(world.plan).days_before == [7, 3, 1]


def test_it_sends_failed_reminders_again_once_and_refuses_others(world, django_capture_on_commit_callbacks):
    failed = Reminder.objects.create(
        recipient=world.officer_a,
        submission=world.sub_a,
        period=world.period,
        kind=Reminder.Kind.OVERDUE,
        on_date=dt.date(2014, 7, 9),
        status=Reminder.Status.FAILED,
    )
    with django_capture_on_commit_callbacks() as queued:
        assert services.reminder_resend(reminder=failed, user=world.coordinator) == 1
    assert len(queued) == 1
    failed.refresh_from_db()
    with pytest.raises(ValidationError):
        services.reminder_resend(reminder=failed, user=world.coordinator)  # now queued, not failed


def test_it_marks_only_the_users_own_notifications_read(world):
    mine = Notification.objects.create(user=world.officer_a, kind="reminder", message="мені")
    theirs = Notification.objects.create(user=world.officer_b, kind="reminder", message="оның")
    assert services.notification_mark_read(user=world.officer_a, notification_id=theirs.pk) is None
    services.notification_mark_read(user=world.officer_a)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_it_refuses_an_unknown_language_and_keeps_the_users_choice():
    user = UserFactory(role=User.Role.OFFICER, language="kk")
    with pytest.raises(ValidationError, match="xx"):
        user_set_language(user=user, language="xx")
    user.refresh_from_db()
    assert user.language == "kk"
    assert user_set_language(user=user, language="ru").language == "ru"


def test_it_answers_a_malformed_id_with_404_or_nothing_not_an_error(client, world):
    client.force_login(world.coordinator)
    assert client.post(reverse("plans:reminders_resend"), {"reminder": "abc"}).status_code == 404
    note = Notification.objects.create(user=world.coordinator, kind="reminder", message="x")
    response = client.post(reverse("plans:notifications"), {"id": "1; DROP"})
    assert response.status_code == 302 and response["Location"] == reverse("plans:notifications")
    note.refresh_from_db()
    assert note.read_at is None
