"""Every role sees its next action: the head's sign-off list and bell, stuck-work reminders, the
return reason on "My quarter", and notifications read in the reader's own language."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from accounts.models import User
from plans import reminders, services
from plans.models import Notification, Reminder, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
S = Submission.Status


def at(day: dt.date, hour: int = 10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY), tick=False)


@pytest.fixture
def w():
    agency = f.AgencyFactory(code="ІІМ")
    measure = f.MeasureFactory(number=7, direction=f.DirectionFactory(plan=f.PlanFactory(code="n1593", last_year=2016)))
    f.ResponsibilityFactory(measure=measure, agency=agency)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    sub = f.SubmissionFactory(measure=measure, period=period, agency=agency, role=Submission.Role.OWN)
    return {
        "sub": sub,
        "officer": f.UserFactory(username="iim.officer", agency=agency, language="ru"),
        "head": f.UserFactory(username="iim.head", agency=agency, role=User.Role.HEAD, language="kk"),
        "coordinator": f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None),
    }


def _send_for_sign_off(w, day=dt.date(2014, 10, 1)):
    sub = w["sub"]
    with at(day):
        sub = services.submission_save_draft(
            submission=sub,
            user=w["officer"],
            version=sub.version,
            data={"progress": "in_progress", "narrative": "Жұмыс жүргізілуде"},
        )
        return services.submission_submit(submission=sub, user=w["officer"])


def test_it_tells_the_head_when_a_report_awaits_sign_off(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sub = _send_for_sign_off(w)
    assert sub.status == S.SIGNED
    note = Notification.objects.get(user=w["head"])
    assert note.kind == Notification.Kind.SIGN_OFF and note.url == f"/plans/submissions/{sub.pk}/"
    assert [m.to for m in mail.outbox] == [[w["head"].email]]
    with translation.override("kk"):
        assert note.text == "n1593 2014Q3 · 7-іс-шара (ІІМ): есеп қол қоюыңызды күтуде"
    assert "қол қоюыңызды күтуде" in mail.outbox[0].subject  # the e-mail in the head's own language


def test_it_lists_reports_awaiting_the_heads_sign_off_on_their_home(w, client):
    sub = _send_for_sign_off(w)
    client.force_login(w["head"])
    with at(dt.date(2014, 10, 4)):
        page = client.get("/plans/quarter/").content.decode()
    listed = page[page.index('id="sign-off-title"') : page.index("</section>")]
    assert f"/plans/submissions/{sub.pk}/" in listed and "3 күн күтуде" in listed
    client.force_login(w["officer"])
    assert 'id="sign-off-title"' not in client.get("/plans/quarter/").content.decode()


def test_it_renders_a_notification_in_the_readers_language_at_read_time(w, client):
    _send_for_sign_off(w)
    w["head"].language = "ru"
    w["head"].save()
    client.force_login(w["head"])
    page = client.get("/plans/notifications/").content.decode()
    assert "ожидает вашей подписи" in page and "қол қоюыңызды" not in page


def test_it_reminds_each_role_of_work_stuck_with_them(w):
    sub = _send_for_sign_off(w, dt.date(2014, 10, 1))
    policy = reminders.reminder_policy_for(sub.period.plan)
    policy.sign_off_after, policy.review_after, policy.resubmit_after = 2, 3, 4
    policy.save()

    def stuck_on(day):
        return [
            (p.kind, p.recipient.username) for p in reminders.reminders_planned(today=day) if p.kind in reminders.STUCK
        ]

    assert stuck_on(dt.date(2014, 10, 2)) == []
    assert stuck_on(dt.date(2014, 10, 3)) == [(Reminder.Kind.STUCK_SIGN_OFF, "iim.head")]
    with at(dt.date(2014, 10, 3)):
        sub = services.submission_sign(submission=sub, user=w["head"])
    assert stuck_on(dt.date(2014, 10, 5)) == []
    assert stuck_on(dt.date(2014, 10, 6)) == [(Reminder.Kind.STUCK_REVIEW, "coordinator")]
    with at(dt.date(2014, 10, 6)):
        services.submission_return(submission=sub, user=w["coordinator"], reason="Сандар жоқ")
    assert stuck_on(dt.date(2014, 10, 10)) == [(Reminder.Kind.STUCK_RETURNED, "iim.officer")]
    assert stuck_on(dt.date(2014, 10, 14)) == [(Reminder.Kind.STUCK_RETURNED, "iim.officer")]


def test_it_shows_the_return_reason_beside_the_report_on_my_quarter(w, client):
    sub = _send_for_sign_off(w)
    with at(dt.date(2014, 10, 2)):
        sub = services.submission_sign(submission=sub, user=w["head"])
        services.submission_return(submission=sub, user=w["coordinator"], reason="Хат нөмірі көрсетілмеген")
    client.force_login(w["officer"])
    with at(dt.date(2014, 10, 3)):
        page = client.get("/plans/quarter/").content.decode()
    assert "Хат нөмірі көрсетілмеген" in page


def test_it_pages_notifications_and_marks_all_read(w, client):
    for i in range(30):
        Notification.objects.create(
            user=w["officer"],
            kind="accepted",
            params={"plan": "n1593", "period": "2014Q3", "measure": i + 1, "agency": "ІІМ"},
        )
    client.force_login(w["officer"])
    first = client.get("/plans/notifications/").content.decode()
    assert first.count('class="card unread"') == 25 and "?page=2" in first
    assert client.get("/plans/notifications/?page=2").content.decode().count('class="card unread"') == 5
    assert client.get("/plans/notifications/?page=junk").status_code == 200
    client.post("/plans/notifications/")
    assert not Notification.objects.filter(user=w["officer"], read_at=None).exists()
    # Marking all read touches no one else's.
    assert not Notification.objects.filter(user=w["head"]).exclude(read_at=None).exists()


def test_it_says_how_many_are_unread_in_the_bells_label(w, client):
    Notification.objects.create(user=w["officer"], kind="accepted", message="x")
    client.force_login(w["officer"])
    page = client.get("/plans/quarter/").content.decode()
    assert 'aria-label="Уведомления: 1 непрочитанное"' in page


def test_it_mails_the_head_about_a_report_stuck_awaiting_sign_off(w, mailoutbox, django_capture_on_commit_callbacks):
    sub = _send_for_sign_off(w, dt.date(2014, 10, 1))
    mailoutbox.clear()
    with at(dt.date(2014, 10, 4)), django_capture_on_commit_callbacks(execute=True):  # the outbox sends on commit
        assert w["head"].pk in reminders.reminders_run(today=dt.date(2014, 10, 4)).recipients
        assert reminders.reminders_deliver(recipient_id=w["head"].pk, on_date=dt.date(2014, 10, 4)) == 1
    message = next(m for m in mailoutbox if m.to == [w["head"].email])
    assert "Қол қоюыңызды күтіп тұрған есептер" in message.subject  # the head reads Kazakh
    assert "3 күн күтуде" in message.body and f"/plans/submissions/{sub.pk}/" in message.body


def test_it_reads_notifications_in_a_fixed_number_of_queries(w, client, django_assert_max_num_queries):
    client.force_login(w["officer"])

    def add(n):
        for i in range(n):
            Notification.objects.create(
                user=w["officer"],
                kind="returned",
                params={"plan": "n1593", "period": "2014Q3", "measure": i, "agency": "ІІМ", "reason": "қате"},
            )

    add(3)
    with django_assert_max_num_queries(12) as few:
        client.get("/plans/notifications/")
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/plans/notifications/")


def test_it_spares_the_officer_due_reminders_while_the_report_awaits_sign_off(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    sub = _send_for_sign_off(w, dt.date(2014, 10, 1))
    assert sub.due == dt.date(2014, 10, 5)

    def walk(first: dt.date, last: dt.date) -> dict:
        seen, day = {}, first
        while day <= last:
            with at(day, 9), django_capture_on_commit_callbacks(execute=True):
                reminders.reminders_run(today=day)
            rows = Reminder.objects.filter(on_date=day).select_related("recipient")
            seen.update({day: {(r.recipient.username, r.kind) for r in rows}} if rows else {})
            day += dt.timedelta(days=1)
        return seen

    K = Reminder.Kind
    # Across the deadline: the officer has done their part; the head is asked to sign, and for the
    # ministry the report is still not in (the digest counts it missing, escalations run).
    digest = ("coordinator", K.MINISTRY_DIGEST)
    assert walk(dt.date(2014, 9, 28), dt.date(2014, 10, 15)) == {
        dt.date(2014, 10, 4): {("iim.head", K.STUCK_SIGN_OFF)},
        dt.date(2014, 10, 7): {("iim.head", K.STUCK_SIGN_OFF)},
        dt.date(2014, 10, 10): {("iim.head", K.STUCK_SIGN_OFF), ("iim.head", K.ESCALATION_HEAD), digest},
        dt.date(2014, 10, 13): {("iim.head", K.STUCK_SIGN_OFF), digest},
        dt.date(2014, 10, 14): {digest},
        dt.date(2014, 10, 15): {("coordinator", K.ESCALATION_MINISTRY)},
    }
    assert mailoutbox and all(m.to != [w["officer"].email] for m in mailoutbox)
    # Signed late and returned by the ministry: the report is the officer's again, and so are its reminders.
    with at(dt.date(2014, 10, 16)):
        sub = services.submission_sign(submission=sub, user=w["head"])
    assert sub.days_late == 11
    with at(dt.date(2014, 10, 17)):
        services.submission_return(submission=sub, user=w["coordinator"], reason="Толықтырыңыз")
    assert walk(dt.date(2014, 10, 16), dt.date(2014, 10, 18)) == {
        dt.date(2014, 10, 18): {("iim.officer", K.OVERDUE)},
    }
