"""The coordinator generates the quarter's consolidated PDF, watches its progress, downloads it and
marks it final; the Government reader then opens the dashboard and that final report and finds
nothing that changes anything."""

import io

import pytest
import time_machine
from pypdf import PdfReader

from reports import tasks
from reports.models import GeneratedReport

from . import a11y
from .helpers import AFTER_THE_5TH, expect, login

pytestmark = pytest.mark.browser

# The only forms a reader may see: the language switcher and signing out.
READER_FORMS = "form[method=post i]:not(.langs):not([action$='/logout/'])"


@pytest.fixture
def queue(monkeypatch) -> list[int]:
    """Reports queued for the worker: held here so the journey can watch them wait, then run."""
    queued: list[int] = []
    monkeypatch.setattr(tasks.generate_report, "delay", queued.append)
    return queued


def test_it_generates_downloads_and_finalizes_the_quarterly_pdf_then_the_reader_reads_it(
    new_page, people, quarter, journey, queue, tmp_path
):
    coordinator = new_page(locale="ru-RU")
    with time_machine.travel(AFTER_THE_5TH, tick=True):
        login(coordinator, people.coordinator)
        coordinator.goto("/reports/")
        a11y.check(coordinator, keyboard=True)
        coordinator.select_option("#id_kind", "consolidated")
        coordinator.select_option("#id_plan", str(quarter.plan_id))
        coordinator.select_option("#id_period", str(quarter.pk))
        coordinator.select_option("#id_language", "ru")
        journey.shot(coordinator, "request-ru")
        coordinator.locator("main form button[type=submit]").click()

        # Queued: the page shows the progress bar and refreshes itself until the worker is done.
        expect(coordinator.locator("main progress")).to_be_visible()
        expect(coordinator.locator("main .status")).to_have_class("status s-submitted")
        a11y.check(coordinator)
        journey.shot(coordinator, "queued-ru")
        assert len(queue) == 1
        tasks.generate_report(queue[0])
        expect(coordinator.locator("main .status")).to_have_class("status s-accepted", timeout=10_000)
        expect(coordinator.locator("main progress")).to_have_count(0)
        journey.shot(coordinator, "ready-ru")

        with coordinator.expect_download() as download_info:
            coordinator.locator("main a.button.primary").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf") and "2026Q4" in download.suggested_filename
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        pdf = path.read_bytes()
        assert pdf.startswith(b"%PDF-")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "2026Q4" in text

        coordinator.locator("main form[action$='/final/'] button").click()
        expect(coordinator.locator(".msg.success")).to_be_visible()
        expect(coordinator.locator("main form[action$='/final/']")).to_have_count(0)
        a11y.check(coordinator, keyboard=True)
        journey.shot(coordinator, "final-ru")

        report = GeneratedReport.objects.get()
        assert (report.is_final, report.status) == (True, GeneratedReport.Status.READY)

        reader = new_page()
        login(reader, people.reader)
        reader.goto(f"/dashboards/?plan={quarter.plan.code}")
        expect(reader.locator("table.matrix")).to_be_visible()
        expect(reader.locator(READER_FORMS)).to_have_count(0)
        a11y.check(reader)
        journey.shot(reader, "reader-overview-kk")

        reader.goto("/reports/")
        expect(reader.locator("main form")).to_have_count(0)  # no "generate" form for the reader
        reader.locator("main table a", has_text="2026Q4").first.click()
        expect(reader.locator("main")).to_contain_text("2026Q4")
        expect(reader.locator("main a.button.primary")).to_be_visible()  # download
        expect(reader.locator(READER_FORMS)).to_have_count(0)
        a11y.check(reader, keyboard=True)
        journey.shot(reader, "reader-final-report-kk")
        with reader.expect_download() as download_info:
            reader.locator("main a.button.primary").click()
        assert download_info.value.suggested_filename == download.suggested_filename

        for url in (
            "/plans/review/",
            "/dashboards/scorecard/",
            "/dashboards/overdue/",
            "/dashboards/budget/",
            "/plans/",
        ):
            reader.goto(url)
            expect(reader.locator(READER_FORMS)).to_have_count(0)
        # Nor may the reader reach the coordinator's actions directly (refused by CSRF or access).
        assert reader.request.post(f"/reports/{report.pk}/send/").status in (403, 404)
    report.refresh_from_db()
    assert report.sent_at is None
