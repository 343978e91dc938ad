import datetime as dt

import pytest

from plans.models import ReportingPeriod

from .factories import SubmissionFactory, UserFactory


def test_it_computes_quarter_bounds_with_the_decree_due_days():
    assert ReportingPeriod.bounds(2015, 4, 3, 5, 15) == (
        dt.date(2015, 10, 1),
        dt.date(2015, 12, 31),
        dt.date(2016, 1, 5),
        dt.date(2016, 1, 15),
    )


def test_it_clamps_a_due_day_to_the_end_of_a_short_month():
    assert ReportingPeriod.bounds(2015, 1, 1, 31, 31)[2] == dt.date(2015, 2, 28)


@pytest.mark.django_db
def test_it_builds_a_report_and_its_people():
    sub = SubmissionFactory()
    officer = UserFactory(agency=sub.agency)
    assert sub.period.label == "2014Q1"
    assert sub.due == dt.date(2014, 4, 5)
    assert officer.agency == sub.agency and officer.is_agency_staff
