"""The ministry coordinator finds late and missing agencies on the dashboard, returns a report with
a reason; the officer sees the notification and resubmits; the coordinator accepts; the cell turns
green."""

import pytest
import time_machine

from plans import services
from plans.models import Submission

from . import a11y
from .helpers import AFTER_THE_5TH, expect, login, row, status_classes, submission

pytestmark = pytest.mark.browser

REASON = "Хаттың көшірмесі жоқ, тексерілген кәсіпорындардың тізімін қосыңыз."
GREEN = "rgb(223, 243, 228)"  # --ok-bg, the accepted colour


def submit_late(report: Submission, user) -> None:
    data = {
        "progress": Submission.Progress.COMPLETED,
        "narrative": "12 кәсіпорын тексерілді.",
        "letter_number": "12-3/4567",
        "letter_date": AFTER_THE_5TH.date(),
    }
    services.submission_save_draft(submission=report, user=user, data=data, version=report.version)
    services.submission_submit(submission=report, user=user)


def overview_cell(page, number: int):
    """The 2026Q4 cell of measure ``number`` in the training plan's matrix (its last period column
    before the implementation column is 2028Q4, so find the column by its header)."""
    headers = page.locator("table.matrix thead th").all_inner_texts()
    column = headers.index("2026Q4") + 1
    return row(page, number, within="table.matrix").locator(f"td:nth-child({column})")


def open_training_overview(page) -> None:
    page.goto("/dashboards/")
    page.select_option("#id_plan", "1593-training")
    page.locator("main form.filters button[type=submit]").click()
    expect(page.locator("table.matrix thead")).to_contain_text("2026Q4")


def test_it_takes_a_report_through_return_resubmission_and_acceptance(new_page, people, quarter, journey):
    report = submission(quarter, 34, "ДСӘДМ")
    coordinator, officer = new_page(locale="ru-RU"), new_page()
    with time_machine.travel(AFTER_THE_5TH, tick=True):
        submit_late(report, people.officer)

        login(coordinator, people.coordinator)
        open_training_overview(coordinator)
        expect(overview_cell(coordinator, 34)).to_have_class("c s-late")
        expect(overview_cell(coordinator, 28)).to_have_class("c s-missing")
        a11y.check(coordinator)
        journey.shot(coordinator, "overview-late-and-missing-ru")

        coordinator.goto(
            "/dashboards/overdue/?plan=1593-training"
        )  # dashboards open on the real plan; the copy when asked
        coordinator.select_option("#id_agency", str(report.agency_id))
        coordinator.locator("main form.filters button[type=submit]").click()
        expect(coordinator.locator("main table tbody tr").first).to_contain_text("ДСӘДМ")
        expect(coordinator.locator("main table tbody")).not_to_contain_text("34.")
        a11y.check(coordinator)
        journey.shot(coordinator, "overdue-ru")

        coordinator.goto("/dashboards/scorecard/?plan=1593-training")
        coordinator.select_option("#id_agency", str(report.agency_id))
        coordinator.locator("main form.filters button[type=submit]").click()
        ds = coordinator.locator("main table tbody tr", has_text="ДСӘДМ").filter(has_text="2026Q4")
        expect(ds.locator("span.late")).to_have_count(1)  # reports missing
        journey.shot(coordinator, "scorecard-ru")

        open_training_overview(coordinator)
        overview_cell(coordinator, 34).get_by_role("link").click()
        assert status_classes(coordinator, "main h1 + p") == {"s-submitted", "s-late"}
        a11y.check(coordinator, keyboard=True)
        coordinator.locator("form.review button[value=return]").click()
        expect(coordinator.locator(".msg.error")).to_be_visible()  # a return needs a reason
        coordinator.fill("form.review textarea[name=reason]", REASON)
        coordinator.locator("form.review button[value=return]").click()
        expect(coordinator.locator(".msg.success")).to_be_visible()
        assert "s-returned" in status_classes(coordinator, "main h1 + p")
        journey.shot(coordinator, "returned-ru")

        login(officer, people.officer)
        expect(officer.locator("header .bell .badge")).to_have_text("1")
        officer.locator("header .bell").click()
        a11y.check(officer, keyboard=True)
        journey.shot(officer, "notification-kk")
        officer.locator("ul.notifications li.unread button").click()
        expect(officer.locator("main [role=alert]")).to_contain_text(REASON)
        expect(officer.locator("header .bell .badge")).to_have_count(0)
        journey.shot(officer, "returned-report-kk")
        officer.locator("main .actions a.button.primary").click()
        officer.fill("#id_narrative", "12 кәсіпорын тексерілді; тізім мен хаттың көшірмесі қоса беріледі.")
        officer.locator("button[name=action][value=submit]").click()
        expect(officer.locator(".msg.success")).to_be_visible()
        assert status_classes(officer, "main h1 + p") == {"s-submitted", "s-late"}
        journey.shot(officer, "resubmitted-kk")

        coordinator.goto("/plans/review/")
        queue_row = coordinator.locator("main table tbody tr", has_text="ДСӘДМ")
        expect(queue_row.locator(".status")).to_have_class("status s-submitted")
        a11y.check(coordinator, keyboard=True)
        journey.shot(coordinator, "review-queue-ru")
        queue_row.get_by_role("link").first.click()
        coordinator.locator("form.review button[value=accept]").click()
        assert status_classes(coordinator, "main h1 + p") == {"s-accepted", "s-late"}

        open_training_overview(coordinator)
        cell = overview_cell(coordinator, 34)
        expect(cell).to_have_class("c s-accepted")
        expect(cell).to_have_css("background-color", GREEN)
        journey.shot(coordinator, "overview-cell-green-ru")

    report.refresh_from_db()
    assert (report.status, report.times_returned, report.return_reason) == (Submission.Status.ACCEPTED, 1, "")
