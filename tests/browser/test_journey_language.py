"""Anyone switches the language between kk, ru and en, and the page follows: the html lang
attribute, Django's own texts and the plan's title in that language; a signed-in user's choice is
remembered on their profile."""

import pytest
import time_machine
from django.utils import translation

from . import a11y
from .helpers import IN_QUARTER, expect, login

pytestmark = pytest.mark.browser

LANGUAGES = ("kk", "ru", "en")


def switch(page, lang: str) -> None:
    page.locator(f"header form.langs button[value={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator(f"header form.langs button[value={lang}]")).to_have_attribute("aria-current", "true")


def test_it_follows_the_language_switcher_on_every_page(new_page, people, quarter, journey):
    page = new_page(locale="en-US")
    with time_machine.travel(IN_QUARTER, tick=True):
        page.goto("/accounts/login/")
        for lang in LANGUAGES:
            switch(page, lang)
            with translation.override(lang):
                expect(page.locator("label[for=id_password]")).to_contain_text(translation.gettext("Password"))
                expect(page.locator("main button[type=submit]")).to_have_text(translation.gettext("Sign in"))
            a11y.check(page)
            journey.shot(page, f"login-{lang}")

        login(page, people.coordinator)
        page.goto("/plans/")
        plan = quarter.plan
        for lang in ("ru", "kk", "en"):
            switch(page, lang)
            expect(page.locator("main")).to_contain_text(getattr(plan, f"title_{lang}")[:60])
            with translation.override(lang):
                expect(page.locator("h1")).to_have_text(translation.gettext("Plans"))
            a11y.check(page, keyboard=True)
            journey.shot(page, f"plans-{lang}")
        switch(page, "ru")

    people.coordinator.refresh_from_db()
    assert people.coordinator.language == "ru"
