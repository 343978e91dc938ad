"""The agency head learns from the bell that a report awaits sign-off, opens it from the
notification and signs it; the officer's "My quarter" then shows it submitted."""

import pytest
import time_machine

from accounts.models import User
from plans import services
from plans.models import Agency, Submission
from tests.factories import UserFactory

from . import a11y
from .helpers import IN_QUARTER, expect, login, submission

pytestmark = pytest.mark.browser


def test_it_lets_the_head_sign_from_the_notification(new_page, people, quarter, journey):
    head = UserFactory(
        username="marat",
        first_name="Марат",
        last_name="Әбенов",
        role=User.Role.HEAD,
        agency=Agency.objects.get(code="ДСӘДМ"),
        language="kk",
    )
    report = submission(quarter, 34, "ДСӘДМ")
    page = new_page()
    with time_machine.travel(IN_QUARTER, tick=True):
        report = services.submission_save_draft(
            submission=report,
            user=people.officer,
            version=report.version,
            data={"progress": Submission.Progress.IN_PROGRESS, "narrative": "Кәсіпорындар тексерілуде."},
        )
        assert services.submission_submit(submission=report, user=people.officer).status == Submission.Status.SIGNED

        login(page, head)
        expect(page.locator("#sign-off-title")).to_be_visible()
        expect(page.locator("section.sign-off")).to_contain_text("34.")
        bell = page.locator("header a.bell")
        expect(bell).to_have_attribute("aria-label", "Хабарламалар: 1 оқылмаған")
        a11y.check(page)
        journey.shot(page, "head-home-awaiting-sign-off")

        bell.click()
        expect(page.locator("h1")).to_have_text("Хабарламалар")
        a11y.check(page)
        journey.shot(page, "head-notifications")
        page.locator("main ul.notifications li.unread button").first.click()
        expect(page).to_have_url(f"{page.url.split('/plans/')[0]}/plans/submissions/{report.pk}/")
        a11y.check(page)
        page.get_by_role("button", name="Қол қойып, министрлікке жіберу").click()
        expect(page.locator(".msg.success")).to_be_visible()
        journey.shot(page, "head-signed")
        expect(page.locator("header a.bell")).to_have_attribute("aria-label", "Хабарламалар: оқылмағаны жоқ")
    report.refresh_from_db()
    assert report.status == Submission.Status.SUBMITTED and report.submitted_by == people.officer
