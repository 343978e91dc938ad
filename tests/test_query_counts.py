import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.management.commands.seed_scale import seed_scale
from plans.models import BudgetLine, Notification, Reminder, Submission
from tests import factories as f
from tests.dashboard_fixture import TODAY, client_for, dash  # noqa: F401

PAGES = [
    ("dashboards:overview", {}),
    ("dashboards:overview", {"agency": "MN"}),
    ("dashboards:scorecard", {}),
    ("dashboards:scorecard", {"kind": "akimat", "lead_only": "on"}),
    ("dashboards:overdue", {}),
    ("dashboards:overdue", {"_export": "csv"}),
    ("dashboards:budget", {}),
    ("dashboards:budget", {"_export": "xlsx"}),
    ("dashboards:agency_home", {"agency": "MN"}),
]


def _counts(c, dash) -> list[int]:
    out = []
    for name, params in PAGES:
        params = {k: dash.mn.pk if v == "MN" else v for k, v in params.items()}
        with CaptureQueriesContext(connection) as ctx:
            assert (
                c.get(
                    reverse(name), {"plan": "dash", **params} if name == "dashboards:overview" else params
                ).status_code
                == 200
            )
        out.append(len(ctx.captured_queries))
    return out


@pytest.mark.parametrize("who", ["coordinator", "officer"])
@time_machine.travel(TODAY, tick=False)
def test_it_runs_the_same_number_of_queries_on_a_small_and_a_larger_data_set(client, dash, who):
    c = client_for(client, getattr(dash.users, who))
    small = _counts(c, dash)
    seed_scale(plans=2, measures=40, agencies=8, periods=4, seed=3, today=TODAY.date())
    _grow_fixture(dash)
    larger = _counts(c, dash)
    assert larger == small, list(zip(PAGES, small, larger, strict=True))
    assert max(small) <= 20


def _grow_fixture(dash) -> None:
    """More measures, reports and budget in the fixture's own plan and agency."""
    statuses = [
        Submission.Status.ACCEPTED,
        Submission.Status.RETURNED,
        Submission.Status.DRAFT,
        Submission.Status.SUBMITTED,
    ]
    for n in range(10, 20):
        measure = f.MeasureFactory(plan=dash.plan, direction=dash.d2, number=n)
        f.ResponsibilityFactory(measure=measure, agency=dash.mn, is_lead=True)
        f.ResponsibilityFactory(measure=measure, agency=dash.al)
        BudgetLine.objects.create(measure=measure, year=2014, amount=n)
        for number, period in dash.periods.items():
            sub = f.SubmissionFactory(
                measure=measure,
                period=period,
                agency=dash.mn,
                role=Submission.Role.CONSOLIDATED,
                status=statuses[(n + number) % 4],
                days_late=n % 3,
                spent=n,
            )
            Reminder.objects.create(
                recipient=dash.users.officer,
                submission=sub,
                period=period,
                kind=Reminder.Kind.OVERDUE,
                on_date=period.agency_due,
                status=Reminder.Status.SENT,
            )


OFFICER_PAGES = [
    ("officer", "plans:my_quarter", None),
    ("head", "plans:my_quarter", None),
    ("officer", "plans:submission_edit", "m2q3"),
    ("officer", "plans:submission_detail", "m2q3"),
    ("akimat", "plans:submission_edit", "m4q3_al"),
]


@time_machine.travel(TODAY, tick=False)
def test_it_runs_the_same_number_of_queries_on_officer_pages_with_more_reports(client, dash):
    def counts():
        out = []
        for who, name, sub in OFFICER_PAGES:
            client.force_login(getattr(dash.users, who))
            url = reverse(name, args=[getattr(dash.subs, sub).pk]) if sub else reverse(name)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    small = counts()
    _grow_fixture(dash)
    for i in range(5):
        Notification.objects.create(user=dash.users.officer, kind="accepted", message=str(i))
    larger = counts()
    assert larger == small, list(zip(OFFICER_PAGES, small, larger, strict=True))
    assert max(small) <= 10, small
