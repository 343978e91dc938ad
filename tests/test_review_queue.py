"""The review queue counts what it lists, lists what the ministry reviews by default (consolidated
and own reports, longest waiting first) and reaches contributions from their lead's report."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import User
from plans.models import Submission
from tests import factories as f

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def queue():
    plan = f.PlanFactory(code="q1593")
    period = f.PeriodFactory(plan=plan, year=2015, number=4)
    lead, co = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="ДСМ")
    rows = {}
    for number, (agency, role, waited) in enumerate(
        [(lead, "consolidated", 2), (co, "contribution", 9), (lead, "own", 6), (co, "own", 4)], start=1
    ):
        m = f.MeasureFactory(direction=f.DirectionFactory(plan=plan), number=number)
        rows[number] = f.SubmissionFactory(
            measure=m,
            period=period,
            agency=agency,
            role=role,
            status=Submission.Status.SUBMITTED,
            submitted_at=dt.datetime(2016, 1, 4, tzinfo=ALMATY),
            status_changed_at=dt.datetime(2016, 1, 20 - waited, 9, tzinfo=ALMATY),
        )
    # The contribution belongs to measure 1's consolidated report.
    rows[2].measure = rows[1].measure
    rows[2].save()
    return rows


def _listed(page: str, rows) -> list[int]:
    found = [(page.find(f"/plans/submissions/{s.pk}/"), n) for n, s in rows.items()]
    return [n for pos, n in sorted(found) if pos >= 0]


@time_machine.travel(dt.datetime(2016, 1, 20, 12, tzinfo=ALMATY), tick=False)
def test_it_counts_and_lists_what_the_ministry_reviews_longest_waiting_first(client, queue):
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None))
    page = client.get("/plans/review/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 reports" in page
    assert _listed(page, queue) == [3, 4, 1]
    assert "6 days" in page
    everything = client.get("/plans/review/?scope=all").content.decode()
    assert "4 reports" in everything and _listed(everything, queue) == [2, 3, 4, 1]
    contributions = client.get("/plans/review/?scope=contributions").content.decode()
    assert _listed(contributions, queue) == [2]


def test_it_reaches_a_contribution_from_its_leads_report(client, queue):
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None))
    page = client.get(f"/plans/submissions/{queue[1].pk}/").content.decode()
    assert f'href="/plans/submissions/{queue[2].pk}/"' in page


def test_it_ignores_junk_in_the_queues_filters(client, queue):
    client.force_login(f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None))
    for query in ("scope=%00", "status=\x00x", "plan=%00&agency=%FF%FE", "direction=1e999", "period=abc", "page=%00"):
        assert client.get(f"/plans/review/?{query}").status_code in (200, 400, 404), query
