"""Reminders and escalation: who is reminded of which report on which day, sent exactly once.

Three steps, each safe to repeat:

1. *Plan* (``reminders_planned``): pure policy functions over ``ReminderPolicy`` decide, for one
   day, which outstanding reports call for which kind of reminder, and to whom.
2. *Claim* (``reminders_run``): one ``Reminder`` row per recipient × report × kind × day is
   inserted as CLAIMED. The unique constraints ``reminder_once``/``digest_once`` let only one of two
   racing runs insert a row; the loser skips it. A delivery task per recipient is queued on commit.
3. *Deliver* (``reminders_deliver``): one e-mail per recipient per day groups every row still
   CLAIMED (or FAILED) for that day; it goes into the outbox and the rows are marked SENT in the
   same transaction, so a retry or a duplicate task finds nothing left to put in. The outbox
   delivers it at least once, a duplicate possible only for a worker killed mid-send.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from outbox.models import Email
from outbox.services import email_queue

from . import clock
from .models import Notification, Plan, Reminder, ReminderPolicy, ReportingPeriod, Submission
from .tasks import deliver_reminders

Kind = Reminder.Kind
ESCALATIONS = (Kind.ESCALATION_HEAD, Kind.ESCALATION_MINISTRY)
# Who receives each kind: the reporting agency's officers, its head, or the ministry coordinators.
RECIPIENT_ROLE = {
    Kind.BEFORE: User.Role.OFFICER,
    Kind.DUE_DAY: User.Role.OFFICER,
    Kind.OVERDUE: User.Role.OFFICER,
    Kind.ESCALATION_HEAD: User.Role.HEAD,
    Kind.ESCALATION_MINISTRY: User.Role.COORDINATOR,
    Kind.MINISTRY_DIGEST: User.Role.COORDINATOR,
    Kind.STUCK_SIGN_OFF: User.Role.HEAD,
    Kind.STUCK_REVIEW: User.Role.COORDINATOR,
    Kind.STUCK_RETURNED: User.Role.OFFICER,
}
STUCK = (Kind.STUCK_SIGN_OFF, Kind.STUCK_REVIEW, Kind.STUCK_RETURNED)
# Most urgent first: decides the e-mail's subject and the order of its sections.
KIND_ORDER = (
    Kind.ESCALATION_MINISTRY,
    Kind.ESCALATION_HEAD,
    Kind.OVERDUE,
    Kind.DUE_DAY,
    Kind.BEFORE,
    Kind.STUCK_SIGN_OFF,
    Kind.STUCK_RETURNED,
    Kind.STUCK_REVIEW,
    Kind.MINISTRY_DIGEST,
)

SECTION_TITLES = {
    Kind.ESCALATION_MINISTRY: _("Escalated to the ministry: reports long overdue"),
    Kind.ESCALATION_HEAD: _("Your agency's late reports"),
    Kind.OVERDUE: _("Overdue reports"),
    Kind.DUE_DAY: _("Due today"),
    Kind.BEFORE: _("Due soon"),
    Kind.MINISTRY_DIGEST: _("Before the ministry's deadline: still missing or not reviewed"),
    Kind.STUCK_SIGN_OFF: _("Reports awaiting your sign-off"),
    Kind.STUCK_REVIEW: _("Reports waiting for review"),
    Kind.STUCK_RETURNED: _("Returned reports not yet resubmitted"),
}

POLICY_DEFAULTS = {
    "days_before": [7, 3, 1],
    "on_due_day": True,
    "first_after": 1,
    "repeat_every": 3,
    "escalate_head_after": 5,
    "escalate_ministry_after": 10,
    "ministry_days_before": [5, 2, 1],
    "sign_off_after": 3,
    "review_after": 5,
    "resubmit_after": 5,
}


def reminder_policy_for(plan: Plan, *, create: bool = True) -> ReminderPolicy:
    """The plan's policy, created with the defaults the first time (unsaved when ``create`` is off,
    so that a dry run writes nothing)."""
    if not create:
        return ReminderPolicy.objects.filter(plan=plan).first() or ReminderPolicy(plan=plan, **POLICY_DEFAULTS)
    return ReminderPolicy.objects.get_or_create(plan=plan, defaults=POLICY_DEFAULTS)[0]


# --- the policy, as pure functions ---------------------------------------------------------------


def kinds_due(
    policy: ReminderPolicy, *, due: dt.date, today: dt.date, status: str = Submission.Status.DUE
) -> list[str]:
    """Kinds of reminder an outstanding report due on ``due`` calls for on ``today``.

    Escalations fire once, on the day the report becomes that many days late. A report awaiting
    the head's sign-off is done as far as its officers go: they are not reminded of it (the head
    gets the sign-off reminder), but it is not in yet, so the escalations still count it.
    """
    late = (today - due).days
    kinds: list[str] = []
    if late < 0 and -late in policy.days_before:
        kinds.append(Kind.BEFORE)
    if late == 0 and policy.on_due_day:
        kinds.append(Kind.DUE_DAY)
    if late >= policy.first_after > 0:
        since = late - policy.first_after
        if since == 0 or (policy.repeat_every and since % policy.repeat_every == 0):
            kinds.append(Kind.OVERDUE)
    if late > 0 and late == policy.escalate_head_after:
        kinds.append(Kind.ESCALATION_HEAD)
    if late > 0 and late == policy.escalate_ministry_after:
        kinds.append(Kind.ESCALATION_MINISTRY)
    if status == Submission.Status.SIGNED:
        kinds = [kind for kind in kinds if RECIPIENT_ROLE[kind] != User.Role.OFFICER]
    return kinds


def stuck_kind(policy: ReminderPolicy, *, status: str, waited: int) -> str | None:
    """The stuck-work reminder a report waiting ``waited`` days in ``status`` calls for today:
    on the N-th day of waiting and every N days after, N being the plan's setting (0 = never)."""
    kind, after = {
        Submission.Status.SIGNED: (Kind.STUCK_SIGN_OFF, policy.sign_off_after),
        Submission.Status.SUBMITTED: (Kind.STUCK_REVIEW, policy.review_after),
        Submission.Status.RETURNED: (Kind.STUCK_RETURNED, policy.resubmit_after),
    }.get(status, (None, 0))
    if kind is None or not after or waited <= 0 or waited % after:
        return None
    return kind


def digest_due(policy: ReminderPolicy, *, ministry_due: dt.date, today: dt.date) -> bool:
    """Whether coordinators get the digest of a period today (days before the ministry's 15th)."""
    return (ministry_due - today).days in policy.ministry_days_before


# --- step 1: plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planned:
    recipient: User
    kind: str
    period: ReportingPeriod
    submission: Submission | None = None


def reminders_planned(*, today: dt.date, create_policies: bool = True) -> list[Planned]:
    """Every reminder the policies call for on ``today``, with its recipient."""
    policies: dict[int, ReminderPolicy] = {}

    def policy(plan: Plan) -> ReminderPolicy:
        if plan.pk not in policies:
            policies[plan.pk] = reminder_policy_for(plan, create=create_policies)
        return policies[plan.pk]

    horizon = today + dt.timedelta(days=max_days_before())
    # A plan stops reminding once the year after its last year is over (its last quarter falls
    # due early in that year): historical plans such as 1593 (2014–2016) must not nag today.
    running = Q(period__plan__last_year__gte=today.year - 1)
    submissions = (
        Submission.objects.outstanding()
        .filter(running, measure__classified=False, due__lte=horizon)
        .select_related("period__plan", "measure", "agency")
        .order_by("due", "agency__code", "measure__number")
    )
    periods = ReportingPeriod.objects.filter(
        plan__last_year__gte=today.year - 1, ministry_due__gte=today, ministry_due__lte=horizon
    ).select_related("plan")
    people = _people()

    planned = []
    for sub in submissions:
        for kind in kinds_due(policy(sub.period.plan), due=sub.due, today=today, status=sub.status):
            for user in _recipients(people, kind, sub.agency_id):
                planned.append(Planned(user, kind, sub.period, sub))
    for sub in _waiting(running):
        waited = (today - clock.local_date(sub.status_changed_at)).days
        kind = stuck_kind(policy(sub.period.plan), status=sub.status, waited=waited)
        for user in _recipients(people, kind, sub.agency_id) if kind else ():
            planned.append(Planned(user, kind, sub.period, sub))
    for period in periods:
        if (
            digest_due(policy(period.plan), ministry_due=period.ministry_due, today=today)
            and _awaiting(period).exists()
        ):
            planned.extend(
                Planned(user, Kind.MINISTRY_DIGEST, period) for user in people[(User.Role.COORDINATOR, None)]
            )
    return planned


def _waiting(running: Q):
    """Reports waiting on someone other than their author: for the head's sign-off, the ministry's
    review (of what the ministry reviews: consolidated and own reports), or the officer's resubmission."""
    waiting = Q(status__in=[Submission.Status.SIGNED, Submission.Status.RETURNED]) | Q(
        status=Submission.Status.SUBMITTED, role__in=[Submission.Role.CONSOLIDATED, Submission.Role.OWN]
    )
    return (
        Submission.objects.filter(running, waiting, measure__classified=False, status_changed_at__isnull=False)
        .select_related("period__plan", "measure", "agency")
        .order_by("status_changed_at", "agency__code", "measure__number")
    )


def max_days_before() -> int:
    lists = ReminderPolicy.objects.values_list("days_before", "ministry_days_before")
    return max(
        [max(POLICY_DEFAULTS["days_before"] + POLICY_DEFAULTS["ministry_days_before"])]
        + [max(a + b, default=0) for a, b in lists]
    )


def _people() -> dict[tuple[str, int | None], list[User]]:
    """Reachable people by (role, agency); coordinators under agency None."""
    people: dict[tuple[str, int | None], list[User]] = defaultdict(list)
    users = User.objects.filter(is_active=True, role__in=[User.Role.OFFICER, User.Role.HEAD, User.Role.COORDINATOR])
    for user in users.exclude(email="").order_by("username"):
        people[(user.role, None if user.role == User.Role.COORDINATOR else user.agency_id)].append(user)
    return people


def _recipients(people, kind: str, agency_id: int) -> list[User]:
    role = RECIPIENT_ROLE[kind]
    return people[(role, None if role == User.Role.COORDINATOR else agency_id)]


def _awaiting(period: ReportingPeriod):
    """What the ministry still waits for in a period: missing reports and unreviewed ones."""
    return period.submissions.filter(
        measure__classified=False, status__in=[*Submission.OUTSTANDING, Submission.Status.SUBMITTED]
    )


# --- step 2: claim --------------------------------------------------------------------------------


@dataclass
class RunResult:
    planned: int
    claimed: int
    recipients: list[int]


def reminders_run(*, today: dt.date) -> RunResult:
    """The daily job: claim today's reminders and queue one delivery per recipient on commit."""
    with transaction.atomic():
        planned = reminders_planned(today=today)
        claimed = [p for p in planned if _claim(p, today)]
        recipients = sorted({p.recipient.pk for p in claimed} | set(_orphaned(today)))
        for pk in recipients:
            transaction.on_commit(lambda pk=pk: deliver_reminders.delay(pk, today.isoformat()))
    return RunResult(planned=len(planned), claimed=len(claimed), recipients=recipients)


def _orphaned(today: dt.date):
    """Recipients with rows claimed today but never tried: their task was lost (the process died
    between commit and queueing). Queueing them again is safe, delivery sends pending rows only."""
    lost = Reminder.objects.filter(
        on_date=today, status=Reminder.Status.CLAIMED, attempts=0, created_at__lt=timezone.now() - ORPHAN_AFTER
    )
    return lost.values_list("recipient_id", flat=True).distinct()


def _claim(p: Planned, today: dt.date) -> bool:
    """Insert the row; False when another run already holds it. A savepoint per row keeps the
    outer transaction usable after a unique violation (PostgreSQL aborts it otherwise); on
    PostgreSQL a racing insert waits for the other run's commit and then fails here."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                recipient=p.recipient, submission=p.submission, period=p.period, kind=p.kind, on_date=today
            )
        return True
    except IntegrityError:
        return False


# --- step 3: deliver ------------------------------------------------------------------------------

PENDING = (Reminder.Status.CLAIMED, Reminder.Status.FAILED)
ORPHAN_AFTER = dt.timedelta(minutes=15)


def reminders_deliver(*, recipient_id: int, on_date: dt.date) -> int:
    """Put the recipient's one e-mail for ``on_date`` in the outbox; returns how many reminders it carried.

    The first statement is an UPDATE of the pending rows: it takes the row locks (PostgreSQL) or
    the write lock (SQLite), so a second delivery of the same day waits, then finds them SENT.
    The e-mail row and the SENT marks commit together, so a reminder becomes exactly one e-mail;
    the outbox then delivers that e-mail at least once (see ``outbox.models.Email``).
    """
    pending = Reminder.objects.filter(recipient_id=recipient_id, on_date=on_date, status__in=PENDING)
    with transaction.atomic():
        if not pending.update(attempts=F("attempts") + 1):
            return 0
        rows = list(pending.select_related("recipient", "period__plan", "submission__measure", "submission__agency"))
        email, notification = reminder_email(rows[0].recipient, rows, on_date)
        Reminder.objects.filter(pk__in=[r.pk for r in rows]).update(
            status=Reminder.Status.SENT, sent_at=timezone.now(), last_error="", email=email
        )
        notification.save()
        return len(rows)


def link(name: str, *args, fallback: str = "home") -> str:
    """Path of a named page, or of ``fallback`` where the name does not resolve: a renamed page
    must not stop the day's e-mails from going out."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse(fallback)


def reminder_context(recipient: User, rows: list[Reminder], on_date: dt.date) -> dict:
    sections = []
    for kind in KIND_ORDER:
        of_kind = [r for r in rows if r.kind == kind]
        if not of_kind:
            continue
        if kind == Kind.MINISTRY_DIGEST:
            items = [_digest_item(r.period, on_date) for r in of_kind]
        else:
            items = [_report_item(r.submission, on_date, recipient) for r in of_kind]
        sections.append({"kind": kind, "title": SECTION_TITLES[kind], "items": items})
    return {
        "recipient": recipient,
        "on_date": on_date,
        "sections": sections,
        "urgent": sections[0]["kind"],
        "count": len(rows),
        "site_url": settings.SITE_URL.rstrip("/"),
        "home_url": settings.SITE_URL.rstrip("/") + reverse("home"),
    }


def _report_item(sub: Submission, on_date: dt.date, recipient: User) -> dict:
    # str(measure) prints only "measure N — classified" for a classified one; none should reach
    # here (the planner filters them out), this is the second line of defence.
    return {
        "measure": str(sub.measure),
        "agency": sub.agency.code,
        "period": sub.period.label,
        "due": sub.due,
        "days_left": (sub.due - on_date).days,
        "days_late": (on_date - sub.due).days,
        "waited": (on_date - clock.local_date(sub.status_changed_at)).days if sub.status_changed_at else None,
        # Officers go straight to the form; heads and coordinators to the report.
        "url": settings.SITE_URL.rstrip("/")
        + link("plans:submission_edit" if recipient.role == User.Role.OFFICER else "plans:submission_detail", sub.pk),
    }


def _digest_item(period: ReportingPeriod, on_date: dt.date) -> dict:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"missing": 0, "unreviewed": 0})
    for code, status in _awaiting(period).values_list("agency__code", "status"):
        counts[code]["unreviewed" if status == Submission.Status.SUBMITTED else "missing"] += 1
    return {
        "plan": period.plan.code,
        "period": period.label,
        "ministry_due": period.ministry_due,
        "days_left": (period.ministry_due - on_date).days,
        "agencies": [{"code": code, **c} for code, c in sorted(counts.items())],
        "missing": sum(c["missing"] for c in counts.values()),
        "unreviewed": sum(c["unreviewed"] for c in counts.values()),
    }


def reminder_email(recipient: User, rows: list[Reminder], on_date: dt.date) -> tuple[Email, Notification]:
    """The e-mail (``emails/reminder-*``) in the recipient's language, queued, and its in-app twin."""
    language = recipient.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = reminder_context(recipient, rows, on_date)
    email = email_queue(
        kind=Email.Kind.REMINDER, template="reminder", context=context, to=[recipient.email], language=language
    )
    kind = Notification.Kind.ESCALATION if context["urgent"] in ESCALATIONS else Notification.Kind.REMINDER
    page = "plans:review_queue" if recipient.role == User.Role.COORDINATOR else "plans:my_quarter"
    notification = Notification(
        user=recipient, kind=kind, message=email.subject, params={"count": len(rows)}, url=link(page, fallback="home")
    )
    return email, notification


def reminders_preview(*, today: dt.date) -> list[tuple[User, list[Planned]]]:
    """Who would get what on ``today`` (for --dry-run and the coordinator page); writes nothing."""
    by_user: dict[int, list[Planned]] = defaultdict(list)
    users = {}
    for p in reminders_planned(today=today, create_policies=False):
        by_user[p.recipient.pk].append(p)
        users[p.recipient.pk] = p.recipient
    return [(users[pk], by_user[pk]) for pk in sorted(by_user, key=lambda pk: users[pk].username)]


# --- reads for the coordinators' page -------------------------------------------------------------


def reminders_log():
    return Reminder.objects.select_related(
        "recipient__agency", "period__plan", "submission__measure", "submission__agency", "email"
    ).order_by("-on_date", "recipient__username", "kind")


def reminders_failures():
    """Reminders that did not go out: their e-mail FAILED, or it waits for a retry after an error."""
    undelivered = Q(email__status=Email.Status.FAILED) | Q(email__status=Email.Status.QUEUED) & ~Q(email__last_error="")
    return reminders_log().filter(undelivered | Q(status=Reminder.Status.FAILED))[:200]
