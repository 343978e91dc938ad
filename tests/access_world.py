"""The one world both access matrices (the pages' and the API's) are checked in: a measure whose
lead agency (ІІМ) has a report with a file and whose co-executor (Еңбекмині) has a contribution, an
agency outside the measure (Алматы), the ministry, and a user for each role; the plan has a
version applied by the coordinator, and there is an outcome indicator with a figure."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from indicators.models import Indicator, Observation, Source, Territory
from plans.models import Evidence, PlanVersion
from plans.planfile.applying import changes_as_json
from plans.planfile.changes import PlanChanges
from tests import factories as f

ROLES = ["anonymous", "officer", "head", "co_officer", "outsider", "coordinator", "reader"]


def build_access_world() -> dict:
    lead, co, outside = (f.AgencyFactory(code=c) for c in ("ІІМ", "Еңбекмині", "Алматы"))
    measure = f.MeasureFactory(number=7)
    f.ResponsibilityFactory(measure=measure, agency=lead, is_lead=True)
    f.ResponsibilityFactory(measure=measure, agency=co)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    report = f.SubmissionFactory(
        measure=measure, period=period, agency=lead, role="consolidated", narrative="Ішкі мәтін"
    )
    contribution = f.SubmissionFactory(measure=measure, period=period, agency=co, role="contribution")
    evidence = Evidence.objects.create(
        submission=report, file="evidence/x.pdf", name="x.pdf", size=1, content_type="application/pdf"
    )
    users = {
        "officer": f.UserFactory(username="iim.officer", agency=lead, role=User.Role.OFFICER),
        "head": f.UserFactory(username="iim.head", agency=lead, role=User.Role.HEAD),
        "co_officer": f.UserFactory(username="enbek.officer", agency=co, role=User.Role.OFFICER),
        "outsider": f.UserFactory(username="almaty.officer", agency=outside, role=User.Role.OFFICER),
        "coordinator": f.UserFactory(username="coordinator", role=User.Role.COORDINATOR),
        "reader": f.UserFactory(username="reader", role=User.Role.READER),
    }
    version = PlanVersion.objects.create(
        plan=measure.plan,
        number=1,
        kind=PlanVersion.Kind.APPROVAL,
        act_kind="decree",
        act_number="1593",
        act_date=dt.date(2013, 12, 31),
        applied_by=users["coordinator"],
        applied_at=timezone.now(),
        file_name="plan.xlsx",
        checksum="0" * 64,
        changes=changes_as_json(PlanChanges(code=measure.plan.code, is_new=True)),
    )
    return {
        "plan": measure.plan,
        "version": version,
        "observation": _indicator_with_a_figure(),
        "measure": measure,
        "period": period,
        "report": report,
        "contribution": contribution,
        "evidence": evidence,
        "users": users,
        "agencies": {"lead": lead, "co": co, "outside": outside},
    }


def _indicator_with_a_figure() -> Observation:
    indicator = Indicator.objects.create(code="arrivals", name_kk="Келгендер", name_en="Arrivals", unit="persons")
    country = Territory.objects.create(code="KZ", name_kk="Қазақстан", name_en="Kazakhstan", kind="country")
    source = Source.objects.create(title="Release", issuer="Bureau", date=dt.date(2026, 2, 9))
    return Observation.objects.create(
        indicator=indicator,
        territory=country,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
        value=23761,
        source=source,
    )
