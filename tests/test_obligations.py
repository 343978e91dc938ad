import datetime as dt

import pytest
from django.utils import translation

from accounts.models import User
from plans import services
from plans.models import MeasureDueDate, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the other languages come from the compiled catalogues."""
    with translation.override("en"):
        yield


ANNUAL = {"once": [], "annual_month": 7, "annual_day": 5, "annual_from": None}


@pytest.fixture
def plan():
    return f.PlanFactory(code="p1593")


def quarter(plan, year, number):
    return f.PeriodFactory(plan=plan, year=year, number=number)


def measure(plan, *agencies, lead=None, schedule=None, dates=(), **kw):
    m = f.MeasureFactory(direction=f.DirectionFactory(plan=plan), schedule=schedule or {"once": []}, **kw)
    for agency in agencies:
        f.ResponsibilityFactory(measure=m, agency=agency, is_lead=agency == lead)
    for d in dates:
        MeasureDueDate.objects.create(measure=m, due=d)
    return m


def rows(period):
    return {(s.measure.number, s.agency.code): (s.role, s.occurrence) for s in Submission.objects.filter(period=period)}


def accept_completed(sub):
    Submission.objects.filter(pk=sub.pk).update(
        status=Submission.Status.ACCEPTED, progress=Submission.Progress.COMPLETED
    )


def test_it_opens_one_row_per_responsible_agency_with_roles_and_is_idempotent(plan):
    iim, enbek, almaty = (f.AgencyFactory(code=c) for c in ("ІІМ", "Еңбекмині", "Алматы"))
    led = measure(plan, iim, enbek, lead=iim, dates=[dt.date(2014, 5, 31)], number=2)
    own = measure(plan, enbek, almaty, dates=[dt.date(2014, 2, 28)], number=3)
    q1 = quarter(plan, 2014, 1)
    assert services.period_open(period=q1) == 4
    assert services.period_open(period=q1) == 0
    assert rows(q1) == {
        (led.number, "ІІМ"): ("consolidated", dt.date(2014, 5, 31)),
        (led.number, "Еңбекмині"): ("contribution", dt.date(2014, 5, 31)),
        (own.number, "Еңбекмині"): ("own", dt.date(2014, 2, 28)),
        (own.number, "Алматы"): ("own", dt.date(2014, 2, 28)),
    }
    assert {s.due for s in Submission.objects.all()} == {q1.agency_due}


def test_it_never_opens_a_classified_measure(plan):
    agency = f.AgencyFactory(code="ҰҚК")
    measure(plan, agency, dates=[dt.date(2014, 5, 31)], classified=True, number=35)
    assert services.period_open(period=quarter(plan, 2014, 1)) == 0


def test_it_keeps_asking_about_a_one_off_measure_until_completed_even_past_its_deadline(plan):
    agency = f.AgencyFactory(code="ІІМ")
    m = measure(plan, agency, dates=[dt.date(2014, 2, 28)])
    q1, q2, q3 = (quarter(plan, 2014, n) for n in (1, 2, 3))
    services.period_open(period=q1)
    services.period_open(period=q2)
    assert Submission.objects.filter(measure=m).count() == 2
    accept_completed(Submission.objects.get(period=q2))
    assert services.period_open(period=q3) == 0


def test_it_counts_the_leads_completed_report_for_every_co_executor(plan):
    iim, enbek = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="Еңбекмині")
    measure(plan, iim, enbek, lead=iim, dates=[dt.date(2014, 2, 28)])
    q1 = quarter(plan, 2014, 1)
    services.period_open(period=q1)
    accept_completed(Submission.objects.get(period=q1, agency=iim))
    assert services.period_open(period=quarter(plan, 2014, 2)) == 0


def test_it_asks_about_a_recurring_measure_in_the_quarter_of_each_occurrence_and_carries_it_over(plan):
    agency = f.AgencyFactory(code="ІІМ")
    m = measure(plan, agency, schedule=ANNUAL, dates=[dt.date(2014, 7, 5), dt.date(2015, 7, 5)])
    q = {(y, n): quarter(plan, y, n) for y in (2014, 2015) for n in (1, 2, 3, 4)}
    assert services.period_open(period=q[2014, 1]) == 0
    assert services.period_open(period=q[2014, 3]) == 1
    # Not completed in Q3: carried into Q4 for the same occurrence.
    services.period_open(period=q[2014, 4])
    assert Submission.objects.get(period=q[2014, 4], measure=m).occurrence == dt.date(2014, 7, 5)
    accept_completed(Submission.objects.get(period=q[2014, 4]))
    assert services.period_open(period=q[2015, 1]) == 0
    services.period_open(period=q[2015, 3])
    assert Submission.objects.get(period=q[2015, 3]).occurrence == dt.date(2015, 7, 5)


def test_it_withdraws_untouched_later_obligations_when_a_completed_report_is_accepted(plan):
    iim, enbek = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="Еңбекмині")
    measure(plan, iim, enbek, lead=iim, dates=[dt.date(2014, 2, 28)])
    q1, q2 = quarter(plan, 2014, 1), quarter(plan, 2014, 2)
    services.period_open(period=q1)
    # The next quarter opens on 1 April, before the ministry accepts Q1's report.
    services.period_open(period=q2)
    officer = f.UserFactory(username="iim.officer", agency=iim)
    coordinator = f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None)
    sub = Submission.objects.get(period=q1, agency=iim)
    sub = services.submission_save_draft(
        submission=sub,
        user=officer,
        version=1,
        data={"progress": "completed", "narrative": "Дайын", "letter_number": "1", "letter_date": dt.date(2014, 3, 30)},
    )
    services.submission_accept(submission=services.submission_submit(submission=sub, user=officer), user=coordinator)
    assert not Submission.objects.filter(period=q2).exists()
