import datetime as dt
import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import User
from outbox.models import Email
from plans.models import MeasureDueDate, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_run(settings):
    settings.DEBUG = True  # as scripts/run.sh runs it


@pytest.fixture
def small_1593():
    """A two-measure stand-in for plan 1593 (the real one is loaded by import_plan in the run script)."""
    plan = f.PlanFactory(code="1593")
    iim, enbek = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="Еңбекмині")
    for number, agencies, due in ((1, (iim, enbek), dt.date(2014, 5, 31)), (2, (enbek,), dt.date(2014, 9, 30))):
        m = f.MeasureFactory(direction=f.DirectionFactory(plan=plan), number=number, schedule={})
        MeasureDueDate.objects.create(measure=m, due=due)
        for agency in agencies:
            f.ResponsibilityFactory(measure=m, agency=agency, is_lead=agency == iim)
    for n in (1, 2, 3, 4):
        f.PeriodFactory(plan=plan, year=2014, number=n)
    return plan


@time_machine.travel(dt.datetime(2015, 1, 20, 6, tzinfo=dt.UTC), tick=False)
def test_it_seeds_accounts_and_reports_through_the_workflow_and_is_idempotent(small_1593):
    out = io.StringIO()
    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    text = out.getvalue()
    assert "demo-1593" in text and "iim.head" in text
    assert User.objects.get(username="coordinator").role == User.Role.COORDINATOR
    assert User.objects.get(username="iim.head").check_password("demo-1593")
    reports = Submission.objects.filter(period__plan=small_1593)
    assert reports.count() == reports.filter(status=Submission.Status.ACCEPTED).count() > 0
    assert all(r.history.count() >= 3 for r in reports)
    # Measure 2 was reported every quarter until completed with its September deadline.
    assert reports.filter(measure__number=2).count() == 3
    before = list(reports.values_list("pk", "version"))
    call_command("seed_demo", stdout=io.StringIO())
    assert list(reports.values_list("pk", "version")) == before


def test_it_asks_for_the_plan_first(db):
    with pytest.raises(Exception, match="import_plan"):
        call_command("seed_demo", stdout=io.StringIO())


def test_it_refuses_to_seed_when_debug_is_off_unless_told(small_1593, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off.*--allow-production"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.filter(username="coordinator").exists()
    with time_machine.travel(dt.datetime(2015, 1, 20, 6, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", "--allow-production", stdout=io.StringIO())
    assert User.objects.filter(username="coordinator").exists()


@time_machine.travel(dt.datetime(2015, 1, 20, 6, tzinfo=dt.UTC), tick=False)
def test_it_shows_progress_per_period_and_queues_no_email(small_1593):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "1593 2014Q1:" in out.getvalue() and "1593 2014Q4:" in out.getvalue()
    assert not Email.objects.exists()
