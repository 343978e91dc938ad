"""The OpenAPI description: valid, complete (drf-spectacular's --fail-on-warn), served with its
reference page offline, and true — Schemathesis calls every operation with a coordinator's and an
officer's token and checks that nothing answers 5xx and every answer matches the schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks
from schemathesis.specs.openapi import checks as openapi_checks

from config.wsgi import application
from indicators.models import Indicator, Observation, Territory
from plans.models import Agency, Direction, Measure, Plan, ReportingPeriod, Submission
from reports.models import GeneratedReport
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_it_describes_every_endpoint_without_guessing(tmp_path):
    # --fail-on-warn turns any guess drf-spectacular makes (an untyped field, an unknown
    # parameter) into an error, and --validate checks the result against the OpenAPI 3 schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    text = (tmp_path / "schema.yaml").read_text()
    for path in ("/api/v1/submissions/{id}/draft/", "/api/v1/submissions/{id}/return/", "/api/v1/dashboard/scorecard/"):
        assert f"{path}:" in text


def test_it_serves_the_reference_page_without_the_internet(client):
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert client.get("/api/schema/?format=json").json()["info"]["title"] == "Plan Monitor API"


# Fetched from the running application (its WSGI handler, no network) as a client would.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes "old" database connections as each request starts and ends; inside
    the test's transaction that would close the test's own connection on PostgreSQL. Django's test
    client keeps it open the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def data(api_world):
    """Plenty to read: a report in every state the workflow has, and a document."""
    for n, status in enumerate(Submission.Status.values):
        period = f.PeriodFactory(plan=api_world["plan"], year=2015 + n // 4, number=1 + n % 4)
        f.SubmissionFactory(
            measure=api_world["measure"],
            agency=api_world["agencies"]["lead"],
            status=status,
            progress="in_progress",
            narrative="Жасалды",
            period=period,
        )
    GeneratedReport.objects.create(
        kind="consolidated", plan=api_world["plan"], period=api_world["period"], language="kk"
    )
    cache.clear()
    return api_world


def real_ids(resource: str) -> list:
    """Ids that exist, so that detail and write operations reach real objects, not only 404."""
    models = {
        "submissions": Submission,
        "measures": Measure,
        "directions": Direction,
        "periods": ReportingPeriod,
        "agencies": Agency,
        "documents": GeneratedReport,
        "territories": Territory,
        "observations": Observation,
    }
    if resource == "plans":
        return list(Plan.objects.values_list("code", flat=True))
    if resource == "indicators":
        return list(Indicator.objects.order_by("pk").values_list("code", flat=True))
    return list(models[resource].objects.order_by("pk").values_list("pk", flat=True))


CHECKS = [
    checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.response_headers_conformance,
]


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_it_answers_as_the_schema_says(case, data, settings_override):
    for role in ("coordinator", "officer"):
        case.call_and_validate(headers={"Authorization": f"Token {data['keys'][role]}"}, checks=CHECKS)
    if case.path_parameters:
        # The same generated query and body once more against an object that exists.
        name, value = next(iter(case.path_parameters.items()))
        ids = real_ids(case.path.split("/")[3])
        case.path_parameters[name] = ids[len(repr(value) + repr(case.body)) % len(ids)]
        for role in ("coordinator", "officer"):
            case.call_and_validate(headers={"Authorization": f"Token {data['keys'][role]}"}, checks=CHECKS)


@pytest.fixture
def settings_override(settings):
    settings.API_THROTTLE_RATE = "100000/minute"
    return settings


# A report's life as the schema's own request examples tell it: each step's example body (with
# the version the report is at after the step before) sent by the role that takes that step.
LIFE = {
    "accepted and reopened": [
        ("draft", "officer"),
        ("submit", "officer"),
        ("sign", "head"),
        ("accept", "coordinator"),
        ("reopen", "coordinator"),
    ],
    "returned": [("draft", "officer"), ("submit", "officer"), ("sign", "head"), ("return", "coordinator")],
}


def example_body(operation) -> dict:
    content = operation.definition.raw["requestBody"]["content"]["application/json"]
    return next(iter(content["examples"].values()))["value"]


@pytest.mark.parametrize("life", LIFE)
def test_it_takes_a_report_through_the_workflow_with_the_schemas_examples(api_world, life, settings_override):
    report = f.SubmissionFactory(
        measure=api_world["measure"],
        agency=api_world["agencies"]["lead"],
        period=f.PeriodFactory(plan=api_world["plan"], year=2016, number=1),
    )
    for step, role in LIFE[life]:
        operation = schema[f"/api/v1/submissions/{{id}}/{step}/"]["POST"]
        case = schema.make_case(
            operation=operation,
            path_parameters={"id": report.pk},
            body=example_body(operation),
            media_type="application/json",
        )
        response = case.call_and_validate(headers={"Authorization": f"Token {api_world['keys'][role]}"}, checks=CHECKS)
        assert response.status_code == 200, (step, response.text)
        report.refresh_from_db()
        assert report.version == example_body(operation)["version"] + 1
    assert report.status == (Submission.Status.RETURNED)
    assert report.history.filter(api_token__isnull=False).count() == len(LIFE[life])
