import copy
import datetime as dt
import enum
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from accounts.models import User
from ops.statements import statement

from .. import access, clock, forms, services
from ..filters import ReviewFilter
from ..formatting import format_date, sort_by_name
from ..models import BudgetLine, Evidence, Measure, Submission
from ..tables import ReviewTable
from . import quarter_rows

AGENCY_STAFF = (User.Role.OFFICER, User.Role.HEAD)
CHANGES_SHOWN = ("status", *services.EDITABLE_FIELDS, "days_late", "return_reason")


@statement(agency=int, today=dt.date)
def _my_quarter(agency, today):
    current = Q(period__start__lte=today, period__ministry_due__gte=today)
    overdue = Q(status__in=Submission.OUTSTANDING, due__lt=today)
    return (
        access.agency_submissions(agency)
        .filter(agency=agency)
        .filter(current | overdue)
        .select_related("period__plan", "measure")
        .order_by("-period__plan__is_training", "period__plan__code", "period__start", "measure__number")
    )


@access.role_required(*AGENCY_STAFF)
def my_quarter(request):
    """The agency's obligations in the periods now open or being reported on (until the
    ministry's due date, so a late submission stays in sight), plus anything still outstanding
    from earlier ones (late, returned)."""
    today = clock.today()
    submissions = _my_quarter(agency=request.user.agency_id, today=today)
    # Only closed reports name the report that closed them: read those apart, not joined to every
    # row (the wider join cost more to compile than the rows cost to read).
    prefetch_related_objects([s for s in submissions if s.closed_by_id], "closed_by__period", "closed_by__agency")
    groups = []
    for period, rows in groupby(submissions, key=lambda s: s.period):
        rows = list(rows)
        groups.append(
            {
                "period": period,
                "rows_html": quarter_rows.rows(rows, today),
                "state": period.state(today),
                "days_left": period.days_left(today),
                "days_overdue": max(-period.days_left(today), 0),
                "outstanding": sum(r.status in Submission.OUTSTANDING for r in rows),
            }
        )
    sign_off = []
    if request.user.role == User.Role.HEAD:
        sign_off = list(
            access.visible_submissions(request.user)
            .filter(agency=request.user.agency_id, status=Submission.Status.SIGNED)
            .select_related("period__plan", "measure", "submitted_by")
            .order_by("status_changed_at", "measure__number")
        )
        for row in sign_off:
            row.waited = (today - clock.local_date(row.status_changed_at)).days if row.status_changed_at else 0
    return render(request, "plans/my_quarter.html", {"groups": groups, "today": today, "sign_off": sign_off})


def _change(change) -> dict:
    field = Submission._meta.get_field(change.field)
    labels = dict(field.choices or ())
    return {
        "field": field.verbose_name,
        "old": labels.get(change.old, change.old),
        "new": labels.get(change.new, change.new),
    }


def _history(submission: Submission) -> list[dict]:
    records = list(
        submission.history.select_related("history_user", "api_token").order_by("history_date", "history_id")
    )
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, included_fields=CHANGES_SHOWN)
            changes = [_change(c) for c in delta.changes]
        entries.append({"record": record, "changes": changes})
    return entries[::-1]


@access.visible_statement(period=int, measure=int)
def _measure_reports(reports, period, measure):
    # Sorted by the agency's name where they are shown; the default order would join three tables.
    return reports.filter(period=period, measure=measure).select_related("agency").order_by()


@statement(measure=int)
def _budget_lines(measure):
    return BudgetLine.objects.filter(measure=measure)


@statement(period=int, measure=int)
def _measure_evidence(period, measure):
    return Evidence.objects.filter(submission__period=period, submission__measure=measure)


def _evidence(submission: Submission) -> dict[int, list[Evidence]]:
    """The files of every agency's report on the submission's measure in its period, by report."""
    files = {}
    for file in _measure_evidence(period=submission.period_id, measure=submission.measure_id):
        files.setdefault(file.submission_id, []).append(file)
    return files


def _contributions(submission: Submission, user: User, files: dict) -> list[Submission] | None:
    """Co-executors' reports beside a consolidated one, each with its ``files`` (``_evidence``);
    None where the user may not see them."""
    if not access.can_see_contributions(user, submission):
        return None
    rows = [
        row
        for row in _measure_reports(user, period=submission.period_id, measure=submission.measure_id)
        if row.pk != submission.pk
    ]
    rows = sort_by_name(rows, name=lambda row: row.agency.code)
    for row in rows:
        row.readable = access.can_read_content(user, row)
        row.files = files.get(row.pk, [])
    return rows


@login_required
def submission_detail(request, pk: int):
    submission = access.get_submission_for_user(request.user, pk)
    user = request.user
    files = _evidence(submission)
    context = {
        "submission": submission,
        "content": access.can_read_content(user, submission),
        "evidence": files.get(submission.pk, []),
        "contributions": _contributions(submission, user, files),
        "history": _history(submission) if access.can_read_content(user, submission) else [],
        "can_edit": access.can_edit(user, submission),
        "can_sign": access.can_sign(user, submission),
        "can_review": access.can_review(user, submission),
        "can_reopen": access.can_reopen(user, submission),
        "reason_form": forms.ReasonForm(),
    }
    return render(request, "plans/submission_detail.html", context)


class Saved(enum.Enum):
    """What became of a posted form: saved (and sent, if asked), refused as stale, or invalid."""

    DONE = "done"
    CONFLICT = "conflict"
    INVALID = "invalid"


@login_required
def submission_edit(request, pk: int):
    submission = access.get_submission_for_user(request.user, pk)
    if not access.can_edit(request.user, submission):
        if access.is_reporting_agency(request.user, submission):
            messages.warning(request, already_message(submission))
            return redirect("plans:submission_detail", pk=pk)
        raise PermissionDenied
    current = None
    if request.method == "POST":
        # A copy: validating writes the posted values into the form's instance, and the service
        # compares them with the report as it was read.
        form = forms.SubmissionForm(request.POST, request.FILES, instance=copy.copy(submission))
        if form.is_valid():
            outcome = _save_form(request, submission, form)
            if outcome is Saved.DONE:
                after = "plans:submission_detail" if request.POST.get("action") == "submit" else "plans:submission_edit"
                return redirect(after, pk=pk)
            if outcome is Saved.CONFLICT:
                current = Submission.objects.get(pk=pk)
                # The user's text stays in the form; the new version lets them save it deliberately.
                form.data = form.data.copy()
                form.data["version"] = current.version
        submission.refresh_from_db()
    else:
        form = forms.SubmissionForm(instance=submission, initial={"version": submission.version})
    budget = _budget_lines(measure=submission.measure_id)
    files = _evidence(submission)
    context = {
        "submission": submission,
        "form": form,
        "current": current,
        "budget_left": services.budget_left(submission, budget=Measure.budget_of(budget)) if budget else None,
        "evidence": files.get(submission.pk, []),
        "contributions": _contributions(submission, request.user, files),
    }
    return render(request, "plans/submission_form.html", context)


def _save_form(request, submission: Submission, form) -> Saved:
    """Save the draft and its files, then submit if asked."""
    files = form.cleaned_data["evidence"]
    for file in files:
        try:
            services.evidence_check(file)
        except ValidationError as error:
            form.add_error("evidence", error)
    if form.errors:
        return Saved.INVALID
    data = {f: form.cleaned_data[f] for f in services.EDITABLE_FIELDS if f in form.cleaned_data}
    try:
        submission = services.submission_save_draft(
            submission=submission, user=request.user, data=data, version=form.cleaned_data["version"]
        )
    except services.ConflictError as conflict:
        messages.error(request, str(conflict))
        return Saved.CONFLICT
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return Saved.INVALID
    for file in files:
        services.submission_add_evidence(submission=submission, user=request.user, file=file)
    if request.POST.get("action") != "submit":
        messages.success(request, _("Draft saved."))
        return Saved.DONE
    try:
        submission = services.submission_submit(submission=submission, user=request.user)
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        messages.error(request, _("The draft is saved, but the report cannot be sent yet: see what is missing below."))
        form.data = form.data.copy()
        form.data["version"] = submission.version
        return Saved.INVALID
    messages.success(
        request,
        _("Sent to the head for sign-off.")
        if submission.status == Submission.Status.SIGNED
        else _("Report submitted."),
    )
    return Saved.DONE


def _post_action(request, pk: int, act) -> HttpResponse:
    """Run one workflow step from a POST, reporting refusals and missing reasons as messages."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    submission = access.get_submission_for_user(request.user, pk)
    try:
        act(submission)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        # Typically a second click, or a colleague was quicker: say what the report is now.
        messages.info(request, already_message(Submission.objects.get(pk=pk)))
    return redirect("plans:submission_detail", pk=pk)


def already_message(submission: Submission) -> str:
    when = format_date(submission.status_changed_at)
    return _("Nothing more was done: this report is already “%(status)s” (since %(when)s).") % {
        "status": submission.get_status_display(),
        "when": when or "—",
    }


@login_required
def submission_sign(request, pk: int):
    def act(submission):
        services.submission_sign(submission=submission, user=request.user)
        messages.success(request, _("Signed off and submitted to the ministry."))

    return _post_action(request, pk, act)


@login_required
def submission_review(request, pk: int):
    def act(submission):
        if request.POST.get("action") == "accept":
            services.submission_accept(submission=submission, user=request.user)
            messages.success(request, _("Report accepted."))
        else:
            services.submission_return(submission=submission, user=request.user, reason=request.POST.get("reason", ""))
            messages.success(request, _("Report returned to the agency."))

    return _post_action(request, pk, act)


@login_required
def submission_reopen(request, pk: int):
    def act(submission):
        services.submission_reopen(submission=submission, user=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("Report reopened; the agency can correct it."))

    return _post_action(request, pk, act)


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(Evidence.objects.select_related("submission"), pk=pk)
    submission = access.get_submission_for_user(request.user, evidence.submission_id)
    if not access.can_read_content(request.user, submission):
        raise Http404
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


@login_required
def evidence_delete(request, pk: int):
    if request.method != "POST":  # before any lookup: a GET reveals nothing about the file
        return HttpResponseNotAllowed(["POST"])
    evidence = get_object_or_404(Evidence.objects.select_related("submission"), pk=pk)
    submission_pk = evidence.submission_id

    def act(submission):
        services.submission_remove_evidence(evidence=evidence, user=request.user)
        messages.success(request, _("File removed."))

    _post_action(request, submission_pk, act)
    return redirect("plans:submission_edit", pk=submission_pk)


class ReviewQueue(SingleTableMixin, FilterView):
    table_class = ReviewTable
    filterset_class = ReviewFilter
    template_name = "plans/review_queue.html"
    paginate_by = 50

    def get_queryset(self):
        return access.visible_submissions(self.request.user).select_related("period__plan", "measure", "agency")


review_queue = access.role_required(User.Role.COORDINATOR, User.Role.READER)(ReviewQueue.as_view())
