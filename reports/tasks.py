"""Celery tasks for generated reports: thin wrappers that load by id and call a service (imported
inside each task, since the services queue these tasks)."""

from __future__ import annotations

from celery import shared_task

from plans import clock

from .models import GeneratedReport


@shared_task(name="reports.generate_report")
def generate_report(report_id: int) -> str:
    from . import services

    report = GeneratedReport.objects.filter(pk=report_id).first()
    if report is None:
        return "missing"
    return services.report_generate(report=report).status


@shared_task(name="reports.draft_consolidated_reports")
def draft_consolidated_reports() -> list[int]:
    """Run daily by beat; does something only on settings.REPORT_DRAFT_DAY."""
    from . import services

    return [r.pk for r in services.draft_consolidated_reports(today=clock.today())]
