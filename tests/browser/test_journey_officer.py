"""An agency officer's quarter: what is due and how many days are left, filling the report with an
evidence file, saving a draft, submitting after the 5th and seeing it marked late."""

import pytest
import time_machine

from plans.models import Submission

from . import a11y
from .helpers import AFTER_THE_5TH, IN_QUARTER, evidence_pdf, expect, login, numbers_in, row, status_classes, submission

pytestmark = pytest.mark.browser

NARRATIVE = (
    "Шетелдік жұмыс күшін тартатын 12 кәсіпорында еңбекақы төлеу тексерілді; ұсыныстар әзірленді (ә ғ қ ң ө ұ ү һ і)."
)


def test_it_walks_an_officer_from_what_is_due_to_a_late_submission(new_page, people, quarter, journey, tmp_path):
    report = submission(quarter, 34, "ДСӘДМ")  # information to the Government; ДСӘДМ reports alone
    page = new_page()
    with time_machine.travel(IN_QUARTER, tick=True):
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "kk")
        a11y.check(page, keyboard=True)
        journey.shot(page, "login-kk")
        login(page, people.officer)

        # Lands on "my quarter": the training 2026Q4 with its due date and 16 days left.
        expect(page).to_have_url(f"{page.url.split('/plans/')[0]}/plans/quarter/")
        section = page.locator("section.period", has_text="2026Q4")
        expect(section.locator(".banner.training")).to_be_visible()
        expect(section).to_contain_text("2027 жылғы 5 қаңтар")  # the due date as Kazakh prose writes it
        assert 16 in numbers_in(section.locator("p strong").first.inner_text())
        expect(row(page, 34).locator(".status")).to_have_class("status s-due")
        a11y.check(page, keyboard=True)
        journey.shot(page, "my-quarter-16-days-left")

        row(page, 34).get_by_role("link").click()
        expect(page.locator("h1")).to_contain_text("34.")
        a11y.check(page, keyboard=True)
        journey.shot(page, "report-form-empty")

        page.select_option("#id_progress", "completed")
        page.fill("#id_narrative", NARRATIVE)
        page.fill("#id_letter_number", "12-3/4567")
        page.fill("#id_letter_date", "2026-12-18")
        page.set_input_files("#id_evidence", str(evidence_pdf(tmp_path)))
        page.locator("button[name=action][value=save]").click()

        expect(page.locator(".msg.success")).to_be_visible()
        expect(page.locator("main h1 + p .status").first).to_have_class("status s-draft")
        expect(page.locator("ul.files")).to_contain_text("хат-2026-12.pdf")
        expect(page.locator("#id_narrative")).to_have_value(NARRATIVE)
        a11y.check(page)
        journey.shot(page, "draft-saved-with-evidence")

    report.refresh_from_db()
    assert (report.status, report.evidence.count()) == (Submission.Status.DRAFT, 1)

    with time_machine.travel(AFTER_THE_5TH, tick=True):
        # After the 5th the quarter shows days overdue and the draft is flagged overdue.
        page.goto("/plans/quarter/")
        section = page.locator("section.period", has_text="2026Q4")
        assert 3 in numbers_in(section.locator("p strong.late").inner_text())
        assert status_classes(page, f"tr:has(a[href='/plans/submissions/{report.pk}/edit/'])") == {
            "s-draft",
            "s-overdue",
        }
        journey.shot(page, "my-quarter-3-days-overdue")

        row(page, 34).get_by_role("link").click()
        page.locator("button[name=action][value=submit]").click()

        expect(page).to_have_url(f"{page.url.split('/plans/')[0]}/plans/submissions/{report.pk}/")
        expect(page.locator(".msg.success")).to_be_visible()
        assert status_classes(page, "main h1 + p") == {"s-submitted", "s-late"}
        assert numbers_in(page.locator("main h1 + p .s-late").inner_text()) == [3]
        expect(page.locator("main")).to_contain_text(NARRATIVE)
        expect(page.locator("main")).to_contain_text("хат-2026-12.pdf")
        a11y.check(page, keyboard=True)
        journey.shot(page, "submitted-late")

        # Back on the quarter, past its due date: the report stays in sight, marked submitted and late.
        page.goto("/plans/quarter/")
        expect(page.locator(f"main a[href^='/plans/submissions/{report.pk}/']")).to_have_count(1)
        assert status_classes(page, f"main tr:has(a[href^='/plans/submissions/{report.pk}/'])") == {
            "s-submitted",
            "s-late",
        }
        expect(row(page, 28)).to_have_count(1)

    report.refresh_from_db()
    assert (report.status, report.days_late) == (Submission.Status.SUBMITTED, 3)


def test_it_shows_an_outsider_404_for_another_agencys_report(new_page, people, quarter):
    report = submission(quarter, 34, "ДСӘДМ")
    page = new_page(locale="ru-RU")
    with time_machine.travel(IN_QUARTER, tick=True):
        login(page, people.outsider)
        response = page.goto(f"/plans/submissions/{report.pk}/edit/")
        assert response.status == 404
        expect(page.locator("body")).not_to_contain_text("ДСӘДМ")
