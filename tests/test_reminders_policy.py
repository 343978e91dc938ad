import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import reminders
from plans.models import Notification, Plan, Reminder, ReminderPolicy, Submission

from .factories import AgencyFactory, MeasureFactory, SubmissionFactory, UserFactory
from .reminders_world import quarter_world

D = dt.date
K = Reminder.Kind


def policy(**kw) -> ReminderPolicy:
    return ReminderPolicy(**{**reminders.POLICY_DEFAULTS, **kw})


def test_it_reminds_before_on_and_after_the_due_day_by_the_default_policy():
    due = D(2014, 7, 5)
    by_offset = {
        late: reminders.kinds_due(policy(), due=due, today=due + dt.timedelta(days=late)) for late in range(-10, 21)
    }
    assert {late: kinds for late, kinds in by_offset.items() if kinds} == {
        -7: [K.BEFORE],
        -3: [K.BEFORE],
        -1: [K.BEFORE],
        0: [K.DUE_DAY],
        1: [K.OVERDUE],
        4: [K.OVERDUE],
        5: [K.ESCALATION_HEAD],
        7: [K.OVERDUE],
        10: [K.OVERDUE, K.ESCALATION_MINISTRY],
        13: [K.OVERDUE],
        16: [K.OVERDUE],
        19: [K.OVERDUE],
    }


def test_it_follows_a_plan_specific_policy():
    p = policy(
        days_before=[2],
        on_due_day=False,
        first_after=2,
        repeat_every=0,
        escalate_head_after=3,
        escalate_ministry_after=4,
    )
    due = D(2015, 1, 5)
    got = {late: reminders.kinds_due(p, due=due, today=due + dt.timedelta(days=late)) for late in range(-5, 30)}
    assert {late: kinds for late, kinds in got.items() if kinds} == {
        -2: [K.BEFORE],
        2: [K.OVERDUE],
        3: [K.ESCALATION_HEAD],
        4: [K.ESCALATION_MINISTRY],
    }


def test_it_sends_the_ministry_digest_days_before_the_15th():
    days = [d for d in range(1, 16) if reminders.digest_due(policy(), ministry_due=D(2014, 7, 15), today=D(2014, 7, d))]
    assert days == [10, 13, 14]


@pytest.mark.django_db
def test_it_creates_the_default_policy_once_per_plan():
    plan = quarter_world().plan
    first = reminders.reminder_policy_for(plan)
    assert reminders.reminder_policy_for(plan).pk == first.pk
    assert (
        first.days_before,
        first.ministry_days_before,
        first.escalate_head_after,
        first.escalate_ministry_after,
    ) == ([7, 3, 1], [5, 2, 1], 5, 10)
    assert ReminderPolicy.objects.count() == 1


def _walk(w, first: dt.date, last: dt.date, submit: dict, capture) -> dict:
    """Run the daily job every day from ``first`` to ``last`` with time frozen; ``submit`` maps a
    day to reports submitted that morning. Returns {day: {(username, kind, measure no.)}}."""
    seen = {}
    day = first
    while day <= last:
        with time_machine.travel(dt.datetime(day.year, day.month, day.day, 9, 0), tick=False):
            for sub in submit.get(day, []):
                Submission.objects.filter(pk=sub.pk).update(status=Submission.Status.SUBMITTED)
            with capture(execute=True):
                reminders.reminders_run(today=day)
        rows = Reminder.objects.filter(on_date=day).select_related("recipient", "submission__measure")
        got = {(r.recipient.username, r.kind, r.submission.measure.number if r.submission else None) for r in rows}
        if got:
            seen[day] = got
        day += dt.timedelta(days=1)
    return seen


@pytest.mark.django_db
def test_it_walks_a_whole_quarter_reminding_escalating_and_stopping_after_submission(
    django_capture_on_commit_callbacks, mailoutbox
):
    w = quarter_world()
    # ЕХӘМ submits its report on measure 2 on 8 July; ІІМ never reports on measure 1; measure 3 is
    # ЕХӘМ's recurring occurrence due 12 July, never reported either.
    seen = _walk(w, D(2014, 6, 20), D(2014, 7, 25), {D(2014, 7, 8): [w.sub_b]}, django_capture_on_commit_callbacks)
    a, b, ha, hb, c = "aigerim", "boris", "head_a", "head_b", "coord"
    assert seen == {
        D(2014, 6, 28): {(a, K.BEFORE, 1), (b, K.BEFORE, 2)},
        D(2014, 7, 2): {(a, K.BEFORE, 1), (b, K.BEFORE, 2)},
        D(2014, 7, 4): {(a, K.BEFORE, 1), (b, K.BEFORE, 2)},
        D(2014, 7, 5): {(a, K.DUE_DAY, 1), (b, K.DUE_DAY, 2), (b, K.BEFORE, 3)},
        D(2014, 7, 6): {(a, K.OVERDUE, 1), (b, K.OVERDUE, 2)},
        D(2014, 7, 9): {(a, K.OVERDUE, 1), (b, K.BEFORE, 3)},  # measure 2 was submitted on the 8th
        D(2014, 7, 10): {(ha, K.ESCALATION_HEAD, 1), (c, K.MINISTRY_DIGEST, None)},
        D(2014, 7, 11): {(b, K.BEFORE, 3)},
        D(2014, 7, 12): {(a, K.OVERDUE, 1), (b, K.DUE_DAY, 3)},
        D(2014, 7, 13): {(b, K.OVERDUE, 3), (c, K.MINISTRY_DIGEST, None)},
        D(2014, 7, 14): {(c, K.MINISTRY_DIGEST, None)},
        D(2014, 7, 15): {(a, K.OVERDUE, 1), (c, K.ESCALATION_MINISTRY, 1)},
        D(2014, 7, 16): {(b, K.OVERDUE, 3)},
        D(2014, 7, 17): {(hb, K.ESCALATION_HEAD, 3)},
        D(2014, 7, 18): {(a, K.OVERDUE, 1)},
        D(2014, 7, 19): {(b, K.OVERDUE, 3)},
        D(2014, 7, 21): {(a, K.OVERDUE, 1)},
        D(2014, 7, 22): {(b, K.OVERDUE, 3), (c, K.ESCALATION_MINISTRY, 3)},
        D(2014, 7, 24): {(a, K.OVERDUE, 1)},
        D(2014, 7, 25): {(b, K.OVERDUE, 3)},
    }
    # One e-mail per person per day, however many reports it groups; all of them sent.
    assert len(mailoutbox) == sum(len({who for who, _, _ in day}) for day in seen.values())
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    # The classified measure (35) is never reminded nor named.
    assert not Reminder.objects.filter(submission=w.sub_secret).exists()
    assert not any("SECRET" in m.body or "SECRET" in m.alternatives[0][0] for m in mailoutbox)


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2014, 7, 5, 9, 0), tick=False)
def test_it_groups_a_persons_reports_in_one_email_in_their_language(django_capture_on_commit_callbacks, mailoutbox):
    w = quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.reminders_run(today=D(2014, 7, 5))
    assert result.claimed == 3 and len(mailoutbox) == 2
    boris = next(m for m in mailoutbox if m.to == ["boris@example.kz"])
    html = boris.alternatives[0][0]
    assert boris.alternatives[0][1] == "text/html" and '<html lang="ru">' in html
    for text in (boris.body, html):
        assert "2. Еңбек нарығын зерделеу" in text and "3. Жыл сайынғы есеп" in text and "12 июля 2014 г." in text
        assert "7" in text and "ЕХӘМ" in text
    assert reminders.link("plans:submission_edit", w.sub_b.pk) in boris.body
    notes = Notification.objects.filter(user=w.officer_b)
    assert [n.kind for n in notes] == [Notification.Kind.REMINDER] and notes[0].message == boris.subject


@pytest.mark.django_db
def test_it_escalates_to_the_head_with_an_escalation_notification(django_capture_on_commit_callbacks, mailoutbox):
    w = quarter_world()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_run(today=D(2014, 7, 10))
    assert Notification.objects.get(user=w.head_a).kind == Notification.Kind.ESCALATION
    head_mail = next(m for m in mailoutbox if m.to == [w.head_a.email])
    assert "1. Көші-қон ағындарын талдау" in head_mail.body and "5" in head_mail.body
    digest = next(m for m in mailoutbox if m.to == [w.coordinator.email])
    assert "ІІМ: 1 missing, 0 not reviewed" in digest.body and "ЕХӘМ: 2 missing, 0 not reviewed" in digest.body


@pytest.mark.django_db
def test_it_stops_reminding_once_the_plan_is_long_over():
    quarter_world()
    assert reminders.reminders_planned(today=D(2015, 7, 7))  # a year on, still chasing the 2014 reports
    assert reminders.reminders_planned(today=D(2018, 7, 6)) == []
    assert Plan.objects.get().last_year == 2016


@pytest.mark.django_db
def test_it_plans_a_day_in_a_number_of_queries_that_does_not_grow_with_reports():
    w = quarter_world()
    reminders.reminder_policy_for(w.plan)
    with CaptureQueriesContext(connection) as small:
        few = reminders.reminders_planned(today=D(2014, 7, 10))
    for n in range(10, 20):
        agency = AgencyFactory(code=f"ОБЛ{n}")
        UserFactory(username=f"officer{n}", agency=agency)
        UserFactory(username=f"head{n}", role="head", agency=agency)
        SubmissionFactory(
            measure=MeasureFactory(plan=w.plan, direction__plan=w.plan, number=n), period=w.period, agency=agency
        )
    with CaptureQueriesContext(connection) as large:
        many = reminders.reminders_planned(today=D(2014, 7, 10))
    assert len(many) > len(few) and len(large) == len(small)
