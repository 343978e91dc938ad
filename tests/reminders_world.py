"""A quarter with two agencies for the reminder tests (2014Q2 of a 2014–2016 plan: agencies report
by 5 July, the ministry by 15 July)."""

import datetime as dt
from types import SimpleNamespace

from accounts.models import User

from .factories import (
    AgencyFactory,
    MeasureFactory,
    PeriodFactory,
    PlanFactory,
    ResponsibilityFactory,
    SubmissionFactory,
    UserFactory,
)


def quarter_world() -> SimpleNamespace:
    plan = PlanFactory(code="r1593")
    period = PeriodFactory(plan=plan, year=2014, number=2)
    ann, bek = AgencyFactory(code="ІІМ"), AgencyFactory(code="ЕХӘМ")
    w = SimpleNamespace(plan=plan, period=period, ann=ann, bek=bek)
    w.officer_a = UserFactory(username="aigerim", role=User.Role.OFFICER, agency=ann, language="kk")
    w.officer_b = UserFactory(username="boris", role=User.Role.OFFICER, agency=bek, language="ru")
    w.head_a = UserFactory(username="head_a", role=User.Role.HEAD, agency=ann)
    w.head_b = UserFactory(username="head_b", role=User.Role.HEAD, agency=bek)
    w.coordinator = UserFactory(username="coord", role=User.Role.COORDINATOR, language="en")
    # Nobody to remind: no e-mail, or no longer active.
    UserFactory(username="no_mail", role=User.Role.OFFICER, agency=ann, email="")
    UserFactory(username="gone", role=User.Role.OFFICER, agency=ann, is_active=False)

    def obligation(number: int, agency, due: dt.date, **kw):
        measure = MeasureFactory(plan=plan, direction__plan=plan, number=number, **kw)
        ResponsibilityFactory(measure=measure, agency=agency)
        return SubmissionFactory(measure=measure, period=period, agency=agency, due=due)

    w.sub_a = obligation(1, ann, period.agency_due, title="Көші-қон ағындарын талдау")
    w.sub_b = obligation(2, bek, period.agency_due, title="Еңбек нарығын зерделеу")
    # A recurring measure's occurrence ("12 July every year") is its own report with its own due date.
    w.sub_b_recurring = obligation(3, bek, dt.date(2014, 7, 12), title="Жыл сайынғы есеп")
    # Classified measures never have reports reminded (nor named).
    w.sub_secret = obligation(35, ann, period.agency_due, title="SECRET TITLE", classified=True)
    return w
