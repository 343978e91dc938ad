"""Generated reports and dashboard figures through the API: the same people see the same ones as
on the pages, and the PDF downloads."""

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from accounts.services import api_token_create
from reports.models import GeneratedReport

from .report_data import build_small_plan
from .test_report_pdf import blank_pdf

pytestmark = pytest.mark.django_db
SEES = {
    "coordinator": {"draft", "final", "iim", "labour", "history"},
    "reader": {"final"},
    "officer": {"iim"},
    "outsider": {"labour"},
}


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='test')[1]}")
    return client


@pytest.fixture
def data():
    data = build_small_plan()

    def ready(kind="consolidated", final=False, **kw):
        report = GeneratedReport.objects.create(
            kind=kind, plan=data.plan, language="kk", status="ready", progress=100, is_final=final, **kw
        )
        report.file.save(report.filename, ContentFile(blank_pdf()))
        return report

    data.reports = {
        "draft": ready(period=data.q4),
        "final": ready(period=data.q4, final=True, version=2),
        "iim": ready(kind="agency", period=data.q4, agency=data.iim),
        "labour": ready(kind="agency", period=data.q4, agency=data.labour),
        "history": ready(kind="measure", measure=data.m1),
    }
    return data


@pytest.mark.parametrize("who", SEES)
def test_it_lists_and_serves_only_the_documents_a_person_may_open(data, who):
    client = client_of(getattr(data, who))
    listed = {r["id"] for r in client.get("/api/v1/documents/").json()["results"]}
    assert listed == {data.reports[k].pk for k in SEES[who]}
    for key, report in data.reports.items():
        response = client.get(f"/api/v1/documents/{report.pk}/pdf/")
        if key in SEES[who]:
            assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF")
        else:
            assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_it_gives_the_overview_counts_of_a_plan(data):
    body = client_of(data.coordinator).get(f"/api/v1/dashboard/overview/?plan={data.plan.code}").json()
    assert body["plan"] == data.plan.code and body["measures"] >= 1
    assert sum(body["outcomes"].values()) == body["measures"] - body["classified"]
    assert [p["period"] for p in body["per_period"]][-1] == data.q4.label


def test_it_gives_the_scorecard_through_the_dashboards_selector(data):
    rows = client_of(data.coordinator).get(f"/api/v1/dashboard/scorecard/?plan={data.plan.code}").json()["rows"]
    own = client_of(data.officer).get("/api/v1/dashboard/scorecard/").json()["rows"]
    assert {r["agency_code"] for r in rows} >= {"ІІМ", "Еңбекмині"}
    assert {r["agency_code"] for r in own} == {"ІІМ"}
    assert all(0 <= (r["rate"] or 0) <= 1 for r in rows)


def test_it_asks_for_the_plan_of_the_overview(data):
    response = client_of(data.coordinator).get("/api/v1/dashboard/overview/")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["plan"]
