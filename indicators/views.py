"""Indicator pages: parse the request, ask the selectors or services, render."""

from __future__ import annotations

import base64
import json

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from plans.access import role_required

from . import access, formats, selectors, services
from .forms import ExportForm, UploadForm
from .models import Indicator, Territory

SESSION_KEY = "indicators_upload"


@role_required(*access.READERS)
def dashboard(request):
    context = selectors.dashboard(region_indicator=request.GET.get("region", ""))
    return render(request, "indicators/dashboard.html", {**context, "can_load": access.can_load(request.user)})


@role_required(*access.READERS)
def indicator_detail(request, code: str):
    return render(request, "indicators/detail.html", selectors.indicator_detail(code=code))


@role_required(*access.LOADERS)
def findings(request):
    return render(request, "indicators/findings.html", {"findings": selectors.findings()})


def _preview(request, name: str, data: bytes):
    """Checks the file and shows what importing it would do; the file waits in the session."""
    try:
        result = services.import_file(name=name, data=data, user=request.user, dry_run=True)
    except formats.FileInvalid as exc:
        request.session.pop(SESSION_KEY, None)
        return render(request, "indicators/upload.html", {"form": UploadForm(), "problems": exc.problems, "name": name})
    request.session[SESSION_KEY] = {"name": name, "data": base64.b64encode(data).decode()}
    return render(request, "indicators/upload.html", {"form": UploadForm(), "result": result, "name": name})


@role_required(*access.LOADERS)
@require_http_methods(["GET", "POST"])
def upload(request):
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        return _preview(request, upload.name, upload.read())
    return render(request, "indicators/upload.html", {"form": form})


def _confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("indicators:upload")
    try:
        result = services.import_file(name=pending["name"], data=base64.b64decode(pending["data"]), user=request.user)
    except formats.FileInvalid as exc:
        return render(
            request, "indicators/upload.html", {"form": UploadForm(), "problems": exc.problems, "name": pending["name"]}
        )
    request.session.pop(SESSION_KEY, None)
    messages.success(
        request, _("Imported %(name)s: %(summary)s.") % {"name": pending["name"], "summary": result.summary()}
    )
    return redirect("indicators:dashboard")


@role_required(*access.READERS)
def export(request):
    form = ExportForm(request.GET or None)
    if not request.GET:
        return render(request, "indicators/export.html", {"form": form})
    if not form.is_valid():
        return render(request, "indicators/export.html", {"form": form}, status=400)
    data = form.cleaned_data
    observations = selectors.export_selection(
        indicator=data["indicator"].strip(), territory=data["territory"].strip(), include_history=data["history"]
    )
    if data["format"] == "json-stat":
        body = json.dumps(formats.to_json_stat(observations), ensure_ascii=False, indent=1)
        return _download(body.encode(), "application/json; charset=utf-8", "indicators.json")
    if data["format"] == "xlsx":
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(formats.to_xlsx(observations), xlsx, "indicators.xlsx")
    return _download(
        ("\ufeff" + formats.to_sdmx_csv(observations)).encode(), "text/csv; charset=utf-8", "indicators.csv"
    )


@role_required(*access.LOADERS)
def template(request):
    indicators = list(Indicator.objects.values_list("code", flat=True))
    territories = list(Territory.objects.values_list("code", flat=True))
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(formats.template_xlsx(indicators, territories), xlsx, "indicators-template.xlsx")


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
