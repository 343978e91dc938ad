"""The coordinators' reminders page: what was sent to whom and when, failures, who is next, and
the daily schedule (django-celery-beat's rows, editable here without admin rights)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_celery_beat.models import PeriodicTask

from accounts.models import User
from outbox.models import Email

from .. import clock, reminders, services
from ..access import role_required
from ..forms import PolicyForm, ScheduleForm, StatusFilter
from ..models import Plan, Reminder

coordinators_only = role_required(User.Role.COORDINATOR)
STATUS_CSS = {Reminder.Status.SENT: "accepted", Reminder.Status.FAILED: "late", Reminder.Status.CLAIMED: "due"}
EMAIL_CSS = {
    Email.Status.SENT: "accepted",
    Email.Status.FAILED: "late",
    Email.Status.QUEUED: "due",
    Email.Status.SENDING: "due",
}
LOOKAHEAD_DAYS = 7


@coordinators_only
def reminder_log(request):
    today = clock.today()
    status_filter = StatusFilter(request.GET or None)
    rows = reminders.reminders_log()
    if status_filter.is_valid() and status_filter.cleaned_data["status"]:
        rows = rows.filter(status=status_filter.cleaned_data["status"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row.css = EMAIL_CSS[row.email.status] if row.email else STATUS_CSS[row.status]
    claimed_today = set(Reminder.objects.filter(on_date=today).values_list("recipient_id", "kind", "submission_id"))
    upcoming = [
        (day, _people(reminders.reminders_preview(today=day), claimed_today if day == today else set()))
        for day in _days(today)
    ]
    return render(
        request,
        "plans/reminders/log.html",
        {
            "today": today,
            "page": page,
            "status_filter": status_filter,
            "failures": reminders.reminders_failures(),
            "upcoming": upcoming,
            "has_upcoming": any(people for _day, people in upcoming),
            "schedule": _schedule(),
            "policies": [
                (plan, PolicyForm(instance=reminders.reminder_policy_for(plan, create=False), prefix=f"plan{plan.pk}"))
                for plan in Plan.objects.order_by("is_training", "code")
            ],
        },
    )


def _people(preview, claimed: set) -> list[dict]:
    """One line per person for the template; ``done`` when today's run has claimed all of it."""
    people = []
    for user, items in preview:
        keys = {(user.pk, p.kind, p.submission.pk if p.submission else None) for p in items}
        people.append(
            {
                "user": user,
                "kinds": sorted({str(Reminder.Kind(p.kind).label) for p in items}),
                "reports": [p.submission for p in items if p.submission],
                "digests": [p.period for p in items if not p.submission],
                "done": keys <= claimed,
            }
        )
    return people


def _days(today: dt.date) -> list[dt.date]:
    return [today + dt.timedelta(days=n) for n in range(LOOKAHEAD_DAYS + 1)]


def _schedule() -> list[tuple[PeriodicTask, ScheduleForm]]:
    tasks = PeriodicTask.objects.filter(task__startswith="plans.", crontab__isnull=False).select_related("crontab")
    return [
        (task, ScheduleForm(initial=_schedule_initial(task), prefix=str(task.pk)))
        for task in tasks.order_by("crontab__hour")
    ]


def _schedule_initial(task: PeriodicTask) -> dict:
    try:
        return {"at": dt.time(int(task.crontab.hour), int(task.crontab.minute)), "enabled": task.enabled}
    except ValueError:  # an expression such as "*/2" set in the admin: leave the field empty
        return {"enabled": task.enabled}


@coordinators_only
@require_POST
def reminder_resend(request):
    row = get_object_or_404(
        Reminder.objects.select_related("recipient"),
        pk=_int(request.POST.get("reminder")),
        status=Reminder.Status.FAILED,
    )
    services.reminder_resend(reminder=row, user=request.user)
    messages.success(request, _("The reminders to %(name)s will be sent again.") % {"name": row.recipient})
    return redirect("plans:reminders")


def _int(value: str | None) -> int | None:
    """A posted id, or None for anything that is not one (answered with 404, not a 500)."""
    return int(value) if value and value.isdecimal() else None


@coordinators_only
@require_POST
def schedule_edit(request, pk: int):
    task = get_object_or_404(PeriodicTask, pk=pk, task__startswith="plans.", crontab__isnull=False)
    form = ScheduleForm(request.POST, prefix=str(task.pk))
    if not form.is_valid():
        messages.error(request, _("Give the time as HH:MM, for example 09:00."))
        return redirect("plans:reminders")
    at = form.cleaned_data["at"]
    services.schedule_edit(task=task, user=request.user, at=at, enabled=form.cleaned_data["enabled"])
    messages.success(
        request, _("Schedule saved: %(task)s at %(at)s.") % {"task": task.name, "at": at.strftime("%H:%M")}
    )
    return redirect("plans:reminders")


@coordinators_only
@require_POST
def policy_edit(request, plan_pk: int):
    plan = get_object_or_404(Plan, pk=plan_pk)
    form = PolicyForm(request.POST, instance=reminders.reminder_policy_for(plan, create=False), prefix=f"plan{plan.pk}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("plans:reminders")
    services.reminder_policy_update(plan=plan, user=request.user, changes=form.cleaned_data)
    messages.success(request, _("Reminder policy of plan %(code)s saved.") % {"code": plan.code})
    return redirect("plans:reminders")
