"""Report pages (reports/views.py): who may do what, generation, final mark and sending."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from outbox.models import Email
from outbox.services import outbox_flush
from reports import selectors
from reports.models import GeneratedReport

from .factories import UserFactory
from .report_data import KAZAKH_TEXT, build_small_plan
from .test_report_pdf import blank_pdf

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2016, 1, 12, 9, tzinfo=dt.UTC)


@pytest.fixture
def data(monkeypatch):
    # Pages are tested here, not WeasyPrint (tests/test_report_pdf.py renders real PDFs).
    monkeypatch.setattr(selectors, "render_pdf", lambda html: blank_pdf())
    with time_machine.travel(NOW, tick=False):
        yield build_small_plan()


def ready(data, kind="consolidated", final=False, **kw) -> GeneratedReport:
    report = GeneratedReport.objects.create(
        kind=kind, plan=data.plan, language="kk", status="ready", progress=100, is_final=final, **kw
    )
    report.file.save(report.filename, ContentFile(blank_pdf()))
    return report


@pytest.fixture
def reports(data):
    return {
        "draft": ready(data, period=data.q4),
        "final": ready(data, period=data.q4, final=True, version=2),
        "iim": ready(data, kind="agency", period=data.q4, agency=data.iim),
        "labour": ready(data, kind="agency", period=data.q4, agency=data.labour),
        "history": ready(data, kind="measure", measure=data.m1),
    }


# Which reports each person may open; everything else is 404.
SEES = {
    "coordinator": {"draft", "final", "iim", "labour", "history"},
    "reader": {"final"},
    "officer": {"iim"},
    "outsider": {"labour"},
}


@pytest.mark.parametrize("who", SEES)
@pytest.mark.parametrize("name", ["status", "pdf", "html"])
def test_it_shows_each_person_only_their_reports(client, data, reports, who, name):
    client.force_login(getattr(data, who))
    for key, report in reports.items():
        response = client.get(reverse(f"reports:{name}", args=[report.pk]))
        assert response.status_code == (200 if key in SEES[who] else 404), (who, key)


@pytest.mark.parametrize("who", SEES)
def test_it_lists_only_the_reports_a_person_may_open(client, data, reports, who):
    client.force_login(getattr(data, who))
    listed = set(client.get(reverse("reports:list")).context["reports"])
    assert listed == {reports[k] for k in SEES[who]}


def test_it_sends_anonymous_visitors_to_sign_in(client, reports):
    for url in (
        reverse("reports:list"),
        reverse("reports:status", args=[reports["final"].pk]),
        reverse("reports:pdf", args=[reports["final"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["reader", "officer"])
def test_it_lets_only_coordinators_request_finalize_and_send(client, data, reports, who):
    client.force_login(getattr(data, who))
    post = {"kind": "consolidated", "plan": data.plan.pk, "period": data.q4.pk, "language": "kk"}
    assert client.post(reverse("reports:request"), post).status_code == 404
    assert client.post(reverse("reports:finalize", args=[reports["final"].pk])).status_code == 404
    assert client.post(reverse("reports:send", args=[reports["final"].pk])).status_code == 404
    assert GeneratedReport.objects.count() == 5 and not mail.outbox
    assert client.get(reverse("reports:list")).context["form"] is None


def test_it_generates_a_requested_report_and_shows_its_progress(client, data, django_capture_on_commit_callbacks):
    client.force_login(data.coordinator)
    post = {"kind": "consolidated", "plan": data.plan.pk, "period": data.q4.pk, "language": "ru"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:request"), post)
    report = GeneratedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:status", args=[report.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "js/report_status.js" in waiting and "<progress" in waiting
    assert client.get(response["Location"], headers={"Accept": "application/json"}).json() == {
        "status": "queued",
        "progress": 0,
        "done": False,
    }
    for callback in callbacks:  # what the worker does once the request has committed
        callback()
    done = client.get(response["Location"]).content.decode()
    assert "js/report_status.js" not in done and reverse("reports:pdf", args=[report.pk]) in done
    download = client.get(reverse("reports:pdf", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf" and b"".join(download.streaming_content).startswith(b"%PDF")
    assert report.filename in download["Content-Disposition"]
    # The browser reads what the PDF says, even after the data has moved on.
    data.lead.narrative = "кейін өзгертілген мәтін"
    data.lead.save()
    html = client.get(reverse("reports:html", args=[report.pk])).content.decode()
    assert KAZAKH_TEXT in html and "кейін өзгертілген" not in html


def test_it_refuses_a_bad_request_naming_what_is_wrong_and_writes_nothing(client, data):
    client.force_login(data.coordinator)
    response = client.post(
        reverse("reports:request"), {"kind": "measure", "plan": data.plan.pk, "measure": 99, "language": "kk"}
    )
    assert response.status_code == 400 and "has no such measure" in response.content.decode()
    response = client.post(
        reverse("reports:request"), {"kind": "measure", "plan": data.plan.pk, "measure": 3, "language": "kk"}
    )
    assert response.status_code == 400 and "classified measure has no report" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_it_marks_one_version_final_and_sends_it_once_with_the_pdf(
    client, data, reports, settings, django_capture_on_commit_callbacks
):
    settings.GOVERNMENT_REPORT_RECIPIENTS = ["office@gov.kz", "archive@gov.kz"]
    client.force_login(data.coordinator)
    draft, old_final = reports["draft"], reports["final"]
    client.post(reverse("reports:finalize", args=[draft.pk]))
    draft.refresh_from_db()
    old_final.refresh_from_db()
    assert draft.is_final and draft.finalized_by == data.coordinator and not old_final.is_final

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:send", args=[draft.pk]))
        client.post(reverse("reports:send", args=[draft.pk]))  # a second click
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["office@gov.kz", "archive@gov.kz"] and "t1593" in email.subject
    assert email.attachments[0][0] == draft.filename and email.attachments[0][2] == "application/pdf"
    draft.refresh_from_db()
    assert (
        draft.sent_at == NOW
        and draft.sent_by == data.coordinator
        and draft.sent_to == ["office@gov.kz", "archive@gov.kz"]
    )


def test_it_does_not_send_a_draft(client, data, reports):
    client.force_login(data.coordinator)
    response = client.post(reverse("reports:send", args=[reports["draft"].pk]), follow=True)
    assert "Only a final consolidated report" in response.content.decode() and not mail.outbox


def test_it_shows_a_reader_the_final_report_in_the_browser_with_classified_measures_by_number(client, data, reports):
    client.force_login(data.reader)
    html = client.get(reverse("reports:html", args=[reports["final"].pk])).content.decode()
    with translation.override("kk"):
        classified = str(data.m3)
    assert "/static/fonts/DejaVuSans.ttf" in html and classified in html and "ҚҰПИЯ" not in html


def test_it_gives_a_user_without_an_agency_or_role_nothing(client, data, reports):
    nobody = UserFactory(username="nobody", role="coordinator")
    nobody.role = "unknown"
    nobody.save()
    client.force_login(nobody)
    assert list(client.get(reverse("reports:list")).context["reports"]) == []


def test_it_queues_the_report_while_the_mail_server_is_down_and_sends_it_later(
    client, data, reports, monkeypatch, django_capture_on_commit_callbacks
):
    refusals = []

    def refuse(self, fail_silently=False):
        refusals.append(1)
        raise ConnectionRefusedError("mail server refused")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    client.force_login(data.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:send", args=[reports["final"].pk]), follow=True)
    assert response.status_code == 200 and "delivery under Outgoing e-mail" in response.content.decode()
    email = Email.objects.get()
    assert refusals == [1] and email.status == Email.Status.QUEUED and "mail server refused" in email.last_error
    monkeypatch.undo()
    with (
        time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        outbox_flush()
    email.refresh_from_db()
    assert email.status == Email.Status.SENT and mail.outbox[0].attachments[0][0] == reports["final"].filename
