"""Who may see and act on generated reports, on top of the roles in ``plans.access`` (where every
right of the project is listed): coordinators see every report and alone request, mark final and
send; Government readers see final consolidated reports only; agency staff their own agency's
reports only; anyone else nothing (404).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import GeneratedReport


def visible_reports(user: User) -> QuerySet[GeneratedReport]:
    qs = GeneratedReport.objects.select_related("plan", "period__plan", "agency", "measure", "requested_by")
    if not user.is_authenticated:
        return qs.none()
    if user.is_coordinator:
        return qs
    if user.is_reader:
        return qs.filter(kind=GeneratedReport.Kind.CONSOLIDATED, is_final=True, status=GeneratedReport.Status.READY)
    if user.is_agency_staff and user.agency_id:
        return qs.filter(kind=GeneratedReport.Kind.AGENCY, agency=user.agency_id)
    return qs.none()


def get_report_for_user(user: User, pk: int) -> GeneratedReport:
    return get_object_or_404(visible_reports(user), pk=pk)


def can_manage(user: User) -> bool:
    """Request, mark final and send: the ministry's coordinators only."""
    return user.is_authenticated and user.is_coordinator


def can_act_on(user: User, report: GeneratedReport) -> bool:
    """Mark final or send this report: a coordinator who can see it."""
    return can_manage(user) and visible_reports(user).filter(pk=report.pk).exists()
