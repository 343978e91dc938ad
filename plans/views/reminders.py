"""The coordinators' reminders page: what was sent to whom and when, failures, who is next, and
the daily schedule (django-celery-beat's rows, editable here without admin rights)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.models import User

from .. import reminders
from ..access import role_required
from ..models import Plan, Reminder, ReminderPolicy

coordinators_only = role_required(User.Role.COORDINATOR)
STATUS_CSS = {Reminder.Status.SENT: "accepted", Reminder.Status.FAILED: "late", Reminder.Status.CLAIMED: "due"}
LOOKAHEAD_DAYS = 7


class StatusFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", gettext_lazy("all"))] + Reminder.Status.choices
    )


class ScheduleForm(forms.Form):
    at = forms.TimeField(label=gettext_lazy("Runs daily at (Almaty time)"), widget=forms.TimeInput(attrs={"type": "time"}))
    enabled = forms.BooleanField(label=gettext_lazy("enabled"), required=False)


class DaysField(forms.CharField):
    """Days as the coordinator types them, "7, 3, 1"; stored as a list, largest first."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            days = sorted({int(part) for part in value.replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise forms.ValidationError(_("Write whole numbers of days separated by commas, for example 7, 3, 1.")) from None
        if any(not 1 <= d <= 60 for d in days):
            raise forms.ValidationError(_("Each number of days must be between 1 and 60."))
        return days

    def prepare_value(self, value):
        return ", ".join(str(d) for d in value) if isinstance(value, list) else value


class PolicyForm(forms.ModelForm):
    days_before = DaysField(label=gettext_lazy("Days before the agencies' due date"), required=False)
    ministry_days_before = DaysField(label=gettext_lazy("Digest to coordinators, days before the ministry's due date"), required=False)

    class Meta:
        model = ReminderPolicy
        fields = ["days_before", "on_due_day", "first_after", "repeat_every", "escalate_head_after", "escalate_ministry_after", "ministry_days_before",
                  "sign_off_after", "review_after", "resubmit_after"]


@coordinators_only
def reminder_log(request):
    today = timezone.localdate()
    status_filter = StatusFilter(request.GET or None)
    rows = reminders.reminders_log()
    if status_filter.is_valid() and status_filter.cleaned_data["status"]:
        rows = rows.filter(status=status_filter.cleaned_data["status"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for row in page:
        row.css = STATUS_CSS[row.status]
    claimed_today = set(Reminder.objects.filter(on_date=today).values_list("recipient_id", "kind", "submission_id"))
    upcoming = [(day, _people(reminders.reminders_preview(today=day), claimed_today if day == today else set())) for day in _days(today)]
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
    return [(task, ScheduleForm(initial=_schedule_initial(task), prefix=str(task.pk))) for task in tasks.order_by("crontab__hour")]


def _schedule_initial(task: PeriodicTask) -> dict:
    try:
        return {"at": dt.time(int(task.crontab.hour), int(task.crontab.minute)), "enabled": task.enabled}
    except ValueError:  # an expression such as "*/2" set in the admin: leave the field empty
        return {"enabled": task.enabled}


@coordinators_only
@require_POST
def reminder_resend(request):
    """Queue the delivery of one person's failed reminders of one day again (nothing sent twice:
    the task sends only rows still pending)."""
    from ..tasks import deliver_reminders

    row = get_object_or_404(Reminder, pk=request.POST.get("reminder"), status=Reminder.Status.FAILED)
    Reminder.objects.filter(recipient=row.recipient_id, on_date=row.on_date, status=Reminder.Status.FAILED).update(
        status=Reminder.Status.CLAIMED
    )
    transaction.on_commit(lambda: deliver_reminders.delay(row.recipient_id, row.on_date.isoformat()))
    messages.success(request, _("The reminders to %(name)s will be sent again.") % {"name": row.recipient})
    return redirect("plans:reminders")


@coordinators_only
@require_POST
def schedule_edit(request, pk: int):
    task = get_object_or_404(PeriodicTask, pk=pk, task__startswith="plans.", crontab__isnull=False)
    form = ScheduleForm(request.POST, prefix=str(task.pk))
    if not form.is_valid():
        messages.error(request, _("Give the time as HH:MM, for example 09:00."))
        return redirect("plans:reminders")
    at = form.cleaned_data["at"]
    # A crontab row of its own per time; never edit one another task may share.
    task.crontab, _created = CrontabSchedule.objects.get_or_create(
        minute=str(at.minute), hour=str(at.hour), day_of_week="*", day_of_month="*", month_of_year="*",
        timezone=task.crontab.timezone,
    )
    task.enabled = form.cleaned_data["enabled"]
    task.save()  # PeriodicTask.save tells the running beat to reload its schedule
    messages.success(request, _("Schedule saved: %(task)s at %(at)s.") % {"task": task.name, "at": at.strftime("%H:%M")})
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
    form.save()
    messages.success(request, _("Reminder policy of plan %(code)s saved.") % {"code": plan.code})
    return redirect("plans:reminders")
