"""Bad input in the workflow gets a message, never a 500 or lost text: stated maximum lengths,
file names of any length or script, second clicks, GET on POST-only addresses, junk in queries."""

import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from accounts.services import api_token_create
from plans import services
from plans.models import Evidence, Notification, Submission
from tests import factories as f

pytestmark = pytest.mark.django_db
S = Submission.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def w():
    iim, other = f.AgencyFactory(code="ІІМ"), f.AgencyFactory(code="Еңбекмині")
    measure = f.MeasureFactory(number=5)
    f.ResponsibilityFactory(measure=measure, agency=iim)
    period = f.PeriodFactory(plan=measure.plan, year=2014, number=3)
    sub = f.SubmissionFactory(measure=measure, period=period, agency=iim, role=Submission.Role.OWN)
    other_measure = f.MeasureFactory(number=6, direction=measure.direction, plan=measure.plan)
    f.ResponsibilityFactory(measure=other_measure, agency=other)
    theirs = f.SubmissionFactory(measure=other_measure, period=period, agency=other, role=Submission.Role.OWN)
    return {
        "sub": sub,
        "theirs": theirs,
        "officer": f.UserFactory(username="iim.officer", agency=iim),
        "other_officer": f.UserFactory(username="enbek.officer", agency=other),
        "coordinator": f.UserFactory(username="coordinator", role=User.Role.COORDINATOR, agency=None),
    }


def _submitted(w):
    sub = w["sub"]
    sub.refresh_from_db()
    sub = services.submission_save_draft(
        submission=sub,
        user=w["officer"],
        version=sub.version,
        data={"progress": "in_progress", "narrative": "Жұмыс жүргізілуде"},
    )
    return services.submission_submit(submission=sub, user=w["officer"])


def test_it_states_and_enforces_the_maximum_length_of_texts(w, client):
    client.force_login(w["officer"])
    page = client.get(reverse("plans:submission_edit", args=[w["sub"].pk])).content.decode()
    assert 'maxlength="5000"' in page and "Up to 5000 characters." in page and "js/counter.js" in page
    # Line breaks count once, as the browser's counter counts them.
    text = "ә\r\n" * 2500
    saved = services.submission_save_draft(submission=w["sub"], user=w["officer"], version=1, data={"narrative": text})
    assert len(saved.narrative) == 5000
    response = client.post(
        reverse("plans:submission_edit", args=[w["sub"].pk]),
        {"version": saved.version, "narrative": "ү" * 5001, "action": "save"},
    )
    assert response.status_code == 200
    assert "At most 5000 characters (this text has 5001); nothing was saved." in response.content.decode()
    assert Submission.objects.get(pk=w["sub"].pk).narrative == saved.narrative
    sub = _submitted(w)
    with pytest.raises(ValidationError):
        services.submission_return(submission=sub, user=w["coordinator"], reason="x" * 2001)
    assert Submission.objects.get(pk=sub.pk).status == S.SUBMITTED


@pytest.mark.parametrize(
    "name",
    ["Бұйрық_" + "ұзақ-атау-" * 60 + ".pdf", "命令" * 200 + ".PDF", "a/b\\..\\" + "x" * 300 + ".pdf", "\x01.pdf"],
)
def test_it_stores_an_evidence_file_of_any_name_keeping_its_extension(w, name, client):
    file = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    evidence = services.submission_add_evidence(submission=w["sub"], user=w["officer"], file=file)
    stored = os.path.basename(evidence.file.name)
    assert len(stored.encode()) <= 120 and stored.lower().endswith(".pdf")
    assert len(evidence.name) <= 200 and evidence.name.lower().endswith(".pdf") and "/" not in evidence.name
    assert evidence.file.storage.exists(evidence.file.name)
    client.force_login(w["officer"])
    assert client.get(reverse("plans:evidence_download", args=[evidence.pk])).status_code == 200


def test_it_leaves_no_orphan_file_when_saving_the_evidence_fails(w, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Evidence, "save", broken)
    with pytest.raises(RuntimeError):
        services.submission_add_evidence(
            submission=w["sub"], user=w["officer"], file=SimpleUploadedFile("акт.pdf", PDF)
        )
    files = [n for _root, _dirs, names in os.walk(settings.MEDIA_ROOT) for n in names]
    assert files == []


def test_it_shows_what_already_happened_on_a_second_click(w, client):
    sub = _submitted(w)
    client.force_login(w["coordinator"])
    url = reverse("plans:submission_review", args=[sub.pk])
    client.post(url, {"action": "accept"})
    second = client.post(url, {"action": "accept"}, follow=True)
    assert second.status_code == 200
    assert "Nothing more was done: this report is already “accepted”" in second.content.decode()
    assert Submission.objects.get(pk=sub.pk).version == Submission.objects.get(pk=sub.pk).history.count()
    assert Notification.objects.filter(user=w["officer"], kind="accepted").count() == 1
    client.force_login(w["officer"])
    again = client.post(reverse("plans:submission_edit", args=[sub.pk]), {"action": "submit"}, follow=True)
    assert "already “accepted”" in again.content.decode()


def test_it_answers_get_on_post_only_addresses_with_405_whoever_owns_the_object(w, client):
    mine = services.submission_add_evidence(
        submission=w["sub"], user=w["officer"], file=SimpleUploadedFile("a.pdf", PDF)
    )
    theirs = services.submission_add_evidence(
        submission=w["theirs"], user=w["other_officer"], file=SimpleUploadedFile("b.pdf", PDF)
    )
    client.force_login(w["officer"])
    for name in ("submission_sign", "submission_review", "submission_reopen"):
        for sub in (w["sub"], w["theirs"]):
            response = client.get(reverse(f"plans:{name}", args=[sub.pk]))
            assert response.status_code == 405 and response.content == b"", name
    for evidence in (mine, theirs):
        assert client.get(reverse("plans:evidence_delete", args=[evidence.pk])).status_code == 405
    for name in ("reports:cover", "reports:finalize", "reports:send"):
        assert client.get(reverse(name, args=[999])).status_code == 405


JUNK = ["%00", "x%00y", "%FF%FE", "\u202e", "1e999", "-1", "'; DROP TABLE x;--", "9" * 40, "%E2%80", "[]", "%C2%B3"]


def test_it_never_fails_on_junk_in_query_strings_of_plans_and_reports_pages(w, client):
    pages = {
        "coordinator": [
            "/plans/",
            f"/plans/{w['sub'].period.plan.code}/",
            "/plans/review/",
            "/plans/notifications/",
            "/plans/reminders/",
            f"/plans/submissions/{w['sub'].pk}/",
            "/reports/",
        ],
        "officer": ["/plans/quarter/", f"/plans/submissions/{w['sub'].pk}/edit/", "/plans/notifications/", "/reports/"],
    }
    params = ["page", "status", "plan", "agency", "period", "direction", "scope", "sort", "q", "kind", "language"]
    for role, urls in pages.items():
        client.force_login(w[role])
        for url in urls:
            for junk in JUNK:
                query = "&".join(f"{p}={junk}" for p in params)
                response = client.get(f"{url}?{query}")
                assert response.status_code in (200, 400, 404), (url, junk, response.status_code)
                if "%00" in junk:
                    assert response.status_code == 400
    client.force_login(w["coordinator"])
    assert client.get("/plans/%00/").status_code == 400


def test_it_answers_ids_no_column_can_hold_and_digits_int_cannot_read_with_a_404_or_nothing_done(w, client):
    huge = "9" * 25  # beyond 64 bits: SQLite refuses to bind it, PostgreSQL matches nothing
    client.force_login(w["officer"])
    for url in (f"/plans/submissions/{huge}/", f"/plans/submissions/{huge}/edit/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/plans/submissions/{huge}/sign/").status_code == 404
    assert client.post("/plans/notifications/", {"id": "³"}).status_code == 302  # not one of ours: nothing marked
    assert client.post("/plans/notifications/", {"id": huge}).status_code in (302, 404)
    token = api_token_create(user=w["officer"], name="checks")[1]
    for url in (f"/api/v1/submissions/{huge}/", "/api/v1/submissions/³/"):
        assert client.get(url, HTTP_AUTHORIZATION=f"Token {token}").status_code == 404, url
    for query in ("period=-4.5543135125519243e%2B229", f"period={huge}", "period=1.5", "measure=²"):
        answer = client.get(f"/api/v1/submissions/?{query}", HTTP_AUTHORIZATION=f"Token {token}")
        assert answer.status_code == 400 and answer.json()["fields"].keys() == {query.split("=")[0]}, query
    assert client.get("/api/v1/submissions/?period=7", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert client.get("/api/v1/dashboard/scorecard/?agency=³", HTTP_AUTHORIZATION=f"Token {token}").status_code in (
        400,
        404,
    )


def test_it_shows_the_version_just_requested_on_a_second_click_on_generate(w, client):
    from reports.models import GeneratedReport

    client.force_login(w["coordinator"])
    form = {"kind": "consolidated", "plan": w["sub"].period.plan.pk, "period": w["sub"].period.pk, "language": "ru"}
    first = client.post("/reports/request/", form)
    second = client.post("/reports/request/", form, follow=True)
    assert GeneratedReport.objects.count() == 1
    assert second.redirect_chain[-1][0] == first.url
    assert "This report was already requested a moment ago: here is version 1." in second.content.decode()
