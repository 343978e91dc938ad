import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command

from plans.models import Plan, ReportingPeriod
from plans.periods import plan_generate_periods
from plans.planfile import import_plan
from plans.training import plan_make_training_copy

from .factories import PlanFactory

REAL_PLAN = Path(__file__).resolve().parent.parent / "plans" / "data" / "plan_1593"


@pytest.mark.django_db
def test_it_generates_the_twelve_quarters_of_decree_1593_with_the_5th_and_15th():
    plan = import_plan(REAL_PLAN).plan
    periods = list(plan.periods.all())
    assert [p.label for p in periods] == [f"{y}Q{q}" for y in (2014, 2015, 2016) for q in (1, 2, 3, 4)]
    q4 = periods[-1]
    assert (q4.start, q4.end, q4.agency_due, q4.ministry_due) == (
        dt.date(2016, 10, 1),
        dt.date(2016, 12, 31),
        dt.date(2017, 1, 5),
        dt.date(2017, 1, 15),
    )
    assert periods[1].agency_due == dt.date(2014, 7, 5) and periods[1].ministry_due == dt.date(2014, 7, 15)


@pytest.mark.django_db
def test_it_follows_another_reporting_rule_by_changing_data_only():
    plan = PlanFactory(first_year=2020, last_year=2021, period_months=6, agency_due_day=10, ministry_due_day=20)
    periods = plan_generate_periods(plan=plan)
    assert [p.label for p in periods] == ["2020H1", "2020H2", "2021H1", "2021H2"]
    assert (periods[0].end, periods[0].agency_due, periods[0].ministry_due) == (
        dt.date(2020, 6, 30),
        dt.date(2020, 7, 10),
        dt.date(2020, 7, 20),
    )
    plan.period_months = 3
    plan.save()
    assert len(plan_generate_periods(plan=plan)) == 8
    assert plan.periods.count() == 8


@pytest.mark.django_db
def test_it_is_idempotent():
    plan = PlanFactory()
    first = plan_generate_periods(plan=plan)
    assert [p.pk for p in plan_generate_periods(plan=plan)] == [p.pk for p in first]


def test_it_tells_the_state_of_a_period_on_any_day():
    start, end, agency_due, ministry_due = ReportingPeriod.bounds(2015, 4, 3, 5, 15)
    period = ReportingPeriod(
        year=2015, number=4, start=start, end=end, agency_due=agency_due, ministry_due=ministry_due
    )
    S = ReportingPeriod.State
    assert period.state(dt.date(2015, 9, 30)) == S.UPCOMING
    assert period.state(dt.date(2015, 12, 31)) == S.OPEN
    assert period.state(dt.date(2016, 1, 5)) == S.REPORTING
    assert period.state(dt.date(2016, 1, 6)) == S.CONSOLIDATING
    assert period.state(dt.date(2016, 1, 16)) == S.CLOSED
    assert period.days_left(dt.date(2016, 1, 1)) == 4 and period.days_left(dt.date(2016, 1, 8)) == -3


@pytest.mark.django_db
def test_it_makes_a_labelled_training_copy_moved_by_whole_years():
    real = import_plan(REAL_PLAN).plan
    copy = plan_make_training_copy(plan=real, years=12).plan
    assert copy.code == "1593-training" and copy.is_training and copy.source_plan == real
    assert (copy.first_year, copy.last_year) == (2026, 2028)
    assert copy.title_kk.startswith("ОҚУ КӨШІРМЕСІ.") and copy.title_ru.startswith("УЧЕБНАЯ КОПИЯ.")
    m15 = copy.measures.get(number=15)
    assert m15.deadline_text == "2028 жылғы 5 қаңтар"
    assert {b.year: int(b.amount) for b in m15.budget_lines.all()} == {2026: 549642, 2027: 80612, 2028: 18324}
    assert [d.due.isoformat() for d in copy.measures.get(number=1).due_dates.all()] == [
        "2026-07-05",
        "2027-07-05",
        "2028-07-05",
    ]
    assert copy.periods.count() == 12 and real.measures.count() == copy.measures.count() == 49
    assert not plan_make_training_copy(plan=real, years=12).changed


@pytest.mark.django_db
@time_machine.travel(dt.datetime(2026, 11, 22, 9, 0))
def test_it_moves_the_training_copy_so_that_this_year_is_inside_it():
    import_plan(REAL_PLAN)
    call_command("make_training_copy", "1593")
    copy = Plan.objects.get(code="1593-training")
    assert copy.first_year == 2026
    assert copy.periods.filter(start__lte=dt.date(2026, 11, 22), end__gte=dt.date(2026, 11, 22)).get().label == "2026Q4"
