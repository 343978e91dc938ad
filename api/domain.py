"""Everything the API takes from the ``plans`` app, in one place: its models, its access rules and
its workflow services. The API decides nothing itself; it asks these."""

from plans import access, services
from plans.models import Agency, Direction, Evidence, Measure, Plan, PlanVersion, ReportingPeriod, Submission
from plans.services import ConflictError

__all__ = [
    "Agency",
    "ConflictError",
    "Direction",
    "Evidence",
    "Measure",
    "Plan",
    "PlanVersion",
    "ReportingPeriod",
    "Submission",
    "access",
    "services",
]


def visible_plans(user):
    return access.visible_plans(user)


def visible_submissions(user):
    return access.visible_submissions(user)


def get_submission_for_user(user, pk: int) -> Submission:
    return access.get_submission_for_user(user, pk)
