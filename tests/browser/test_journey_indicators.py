"""A coordinator loads the seed documents' figures as SDMX-CSV through the upload with its preview,
opens the arrivals indicator, reads its chart and the validation findings that name both sources,
in Russian and then in Kazakh."""

import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import translation

from indicators.models import Observation
from tests.indicators_fixture import CATALOGUE, DOC_000, DOC_001, SEEDS

from . import a11y
from .helpers import IN_QUARTER, expect, login

pytestmark = pytest.mark.browser


def switch(page, lang: str) -> None:
    page.locator(f"header form.langs button[value={lang}]").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_it_loads_figures_with_a_preview_and_shows_where_sources_disagree(new_page, people, journey):
    call_command("import_indicators", str(CATALOGUE), stdout=io.StringIO())
    page = new_page(locale="ru-RU")
    with time_machine.travel(IN_QUARTER, tick=True):
        login(page, people.coordinator)  # Сәуле works in Russian
        page.locator("header nav").get_by_role("link", name="Показатели").click()
        expect(page.locator("h1")).to_have_text("Показатели результатов")
        page.get_by_role("link", name="Загрузить значения").click()
        page.set_input_files("#id_file", str(SEEDS))
        page.get_by_role("button", name="Проверить файл").click()
        preview = page.locator("section.preview")
        expect(preview).to_contain_text("наблюдений: новых 57, исправленных 0, без изменений 0")
        expect(preview).to_contain_text("январь–июнь 2025")
        a11y.check(page)
        journey.shot(page, "preview-ru")
        assert not Observation.objects.exists()  # nothing written before the confirmation

        preview.get_by_role("button", name="Импортировать").click()
        expect(page.locator(".messages")).to_contain_text("Импортирован migration_seeds.csv")
        assert Observation.objects.count() == 57
        journey.shot(page, "dashboard-ru")

        page.get_by_role("link", name="Число прибывших в страну (внешняя миграция)").first.click()
        expect(page.locator("h1")).to_have_text("Число прибывших в страну (внешняя миграция)")
        chart = page.locator("figure.chart-box svg").first
        expect(chart).to_be_visible()
        expect(chart.locator("text", has_text="23 761")).to_have_count(1)
        expect(chart.locator("text", has_text="годы")).to_have_count(1)
        findings = page.locator("#findings")
        expect(findings).to_contain_text("Результаты проверки")
        change = findings.locator("li.rule-change", has_text="−20,7")
        expect(change).to_contain_text("заявленное изменение ≠ рассчитанное")
        expect(change).to_contain_text("−18,85")
        expect(change).to_contain_text(DOC_000)
        expect(change).to_contain_text(DOC_001)
        a11y.check(page)
        journey.shot(page, "indicator-ru")

        switch(page, "kk")
        expect(page.locator("h1")).to_have_text("Елге келгендер саны (халықаралық көші-қон)")
        with translation.override("kk"):
            expect(page.locator("#findings h2")).to_have_text(translation.gettext("Validation findings"))
        change = page.locator("#findings li.rule-change", has_text="−20,7")
        expect(change).to_contain_text("көрсетілген өзгеріс ≠ есептелген өзгеріс")
        expect(change).to_contain_text("бақылаулардан есептелгені −18,85")
        expect(page.locator("figure.chart-box svg text", has_text="жылдар")).to_have_count(1)
        a11y.check(page)
        journey.shot(page, "indicator-kk")
