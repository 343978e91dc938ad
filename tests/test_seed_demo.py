import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import translation

from accounts.models import User
from outbox.models import Email
from plans import services
from plans.models import Agency, BudgetLine, Evidence, Measure, MeasureDueDate, Notification, Submission
from plans.replay import Replay
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


class _Watched(io.StringIO):
    """Output that notes, for every line, how many reports had been filed when it was printed."""

    def __init__(self) -> None:
        super().__init__()
        self.lines = []

    def write(self, text: str) -> int:
        self.lines.append((text, Submission.objects.exclude(status=Submission.Status.DUE).count()))
        return super().write(text)


@time_machine.travel(dt.datetime(2015, 1, 20, 6, tzinfo=dt.UTC), tick=False)
def test_it_shows_progress_per_period_as_it_goes_and_queues_no_email(small_1593):
    out = _Watched()
    call_command("seed_demo", stdout=out)
    filed = {text.split(":")[0].strip(): n for text, n in out.lines if text.startswith("  1593 ")}
    assert list(filed) == ["1593 2014Q1", "1593 2014Q2", "1593 2014Q3", "1593 2014Q4"]
    # Each quarter is announced once its reports are written, before the next one is filed.
    assert 0 < filed["1593 2014Q1"] < filed["1593 2014Q4"] == Submission.objects.exclude(status="due").count()
    assert not Email.objects.exists()


# --- the bulk path writes what the services write -------------------------------------------------

ANNUAL = {"once": [], "annual_month": 7, "annual_day": 5, "annual_from": None}


@pytest.fixture
def varied_1593():
    """Two years of a plan with every kind of measure the demo files: consolidated with
    contributions, an order needing its act and file, a budget, an annual measure and own reports."""
    plan = f.PlanFactory(code="1593", last_year=2015)
    iim, enbek, odm = (f.AgencyFactory(code=c) for c in ("ІІМ", "Еңбекмині", "ӨДМ"))
    kinds = [Measure.FormKind.INFORMATION, Measure.FormKind.ORDER, Measure.FormKind.PROPOSALS, Measure.FormKind.DECREE]
    for number in range(1, 13):
        due = dt.date(2014, 3 + number % 10, 28)
        schedule = ANNUAL if number % 5 == 0 else {}
        m = f.MeasureFactory(
            direction=f.DirectionFactory(plan=plan, number=1 + number % 3) if number < 4 else plan.directions.first(),
            number=number,
            schedule=schedule,
            form_kind=kinds[number % 4],
        )
        if not schedule:
            MeasureDueDate.objects.create(measure=m, due=due)
        if number % 3 == 0:
            BudgetLine.objects.create(measure=m, year=2014, amount=Decimal("1200.5"))
            BudgetLine.objects.create(measure=m, year=2015, amount=Decimal("800"))
        lead = number % 2 == 0  # an odd measure's agencies each report on their own
        for agency in (iim, enbek, odm)[: 1 + number % 3]:
            f.ResponsibilityFactory(measure=m, agency=agency, is_lead=lead and agency == iim)
    for year in (2014, 2015):
        for n in (1, 2, 3, 4):
            f.PeriodFactory(plan=plan, year=year, number=n)
    return plan


def _key(sub_id: int, keys: dict) -> tuple:
    return keys.get(sub_id, ("deleted", sub_id)) if sub_id else None


def _world() -> dict:
    """Everything seeding writes, with database ids replaced by what they stand for."""
    keys = {
        s.pk: (s.period.label, s.measure.number, s.agency.code)
        for s in Submission.objects.select_related("period", "measure", "agency")
    }
    names = dict(User.objects.values_list("pk", "username"))
    history = Submission.history.model.objects.order_by("history_id")
    # Deleted reports keep their history: they are named by their own recorded fields.
    deleted = {h.id: (h.period.label, h.measure.number, h.agency.code) for h in history if h.history_type == "-"}
    keys |= deleted

    def plain(row: dict) -> dict:
        row = dict(row)
        row.pop("history_id", None)  # the order of the entries is kept instead
        if "submission_id" in row or "user_id" in row:
            row.pop("id")  # an evidence file's or a notification's own number
        for field in ("id", "submission_id", "closed_by_id"):
            if field in row:
                row[field] = _key(row[field], keys)
        for field in ("submitted_by_id", "reviewed_by_id", "history_user_id", "uploaded_by_id", "user_id"):
            if field in row:
                row[field] = names.get(row[field])
        if isinstance(row.get("params"), dict) and "submission" in row["params"]:
            row["params"] = {**row["params"], "submission": _key(row["params"]["submission"], keys)}
        if "url" in row:
            row["url"] = re.sub(r"\d+", "#", row["url"])
        row.pop("updated_at", None) if "history_type" in row else None
        return row

    def rows(queryset, *order) -> list:
        return sorted((plain(r) for r in queryset.values()), key=lambda r: repr([r.get(o) for o in order]))

    return {
        "reports": rows(Submission.objects.all(), "id"),
        # per report, in the order written
        "history": [plain(r) for r in history.values()],
        "evidence": rows(Evidence.objects.all(), "submission_id", "name"),
        "notifications": rows(Notification.objects.all(), "user_id", "created_at", "kind", "params"),
        "emails": Email.objects.count(),
    }


def _seeded(tmp_path, settings, *args) -> dict:
    """The world after seeding, then undone (files under a fresh MEDIA_ROOT each time)."""
    settings.MEDIA_ROOT = tmp_path / "-".join(args or ("bulk",))
    with pytest.raises(_Undo), transaction.atomic():
        call_command("seed_demo", *args, stdout=io.StringIO())
        world = _world()
        raise _Undo
    return world


class _Undo(Exception):
    pass


@time_machine.travel(dt.datetime(2015, 10, 10, 6, tzinfo=dt.UTC), tick=False)
def test_it_writes_in_bulk_exactly_what_the_services_write_one_by_one(varied_1593, tmp_path, settings):
    services_world = _seeded(tmp_path, settings, "--one-by-one")
    bulk_world = _seeded(tmp_path, settings)
    # The comparison covers every kind of step and its history entry.
    reasons = {h["history_change_reason"] for h in services_world["history"]}
    assert {"draft saved", "submitted", "accepted", "returned", "signed off by the head and submitted"} <= reasons
    assert {"-"} <= {h["history_type"] for h in services_world["history"]}  # obligations a completion ended
    assert services_world["evidence"] and services_world["notifications"]
    assert {r["status"] for r in services_world["reports"]} >= {"accepted", "draft"}
    assert any(r["days_late"] for r in services_world["reports"])
    assert services_world["emails"] == 0  # the past is not mailed
    for part in services_world:
        assert bulk_world[part] == services_world[part], part


def test_the_bulk_path_closes_and_withdraws_obligations_and_refuses_steps_on_withdrawn_ones(small_1593):
    q1, q2 = (small_1593.periods.get(number=n) for n in (1, 2))
    for period in (q1, q2):
        services.period_open(period=period)
    officer = f.UserFactory(role=User.Role.OFFICER, agency=Agency.objects.get(code="ІІМ"))
    coordinator = f.UserFactory(role=User.Role.COORDINATOR)
    rows = list(
        Submission.objects.filter(measure__number=1, agency=officer.agency)
        .select_related("measure", "agency", "period__plan")
        .order_by("period__start")
    )
    lead_q1, lead_q2 = rows
    replay, moment = Replay(rows), dt.datetime(2014, 4, 3, 5, tzinfo=dt.UTC)
    done = {"progress": "completed", "narrative": "Done.", "letter_number": "1-2/3", "letter_date": dt.date(2014, 4, 1)}
    replay.draft(lead_q1, officer, moment, done)
    replay.submit(lead_q1, officer, moment)
    replay.accept(lead_q1, coordinator, moment)
    # Accepting the lead's completed report withdrew the next quarter's untouched obligation.
    with pytest.raises(Submission.DoesNotExist):
        replay.draft(lead_q2, officer, moment, {"narrative": "More."})
    replay.write()
    assert not Submission.objects.filter(period=q2, measure__number=1).exists()
    contribution = Submission.objects.get(period=q1, measure__number=1, agency__code="Еңбекмині")
    assert (contribution.status, contribution.closed_by_id) == (Submission.Status.CLOSED, lead_q1.pk)
    assert list(contribution.history.values_list("history_change_reason", "history_date")) == [
        ("closed: the measure was accepted as completed", moment)
    ]
    assert Submission.history.filter(id=lead_q2.pk, history_type="-", history_date=moment).exists()
