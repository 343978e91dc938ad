"""Who may see and change what. Every view asks here, and every service asks again (raising
PermissionDenied), so a task, a command or an API is as safe as a page; nothing else decides.

Where each right lives:
* plans, reports (submissions), their review, reminders, notifications, dashboards: this module;
* generated reports (PDFs): ``reports.access``, built on the roles here;
* a user's own profile (language): ``accounts.services``, the user acting on themselves.

Objects another agency owns are answered with 404, never 403, so that their existence does not
leak. Classified measures are never shown in detail to anyone through the system.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from ops.statements import Statement

from .models import Measure, Plan, Responsibility, Submission

MINISTRY_ROLES = (User.Role.COORDINATOR, User.Role.READER)


def role_required(*roles: str):
    """View decorator: signed in and one of ``roles``; anyone else gets 404."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def visible_plans(user: User):
    if not user.is_authenticated:
        return Plan.objects.none()
    if user.role in MINISTRY_ROLES:
        return Plan.objects.all()
    # A semi-join (IN) rather than a join and DISTINCT: no duplicate rows to remove, and nothing
    # for PostgreSQL to plan and sort but the plans themselves.
    return Plan.objects.filter(pk__in=Measure.objects.filter(responsibilities__agency=user.agency_id).values("plan"))


def visible_submissions(user: User):
    """Reports the user may read: the ministry reads all of them (drafts only by status, see
    ``can_read_content``); an agency reads its own, and a lead agency also its co-executors'
    contributions to the measures it consolidates."""
    reader = _reader(user)
    if reader is None:
        return Submission.objects.none()
    return ministry_submissions() if reader == MINISTRY else agency_submissions(reader)


MINISTRY = "ministry"


def _reader(user: User):
    """Whose reports the user reads: ``MINISTRY``, an agency's id, or None (nobody's)."""
    if not user.is_authenticated:
        return None
    if user.role in MINISTRY_ROLES:
        return MINISTRY
    return user.agency_id or None


def ministry_submissions():
    """What the ministry may read (``visible_submissions``)."""
    return Submission.objects.filter(measure__classified=False)


def agency_submissions(agency):
    """What an agency's staff may read (``visible_submissions``); ``agency`` is the agency's id."""
    # The lead agency's measures as a semi-join (IN), not a join: a join repeats a report once per
    # responsibility, and the DISTINCT that removed the repeats sorted every selected column — its
    # planning alone cost PostgreSQL more than the whole page cost Django.
    led = Responsibility.objects.filter(agency=agency, is_lead=True).values("measure")
    return ministry_submissions().filter(Q(agency=agency) | Q(measure__in=led))


class VisibleStatement:
    """A query over ``visible_submissions`` run as a statement (``ops.statements``): one for the
    ministry and one for agency staff, so the SQL of each is fixed. Decorate
    ``build(reports, **values)``, which narrows ``reports``; call it with the user and the values."""

    def __init__(self, build, types: dict[str, type]):
        name = build.__qualname__
        self.ministry = Statement(lambda **values: build(ministry_submissions(), **values), types, name)
        self.agency = Statement(
            lambda agency, **values: build(agency_submissions(agency), **values), {**types, "agency": int}, name
        )

    def __call__(self, user: User, **values) -> list[Submission]:
        reader = _reader(user)
        if reader is None:
            return []
        return self.ministry(**values) if reader == MINISTRY else self.agency(agency=reader, **values)


def visible_statement(**types: type):
    return lambda build: VisibleStatement(build, types)


@visible_statement(pk=int)
def _submission(reports, pk):
    return reports.filter(pk=pk).select_related("period__plan", "measure__direction", "agency")


def get_submission_for_user(user: User, pk: int) -> Submission:
    """The report with its plan, period, measure and agency, or 404 if the user may not read it."""
    found = _submission(user, pk=pk)
    if not found:
        raise Http404
    return found[0]


def is_reporting_agency(user: User, submission: Submission) -> bool:
    """Staff of the agency the report belongs to (who may be told why they cannot change it)."""
    return user.is_agency_staff and user.agency_id == submission.agency_id


def can_edit(user: User, submission: Submission) -> bool:
    """Officers and heads of the reporting agency edit drafts and returned reports."""
    return (
        user.is_agency_staff
        and user.agency_id == submission.agency_id
        and submission.status in (Submission.Status.DUE, Submission.Status.DRAFT, Submission.Status.RETURNED)
        and not submission.measure.classified
    )


def can_sign(user: User, submission: Submission) -> bool:
    """The head of the reporting agency signs off what its officers prepared."""
    return (
        user.role == User.Role.HEAD
        and user.agency_id == submission.agency_id
        and submission.status == Submission.Status.SIGNED
    )


def can_read_content(user: User, submission: Submission) -> bool:
    """The ministry reads what an agency has sent, not its unsent drafts."""
    if user.role in MINISTRY_ROLES:
        return submission.status not in (Submission.Status.DUE, Submission.Status.DRAFT, Submission.Status.SIGNED)
    return True


def can_see_contributions(user: User, submission: Submission) -> bool:
    """The lead agency's staff and the ministry see co-executors' contributions beside a
    consolidated report."""
    if submission.role != Submission.Role.CONSOLIDATED:
        return False
    return user.role in MINISTRY_ROLES or (user.is_agency_staff and user.agency_id == submission.agency_id)


def can_review(user: User, submission: Submission) -> bool:
    return user.is_coordinator and submission.status == Submission.Status.SUBMITTED


def can_reopen(user: User, submission: Submission) -> bool:
    return user.is_coordinator and submission.status == Submission.Status.ACCEPTED


def can_manage_reminders(user: User) -> bool:
    """The reminders page, its schedule and policies, and sending failed reminders again."""
    return user.is_authenticated and user.is_coordinator


def can_manage_outbox(user: User) -> bool:
    """Outgoing e-mail (recipients, subjects, failures) is the coordinators' to watch and resend."""
    return user.is_authenticated and user.is_coordinator


def ensure(allowed: bool) -> None:
    """For a user who may see an object but not change it."""
    if not allowed:
        raise PermissionDenied


def dashboard_agency(user: User, requested: str | None):
    """The agency a dashboard is restricted to: agency staff always see their own (asking for
    another agency gets 404); the ministry sees the agency it asks for, or all (None)."""
    from .models import Agency

    if not user.is_authenticated:
        raise Http404
    if user.is_agency_staff:
        if requested and requested != str(user.agency_id):
            raise Http404
        return user.agency
    if user.role not in MINISTRY_ROLES:
        raise Http404
    if not requested:
        return None
    if not requested.isdecimal():
        raise Http404
    return get_object_or_404(Agency, pk=requested)


def dashboard_scope(user: User) -> str:
    """Who sees the same dashboards: the whole ministry alike (its plans are all plans), each
    agency's staff alike (the plans naming their agency, restricted to it). Cached dashboard pages
    are shared only within one scope."""
    if user.is_agency_staff:
        return f"agency-{user.agency_id}"
    return "ministry" if user.role in MINISTRY_ROLES else f"user-{user.pk}"


def can_manage_plans(user: User) -> bool:
    """Loading, correcting and amending plans is the ministry coordinators' work."""
    return user.is_authenticated and user.is_coordinator
