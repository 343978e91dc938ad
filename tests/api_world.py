"""The access matrix's world (a lead agency, a co-executor, an outsider, the ministry) with an API
token for each of its users, and a client speaking to the API with one of them."""

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import api_token_create
from plans.models import Evidence
from tests import factories as f

ROLES = ["anonymous", "officer", "head", "co_officer", "outsider", "coordinator", "reader"]


@pytest.fixture
def api_world(db):
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
    keys = {role: api_token_create(user=user, name=f"{role} system")[1] for role, user in users.items()}
    return {
        "plan": measure.plan,
        "measure": measure,
        "period": period,
        "report": report,
        "contribution": contribution,
        "evidence": evidence,
        "users": users,
        "keys": keys,
        "agencies": {"lead": lead, "co": co, "outside": outside},
    }


def api(world: dict, role: str, **headers) -> APIClient:
    client = APIClient(**headers)
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Token {world['keys'][role]}")
    return client
