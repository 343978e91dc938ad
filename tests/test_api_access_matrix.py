"""The pages' access matrix repeated for the API: every endpoint × every role × own/other agency,
anonymous included. Nobody reads what is not theirs (404, anonymous 401) and nobody changes what
they may not (403 or 404, and the report stays as it was)."""

import io

import pytest

from plans.models import Evidence, Submission
from tests import factories as f
from tests.api_world import ROLES, api

pytestmark = pytest.mark.django_db
S = Submission.Status
EVERYONE = dict.fromkeys(ROLES[1:], 200)
PLAN_READERS = {**EVERYONE, "outsider": 404}  # the outsider's agency is in no measure of the plan


def read_url(api_world, name):
    return {
        "plans": "/api/v1/plans/",
        "plan": f"/api/v1/plans/{api_world['plan'].code}/",
        "directions": "/api/v1/directions/",
        "direction": f"/api/v1/directions/{api_world['measure'].direction_id}/",
        "measures": "/api/v1/measures/",
        "measure": f"/api/v1/measures/{api_world['measure'].pk}/",
        "agencies": "/api/v1/agencies/",
        "agency": f"/api/v1/agencies/{api_world['agencies']['outside'].pk}/",
        "periods": "/api/v1/periods/",
        "period": f"/api/v1/periods/{api_world['period'].pk}/",
        "submissions": "/api/v1/submissions/",
        "report": f"/api/v1/submissions/{api_world['report'].pk}/",
        "contribution": f"/api/v1/submissions/{api_world['contribution'].pk}/",
        "overview": f"/api/v1/dashboard/overview/?plan={api_world['plan'].code}",
        "overview_other_agency": (
            f"/api/v1/dashboard/overview/?plan={api_world['plan'].code}&agency={api_world['agencies']['co'].pk}"
        ),
        "scorecard": "/api/v1/dashboard/scorecard/",
        "scorecard_other_agency": f"/api/v1/dashboard/scorecard/?agency={api_world['agencies']['co'].pk}",
        "documents": "/api/v1/documents/",
        "plan_versions": f"/api/v1/plans/{api_world['plan'].code}/versions/",
        "indicators": "/api/v1/indicators/",
        "indicator": f"/api/v1/indicators/{api_world['observation'].indicator.code}/",
        "territories": "/api/v1/territories/",
        "territory": f"/api/v1/territories/{api_world['observation'].territory_id}/",
        "observations": "/api/v1/observations/?history=true",
        "observation": f"/api/v1/observations/{api_world['observation'].pk}/",
    }[name]


READS = {
    "plans": EVERYONE,
    "plan": PLAN_READERS,
    "directions": EVERYONE,
    "direction": PLAN_READERS,
    "measures": EVERYONE,
    "measure": PLAN_READERS,
    "agencies": EVERYONE,
    "agency": EVERYONE,
    "periods": EVERYONE,
    "period": PLAN_READERS,
    "submissions": EVERYONE,
    "report": {**EVERYONE, "co_officer": 404, "outsider": 404},
    "contribution": {**EVERYONE, "outsider": 404},
    "overview": PLAN_READERS,
    "overview_other_agency": {**EVERYONE, "officer": 404, "head": 404, "outsider": 404},
    "scorecard": EVERYONE,
    "scorecard_other_agency": {**EVERYONE, "officer": 404, "head": 404, "outsider": 404},
    "documents": EVERYONE,
    "plan_versions": PLAN_READERS,
    # Outcome indicators are read by all staff, as on the indicator pages.
    "indicators": EVERYONE,
    "indicator": EVERYONE,
    "territories": EVERYONE,
    "territory": EVERYONE,
    "observations": EVERYONE,
    "observation": EVERYONE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", READS)
def test_it_lets_each_role_read_only_what_the_pages_show_it(api_world, name, role):
    response = api(api_world, role).get(read_url(api_world, name))
    expected = 401 if role == "anonymous" else READS[name][role]
    assert response.status_code == expected, response.content
    if expected != 200:
        assert response.json()["code"] == ("not_authenticated" if role == "anonymous" else "not_found")


LISTED = {
    # role: which of (report, contribution) the reports list shows
    "officer": {"report", "contribution"},
    "head": {"report", "contribution"},
    "co_officer": {"contribution"},
    "outsider": set(),
    "coordinator": {"report", "contribution"},
    "reader": {"report", "contribution"},
}


@pytest.mark.parametrize("role", LISTED)
def test_it_lists_only_the_reports_a_role_may_see(api_world, role):
    ids = {r["id"] for r in api(api_world, role).get("/api/v1/submissions/").json()["results"]}
    assert ids == {api_world[name].pk for name in LISTED[role]}
    plans = api(api_world, role).get("/api/v1/plans/").json()["results"]
    assert {p["code"] for p in plans} == (set() if role == "outsider" else {api_world["plan"].code})
    assert [v["number"] for p in plans for v in p["versions"]] == ([] if role == "outsider" else [1])


@pytest.mark.parametrize("role", ["coordinator", "reader"])
def test_it_hides_an_unsent_draft_from_the_ministry(api_world, role):
    body = api(api_world, role).get(read_url(api_world, "report")).json()
    assert body["content_visible"] is False
    assert body["narrative"] is None and body["evidence"] == [] and body["history"] == []
    assert "Ішкі мәтін" not in str(api(api_world, role).get("/api/v1/submissions/").json())
    own = api(api_world, "officer").get(read_url(api_world, "report")).json()
    assert own["narrative"] == "Ішкі мәтін" and [e["name"] for e in own["evidence"]] == ["x.pdf"]


# POST: (state the report is put in, who may do it, path, body)
WRITES = {
    "draft": (S.DRAFT, {"officer", "head"}, "draft", {"narrative": "changed", "version": 1}),
    "submit": (S.DRAFT, {"officer", "head"}, "submit", {}),
    "sign": (S.SIGNED, {"head"}, "sign", {}),
    "accept": (S.SUBMITTED, {"coordinator"}, "accept", {}),
    "return": (S.SUBMITTED, {"coordinator"}, "return", {"reason": "Толықтырыңыз"}),
    "reopen": (S.ACCEPTED, {"coordinator"}, "reopen", {"reason": "Қате"}),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", WRITES)
def test_it_lets_only_the_entitled_change_a_report(api_world, step, role):
    state, allowed, path, body = WRITES[step]
    report = api_world["report"]
    Submission.objects.filter(pk=report.pk).update(status=state, progress="in_progress", narrative="Жасалды")
    before = Submission.objects.values().get(pk=report.pk)
    response = api(api_world, role).post(f"/api/v1/submissions/{report.pk}/{path}/", body, format="json")
    after = Submission.objects.values().get(pk=report.pk)
    if role in allowed:
        assert response.status_code == 200, response.content
        assert after["version"] > before["version"]
        return
    assert after == before
    expected = {"anonymous": 401, "co_officer": 404, "outsider": 404}.get(role, 403)
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_reporting_agency_attach_evidence(api_world, role):
    report = api_world["report"]
    upload = io.BytesIO(b"%PDF-1.4 test")
    upload.name = "akt.pdf"
    response = api(api_world, role).post(
        f"/api/v1/submissions/{report.pk}/evidence/", {"file": upload}, format="multipart"
    )
    attached = Evidence.objects.filter(submission=report, name="akt.pdf").exists()
    assert attached == (role in ("officer", "head"))
    expected = {"officer": 201, "head": 201, "anonymous": 401, "co_officer": 404, "outsider": 404}.get(role, 403)
    assert response.status_code == expected, response.content


@pytest.mark.parametrize("role", ROLES[1:])
def test_it_never_shows_a_classified_measure(api_world, role):
    secret = f.MeasureFactory(
        number=35,
        classified=True,
        title="ҚҰПИЯ МӘТІН",
        direction=api_world["measure"].direction,
        deadline_text="ҚҰПИЯ мерзім",
    )
    f.ResponsibilityFactory(measure=secret, agency=api_world["agencies"]["lead"])
    sub = f.SubmissionFactory(
        measure=secret, period=api_world["period"], agency=api_world["agencies"]["lead"], status=S.SUBMITTED
    )
    # Linked to an indicator, and named (as it must not be) in a version's record of changes.
    api_world["observation"].indicator.measures.add(secret)
    api_world["version"].changes["measures"]["added"].append({"key": "35", "label": "ҚҰПИЯ МӘТІН", "fields": []})
    api_world["version"].save()
    client = api(api_world, role)
    assert client.get(f"/api/v1/submissions/{sub.pk}/").status_code == 404
    assert client.post(f"/api/v1/submissions/{sub.pk}/accept/", {}, format="json").status_code == 404
    for url in (
        "/api/v1/submissions/",
        "/api/v1/measures/",
        f"/api/v1/measures/{secret.pk}/",
        "/api/v1/dashboard/scorecard/",
        "/api/v1/plans/",
        f"/api/v1/plans/{api_world['plan'].code}/versions/",
        "/api/v1/indicators/",
        "/api/v1/observations/",
    ):
        assert "ҚҰПИЯ" not in api(api_world, role).get(url).content.decode()
    if role != "outsider":
        shown = client.get(f"/api/v1/measures/{secret.pk}/").json()
        assert (
            shown["number"] == 35
            and shown["classified"] is True
            and shown["direction_number"] == secret.direction.number
        )
        assert shown["title"] is None and shown["responsible"] is None
