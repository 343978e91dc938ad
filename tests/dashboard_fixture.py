"""A small plan whose dashboard numbers are computed by hand in the tests (today: 20.10.2014).

Agencies: МИН (ministry, lead of measure 1), АЛМ (akimat), ТЫС (outsider: no measures).
Direction 1: measure 1 (МИН lead, АЛМ co-executor, one-off 05.07.2014), measure 2 (МИН, one-off
01.10.2014), measure 3 (МИН, classified). Direction 2: measure 4 (МИН and АЛМ, no lead, one-off
31.12.2014), measure 5 (АЛМ, every 5 July).

Reports (Q1 due 05.04, Q2 05.07, Q3 05.10, Q4 05.01.2015):
  m1 Q1 МИН consolidated accepted, spent 10 | АЛМ contribution accepted, spent 4
  m1 Q2 МИН consolidated accepted 3 days late, completed, spent 5 | АЛМ contribution submitted
  m2 Q1 МИН accepted | Q2 returned (spent 3) | Q3 draft (missing) | Q4 due
  m3 Q3 МИН draft (classified: counted, never shown)
  m4 Q3 МИН submitted 2 days late, not completed | АЛМ due (missing)
  m5 Q2 АЛМ accepted, completed, spent 7 | Q3 АЛМ submitted on time (next occurrence)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from accounts.models import User
from plans.models import Agency, BudgetLine, MeasureDueDate, Reminder, Submission
from tests import factories as f

TODAY = dt.datetime(2014, 10, 20, 12, 0)
S, R, P = Submission.Status, Submission.Role, Submission.Progress
ANNUAL = {"once": [], "annual_month": 7, "annual_day": 5, "annual_from": None}


def build() -> SimpleNamespace:
    plan = f.PlanFactory(code="dash")
    q = {n: f.PeriodFactory(plan=plan, number=n) for n in (1, 2, 3, 4)}
    mn = f.AgencyFactory(
        code="МИН", name_kk="Ұлттық экономика министрлігі", name_ru="Министерство национальной экономики"
    )
    al = f.AgencyFactory(
        code="АЛМ", name_kk="Алматы қаласының әкімдігі", name_ru="Акимат города Алматы", kind=Agency.Kind.AKIMAT
    )
    outsider = f.AgencyFactory(code="ТЫС", name_kk="Басқа министрлік")
    d1 = f.DirectionFactory(plan=plan, number=1, title="Көші-қонды реттеу")
    d2 = f.DirectionFactory(plan=plan, number=2, title="Кадрларды сақтау")
    m = {
        1: f.MeasureFactory(plan=plan, direction=d1, number=1, funding_source="Республикалық бюджет"),
        2: f.MeasureFactory(plan=plan, direction=d1, number=2, funding_source="Республикалық бюджет"),
        3: f.MeasureFactory(plan=plan, direction=d1, number=3, classified=True, title="ҚҰПИЯ МӘТІН"),
        4: f.MeasureFactory(plan=plan, direction=d2, number=4),
        5: f.MeasureFactory(plan=plan, direction=d2, number=5, schedule=ANNUAL, funding_source="Жергілікті бюджет"),
    }
    due = {
        1: [dt.date(2014, 7, 5)],
        2: [dt.date(2014, 10, 1)],
        3: [dt.date(2014, 7, 5)],
        4: [dt.date(2014, 12, 31)],
        5: [dt.date(y, 7, 5) for y in (2014, 2015, 2016)],
    }
    for n, dates in due.items():
        MeasureDueDate.objects.bulk_create([MeasureDueDate(measure=m[n], due=d) for d in dates])
    for n, agency, lead in (
        (1, mn, True),
        (1, al, False),
        (2, mn, False),
        (3, mn, False),
        (4, mn, False),
        (4, al, False),
        (5, al, False),
    ):
        f.ResponsibilityFactory(measure=m[n], agency=agency, is_lead=lead)
    for n, year, amount in ((1, 2014, "100"), (1, 2015, "50"), (2, 2014, "20"), (3, 2014, "999"), (5, 2015, "30")):
        BudgetLine.objects.create(measure=m[n], year=year, amount=Decimal(amount))

    def sub(n, period, agency, role, status, **kw):
        kw.setdefault("occurrence", due[n][0])
        return f.SubmissionFactory(measure=m[n], period=q[period], agency=agency, role=role, status=status, **kw)

    s = SimpleNamespace()
    s.m1q1 = sub(1, 1, mn, R.CONSOLIDATED, S.ACCEPTED, progress=P.IN_PROGRESS, spent=Decimal(10))
    sub(1, 1, al, R.CONTRIBUTION, S.ACCEPTED, progress=P.IN_PROGRESS, spent=Decimal(4))
    s.m1q2 = sub(1, 2, mn, R.CONSOLIDATED, S.ACCEPTED, days_late=3, progress=P.COMPLETED, spent=Decimal(5))
    sub(1, 2, al, R.CONTRIBUTION, S.SUBMITTED, progress=P.COMPLETED)
    sub(2, 1, mn, R.OWN, S.ACCEPTED, progress=P.IN_PROGRESS)
    s.m2q2 = sub(2, 2, mn, R.OWN, S.RETURNED, progress=P.IN_PROGRESS, spent=Decimal(3))
    s.m2q3 = sub(2, 3, mn, R.OWN, S.DRAFT)
    s.m2q4 = sub(2, 4, mn, R.OWN, S.DUE)
    s.m3q3 = sub(3, 3, mn, R.OWN, S.DRAFT)
    s.m4q3_mn = sub(4, 3, mn, R.OWN, S.SUBMITTED, days_late=2, progress=P.NOT_COMPLETED)
    s.m4q3_al = sub(4, 3, al, R.OWN, S.DUE)
    s.m5q2 = sub(5, 2, al, R.OWN, S.ACCEPTED, progress=P.COMPLETED, spent=Decimal(7))
    s.m5q3 = sub(5, 3, al, R.OWN, S.SUBMITTED, progress=P.IN_PROGRESS, occurrence=dt.date(2015, 7, 5))

    users = SimpleNamespace(
        coordinator=f.UserFactory(username="coordinator", role=User.Role.COORDINATOR),
        reader=f.UserFactory(username="reader", role=User.Role.READER),
        officer=f.UserFactory(username="officer_mn", role=User.Role.OFFICER, agency=mn),
        head=f.UserFactory(username="head_mn", role=User.Role.HEAD, agency=mn),
        akimat=f.UserFactory(username="officer_al", role=User.Role.OFFICER, agency=al),
        outsider=f.UserFactory(username="outsider", role=User.Role.OFFICER, agency=outsider),
    )
    for day, kind, status in (
        (6, Reminder.Kind.OVERDUE, "sent"),
        (9, Reminder.Kind.OVERDUE, "sent"),
        (11, Reminder.Kind.ESCALATION_HEAD, "sent"),
    ):
        Reminder.objects.create(
            recipient=users.officer,
            submission=s.m2q3,
            period=q[3],
            kind=kind,
            on_date=dt.date(2014, 10, day),
            status=status,
        )
    Reminder.objects.create(
        recipient=users.akimat,
        submission=s.m4q3_al,
        period=q[3],
        kind=Reminder.Kind.OVERDUE,
        on_date=dt.date(2014, 10, 6),
        status=Reminder.Status.FAILED,
    )
    return SimpleNamespace(
        plan=plan, periods=q, mn=mn, al=al, outsider=outsider, d1=d1, d2=d2, measures=m, subs=s, users=users
    )


@pytest.fixture
def dash(db):
    return build()


def client_for(client, user):
    client.force_login(user)
    return client
