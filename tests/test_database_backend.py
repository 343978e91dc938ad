"""PostgreSQL with its parameters bound by the server (``ops.postgresql``): a statement can carry
at most 65,535 of them, so bulk writes larger than that are split, and nothing a large plan needs
is refused."""

import datetime as dt

import pytest
from django.db import connection

from plans import services
from plans.models import MeasureDueDate, Responsibility, Submission
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the parameter limit is PostgreSQL's (run with DATABASE_URL=postgres://…)",
    ),
]


def test_it_opens_a_quarter_of_a_plan_larger_than_one_statement_can_carry():
    direction = f.DirectionFactory()
    agencies = f.AgencyFactory.create_batch(50)
    measures = f.MeasureFactory.create_batch(50, direction=direction, plan=direction.plan, schedule={"once": []})
    MeasureDueDate.objects.bulk_create([MeasureDueDate(measure=m, due=dt.date(2014, 7, 5)) for m in measures])
    Responsibility.objects.bulk_create(
        [Responsibility(measure=m, agency=a, order=i) for m in measures for i, a in enumerate(agencies)]
    )
    period = f.PeriodFactory(plan=direction.plan, year=2014, number=3)
    assert services.period_open(period=period) == 2500  # one INSERT of arrays, whatever the rows
    reports = list(Submission.objects.filter(period=period))
    for report in reports:
        report.narrative, report.progress = "Ақпарат жіберілді", Submission.Progress.IN_PROGRESS
    fields = ["narrative", "progress", "reason", "letter_number", "act_number", "overspend_reason"]
    fields += ["return_reason", "days_late", "times_returned", "version", "due", "status", "role"]  # none null
    assert len(reports) * (2 * len(fields) + 1) > 65535  # one UPDATE of them all would be refused
    Submission.objects.bulk_update(reports, fields)
    assert Submission.objects.filter(period=period, narrative="Ақпарат жіберілді").count() == 2500
