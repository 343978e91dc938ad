"""A report's whole life through the API, the optimistic lock (409) and bad input (400, never 500)."""

import datetime as dt
import io

import pytest
import time_machine

from accounts.models import ApiToken
from plans.models import Submission
from tests.api_world import api

pytestmark = pytest.mark.django_db
S = Submission.Status
ALMATY = dt.timezone(dt.timedelta(hours=5))


def post(api_world, role, report, step, body=None):
    return api(api_world, role).post(f"/api/v1/submissions/{report.pk}/{step}/", body or {}, format="json")


def test_it_carries_a_report_from_draft_to_acceptance_through_the_api(api_world):
    report = api_world["report"]  # due 5 October 2014
    with time_machine.travel(dt.datetime(2014, 10, 3, 10, tzinfo=ALMATY), tick=False):
        saved = post(
            api_world,
            "officer",
            report,
            "draft",
            {"version": 1, "progress": "in_progress", "narrative": "Жоба әзірленді"},
        )
        assert saved.status_code == 200 and saved.json()["status"] == S.DRAFT
        sent = post(api_world, "officer", report, "submit", {"version": saved.json()["version"]})
        assert sent.json()["status"] == S.SIGNED  # the agency has a head, who signs it off
    with time_machine.travel(dt.datetime(2014, 10, 8, 10, tzinfo=ALMATY), tick=False):
        signed = post(api_world, "head", report, "sign")
        assert signed.json()["status"] == S.SUBMITTED and signed.json()["days_late"] == 3
        returned = post(api_world, "coordinator", report, "return", {"reason": "Актінің нөмірін көрсетіңіз"})
        assert returned.json()["status"] == S.RETURNED
    assert (
        api(api_world, "officer").get(f"/api/v1/submissions/{report.pk}/").json()["return_reason"]
        == "Актінің нөмірін көрсетіңіз"
    )
    with time_machine.travel(dt.datetime(2014, 10, 9, 10, tzinfo=ALMATY), tick=False):
        post(
            api_world, "officer", report, "draft", {"version": returned.json()["version"], "narrative": "Толықтырылды"}
        )
        post(api_world, "officer", report, "submit")
        final = post(api_world, "head", report, "sign")
        assert final.json()["days_late"] == 3  # a resubmission keeps the first submission's lateness
        accepted = post(api_world, "coordinator", report, "accept")
    assert accepted.json()["status"] == S.ACCEPTED
    reopened = post(api_world, "coordinator", report, "reopen", {"reason": "Сома қате"})
    assert reopened.json()["status"] == S.RETURNED


def test_it_records_in_the_history_which_token_made_each_change(api_world):
    report = api_world["report"]
    post(api_world, "officer", report, "draft", {"version": 1, "progress": "in_progress", "narrative": "x"})
    post(api_world, "officer", report, "submit")
    history = api(api_world, "officer").get(f"/api/v1/submissions/{report.pk}/").json()["history"]
    assert [(h["action"], h["user"], h["api_token"]) for h in history] == [
        ("submitted for the head's sign-off", "iim.officer", "officer system"),
        ("draft saved", "iim.officer", "officer system"),
        (None, None, None),  # the obligation, created by the system
    ]
    token = ApiToken.objects.get(name="officer system")
    assert set(report.history.exclude(history_change_reason=None).values_list("api_token", flat=True)) == {token.pk}


def test_it_records_an_uploaded_file_in_the_history_with_its_token(api_world):
    report = api_world["report"]
    upload = io.BytesIO(b"%PDF-1.4 test")
    upload.name = "хат.pdf"
    sent = api(api_world, "officer").post(
        f"/api/v1/submissions/{report.pk}/evidence/", {"file": upload}, format="multipart"
    )
    assert sent.status_code == 201
    body = api(api_world, "officer").get(f"/api/v1/submissions/{report.pk}/").json()
    latest = body["history"][0]
    assert (latest["action"], latest["evidence_file"], latest["user"], latest["api_token"]) == (
        "evidence file added",
        "хат.pdf",
        "iim.officer",
        "officer system",
    )
    assert latest["version"] == body["version"] == 1  # a file leaves the version the client read
    assert [h["evidence_file"] for h in body["history"][1:]] == [None]


def test_it_shows_the_token_on_the_report_page_history(api_world, client):
    post(api_world, "officer", api_world["report"], "draft", {"version": 1, "narrative": "x"})
    client.force_login(api_world["users"]["officer"])
    page = client.get(f"/plans/submissions/{api_world['report'].pk}/").content.decode()
    assert 'draft saved</em>\n      · through the API (token "officer system")' in page


def test_it_refuses_a_stale_version_with_409_and_the_current_version(api_world):
    report = api_world["report"]
    first = post(api_world, "officer", report, "draft", {"version": 1, "narrative": "Біріншісі"})
    assert first.status_code == 200
    second = post(api_world, "head", report, "draft", {"version": 1, "narrative": "Екіншісі"})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict" and body["current_version"] == first.json()["version"]
    report.refresh_from_db()
    assert report.narrative == "Біріншісі"  # nothing overwritten
    stale_submit = post(api_world, "officer", report, "submit", {"version": 1})
    assert stale_submit.status_code == 409 and Submission.objects.get(pk=report.pk).status == S.DRAFT


def test_it_names_what_a_report_still_needs_before_it_can_be_sent(api_world):
    response = post(api_world, "officer", api_world["report"], "submit")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "progress" in body["fields"]
    assert Submission.objects.get(pk=api_world["report"].pk).status == S.DUE  # nothing half-written


@pytest.mark.parametrize(
    "body, field",
    [
        ({"version": 1, "spent": "a lot"}, "spent"),
        ({"version": 1, "spent": "-5"}, "spent"),
        ({"version": 1, "progress": "finished"}, "progress"),
        ({"version": 1, "letter_date": "31.12.2014"}, "letter_date"),
        ({"narrative": "no version"}, "version"),
        ({"version": "one"}, "version"),
    ],
)
def test_it_answers_bad_input_with_400_naming_the_field(api_world, body, field):
    response = post(api_world, "officer", api_world["report"], "draft", body)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    assert Submission.objects.get(pk=api_world["report"].pk).version == 1


def test_it_answers_malformed_requests_in_json(api_world):
    client = api(api_world, "officer")
    url = f"/api/v1/submissions/{api_world['report'].pk}/draft/"
    assert client.post(url, "{not json", content_type="application/json").json()["code"] == "parse_error"
    assert client.post(url, "x", content_type="text/plain").json()["code"] == "unsupported_media_type"
    assert client.get("/api/v1/submissions/?updated_since=yesterday").json()["fields"].keys() == {"updated_since"}
    assert client.get("/api/v1/submissions/?status=lost").status_code == 400
    assert client.get("/api/v1/submissions/abc/").json()["code"] == "not_found"
    assert client.get("/api/v1/nothing-here/").json()["code"] == "not_found"
    assert client.get("/api/v1/indicators/a.%0Ab/").json()["code"] == "not_found"  # a line break in the address
    assert client.delete(f"/api/v1/submissions/{api_world['report'].pk}/").json()["code"] == "method_not_allowed"
    assert client.post(f"/api/v1/submissions/{api_world['report'].pk}/evidence/", {}, format="multipart").json()[
        "fields"
    ].keys() == {"file"}


def test_it_refuses_an_evidence_file_that_is_not_what_it_claims(api_world):
    import io

    fake = io.BytesIO(b"MZ not a pdf")
    fake.name = "akt.pdf"
    response = api(api_world, "officer").post(
        f"/api/v1/submissions/{api_world['report'].pk}/evidence/", {"file": fake}, format="multipart"
    )
    assert response.status_code == 400
    assert "akt.pdf is not really a PDF file" in response.json()["fields"][""][0]


@pytest.mark.parametrize(
    "lang, text",
    [("ru", "Не найдено или недоступно вам"), ("kk", "Табылмады немесе сізге қолжетімсіз"), ("en", "Not found")],
)
def test_it_answers_in_the_language_asked_for(api_world, lang, text):
    response = api(api_world, "outsider").get(
        f"/api/v1/submissions/{api_world['report'].pk}/", HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 404 and response.json()["message"].startswith(text)


def test_it_filters_reports_by_plan_period_agency_status_and_time(api_world):
    client = api(api_world, "coordinator")
    contribution = api_world["contribution"]
    Submission.objects.filter(pk=contribution.pk).update(status=S.SUBMITTED)

    def ids(query):
        return {r["id"] for r in client.get(f"/api/v1/submissions/?{query}").json()["results"]}

    assert ids("status=submitted") == {contribution.pk}
    assert ids("agency=Еңбекмині") == {contribution.pk}
    assert ids(f"plan={api_world['plan'].code}&period={api_world['period'].pk}") == {
        api_world["report"].pk,
        contribution.pk,
    }
    assert ids("plan=nope") == set()
    assert ids("updated_since=2999-01-01T00:00:00Z") == set()


@pytest.mark.parametrize(
    ("since", "everything"),
    [("2000-07-07T23:37:39-19:01", True), ("0001-01-01T00:00:00+23:00", True), ("9999-12-31T23:00:00-23:00", False)],
)
@pytest.mark.parametrize("path", ["submissions", "observations"])
def test_it_reads_any_iso_moment_whatever_its_offset(api_world, path, since, everything):
    # ISO 8601 allows offsets up to 23:59 (the database only 15:59), and moments beyond year 1 … 9999 in UTC.
    response = api(api_world, "coordinator").get(f"/api/v1/{path}/", {"updated_since": since})
    assert response.status_code == 200
    assert bool(response.json()["results"]) == everything


def test_it_pages_reports_with_a_cursor(api_world):
    client = api(api_world, "coordinator")
    first = client.get("/api/v1/submissions/?page_size=1").json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] != second["results"][0]["id"] and second["next"] is None
    assert len(client.get("/api/v1/agencies/?page_size=100000").json()["results"]) <= 200


@pytest.mark.parametrize("extra", [0, 12])
def test_it_reads_lists_in_a_number_of_queries_that_does_not_grow(api_world, extra, django_assert_max_num_queries):
    from tests import factories as f

    for n in range(extra):
        measure = f.MeasureFactory(direction=api_world["measure"].direction, plan=api_world["plan"], number=100 + n)
        f.ResponsibilityFactory(measure=measure, agency=api_world["agencies"]["lead"], is_lead=True)
        f.SubmissionFactory(measure=measure, period=api_world["period"], agency=api_world["agencies"]["lead"])
    client = api(api_world, "officer")
    for url in ("/api/v1/submissions/", "/api/v1/measures/", f"/api/v1/submissions/{api_world['report'].pk}/"):
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
