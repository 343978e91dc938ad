"""The rules that have one home: timeliness (on time, late, returned, missing), recurrence, the
measure status vocabulary and local dates."""

import datetime as dt
import itertools

import pytest
import time_machine

from dashboards import selectors as dashboards
from plans import clock
from plans.models import Measure, Submission
from reports import selectors as documents

from .factories import SubmissionFactory
from .report_data import build_small_plan

pytestmark = pytest.mark.django_db
S, T = Submission.Status, Submission.Timeliness
TODAY = dt.date(2016, 1, 10)


@pytest.fixture
def data():
    with time_machine.travel(dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)):
        yield build_small_plan()


def _scorecard_totals(data) -> dict:
    reports = dashboards.submissions(today=TODAY, plan=data.plan).filter(period=data.q4)
    return dashboards.rollup(dashboards.scorecard(reports, TODAY, data.plan), None)[0]


def test_it_counts_a_returned_report_the_same_in_the_scorecard_and_the_pdf(data):
    # Ақмола's report was sent on time, then returned for corrections.
    Submission.objects.filter(pk=data.own.pk).update(status=S.RETURNED, return_reason="Толықтырыңыз")
    totals = _scorecard_totals(data)
    _lines, summary, _used = documents.period_overview(data.plan, data.q4, "kk", today=TODAY)

    assert (totals["on_time"], totals["returned"]) == (1, 1)  # a returned report is not on time
    assert summary.on_time == totals["on_time"]
    assert summary.due == totals["obligations"] - totals["pending"]
    assert summary.on_time_rate == round(100 * totals["rate"])
    assert not any(a.agency.code == "Ақмола облысы" for a in summary.late_agencies + summary.missing_agencies)


def test_it_counts_late_and_missing_reports_the_same_in_the_scorecard_and_the_pdf(data):
    totals = _scorecard_totals(data)
    _lines, summary, _used = documents.period_overview(data.plan, data.q4, "kk", today=TODAY)
    assert totals["late"] == sum(len(a.late) for a in summary.agencies) == 1
    assert totals["missing"] == sum(len(a.missing) for a in summary.agencies) == 2


def test_it_leaves_reports_not_yet_due_out_of_the_pdf_on_time_rate(data):
    before_due = data.q4.agency_due - dt.timedelta(days=1)
    _lines, summary, _used = documents.period_overview(data.plan, data.q4, "kk", today=before_due)
    assert (summary.due, summary.on_time, summary.missing_agencies) == (3, 2, [])


STATUSES = list(S)
CASES = list(itertools.product(STATUSES, (0, 4), (TODAY - dt.timedelta(days=1), TODAY, TODAY + dt.timedelta(days=1))))


def test_it_decides_timeliness_the_same_in_python_and_in_the_database(data):
    rows = [SubmissionFactory(status=status, days_late=late, due=due) for status, late, due in CASES]
    filters = Submission.timeliness_filters(TODAY)
    in_database = {
        pk: kind
        for kind, condition in filters.items()
        for pk in Submission.objects.filter(condition).values_list("pk", flat=True)
    }
    for sub in rows:
        assert in_database[sub.pk] == sub.timeliness(TODAY), (sub.status, sub.days_late, sub.due)


@pytest.mark.parametrize(
    ("status", "days_late", "due", "expected"),
    [
        (S.ACCEPTED, 0, TODAY, T.ON_TIME),
        (S.SUBMITTED, 3, TODAY, T.LATE),
        (S.RETURNED, 0, TODAY - dt.timedelta(days=9), T.RETURNED),
        (S.SIGNED, 0, TODAY - dt.timedelta(days=1), T.MISSING),
        (S.DRAFT, 0, TODAY, T.PENDING),
    ],
)
def test_it_names_each_obligation_on_time_late_returned_missing_or_pending(status, days_late, due, expected):
    assert Submission(status=status, days_late=days_late, due=due).timeliness(TODAY) == expected


def test_it_decides_recurrence_by_the_measure_schedule_alone():
    annual = {"once": [], "annual_month": 7, "annual_day": 5, "annual_from": None}
    once = {
        "once": [{"year": 2015, "month": 7, "day": 5}],
        "annual_month": None,
        "annual_day": None,
        "annual_from": None,
    }
    assert Measure(schedule=annual).recurring
    assert Measure(schedule={"annual_month": 1}).recurring  # a partial, hand-made schedule
    assert not Measure(schedule=once).recurring
    assert not Measure(schedule={}).recurring


def test_it_takes_measure_statuses_from_one_vocabulary(data):
    as_of = dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)
    context = documents.consolidated_context(plan=data.plan, period=data.q4, lang="en", as_of=as_of)
    labels = [str(label) for label, _count in context["status_counts"]]
    assert labels == [str(Measure.Status(s).label) for s in documents.PERIOD_STATUSES]
    assert set(dashboards.OUTCOMES) <= set(Measure.Status)


# 5 January 2016, 20:00 UTC: still the 5th in London, already the 6th in Almaty (UTC+6).
EVENING = dt.datetime(2016, 1, 5, 20, tzinfo=dt.UTC)


@pytest.mark.parametrize(("zone", "late", "day"), [("Asia/Almaty", 1, 6), ("Europe/London", 0, 5)])
def test_it_counts_days_late_and_today_in_the_configured_time_zone(settings, zone, late, day):
    settings.TIME_ZONE = zone
    assert clock.days_late(dt.date(2016, 1, 5), EVENING) == late
    assert clock.local_date(EVENING) == dt.date(2016, 1, day)
    with time_machine.travel(EVENING, tick=False):
        assert clock.today() == dt.date(2016, 1, day)


def test_it_records_days_late_on_submission_in_the_configured_time_zone(settings):
    from plans import services

    from .factories import UserFactory

    settings.TIME_ZONE = "Europe/London"
    sub = SubmissionFactory(status=S.DRAFT, due=dt.date(2016, 1, 5), progress=Submission.Progress.NOT_STARTED)
    officer = UserFactory(role="officer", agency=sub.agency)
    with time_machine.travel(EVENING, tick=False):
        services.submission_submit(submission=sub, user=officer)
    sub.refresh_from_db()
    assert (sub.status, sub.days_late) == (S.SUBMITTED, 0)
