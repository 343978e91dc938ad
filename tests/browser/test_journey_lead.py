"""A co-executor contributes to a measure another agency leads; the lead sees the contribution
beside its own report and submits the consolidated one."""

import pytest
import time_machine
from django.utils import translation

from plans.models import Submission

from . import a11y
from .helpers import IN_QUARTER, expect, login, row, status_classes, submission

pytestmark = pytest.mark.browser

CONTRIBUTION = "Шекара бөлімшелері арқылы 2026 жылғы 4-тоқсанда 1 240 көшіп келуші тіркелді; деректер СІМ-ге жіберілді."
CONSOLIDATED = "Ұсыныстар ІІМ деректері негізінде жинақталып, Үкіметке жіберілді (ә ғ қ ң ө ұ ү һ і)."


def test_it_lets_the_lead_see_a_contribution_and_submit_the_consolidated_report(new_page, people, quarter, journey):
    # Measure 39 (proposals to the Government): СІМ collects, ІІМ contributes.
    contribution, consolidated = submission(quarter, 39, "ІІМ"), submission(quarter, 39, "СІМ")
    lead_page, co_page = new_page(), new_page(locale="ru-RU")
    with time_machine.travel(IN_QUARTER, tick=True):
        login(lead_page, people.lead)
        row(lead_page, 39).get_by_role("link").click()
        ours = lead_page.locator("section.contributions article", has_text="ІІМ")
        expect(ours.locator("h3 .status")).to_have_class("status s-due")
        a11y.check(lead_page)
        journey.shot(lead_page, "lead-before-contribution-kk")

        login(co_page, people.co_executor)
        expect(co_page.locator("html")).to_have_attribute("lang", "ru")
        with translation.override("ru"):
            expect(row(co_page, 39)).to_contain_text(str(Submission.Role.CONTRIBUTION.label))
        row(co_page, 39).get_by_role("link").click()
        expect(co_page.locator("h1")).to_contain_text("39.")
        co_page.select_option("#id_progress", "in_progress")
        co_page.fill("#id_narrative", CONTRIBUTION)
        a11y.check(co_page, keyboard=True)
        journey.shot(co_page, "co-executor-form-ru")
        co_page.locator("button[name=action][value=submit]").click()
        expect(co_page.locator(".msg.success")).to_be_visible()
        assert status_classes(co_page, "main h1 + p") == {"s-submitted"}
        journey.shot(co_page, "co-executor-submitted-ru")

        lead_page.reload()
        expect(ours.locator("h3 .status")).to_have_class("status s-submitted")
        expect(ours).to_contain_text(CONTRIBUTION)
        expect(ours.locator(".s-in_progress")).to_be_visible()
        lead_page.select_option("#id_progress", "completed")
        lead_page.fill("#id_narrative", CONSOLIDATED)
        lead_page.fill("#id_letter_number", "07-15/889")
        lead_page.fill("#id_letter_date", "2026-12-19")
        journey.shot(lead_page, "lead-sees-contribution-kk")
        lead_page.locator("button[name=action][value=submit]").click()

        expect(lead_page.locator(".msg.success")).to_be_visible()
        assert status_classes(lead_page, "main h1 + p") == {"s-submitted"}
        expect(lead_page.locator("main")).to_contain_text(CONSOLIDATED)
        expect(lead_page.locator("section.contributions")).to_contain_text(CONTRIBUTION)
        a11y.check(lead_page, keyboard=True)
        journey.shot(lead_page, "consolidated-submitted-kk")

    contribution.refresh_from_db()
    consolidated.refresh_from_db()
    assert (contribution.status, consolidated.status) == (Submission.Status.SUBMITTED, Submission.Status.SUBMITTED)
    assert (contribution.days_late, consolidated.days_late) == (0, 0)


def test_it_hides_the_lead_report_from_the_co_executor(new_page, people, quarter):
    consolidated = submission(quarter, 39, "СІМ")
    page = new_page(locale="ru-RU")
    with time_machine.travel(IN_QUARTER, tick=True):
        login(page, people.co_executor)
        assert page.goto(f"/plans/submissions/{consolidated.pk}/").status == 404
