import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from plans.models import Reminder, ReminderPolicy

from .reminders_world import quarter_world


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_previews_who_would_get_what_and_writes_nothing(mailoutbox):
    quarter_world()
    out = run("--as-of", "2014-07-05", "--dry-run")
    assert "2 people would get one e-mail each" in out
    assert "aigerim <aigerim@example.kz> (agency officer, ІІМ, kk)" in out
    assert "on the due date: r1593 2014Q2 · 1. Көші-қон ағындарын талдау [kk] · ІІМ · due 2014-07-05 (due today)" in out
    assert "before the due date: r1593 2014Q2 · 3. Жыл сайынғы есеп [kk] · ЕХӘМ · due 2014-07-12 (7 days left)" in out
    assert "SECRET" not in out and "35" not in out
    assert (Reminder.objects.count(), ReminderPolicy.objects.count(), len(mailoutbox)) == (0, 0, 0)


@pytest.mark.django_db
def test_it_previews_the_ministry_digest_and_escalations():
    quarter_world()
    out = run("--as-of", "2014-07-15", "--dry-run")
    assert "coord <coord@example.kz> (ministry coordinator, en)" in out
    assert (
        "escalated to ministry: r1593 2014Q2 · 1. Көші-қон ағындарын талдау [kk] · ІІМ · due 2014-07-05 (10 days late)"
        in out
    )


@pytest.mark.django_db
def test_it_sends_the_days_reminders_once(django_capture_on_commit_callbacks, mailoutbox):
    quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        first = run("--as-of", "2014-07-05")
        second = run("--as-of", "2014-07-05")
    assert "3 reminders due, 3 newly claimed for 2 people" in first
    assert "3 reminders due, 0 newly claimed for 0 people" in second
    assert len(mailoutbox) == 2


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 4, 9, 0), tick=False)
def test_it_acts_for_today_by_default():
    quarter_world()
    assert "2014-07-04: 2 people would get one e-mail each" in run("--dry-run")


@pytest.mark.django_db
def test_it_rejects_a_bad_date_naming_it():
    with pytest.raises(CommandError, match="--as-of must be a date as YYYY-MM-DD, not '05.07.2014'"):
        run("--as-of", "05.07.2014")
    assert not Reminder.objects.exists()
