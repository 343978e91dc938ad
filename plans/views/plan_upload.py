"""Plans in the browser (coordinators only; anyone else gets 404): upload a plan file, read its
problems or exactly what it would change, apply it as a new plan version; download the blank
template and any plan's file."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .. import access, clock, plan_uploads
from ..models import Plan, PlanVersion, Submission
from ..planfile import PlanFileInvalid, plan_file_bytes
from ..planfile.applying import changes_as_json
from ..planfile.blank import blank_template
from ..planfile.columns import MAX_FILE_BYTES

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS = {"xlsx": XLSX, "json": "application/json", "zip": "application/zip"}


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Plan file (XLSX, ZIP of CSV files, or JSON)"))


class ActForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the act is"), choices=PlanVersion.Kind.choices)
    act_kind = forms.ChoiceField(label=gettext_lazy("Act"), choices=[("", "—"), *Plan.ActKind.choices], required=False)
    act_number = forms.CharField(label=gettext_lazy("Act number"), max_length=40, required=False)
    act_date = forms.DateField(
        label=gettext_lazy("Act date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    effective_date = forms.DateField(
        label=gettext_lazy("In force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") != PlanVersion.Kind.CORRECTION:
            for name in ("act_kind", "act_number", "act_date"):
                if not data.get(name):
                    self.add_error(name, _("An approving act or an amendment needs its kind, number and date."))
        return data


def _field_labels() -> dict[str, str]:
    texts = {
        "title": _("title"),
        "form_of_completion": _("form of completion"),
        "budget_note": _("budget note"),
        "funding_source": _("funding source"),
    }
    return {
        **{f"{k}_{lang}": f"{v} ({lang})" for k, v in texts.items() for lang in ("kk", "ru", "en")},
        "direction": _("direction"),
        "title": _("title"),
        "form_of_completion": _("form of completion"),
        "form_kind": _("kind of form"),
        "responsible": _("responsible agencies (as written)"),
        "agencies": _("responsible agencies"),
        "deadline": _("deadline"),
        "due dates": _("due dates"),
        "expenses": _("expected expenses (as written)"),
        "budget": _("budget by year"),
        "funding_source": _("funding source"),
        "classified": _("classified"),
        "number": _("number"),
        "start": _("start"),
        "end": _("end"),
        "agency_due": _("agencies report by"),
        "ministry_due": _("ministry reports by"),
        "note": _("what it changed"),
    }


def change_sections(changes: dict) -> list[tuple[str, dict]]:
    """The groups of a preview or a version's changes, titled and with field names in the reader's language."""
    titles = {
        "agencies": _("Agencies"),
        "amendments": _("Amendments"),
        "directions": _("Directions"),
        "measures": _("Measures"),
        "periods": _("Reporting periods"),
    }
    labels = _field_labels()
    sections = []
    for key, title in titles.items():
        groups = {
            outcome: [
                {**row, "fields": [{**c, "field": labels.get(c["field"], c["field"])} for c in row["fields"]]}
                for row in rows
            ]
            for outcome, rows in changes[key].items()
        }
        sections.append((title, groups))
    return sections


def _coordinator(request) -> None:
    if not access.can_manage_plans(request.user):
        raise Http404


@login_required
def plan_upload(request):
    _coordinator(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            upload = plan_uploads.plan_upload_create(
                user=request.user, file_name=upload_file.name, content=upload_file.read(MAX_FILE_BYTES + 1)
            )
        except PlanFileInvalid as exc:
            problems = exc.problems
        else:
            return redirect("plans:plan_upload_preview", pk=upload.pk)
    return render(request, "plans/plan_upload.html", {"form": form, "problems": problems})


@login_required
def plan_upload_preview(request, pk: int):
    upload = plan_uploads.get_upload_for_user(request.user, pk)
    preview = plan_uploads.plan_upload_preview(upload=upload, user=request.user)
    form = ActForm(request.POST or None, initial=preview.act)
    if request.method == "POST" and not preview.problems and form.is_valid():
        try:
            version = plan_uploads.plan_upload_apply(upload=upload, user=request.user, act=form.cleaned_data)
        except PlanFileInvalid as exc:
            preview.problems = exc.problems
        else:
            code = preview.plan_file.code
            if version is None:
                messages.info(request, _("The file changes nothing; no new version was made."))
            else:
                messages.success(
                    request, _("Plan %(code)s: version %(number)s applied.") % {"code": code, "number": version.number}
                )
            return redirect("plans:plan_periods", code=code)
    context = {
        "upload": upload,
        "preview": preview,
        "form": form,
        "changes": changes_as_json(preview.changes) if preview.changes else None,
        "sections": change_sections(changes_as_json(preview.changes)) if preview.changes else [],
    }
    return render(request, "plans/plan_upload_preview.html", context)


@login_required
def plan_template(request):
    _coordinator(request)
    lang = (get_language() or "kk")[:2]
    response = HttpResponse(blank_template(lang), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="plan-template-{lang}.xlsx"'
    return response


@login_required
def plan_file_download(request, code: str, fmt: str):
    _coordinator(request)
    if fmt not in DOWNLOADS:
        raise Http404
    plan = get_object_or_404(access.visible_plans(request.user), code=code)
    response = HttpResponse(plan_file_bytes(plan, fmt), content_type=DOWNLOADS[fmt])
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.code}.{fmt}"'
    return response


@login_required
def plan_version_detail(request, code: str, number: int):
    """One version of a plan: the act, who applied it and when, the file and what it changed."""
    plan = get_object_or_404(access.visible_plans(request.user), code=code)
    version = get_object_or_404(plan.versions.select_related("applied_by"), number=number)
    context = {
        "plan": plan,
        "version": version,
        "changes": version.changes,
        "sections": change_sections(version.changes),
    }
    return render(request, "plans/plan_version.html", context)


@login_required
def plan_version_file(request, code: str, number: int):
    _coordinator(request)
    plan = get_object_or_404(access.visible_plans(request.user), code=code)
    version = get_object_or_404(plan.versions, number=number)
    response = HttpResponse(bytes(version.file_content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{version.file_name or f"plan-{plan.code}-v{number}"}"'
    return response


@login_required
def plan_periods(request, code: str):
    """The plan's reporting periods with their state today and how many reports each has and awaits."""
    plan = get_object_or_404(access.visible_plans(request.user), code=code)
    sent = Q(submissions__status__in=(Submission.Status.SUBMITTED, Submission.Status.ACCEPTED))
    periods = plan.periods.annotate(obligations=Count("submissions"), sent=Count("submissions", filter=sent))
    today = clock.today()
    rows = [{"period": p, "state": p.state(today).label} for p in periods]
    return render(request, "plans/plan_periods.html", {"plan": plan, "rows": rows, "version": plan.versions.first()})
