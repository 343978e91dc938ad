"""The quarterly reporting workflow: obligations open with a period; agencies fill in, submit and
(where they have a head) sign their reports; the ministry accepts, returns or reopens them.

Every step is a keyword-only, atomic service that asks ``plans.access`` whether the user may take
it, bumps the report's version, records why in the history and notifies the people concerned.
What a step changes is decided by its ``*_apply`` function on the report in memory (given the
moment); the service locks, applies and saves, and ``plans.replay`` applies the same functions to
many reports at once when past history is recreated.
Attaching or removing an evidence file is recorded in the history too, naming the file, but
leaves the version as it is (see ``_record_evidence``).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Sum
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import User
from ops.statements import statement

from . import access, clock
from .formatting import format_amount
from .models import Evidence, Measure, Notification, Plan, Reminder, ReminderPolicy, ReportingPeriod, Submission
from .notification_texts import submission_params
from .notify import notify
from .tasks import deliver_reminders

EDITABLE_FIELDS = (
    "progress",
    "narrative",
    "reason",
    "letter_number",
    "letter_date",
    "act_number",
    "act_date",
    "spent",
    "overspend_reason",
)


# Longest text a person may type in each field (checked here, shown with a counter on the form).
TEXT_LIMITS = {"narrative": 5000, "reason": 2000, "overspend_reason": 2000}
REASON_MAX = 2000


def _text_errors(data: dict) -> dict[str, list[str]]:
    """Line breaks count once (browsers send CRLF), so the counter and the server agree."""
    errors = {}
    for field, limit in TEXT_LIMITS.items():
        if isinstance(data.get(field), str):
            data[field] = data[field].replace("\r\n", "\n")
            if len(data[field]) > limit:
                errors[field] = [
                    _("At most %(limit)s characters (this text has %(length)s); nothing was saved.")
                    % {"limit": limit, "length": len(data[field])}
                ]
    return errors


class ConflictError(Exception):
    """Someone else saved the report since this user opened it; nothing was saved."""

    def __init__(self, submission: Submission) -> None:
        super().__init__(
            _(
                "Someone else saved this report while you were editing it. Nothing of yours was saved: "
                "your text is shown below; compare it with the current version and save again."
            )
        )
        self.submission = submission


# --- obligations ------------------------------------------------------------------------------


def _completed(period: ReportingPeriod) -> dict[int, set[tuple[int, dt.date | None]]]:
    """By measure, (agency, occurrence) of every accepted "completed" report in the period's plan."""
    completed = defaultdict(set)
    for measure, agency, occurrence in Submission.objects.filter(
        period__plan=period.plan_id, status=Submission.Status.ACCEPTED, progress=Submission.Progress.COMPLETED
    ).values_list("measure_id", "agency_id", "occurrence"):
        completed[measure].add((agency, occurrence))
    return completed


def _due_dates(measure: Measure) -> list[dt.date]:
    dates = [d.due for d in measure.due_dates.all()]
    if not dates and measure.schedule:
        dates = measure.get_schedule().due_dates(measure.plan.first_year, measure.plan.last_year)
    return sorted(dates)


def _occurrence(
    measure: Measure, period: ReportingPeriod, agency_ids: set[int], completed: dict
) -> tuple[bool, dt.date | None]:
    """Whether the agency must report on the measure in the period, and for which due date."""
    dates = _due_dates(measure)
    done = {(agency, occurrence) for agency, occurrence in completed[measure.pk] if agency in agency_ids}
    if not measure.recurring:
        return not done, dates[-1] if dates else None
    for occurrence in (d for d in dates if d <= period.end):
        # The earliest occurrence not yet completed carries over until it is.
        if not any(o == occurrence for _agency, o in done):
            return True, occurrence
    return False, None


@transaction.atomic
def period_open(*, period: ReportingPeriod) -> int:
    """Create the period's obligations (idempotent); return how many were created."""
    measures = (
        Measure.objects.public()
        .filter(plan=period.plan)
        .select_related("plan")
        .prefetch_related("due_dates", "responsibilities")
    )
    rows = []
    completed = _completed(period)
    for measure in measures:
        responsibilities = list(measure.responsibilities.all())
        lead = next((r.agency_id for r in responsibilities if r.is_lead), None)
        for resp in responsibilities:
            must, occurrence = _occurrence(measure, period, {resp.agency_id, lead} - {None}, completed)
            if not must:
                continue
            role = (
                Submission.Role.OWN
                if lead is None
                else Submission.Role.CONSOLIDATED
                if resp.is_lead
                else Submission.Role.CONTRIBUTION
            )
            rows.append(
                Submission(
                    period=period,
                    measure=measure,
                    agency_id=resp.agency_id,
                    role=role,
                    occurrence=occurrence,
                    due=period.agency_due,
                )
            )
    before = Submission.objects.filter(period=period).count()
    Submission.objects.bulk_create(rows, ignore_conflicts=True)
    return Submission.objects.filter(period=period).count() - before


# --- editing ----------------------------------------------------------------------------------


def _locked(submission: Submission) -> Submission:
    """The current row, locked until the end of the transaction, so that two reviewers acting at
    once do not both act on the same state. Only the report's own row, and as a no-key update: the
    measure, period and agency it joins stay unlocked (every officer saving a report of the same
    quarter would otherwise wait on the period's row), and rows that merely refer to the report
    (history, evidence, reminders) are inserted without waiting for it."""
    found = _lock(pk=submission.pk)
    if not found:
        raise Submission.DoesNotExist(f"report {submission.pk}")
    return found[0]


@statement(pk=int)
def _lock(pk):
    return (
        Submission.objects.select_for_update(of=("self",), no_key=True)
        .select_related("measure", "period", "agency")
        .filter(pk=pk)
    )


def apply_changes(submission: Submission, user: User, why: str, now, /, **changes) -> Submission:
    """One workflow step's changes on the report in memory: the version bumped, the status's time
    kept, the reason and the user for its history entry. ``why`` is an untranslated message id,
    translated when the history is shown to each reader."""
    if "status" in changes and changes["status"] != submission.status:
        changes.setdefault("status_changed_at", now)
    for field, value in changes.items():
        setattr(submission, field, value)
    submission.version += 1
    submission._change_reason = why
    submission._history_user = user
    return submission


def _save(submission: Submission, user: User, why: str, /, **changes) -> Submission:
    """Write changes with a history entry; the caller has locked the row and checked the rights."""
    apply_changes(submission, user, why, timezone.now(), **changes).save()
    return submission


def draft_check(submission: Submission, user: User, data: dict) -> dict:
    """The typed data, line breaks normalised, if the user may save it on this report."""
    access.ensure(access.can_edit(user, submission))
    data = dict(data)
    if errors := _text_errors(data):
        raise ValidationError(errors)
    return data


def draft_apply(submission: Submission, user: User, data: dict, now) -> Submission:
    changes = {f: data[f] for f in EDITABLE_FIELDS if f in data}
    if submission.status == Submission.Status.DUE:
        changes["status"] = Submission.Status.DRAFT
    return apply_changes(submission, user, gettext_noop("draft saved"), now, **changes)


@transaction.atomic
def submission_save_draft(*, submission: Submission, user: User, data: dict, version: int) -> Submission:
    """Save what the user typed, half-filled or not, unless someone saved since ``version``."""
    submission = _locked(submission)
    data = draft_check(submission, user, data)
    # The conditional UPDATE is the lock: of two saves from the same version only one matches.
    if not Submission.objects.filter(pk=submission.pk, version=version).update(version=F("version") + 1):
        raise ConflictError(submission)
    draft_apply(submission, user, data, timezone.now()).save()
    return submission


EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


def _signature_matches(ext: str, file) -> bool:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".png":
        return head == b"\x89PNG\r\n\x1a\n"
    if ext in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    # DOCX and XLSX are zip archives; the part inside tells a document from a workbook.
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        file.seek(0)
    return ("word/document.xml" if ext == ".docx" else "xl/workbook.xml") in names


def evidence_check(file) -> None:
    """Raise a ValidationError naming the file and what is wrong with it."""
    ext = Path(file.name).suffix.lower()
    if ext not in EVIDENCE_TYPES:
        raise ValidationError(
            _("%(name)s: files of this type are not accepted; attach PDF, DOCX, XLSX, PNG or JPEG.")
            % {"name": file.name}
        )
    if file.size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is too big (%(size)s); the limit is %(limit)s.")
            % {
                "name": file.name,
                "size": filesizeformat(file.size),
                "limit": filesizeformat(settings.EVIDENCE_MAX_BYTES),
            }
        )
    if not _signature_matches(ext, file):
        raise ValidationError(
            _("%(name)s is not really a %(ext)s file (its content does not match its name).")
            % {"name": file.name, "ext": ext[1:].upper()}
        )


NAME_MAX_CHARS = 200  # the name shown to people (Evidence.name)
STORED_NAME_MAX_BYTES = 100  # the file's name on disk: file systems count bytes, not letters


def _shorten(stem: str, ext: str, fits) -> str:
    while stem and not fits(stem + ext):
        stem = stem[:-1]
    return (stem.rstrip(" .") or "file") + ext


def evidence_names(filename: str) -> tuple[str, str]:
    """(name shown, name stored) for an uploaded file name of any length or script: directories
    and control characters dropped, the stem shortened, the extension kept."""
    name = "".join(ch for ch in filename.replace("\\", "/").rsplit("/", 1)[-1] if ch.isprintable()).strip()
    # Not Path.suffix: a name left as ".pdf" (a stem of control characters) still has its extension.
    ext = "." + name.rsplit(".", 1)[1] if "." in name else ""
    stem = name[: -len(ext)] if ext else name
    shown = _shorten(stem, ext, lambda n: len(n) <= NAME_MAX_CHARS)
    stored = _shorten(stem, ext.lower(), lambda n: len(n.encode("utf-8")) <= STORED_NAME_MAX_BYTES)
    return shown, stored


EVIDENCE_ADDED_WHY = gettext_noop("evidence file added")


def _record_evidence(submission: Submission, user: User, why: str, name: str) -> None:
    """A history entry naming the file, on the caller's locked row. The version stays: a file
    added or removed overwrites nothing anyone typed, so it makes no one's open form stale; the
    change time moves, so that a system syncing by ``updated_since`` sees the new list."""
    submission._change_reason = why
    submission._history_user = user
    submission._history_evidence_name = name
    submission.save(update_fields=["updated_at"])


def evidence_store(submission: Submission, user: User, file) -> Evidence:
    """The checked file stored under its safe name, with its row (not yet saved)."""
    access.ensure(access.can_edit(user, submission))
    evidence_check(file)
    shown, stored = evidence_names(file.name)
    evidence = Evidence(
        submission=submission,
        name=shown,
        size=file.size,
        content_type=EVIDENCE_TYPES[Path(stored).suffix],
        uploaded_by=user,
    )
    evidence.file.save(stored, file, save=False)
    return evidence


@transaction.atomic
def submission_add_evidence(*, submission: Submission, user: User, file) -> Evidence:
    submission = _locked(submission)
    evidence = evidence_store(submission, user, file)
    try:
        evidence.save()
    except Exception:
        # The row did not make it: the file must not stay behind without it.
        evidence.file.delete(save=False)
        raise
    _record_evidence(submission, user, EVIDENCE_ADDED_WHY, evidence.name)
    return evidence


@transaction.atomic
def submission_remove_evidence(*, evidence: Evidence, user: User) -> None:
    submission = _locked(evidence.submission)
    access.ensure(access.can_edit(user, submission))
    evidence.file.delete(save=False)
    evidence.delete()
    _record_evidence(submission, user, gettext_noop("evidence file removed"), evidence.name)


# --- submitting -------------------------------------------------------------------------------


def budget_left(
    submission: Submission, spent_by_others: Decimal | None = None, budget: Decimal | None = None
) -> Decimal:
    """The measure's budget minus what accepted reports (other than this one) have spent
    (``spent_by_others`` and ``budget``, read from the database unless given)."""
    if spent_by_others is None:
        spent_by_others = (
            Submission.objects.filter(measure=submission.measure, status=Submission.Status.ACCEPTED)
            .exclude(pk=submission.pk)
            .aggregate(total=Sum("spent"))["total"]
        ) or Decimal(0)
    return (submission.measure.budget_total if budget is None else budget) - spent_by_others


def completeness_errors(submission: Submission, *, has_evidence=None, left=None) -> dict[str, list[str]]:
    """What a report still needs before it can be submitted, by field. ``has_evidence`` and
    ``left`` (callables) answer from memory where the caller knows better than the database."""
    s, errors = submission, {}
    has_evidence = has_evidence or s.evidence.exists
    left = left or (lambda: budget_left(s))

    def need(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not s.progress:
        need("progress", _("Choose the status of implementation."))
    if s.role == Submission.Role.CONTRIBUTION:
        _contribution_errors(s, need)
    elif s.progress != Submission.Progress.NOT_STARTED and not s.narrative.strip():
        need("narrative", _("Describe what was done."))
    if s.progress == Submission.Progress.NOT_COMPLETED and not s.reason.strip():
        need("reason", _("Give the reason the measure was not completed."))
    if s.progress == Submission.Progress.COMPLETED and s.role != Submission.Role.CONTRIBUTION:
        _outcome_errors(s, need, has_evidence)
    if s.spent is not None:
        if s.spent < 0:
            need("spent", _("The amount spent cannot be negative."))
        remaining = left()
        if s.spent > remaining and not s.overspend_reason.strip():
            need(
                "overspend_reason",
                _("%(spent)s thousand KZT is more than what is left of the budget (%(left)s); explain why.")
                % {"spent": format_amount(s.spent), "left": format_amount(remaining)},
            )
    return errors


def _outcome_errors(s: Submission, need, has_evidence) -> None:
    """A completed measure shows its outcome: the act with its number, date and file, or the
    letter to the Government."""
    kind = s.measure.form_kind
    if kind in (Measure.FormKind.ORDER, Measure.FormKind.DECREE):
        act = s.measure.get_form_kind_display()
        if not s.act_number.strip():
            need("act_number", _("A completed measure ending in a %(act)s needs its number.") % {"act": act})
        if not s.act_date:
            need("act_date", _("A completed measure ending in a %(act)s needs its date.") % {"act": act})
        if not has_evidence():
            need("evidence", _("Attach the file of the %(act)s.") % {"act": act})
    if kind in (Measure.FormKind.INFORMATION, Measure.FormKind.PROPOSALS):
        if not s.letter_number.strip():
            need("letter_number", _("Give the number of the outgoing letter to the Government."))
        if not s.letter_date:
            need("letter_date", _("Give the date of the outgoing letter to the Government."))


def _contribution_errors(s: Submission, need) -> None:
    """A co-executor reports to the lead agency, not to the Government: its contribution needs
    what it did and, where it wrote to the lead, that letter's number and date together."""
    if not s.narrative.strip():
        need("narrative", _("Describe what your agency contributed."))
    if s.letter_number.strip() and not s.letter_date:
        need("letter_date", _("Give the date of your letter to the lead agency."))
    if s.letter_date and not s.letter_number.strip():
        need("letter_number", _("Give the number of your letter to the lead agency."))


def agency_people(agency_ids) -> models.QuerySet:
    """The agencies' active people: who may have worked on their reports."""
    return User.objects.filter(agency_id__in=agency_ids, is_active=True)


def heads(agency_ids) -> models.QuerySet:
    """The active heads of these agencies: who signs their reports off."""
    return agency_people(agency_ids).filter(role=User.Role.HEAD)


def _sent(submission: Submission, user: User, why: str, now) -> Submission:
    if submission.submitted_at is not None:
        # A resubmission after a return keeps the first submission's time and lateness.
        return apply_changes(submission, user, why, now, status=Submission.Status.SUBMITTED)
    return apply_changes(
        submission,
        user,
        why,
        now,
        status=Submission.Status.SUBMITTED,
        submitted_at=now,
        days_late=clock.days_late(submission.due, now),
    )


def submit_apply(submission: Submission, user: User, now, *, has_head, errors: dict) -> Submission:
    """Send the report on: to the agency head where there is one (``has_head()``), otherwise to
    the ministry. ``errors`` are the report's completeness errors."""
    access.ensure(access.can_edit(user, submission))
    if errors:
        raise ValidationError(errors)
    submission.submitted_by = user
    if user.role == User.Role.OFFICER and has_head():
        why = gettext_noop("submitted for the head's sign-off")
        return apply_changes(submission, user, why, now, status=Submission.Status.SIGNED)
    return _sent(submission, user, gettext_noop("submitted"), now)


@transaction.atomic
def submission_submit(*, submission: Submission, user: User) -> Submission:
    submission = _locked(submission)
    access.ensure(access.can_edit(user, submission))
    errors = completeness_errors(submission)
    submit_apply(submission, user, timezone.now(), has_head=heads([submission.agency_id]).exists, errors=errors)
    submission.save()
    if submission.status == Submission.Status.SIGNED:
        notify(**sign_off_message(submission, heads([submission.agency_id])))
    return submission


def sign_apply(submission: Submission, user: User, now) -> Submission:
    access.ensure(access.can_sign(user, submission))
    return _sent(submission, user, gettext_noop("signed off by the head and submitted"), now)


@transaction.atomic
def submission_sign(*, submission: Submission, user: User) -> Submission:
    submission = _locked(submission)
    sign_apply(submission, user, timezone.now()).save()
    return submission


# --- review -----------------------------------------------------------------------------------


def authors_among(people, submission: Submission, worked_on: set[int]) -> list[User]:
    """Of the agency's active ``people``, those who worked on the report: who sent it and who
    appears in its history."""
    return [u for u in people if u.pk == submission.submitted_by_id or u.pk in worked_on]


def authors(submission: Submission) -> list[User]:
    """The reporting agency's people who worked on the report."""
    worked_on = set(submission.history.exclude(history_user=None).values_list("history_user", flat=True))
    return authors_among(agency_people([submission.agency_id]), submission, worked_on)


REVIEW_ACTIONS = {
    "accepted": gettext_lazy("report accepted"),
    "returned": gettext_lazy("report returned"),
    "reopened": gettext_lazy("report reopened"),
    Notification.Kind.SIGN_OFF: gettext_lazy("report awaiting your sign-off"),
}


def review_message(submission: Submission, users, kind: str, reason: str = "") -> dict:
    """What the report's authors are told of a review (``notify``'s arguments)."""
    action = REVIEW_ACTIONS[kind]
    return {
        "users": users,
        "kind": kind,
        "template": "submission-review",
        "context": {"submission": submission, "action": action, "reason": reason},
        "url": reverse("plans:submission_detail", args=[submission.pk]),
        "params": submission_params(submission, reason=reason),
    }


def sign_off_message(submission: Submission, users) -> dict:
    """A report waiting for sign-off tells the agency's heads (bell and e-mail)."""
    return review_message(submission, users, Notification.Kind.SIGN_OFF) | {"params": submission_params(submission)}


def _required(reason: str) -> str:
    reason = (reason or "").replace("\r\n", "\n").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {
                "reason": [
                    _("At most %(limit)s characters (this text has %(length)s); nothing was saved.")
                    % {"limit": REASON_MAX, "length": len(reason)}
                ]
            }
        )
    return reason


CLOSED_WHY = gettext_noop("closed: the measure was accepted as completed")


def closing(accepted: Submission, row: Submission) -> str | None:
    """What accepting ``accepted`` as completed does to another report of its measure: a
    completed measure (or occurrence) stops asking anyone for it. An untouched obligation of a
    later period is "deleted"; any other open one is "closed", pointing at the accepted report.
    The lead's consolidated report closes its co-executors' obligations too; an own report or a
    contribution closes only its own agency's."""
    if (
        row.pk == accepted.pk
        or row.measure_id != accepted.measure_id
        or row.status not in Submission.OUTSTANDING
        or row.period.start < accepted.period.start
        or (accepted.measure.recurring and row.occurrence != accepted.occurrence)
        or (accepted.role != Submission.Role.CONSOLIDATED and row.agency_id != accepted.agency_id)
    ):
        return None
    if row.period.start > accepted.period.start and row.status == Submission.Status.DUE:
        return "deleted"
    return "closed"


def _close_obligations(submission: Submission, user: User) -> None:
    rows = (
        Submission.objects.select_for_update(of=("self",), no_key=True)
        .select_related("period")
        .filter(measure=submission.measure, status__in=Submission.OUTSTANDING)
    )
    for row in rows.filter(period__start__gte=submission.period.start):
        action = closing(submission, row)
        if action == "deleted":
            row.delete()
        elif action == "closed":
            _save(row, user, CLOSED_WHY, status=Submission.Status.CLOSED, closed_by=submission)


def accept_apply(submission: Submission, user: User, now) -> Submission:
    access.ensure(access.can_review(user, submission))
    return apply_changes(
        submission,
        user,
        gettext_noop("accepted"),
        now,
        status=Submission.Status.ACCEPTED,
        reviewed_at=now,
        reviewed_by=user,
        return_reason="",
    )


@transaction.atomic
def submission_accept(*, submission: Submission, user: User) -> Submission:
    submission = _locked(submission)
    accept_apply(submission, user, timezone.now()).save()
    if submission.progress == Submission.Progress.COMPLETED:
        _close_obligations(submission, user)
    notify(**review_message(submission, authors(submission), "accepted"))
    return submission


def return_apply(submission: Submission, user: User, reason: str, now) -> Submission:
    access.ensure(access.can_review(user, submission))
    return apply_changes(
        submission,
        user,
        gettext_noop("returned"),
        now,
        status=Submission.Status.RETURNED,
        reviewed_at=now,
        reviewed_by=user,
        return_reason=_required(reason),
        times_returned=submission.times_returned + 1,
    )


@transaction.atomic
def submission_return(*, submission: Submission, user: User, reason: str) -> Submission:
    submission = _locked(submission)
    return_apply(submission, user, reason, timezone.now()).save()
    notify(**review_message(submission, authors(submission), "returned", submission.return_reason))
    return submission


@transaction.atomic
def submission_reopen(*, submission: Submission, user: User, reason: str) -> Submission:
    """Unlock an accepted report so that the agency can correct it."""
    submission = _locked(submission)
    access.ensure(access.can_reopen(user, submission))
    reason = _required(reason)
    _save(
        submission,
        user,
        gettext_noop("reopened"),
        status=Submission.Status.RETURNED,
        reviewed_at=timezone.now(),
        reviewed_by=user,
        return_reason=reason,
    )
    reopened = Submission.objects.select_for_update(no_key=True).filter(
        closed_by=submission, status=Submission.Status.CLOSED
    )
    for row in reopened:
        # The completion they relied on is being corrected: they are asked again.
        back = Submission.Status.DRAFT if row.progress or row.narrative else Submission.Status.DUE
        _save(row, user, gettext_noop("reopened with the report that had closed it"), status=back, closed_by=None)
    notify(**review_message(submission, authors(submission), "reopened", reason))
    return submission


# --- reminders, their schedule and notifications ------------------------------------------------


@transaction.atomic
def reminder_resend(*, reminder: Reminder, user: User) -> int:
    """Queue again the delivery of one person's failed reminders of one day; returns how many.
    Nothing is sent twice: the delivery task sends only rows still pending."""
    access.ensure(access.can_manage_reminders(user))
    if reminder.status != Reminder.Status.FAILED:
        raise ValidationError(_("Only a reminder that failed can be sent again."))
    recipient_id, on_date = reminder.recipient_id, reminder.on_date
    again = Reminder.objects.filter(recipient=recipient_id, on_date=on_date, status=Reminder.Status.FAILED).update(
        status=Reminder.Status.CLAIMED
    )
    transaction.on_commit(lambda: deliver_reminders.delay(recipient_id, on_date.isoformat()))
    return again


@transaction.atomic
def schedule_edit(*, task: PeriodicTask, user: User, at: dt.time, enabled: bool) -> PeriodicTask:
    """Run one of the daily jobs at another time, or switch it on or off."""
    access.ensure(access.can_manage_reminders(user))
    if not task.task.startswith("plans.") or task.crontab is None:
        raise ValidationError(_("Only the daily reminder and reporting jobs are scheduled here."))
    # A crontab row of its own per time; never edit one another task may share.
    task.crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=str(at.minute),
        hour=str(at.hour),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=task.crontab.timezone,
    )
    task.enabled = enabled
    task.save()  # PeriodicTask.save tells the running beat to reload its schedule
    return task


POLICY_FIELDS = (
    "days_before",
    "on_due_day",
    "first_after",
    "repeat_every",
    "escalate_head_after",
    "escalate_ministry_after",
    "ministry_days_before",
    "sign_off_after",
    "review_after",
    "resubmit_after",
)


@transaction.atomic
def reminder_policy_update(*, plan: Plan, user: User, changes: dict) -> ReminderPolicy:
    """Change a plan's reminder policy (created with the defaults the first time)."""
    from .reminders import reminder_policy_for

    access.ensure(access.can_manage_reminders(user))
    policy = reminder_policy_for(plan)
    for field in POLICY_FIELDS:
        if field in changes:
            setattr(policy, field, changes[field])
    policy.save()
    return policy


def notification_mark_read(*, user: User, notification_id: int | None = None) -> Notification | None:
    """Mark one of the user's own notifications read (or all of them when none is named); returns
    the one named, so that the page can follow its link. Another person's is never touched."""
    own = Notification.objects.filter(user=user)
    target = own.filter(read_at=None)
    if notification_id is not None:
        target = target.filter(pk=notification_id)
    target.update(read_at=timezone.now())
    return own.filter(pk=notification_id).first() if notification_id is not None else None
