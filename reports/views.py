"""Pages for generated reports: list and request, progress, download, browser view, final, send."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from plans.models import Agency, Measure, Plan, ReportingPeriod

from . import access, services
from .models import GeneratedReport
from .selectors import ReportError


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ReportingPeriod) -> str:
        return f"{obj.plan.code} · {obj.label}"


class CoverForm(forms.ModelForm):
    """The consolidated report's cover letter, filled in before the version is marked final."""

    class Meta:
        model = GeneratedReport
        fields = GeneratedReport.COVER_FIELDS
        widgets = {"outgoing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Report"), choices=GeneratedReport.Kind.choices)
    plan = forms.ModelChoiceField(label=gettext_lazy("Plan"), queryset=Plan.objects.all())
    period = PeriodChoiceField(
        label=gettext_lazy("Reporting period"),
        queryset=ReportingPeriod.objects.select_related("plan"),
        required=False,
        help_text=gettext_lazy("For the consolidated and agency reports."),
    )
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"),
        queryset=Agency.objects.all(),
        required=False,
        help_text=gettext_lazy("For an agency's report."),
    )
    measure = forms.IntegerField(
        label=gettext_lazy("Measure number"),
        min_value=1,
        required=False,
        help_text=gettext_lazy("For a measure's history."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
    )

    def clean(self):
        data = super().clean()
        plan, period = data.get("plan"), data.get("period")
        if plan and period and period.plan_id != plan.pk:
            self.add_error("period", _("This period belongs to another plan."))
        if plan and data.get("measure"):
            data["measure"] = Measure.objects.filter(plan=plan, number=data["measure"]).first()
            if data["measure"] is None:
                self.add_error("measure", _("Plan %(plan)s has no such measure.") % {"plan": plan.code})
        return data


@login_required
def report_list(request):
    reports = access.visible_reports(request.user)[:200]
    form = RequestForm(initial={"language": request.user.language}) if access.can_manage(request.user) else None
    return render(request, "reports/list.html", {"reports": reports, "form": form})


@login_required
@require_POST
def report_request(request):
    if not access.can_manage(request.user):
        raise Http404
    form = RequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_request(
                user=request.user,
                kind=data["kind"],
                plan=data["plan"],
                period=data["period"],
                agency=data["agency"],
                measure=data["measure"] or None,
                language=data["language"],
            )
        except ReportError as exc:
            form.add_error(None, str(exc))
        else:
            if getattr(report, "repeated", False):
                messages.info(
                    request,
                    _("This report was already requested a moment ago: here is version %(version)s.")
                    % {"version": report.version},
                )
            return redirect("reports:status", pk=report.pk)
    reports = access.visible_reports(request.user)[:200]
    return render(request, "reports/list.html", {"reports": reports, "form": form}, status=400)


@login_required
def report_status(request, pk: int):
    report = access.get_report_for_user(request.user, pk)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"status": report.status, "progress": report.progress, "done": report.is_done})
    versions = access.visible_reports(request.user).filter(**report.key).order_by("-version")
    return render(
        request,
        "reports/status.html",
        {
            "report": report,
            "versions": versions,
            "can_manage": access.can_manage(request.user),
            "cover_form": CoverForm(instance=report),
        },
    )


@login_required
@require_POST
def report_cover(request, pk: int):
    if not access.can_manage(request.user):
        raise Http404
    report = access.get_report_for_user(request.user, pk)
    form = CoverForm(request.POST, instance=GeneratedReport(kind=report.kind, plan=report.plan))
    if not form.is_valid():
        for field, problems in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(problems)}" if label else " ".join(problems))
        return redirect("reports:status", pk=pk)
    try:
        services.report_set_cover(report=report, user=request.user, data=form.cleaned_data)
        messages.success(request, _("Cover letter saved; the report is being generated again with it."))
    except ReportError as exc:
        messages.error(request, str(exc))
    return redirect("reports:status", pk=pk)


@login_required
def report_pdf(request, pk: int):
    report = access.get_report_for_user(request.user, pk)
    if report.status != GeneratedReport.Status.READY or not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.filename, content_type="application/pdf"
    )


@login_required
def report_html(request, pk: int):
    """The report in the browser: the HTML stored with the PDF, or one built now from current data
    (a report still being generated) with the same template and settings."""
    report = access.get_report_for_user(request.user, pk)
    if report.html:
        with report.html.open("rb") as f:
            return HttpResponse(f.read(), content_type="text/html; charset=utf-8")
    try:
        _context, html = services.build(report, for_browser=True)
    except ReportError as exc:
        raise Http404(str(exc)) from exc
    return HttpResponse(html)


@login_required
@require_POST
def report_finalize(request, pk: int):
    return _act(
        request,
        pk,
        services.report_mark_final,
        lambda r: _("Version %(version)s is now the final report.") % {"version": r.version},
    )


@login_required
@require_POST
def report_send(request, pk: int):
    return _act(
        request,
        pk,
        services.report_send,
        lambda r: _("Sent to %(recipients)s (delivery under Outgoing e-mail).") % {"recipients": ", ".join(r.sent_to)},
    )


def _act(request, pk: int, service, success) -> HttpResponse:
    """A coordinator's action on a report: done with a message, or refused with the reason."""
    if not access.can_manage(request.user):
        raise Http404
    report = access.get_report_for_user(request.user, pk)
    try:
        service(report=report, user=request.user)
        messages.success(request, success(report))
    except ReportError as exc:
        messages.error(request, str(exc))
    return redirect("reports:status", pk=pk)
