"""Obligations follow the measure's state: once the lead's report saying "completed" is accepted,
nobody is asked for that measure again; co-executors report to the lead, not to the Government."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.models import User
from plans import reminders, services
from plans.models import MeasureDueDate, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")
S = Submission.Status


def at(day: dt.date, hour: int = 10):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=ALMATY), tick=False)


@pytest.fixture
def measure49():
    """Measure 49: ІІМ consolidates, ДСМ, Қаржымині and ҰБ contribute; due 2014-12-31."""
    plan = f.PlanFactory(code="c1593")
    agencies = [f.AgencyFactory(code=c) for c in ("ІІМ", "ДСМ", "Қаржымині", "ҰБ")]
    m = f.MeasureFactory(direction=f.DirectionFactory(plan=plan), number=49, schedule={"once": []})
    for i, agency in enumerate(agencies):
        f.ResponsibilityFactory(measure=m, agency=agency, is_lead=i == 0, order=i)
    MeasureDueDate.objects.create(measure=m, due=dt.date(2014, 12, 31))
    people = {
        a.code: f.UserFactory(username=f"officer{i}", agency=a, role=User.Role.OFFICER) for i, a in enumerate(agencies)
    }
    people["coordinator"] = f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None)
    periods = [f.PeriodFactory(plan=plan, year=y, number=n) for y in (2014, 2015) for n in (1, 2, 3, 4)]
    return {"plan": plan, "measure": m, "agencies": agencies, "people": people, "periods": periods}


def _complete_and_accept(sub, officer, coordinator):
    sub.refresh_from_db()
    sub = services.submission_save_draft(
        submission=sub,
        user=officer,
        version=sub.version,
        data={
            "progress": "completed",
            "narrative": "Ақпарат Үкіметке жолданды.",
            "letter_number": "12-3/456",
            "letter_date": dt.date(2014, 4, 2),
        },
    )
    sub = services.submission_submit(submission=sub, user=officer)
    return services.submission_accept(submission=sub, user=coordinator)


def test_it_reminds_no_agency_after_the_leads_completed_report_is_accepted(measure49):
    w = measure49
    q1 = w["periods"][0]
    with at(dt.date(2014, 1, 2)):
        services.period_open(period=q1)
    # A co-executor has started its contribution; another left it untouched.
    dsm_row = Submission.objects.get(period=q1, agency__code="ДСМ")
    with at(dt.date(2014, 3, 20)):
        services.submission_save_draft(
            submission=dsm_row, user=w["people"]["ДСМ"], version=dsm_row.version, data={"narrative": "Жоба дайындалуда"}
        )
    with at(dt.date(2014, 4, 3)):
        lead = Submission.objects.get(period=q1, agency__code="ІІМ")
        _complete_and_accept(lead, w["people"]["ІІМ"], w["people"]["coordinator"])

    # Day by day through the following periods: periods open and the reminder job runs, and
    # nothing about measure 49 reaches anyone.
    day, reminded = dt.date(2014, 4, 3), []
    while day <= dt.date(2015, 12, 31):
        with at(day):
            for period in w["periods"]:
                if period.start == day:
                    services.period_open(period=period)
            reminded += [
                p
                for p in reminders.reminders_planned(today=day)
                if p.submission and p.submission.measure_id == w["measure"].pk
            ]
        day += dt.timedelta(days=1)
    assert reminded == []
    assert Submission.objects.filter(measure=w["measure"], status__in=Submission.OUTSTANDING).count() == 0
    # The open obligations of the same quarter are closed, pointing at the accepted report.
    closed = Submission.objects.filter(period=q1, status=S.CLOSED).order_by("agency__code")
    assert [s.agency.code for s in closed] == ["ДСМ", "Қаржымині", "ҰБ"]
    assert {s.closed_by.agency.code for s in closed} == {"ІІМ"}
    assert Submission.objects.filter(measure=w["measure"]).exclude(period=q1).count() == 0


def test_it_shows_why_a_closed_obligation_asks_nothing_more(measure49, client):
    w = measure49
    q1 = w["periods"][0]
    with at(dt.date(2014, 1, 2)):
        services.period_open(period=q1)
    with at(dt.date(2014, 4, 3)):
        _complete_and_accept(
            Submission.objects.get(period=q1, agency__code="ІІМ"), w["people"]["ІІМ"], w["people"]["coordinator"]
        )
    client.force_login(w["people"]["ДСМ"])
    with at(dt.date(2014, 4, 10)), translation.override("en"):
        page = client.get("/plans/quarter/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "closed: measure completed" in page
    assert 'the report of ІІМ for 2014Q1 saying "completed" was accepted on 03 Apr 2014' in page


def test_it_asks_the_reopened_obligations_again_when_the_completion_is_reopened(measure49):
    w = measure49
    q1 = w["periods"][0]
    with at(dt.date(2014, 1, 2)):
        services.period_open(period=q1)
    with at(dt.date(2014, 4, 3)):
        lead = _complete_and_accept(
            Submission.objects.get(period=q1, agency__code="ІІМ"), w["people"]["ІІМ"], w["people"]["coordinator"]
        )
        services.submission_reopen(submission=lead, user=w["people"]["coordinator"], reason="Акт нөмірі қате")
    assert set(Submission.objects.filter(period=q1).values_list("status", flat=True)) == {S.DUE, S.RETURNED}


def test_it_asks_a_co_executor_for_its_contribution_not_for_a_letter_to_the_government(measure49):
    w = measure49
    q1 = w["periods"][0]
    with at(dt.date(2014, 1, 2)):
        services.period_open(period=q1)
    officer = w["people"]["ДСМ"]
    sub = Submission.objects.get(period=q1, agency__code="ДСМ")
    assert sub.role == Submission.Role.CONTRIBUTION
    sub = services.submission_save_draft(
        submission=sub, user=officer, version=sub.version, data={"progress": "completed"}
    )
    with pytest.raises(ValidationError) as missing:
        services.submission_submit(submission=sub, user=officer)
    assert set(missing.value.message_dict) == {"narrative"}
    # A letter to the lead, where one was sent, needs its number and date together.
    sub = services.submission_save_draft(
        submission=sub,
        user=officer,
        version=sub.version,
        data={"narrative": "ДСМ ұсыныстарын жіберді", "letter_number": "04-2/17"},
    )
    with pytest.raises(ValidationError) as missing:
        services.submission_submit(submission=sub, user=officer)
    assert set(missing.value.message_dict) == {"letter_date"}
    sub.refresh_from_db()
    sub = services.submission_save_draft(submission=sub, user=officer, version=sub.version, data={"letter_number": ""})
    assert services.submission_submit(submission=sub, user=officer).status == S.SUBMITTED


def test_it_labels_the_co_executors_letter_as_one_to_the_lead(measure49, client):
    w = measure49
    with at(dt.date(2014, 1, 2)):
        services.period_open(period=w["periods"][0])
    sub = Submission.objects.get(period=w["periods"][0], agency__code="ДСМ")
    client.force_login(w["people"]["ДСМ"])
    page = client.get(f"/plans/submissions/{sub.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "letter to the lead agency" in page
    assert "to the Government need the outgoing letter" not in page
    assert 'name="act_number"' not in page


def test_it_never_counts_a_closed_obligation_as_missing_on_the_dashboards(measure49):
    from dashboards import selectors as dash

    w = measure49
    q1 = w["periods"][0]
    with at(dt.date(2014, 1, 2)):
        services.period_open(period=q1)
    with at(dt.date(2014, 4, 3)):
        _complete_and_accept(
            Submission.objects.get(period=q1, agency__code="ІІМ"), w["people"]["ІІМ"], w["people"]["coordinator"]
        )
    states = dict(
        dash.submissions(today=dt.date(2014, 6, 1), plan=q1.plan).filter(period=q1).values_list("agency__code", "state")
    )
    assert states == {"ІІМ": "accepted", "ДСМ": "completed", "Қаржымині": "completed", "ҰБ": "completed"}
