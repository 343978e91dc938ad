import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from accounts.models import User
from outbox.models import Email
from plans import reminders
from plans.models import Reminder

from .factories import UserFactory
from .reminders_world import quarter_world

URL = reverse("plans:reminders")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_10_july_2014():
    with time_machine.travel(dt.datetime(2014, 7, 10, 12, 0), tick=False):
        yield


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    w = quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_run(today=dt.date(2014, 7, 9))
    return w


def test_it_shows_coordinators_what_was_sent_failures_and_who_is_next(client, world):
    failed = Reminder.objects.filter(recipient=world.officer_b).first().email
    Email.objects.filter(pk=failed.pk).update(status=Email.Status.FAILED, last_error="SMTPException: 421")
    client.force_login(world.coordinator)
    page = client.get(URL).content.decode()
    # Sent yesterday, with time; the failure with its error and a way to send it again.
    assert "09 Jul 2014" in page and "1. Көші-қон ағындарын талдау" in page and 'class="status s-accepted"' in page
    assert "SMTPException: 421" in page and reverse("outbox:retry", args=[failed.pk]) in page
    # Next: today the head of ІІМ (escalation) and the coordinators' digest; on the 11th, boris.
    assert "10 July 2014" in page and "escalated to agency head" in page and "ministry deadline digest" in page
    assert "11 July 2014" in page and "boris" in page
    # The schedule, editable here.
    assert "Send reminders and escalations" in page and 'type="time"' in page
    assert "SECRET" not in page


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.HEAD, User.Role.READER])
def test_it_hides_the_page_from_everyone_but_coordinators(client, world, role):
    client.force_login(UserFactory(username=f"someone_{role}", role=role))
    assert client.get(URL).status_code == 404
    assert client.post(reverse("plans:reminders_resend"), {"reminder": Reminder.objects.first().pk}).status_code == 404
    task = PeriodicTask.objects.get(task="plans.send_daily_reminders")
    assert (
        client.post(reverse("plans:reminders_schedule", args=[task.pk]), {f"{task.pk}-at": "07:00"}).status_code == 404
    )
    assert PeriodicTask.objects.get(pk=task.pk).crontab.hour == "9"


def test_it_sends_anonymous_visitors_to_sign_in(client):
    assert client.get(URL)["Location"].startswith(reverse("login"))


def test_it_sends_failed_reminders_again_once(client, world, django_capture_on_commit_callbacks, mailoutbox):
    mailoutbox.clear()
    rows = Reminder.objects.filter(recipient=world.officer_a)
    rows.update(status=Reminder.Status.FAILED, sent_at=None)
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("plans:reminders_resend"), {"reminder": rows[0].pk})
    assert response.status_code == 302 and [m.to for m in mailoutbox] == [[world.officer_a.email]]
    assert {r.status for r in rows.all()} == {Reminder.Status.SENT}
    # A sent reminder cannot be "sent again".
    assert client.post(reverse("plans:reminders_resend"), {"reminder": rows[0].pk}).status_code == 404


def test_it_lets_a_coordinator_move_and_pause_the_daily_job(client, world):
    task = PeriodicTask.objects.get(task="plans.send_daily_reminders")
    other = PeriodicTask.objects.get(task="plans.open_periods")
    client.force_login(world.coordinator)
    response = client.post(reverse("plans:reminders_schedule", args=[task.pk]), {f"{task.pk}-at": "10:30"}, follow=True)
    task.refresh_from_db()
    assert (task.crontab.hour, task.crontab.minute, task.enabled) == ("10", "30", False)
    assert str(task.crontab.timezone) == "Asia/Almaty" and PeriodicTask.objects.get(pk=other.pk).crontab.hour == "8"
    assert "Schedule saved" in response.content.decode()


def test_it_rejects_a_bad_time_and_changes_nothing(client, world):
    task = PeriodicTask.objects.get(task="plans.send_daily_reminders")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("plans:reminders_schedule", args=[task.pk]),
        {f"{task.pk}-at": "25:99", f"{task.pk}-enabled": "on"},
        follow=True,
    )
    assert "Give the time as HH:MM, for example 09:00." in response.content.decode()
    task.refresh_from_db()
    assert (task.crontab.hour, task.enabled) == ("9", True)


def test_it_filters_by_status(client, world):
    Reminder.objects.filter(recipient=world.officer_b).update(status=Reminder.Status.FAILED)
    client.force_login(world.coordinator)
    rows = client.get(URL, {"status": "sent"}).context["page"].object_list
    assert rows and {r.status for r in rows} == {Reminder.Status.SENT}


def test_it_reads_the_page_in_a_number_of_queries_that_does_not_grow(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    for day in (dt.date(2014, 7, 2), dt.date(2014, 7, 4), dt.date(2014, 7, 6)):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.reminders_run(today=day)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert Reminder.objects.count() > 6 and len(large) == len(small)


def _policy_data(plan, **changes) -> dict:
    data = {
        "days_before": "10, 2",
        "on_due_day": "on",
        "first_after": "2",
        "repeat_every": "5",
        "escalate_head_after": "4",
        "escalate_ministry_after": "8",
        "ministry_days_before": "3",
        "sign_off_after": "2",
        "review_after": "4",
        "resubmit_after": "6",
    }
    return {f"plan{plan.pk}-{k}": v for k, v in {**data, **changes}.items()}


def test_it_lets_a_coordinator_change_a_plans_reminder_policy(client, world):
    client.force_login(world.coordinator)
    assert 'value="7, 3, 1"' in client.get(URL).content.decode()
    response = client.post(
        reverse("plans:reminders_policy", args=[world.plan.pk]), _policy_data(world.plan, days_before="2; 10, 2")
    )
    assert response.status_code == 302
    policy = reminders.reminder_policy_for(world.plan)
    assert (
        policy.days_before,
        policy.first_after,
        policy.repeat_every,
        policy.escalate_head_after,
        policy.ministry_days_before,
    ) == ([10, 2], 2, 5, 4, [3])
    assert reminders.kinds_due(policy, due=dt.date(2014, 7, 5), today=dt.date(2014, 6, 25)) == [Reminder.Kind.BEFORE]
    assert (policy.sign_off_after, policy.review_after, policy.resubmit_after) == (2, 4, 6)


def test_it_rejects_a_bad_policy_naming_the_field_and_saves_nothing(client, world):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("plans:reminders_policy", args=[world.plan.pk]),
        _policy_data(world.plan, days_before="7, three"),
        follow=True,
    )
    page = response.content.decode()
    assert (
        "Days before the agencies&#x27; due date: Write whole numbers of days separated by commas, for example 7, 3, 1."
        in page
    )
    assert reminders.reminder_policy_for(world.plan).days_before == [7, 3, 1]
    response = client.post(
        reverse("plans:reminders_policy", args=[world.plan.pk]),
        _policy_data(world.plan, ministry_days_before="0"),
        follow=True,
    )
    assert "Each number of days must be between 1 and 60." in response.content.decode()


def test_it_keeps_the_policy_from_officers(client, world):
    client.force_login(world.officer_a)
    assert (
        client.post(reverse("plans:reminders_policy", args=[world.plan.pk]), _policy_data(world.plan)).status_code
        == 404
    )
    assert reminders.reminder_policy_for(world.plan).days_before == [7, 3, 1]
