"""Writes for generated reports: request, generate, mark final, send.

Each service that acts for a person asks ``reports.access`` first and raises PermissionDenied
when that person may not, so a task, a command or an API is as safe as the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from accounts.models import User
from outbox.models import Email
from outbox.services import email_queue
from plans.access import ensure
from plans.models import Agency, Measure, Notification, Plan, ReportingPeriod

from . import access, selectors
from .models import GeneratedReport, ReportSettings
from .tasks import generate_report

logger = logging.getLogger(__name__)
DRAFT_LANGUAGES = ("kk", "ru")
STALE_AFTER = dt.timedelta(minutes=15)
REPEAT_WINDOW = dt.timedelta(seconds=30)  # far above the slowest report; see bench/pdf_report.py


def build(report: GeneratedReport, *, for_browser: bool = False) -> tuple[dict, str]:
    """Steps 1 and 2 for a stored report: its context and its HTML."""
    as_of = report.as_of or timezone.now()
    context = selectors.build_context(
        kind=report.kind,
        plan=report.plan,
        lang=report.language,
        as_of=as_of,
        period=report.period,
        agency=report.agency,
        measure=report.measure,
    )
    context["cover"] = {name: getattr(report, name) for name in GeneratedReport.COVER_FIELDS}
    return context, selectors.render_html(context, report.language, for_browser=for_browser)


@transaction.atomic
def report_request(
    *,
    user: User | None,
    kind: str,
    plan: Plan,
    language: str,
    period: ReportingPeriod | None = None,
    agency: Agency | None = None,
    measure: Measure | None = None,
    scheduled_on: dt.date | None = None,
) -> GeneratedReport:
    """Queue a new version of a report; the Celery task builds it once this transaction commits.
    ``user`` is None only for the scheduled draft, which no person asked for."""
    if user is not None:
        ensure(access.can_manage(user))
    if language not in dict(settings.LANGUAGES):
        raise selectors.ReportError(_("Unknown language %(lang)s.") % {"lang": language})
    # Validate now so that a bad request is refused on the form instead of failing in the worker.
    selectors.build_context(
        kind=kind, plan=plan, lang=language, as_of=timezone.now(), period=period, agency=agency, measure=measure
    )
    # Versions of one report are numbered under a lock on the plan row, so two requests racing
    # for the same report do not both become version 2.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    key = {"kind": kind, "plan": plan, "period": period, "agency": agency, "measure": measure, "language": language}
    if user is not None and scheduled_on is None:
        # A second click on "Generate" (or a resent form) shows the version just requested
        # instead of queueing a duplicate of it.
        recent = GeneratedReport.objects.filter(
            **key, requested_by=user, created_at__gte=timezone.now() - REPEAT_WINDOW
        )
        if (already := recent.order_by("-version").first()) is not None:
            already.repeated = True
            return already
    last = GeneratedReport.objects.filter(**key).aggregate(v=Max("version"))["v"] or 0
    cover = {}
    if kind == GeneratedReport.Kind.CONSOLIDATED:
        defaults = ReportSettings.objects.filter(plan=plan).first()
        cover = {name: getattr(defaults, name) for name in ReportSettings.DEFAULT_FIELDS} if defaults else {}
    report = GeneratedReport.objects.create(
        **key, version=last + 1, requested_by=user, scheduled_on=scheduled_on, **cover
    )
    transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


def _set_progress(report: GeneratedReport, progress: int, **fields) -> None:
    # A plain UPDATE outside any long transaction, so the polling page sees it at once.
    GeneratedReport.objects.filter(pk=report.pk).update(progress=progress, **fields)


def report_generate(*, report: GeneratedReport) -> GeneratedReport:
    """Build the PDF of a queued report and store it with its checksum and the reports it used."""
    now = timezone.now()
    # Claimed with a conditional UPDATE: a second delivery of the task does nothing, unless the
    # worker that had it died (acks_late redelivers it) and the report has been stuck since.
    S = GeneratedReport.Status
    claimed = (
        GeneratedReport.objects.filter(pk=report.pk)
        .filter(Q(status=S.QUEUED) | Q(status=S.RUNNING, as_of__lt=now - STALE_AFTER))
        .update(status=S.RUNNING, progress=5, as_of=now)
    )
    if not claimed:  # another worker has it, or it is already done
        report.refresh_from_db()
        return report
    try:
        report.as_of = now
        _set_progress(report, 10)
        context, html = build(report)
        _set_progress(report, 40)
        pdf = selectors.render_pdf(html)
        _set_progress(report, 90)
        with transaction.atomic():
            report.refresh_from_db()
            report.file.save(report.filename, ContentFile(pdf), save=False)
            browser_html = selectors.render_html(context, report.language, for_browser=True)
            report.html.save(report.filename.replace(".pdf", ".html"), ContentFile(browser_html.encode()), save=False)
            report.checksum = hashlib.sha256(pdf).hexdigest()
            report.pages = len(PdfReader(io.BytesIO(pdf)).pages)
            report.submissions = [[s.pk, s.version] for s in context["used"]]
            report.status, report.progress, report.finished_at = GeneratedReport.Status.READY, 100, timezone.now()
            report.save()
            _notify_ready(report)
    except Exception as exc:
        logger.exception("report %s failed", report.pk)
        _set_progress(
            report, 100, status=GeneratedReport.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        report.refresh_from_db()
    return report


def _notify_ready(report: GeneratedReport) -> None:
    """The bell tells whoever asked that the report can be downloaded (the automatic draft has no asker)."""
    user = report.requested_by
    if user is None:
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        message = _("Report ready: %(title)s, version %(version)s") % {"title": report.title, "version": report.version}
    params = {
        "report": report.pk,
        "report_kind": report.kind,
        "plan": report.plan.code,
        "period": report.period.label if report.period_id else "",
        "version": report.version,
    }
    Notification.objects.create(
        user=user,
        kind=Notification.Kind.REPORT_READY,
        message=message,
        params=params,
        url=reverse("reports:status", args=[report.pk]),
    )


@transaction.atomic
def report_set_cover(*, report: GeneratedReport, user: User, data: dict) -> GeneratedReport:
    """Fill in the cover letter of a consolidated report that is not final yet, remember the
    signatory and executor as the plan's defaults, and build this version again with them."""
    ensure(access.can_manage(user))
    report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
    if report.kind != GeneratedReport.Kind.CONSOLIDATED:
        raise selectors.ReportError(_("Only a consolidated report has a cover letter."))
    if report.is_final:
        raise selectors.ReportError(
            _("Version %(version)s is final: its cover letter can no longer change.") % {"version": report.version}
        )
    if not report.is_done:
        raise selectors.ReportError(_("The report is still being generated; edit the cover letter once it is ready."))
    for name in GeneratedReport.COVER_FIELDS:
        setattr(report, name, data.get(name) or ({"outgoing_date": None}.get(name, "")))
    report.status, report.progress, report.error = GeneratedReport.Status.QUEUED, 0, ""
    report.save()
    ReportSettings.objects.update_or_create(
        plan=report.plan, defaults={name: getattr(report, name) for name in ReportSettings.DEFAULT_FIELDS}
    )
    transaction.on_commit(lambda: generate_report.delay(report.pk))
    return report


@transaction.atomic
def report_mark_final(*, report: GeneratedReport, user: User) -> GeneratedReport:
    """The version the ministry stands behind; other versions of the same report stop being final."""
    ensure(access.can_act_on(user, report))
    if report.status != GeneratedReport.Status.READY:
        raise selectors.ReportError(_("Only a generated report can be marked final."))
    GeneratedReport.objects.filter(**report.key).exclude(pk=report.pk).update(is_final=False)
    report.is_final, report.finalized_at, report.finalized_by = True, timezone.now(), user
    report.save(update_fields=["is_final", "finalized_at", "finalized_by"])
    return report


@transaction.atomic
def report_send(*, report: GeneratedReport, user: User) -> GeneratedReport:
    """E-mail a final consolidated report to the Government, once, through the outbox; the send is recorded."""
    ensure(access.can_act_on(user, report))
    if report.kind != GeneratedReport.Kind.CONSOLIDATED or not report.is_final:
        raise selectors.ReportError(_("Only a final consolidated report is sent to the Government."))
    recipients = list(settings.GOVERNMENT_REPORT_RECIPIENTS)
    if not recipients:
        raise selectors.ReportError(_("No Government recipients are configured (GOVERNMENT_REPORT_RECIPIENTS)."))
    now = timezone.now()
    # Claimed with a conditional UPDATE first: two clicks never send twice.
    claimed = GeneratedReport.objects.filter(pk=report.pk, sent_at__isnull=True).update(
        sent_at=now, sent_to=recipients, sent_by=user
    )
    if not claimed:
        raise selectors.ReportError(_("This report was already sent."))
    # The outbox sends it after the commit and retries while the mail server is down; the
    # coordinators follow its delivery on the outbox page.
    with translation.override(report.language):
        context = {
            "report": report,
            "period_title": selectors.period_title(report.period),
            "plan_title": report.plan.title,
        }
        email_queue(
            kind=Email.Kind.GOVERNMENT_REPORT,
            template="government_report",
            context=context,
            to=recipients,
            language=report.language,
            attachment=report.file.name,
            attachment_name=report.filename,
        )
    report.refresh_from_db()
    return report


def draft_consolidated_reports(*, today: dt.date) -> list[GeneratedReport]:
    """On settings.REPORT_DRAFT_DAY, queue the draft consolidated report of every period whose
    report to the Government is due this month. Safe to run twice: the draft of a day is unique."""
    if today.day != settings.REPORT_DRAFT_DAY:
        return []
    periods = ReportingPeriod.objects.filter(
        ministry_due__year=today.year, ministry_due__month=today.month
    ).select_related("plan")
    created = []
    for period in periods:
        for lang in DRAFT_LANGUAGES:
            try:
                created.append(
                    report_request(
                        user=None,
                        kind=GeneratedReport.Kind.CONSOLIDATED,
                        plan=period.plan,
                        period=period,
                        language=lang,
                        scheduled_on=today,
                    )
                )
            except IntegrityError:  # already drafted today (an earlier or a concurrent run)
                continue
    return created
