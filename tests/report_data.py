"""A small plan with every case the consolidated report counts, shared by the document tests.

Period 2015Q4 (agencies report by 5 January 2016):
* measure 1, lead ІІМ accepted "completed" on time (spent 300, plus 250 in Q3; planned 1000 for 2015);
  co-executor Еңбекмині submitted late;
* measure 2, no lead: Ақмола akimat accepted "in progress" on time (spent 100; planned 500),
  Алматы akimat did not report;
* measure 3 classified, with a report whose text must never appear;
* measure 4, lead ДСӘДМ did not report;
* measure 5, nothing due this quarter.
Expected: completed 1, in progress 1, not reported 1; 5 reports due, 2 on time (40 %);
late: Еңбекмині (1); missing: Алматы akimat (2), ДСӘДМ (4); planned 1500, spent 650.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from accounts.models import User
from plans.models import Agency, BudgetLine, Submission

from .factories import (
    AgencyFactory,
    DirectionFactory,
    MeasureFactory,
    PeriodFactory,
    PlanFactory,
    ResponsibilityFactory,
    SubmissionFactory,
    UserFactory,
)

KAZAKH_TEXT = (
    "Көші-қон ағындары зерделенді; облыстардың, Астана мен Алматы қалаларының әкімдіктері ақпарат ұсынды "
    "(ә ғ қ ң ө ұ ү һ і)."
)
SECRET = "ҚҰПИЯ-МӘТІН-ШЕКАРА"
S, P, R = Submission.Status, Submission.Progress, Submission.Role
ALMATY = ZoneInfo("Asia/Almaty")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11), tzinfo=ALMATY)


def build_small_plan() -> SimpleNamespace:
    plan = PlanFactory(code="t1593", act_number="1593")
    d1 = DirectionFactory(plan=plan, number=1, title="Ішкі көші-қон ағындарын есепке алу")
    d2 = DirectionFactory(plan=plan, number=2, title="Урбанизациялау процестері")
    iim = AgencyFactory(
        code="ІІМ",
        name_kk="Қазақстан Республикасы Ішкі істер министрлігі",
        name_ru="Министерство внутренних дел Республики Казахстан",
    )
    labour = AgencyFactory(
        code="Еңбекмині",
        name_kk="Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
        name_ru="Министерство труда и социальной защиты населения Республики Казахстан",
    )
    akmola = AgencyFactory(
        code="Ақмола облысы",
        name_kk="Ақмола облысының әкімдігі",
        name_ru="Акимат Акмолинской области",
        kind=Agency.Kind.AKIMAT,
    )
    almaty = AgencyFactory(
        code="Алматы облысы",
        name_kk="Алматы облысының әкімдігі",
        name_ru="Акимат Алматинской области",
        kind=Agency.Kind.AKIMAT,
    )
    dsad = AgencyFactory(
        code="ДСӘДМ",
        name_kk="Қазақстан Республикасы Денсаулық сақтау және әлеуметтік даму министрлігі",
        name_ru="Министерство здравоохранения и социального развития Республики Казахстан",
    )
    m1 = MeasureFactory(
        plan=plan,
        direction=d1,
        number=1,
        title="Ішкі көшіп-қонушылардың ағындарын зерделеу",
        deadline_text="5 қаңтар жыл сайын (2015 жылдан бастап)",
        schedule={"once": [], "annual_month": 1, "annual_day": 5, "annual_from": 2015},
    )
    m2 = MeasureFactory(plan=plan, direction=d1, number=2, title="Астана қаласында тіркеу тәжірибесін қолдану")
    m3 = MeasureFactory(plan=plan, direction=d1, number=3, title=SECRET, classified=True)
    m4 = MeasureFactory(plan=plan, direction=d2, number=4, title="Моноқалаларды дамыту бағдарламасы")
    m5 = MeasureFactory(plan=plan, direction=d2, number=5, title="Агломерацияларды дамыту")
    ResponsibilityFactory(measure=m1, agency=iim, is_lead=True, order=1)
    ResponsibilityFactory(measure=m1, agency=labour, order=2)
    ResponsibilityFactory(measure=m2, agency=akmola, order=1)
    ResponsibilityFactory(measure=m2, agency=almaty, order=2)
    ResponsibilityFactory(measure=m3, agency=iim, order=1)
    ResponsibilityFactory(measure=m4, agency=dsad, is_lead=True, order=1)
    ResponsibilityFactory(measure=m5, agency=iim, order=1)
    BudgetLine.objects.create(measure=m1, year=2015, amount=Decimal("1000.0"))
    BudgetLine.objects.create(measure=m2, year=2015, amount=Decimal("500.0"))
    BudgetLine.objects.create(measure=m3, year=2015, amount=Decimal("777777.0"))
    q3 = PeriodFactory(plan=plan, year=2015, number=3)
    q4 = PeriodFactory(plan=plan, year=2015, number=4)
    on_time, late = _at(dt.date(2016, 1, 4)), _at(dt.date(2016, 1, 8))

    def sub(measure, agency, role, status=S.DUE, period=q4, **kw):
        return SubmissionFactory(measure=measure, period=period, agency=agency, role=role, status=status, **kw)

    sub(
        m1,
        iim,
        R.CONSOLIDATED,
        S.ACCEPTED,
        period=q3,
        progress=P.IN_PROGRESS,
        spent=Decimal("250.0"),
        submitted_at=_at(dt.date(2015, 10, 5)),
        narrative="Q3",
    )
    lead = sub(
        m1,
        iim,
        R.CONSOLIDATED,
        S.ACCEPTED,
        progress=P.COMPLETED,
        narrative=KAZAKH_TEXT,
        letter_number="12-345",
        letter_date=dt.date(2016, 1, 4),
        spent=Decimal("300.0"),
        submitted_at=on_time,
    )
    sub(m1, labour, R.CONTRIBUTION, S.SUBMITTED, progress=P.COMPLETED, narrative="Үлес", submitted_at=late, days_late=3)
    own = sub(
        m2,
        akmola,
        R.OWN,
        S.ACCEPTED,
        progress=P.IN_PROGRESS,
        narrative="Ақмола облысында жұмыс жалғасуда.",
        spent=Decimal("100.0"),
        submitted_at=on_time,
    )
    sub(m2, almaty, R.OWN)
    sub(m3, iim, R.OWN, S.ACCEPTED, progress=P.COMPLETED, narrative=SECRET, submitted_at=on_time)
    sub(m4, dsad, R.CONSOLIDATED)
    people = {
        "coordinator": UserFactory(username="aigerim", role=User.Role.COORDINATOR, first_name="Айгерім"),
        "reader": UserFactory(username="gov_reader", role=User.Role.READER),
        "officer": UserFactory(username="iim_officer", role=User.Role.OFFICER, agency=iim),
        "outsider": UserFactory(username="labour_officer", role=User.Role.OFFICER, agency=labour),
    }
    return SimpleNamespace(
        plan=plan,
        q3=q3,
        q4=q4,
        iim=iim,
        labour=labour,
        akmola=akmola,
        almaty=almaty,
        dsad=dsad,
        m1=m1,
        m2=m2,
        m3=m3,
        m4=m4,
        m5=m5,
        lead=lead,
        own=own,
        **people,
    )
