"""Step 3 and generation: the PDF's text, versions, and the scheduled draft. PDF renders are few."""

import datetime as dt
import io

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from reports import selectors, services
from reports.models import GeneratedReport

from .report_data import KAZAKH_TEXT, SECRET, build_small_plan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2016, 1, 10, 10, tzinfo=dt.UTC)


@pytest.fixture
def data():
    with time_machine.travel(NOW):
        yield build_small_plan()


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def blank_pdf() -> bytes:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)
    writer.write(out)
    return out.getvalue()


def test_it_writes_a_pdf_with_measures_numbers_and_kazakh_text_intact(data):
    context = selectors.consolidated_context(plan=data.plan, period=data.q4, lang="kk", as_of=NOW)
    pdf = selectors.render_pdf(selectors.render_html(context, "kk"))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(pdf_text(pdf).replace("-\n", "-").split())
    assert " ".join(KAZAKH_TEXT.split()) in text
    for letter in "әғқңөұүһі":
        assert letter in text
    assert "Ішкі көшіп-қонушылардың ағындарын зерделеу" in text
    with translation.override("kk"):
        classified, due, rate = str(data.m3), _("Reports due from agencies"), _("On-time rate")
        last_page = _("page %(page)s of %(pages)s") % {"page": len(reader.pages), "pages": len(reader.pages)}
    assert classified in text and SECRET not in text
    assert f"{due} 5" in text and f"{rate} 40 %" in text
    assert last_page in text
    fonts = {f["/BaseFont"] for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVu" in str(f) for f in fonts)  # embedded, nothing else mixed in


def test_it_keeps_each_version_with_its_file_checksum_and_the_reports_used(data, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        first = services.report_request(
            user=data.coordinator, kind="consolidated", plan=data.plan, period=data.q4, language="kk"
        )
    with time_machine.travel(NOW + dt.timedelta(hours=1)), django_capture_on_commit_callbacks(execute=True):
        second = services.report_request(
            user=data.coordinator, kind="consolidated", plan=data.plan, period=data.q4, language="kk"
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.status == second.status == GeneratedReport.Status.READY
    assert first.file.name != second.file.name and first.file.storage.exists(first.file.name)
    assert len(first.checksum) == 64 and first.pages >= 2
    assert sorted(first.submissions) == sorted([[data.lead.pk, data.lead.version], [data.own.pk, data.own.version]])
    assert first.requested_by == data.coordinator and first.as_of == NOW
    bell = data.coordinator.notifications.get(url=f"/reports/{first.pk}/")
    assert bell.kind == "report_ready" and "2015Q4" in bell.message
    # Another language is another report, numbered on its own.
    assert GeneratedReport.objects.filter(plan=data.plan, language="ru").count() == 0


def test_it_records_a_failure_instead_of_hanging(data, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(selectors, "render_pdf", lambda html: 1 / 0)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(
            user=data.coordinator, kind="consolidated", plan=data.plan, period=data.q4, language="kk"
        )
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.FAILED and "division by zero" in report.error and report.is_done


@pytest.mark.parametrize(("day", "drafts"), [(9, 0), (10, 2)])
def test_it_drafts_the_consolidated_report_on_the_configured_day(
    data, settings, monkeypatch, day, drafts, django_capture_on_commit_callbacks
):
    settings.REPORT_DRAFT_DAY = 10
    monkeypatch.setattr(selectors, "render_pdf", lambda html: blank_pdf())
    from reports.tasks import draft_consolidated_reports

    # 2015Q4 goes to the Government by 15 January 2016; 2015Q3 was due in October and is left alone.
    with (
        time_machine.travel(dt.datetime(2016, 1, day, 9, tzinfo=dt.UTC)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        created = draft_consolidated_reports()
        again = draft_consolidated_reports()
    reports = GeneratedReport.objects.filter(scheduled_on__isnull=False)
    assert len(created) == reports.count() == drafts and again == []
    assert {(r.period_id, r.language, r.status, r.is_final) for r in reports} == (
        {(data.q4.pk, "kk", "ready", False), (data.q4.pk, "ru", "ready", False)} if drafts else set()
    )


def test_it_refuses_a_day_that_not_every_month_has(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    monkeypatch.setenv("REPORT_DRAFT_DAY", "31")
    with pytest.raises(ImproperlyConfigured, match="REPORT_DRAFT_DAY"):
        importlib.reload(config.settings)
    monkeypatch.setenv("REPORT_DRAFT_DAY", "10")
    importlib.reload(config.settings)


def test_it_drafts_by_hand_with_the_command_and_is_scheduled_daily(
    data, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    settings.REPORT_DRAFT_DAY = 10
    monkeypatch.setattr(selectors, "render_pdf", lambda html: blank_pdf())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("draft_reports", "--date", "2016-01-10", stdout=out)
    assert "2 draft report(s) queued" in out.getvalue()
    assert PeriodicTask.objects.get(task="reports.draft_consolidated_reports").enabled


def test_it_takes_over_a_report_whose_worker_died_but_not_one_still_running(data, monkeypatch):
    monkeypatch.setattr(selectors, "render_pdf", lambda html: blank_pdf())
    key = {"kind": "consolidated", "plan": data.plan, "period": data.q4, "language": "kk", "status": "running"}
    stuck = GeneratedReport.objects.create(**key, as_of=NOW - dt.timedelta(hours=1))
    busy = GeneratedReport.objects.create(**key, version=2, as_of=NOW - dt.timedelta(minutes=1))
    from reports.tasks import generate_report

    with time_machine.travel(NOW, tick=False):
        assert generate_report(stuck.pk) == "ready"
        assert generate_report(busy.pk) == "running"
