"""A coordinator loads a new plan in the browser: downloads the template, uploads the Russian example
plan, reads the preview, applies it and sees its periods and reports due; then uploads a corrected
file and reads the field-by-field changes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
import time_machine
from openpyxl import load_workbook

from accounts.models import User
from plans.models import Plan, PlanVersion
from tests.factories import UserFactory

from . import a11y
from .helpers import ALMATY, ROOT, expect, login

pytestmark = pytest.mark.browser
RU_EXAMPLE = ROOT / "plans" / "data" / "plan_ru_example"
TODAY = dt.datetime(2026, 11, 22, 10, 0, tzinfo=ALMATY)


def zipped(folder, replace: tuple[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.glob("*.csv")):
            text = path.read_text(encoding="utf-8")
            if replace and path.name == "measures.csv":
                text = text.replace(*replace)
            archive.writestr(path.name, text.encode("utf-8-sig"))
    return buffer.getvalue()


def upload(page, name: str, data: bytes) -> None:
    page.goto("/plans/upload/")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/zip", "buffer": data}])
    page.locator("main form button[type=submit]").click()


def test_it_lets_a_coordinator_load_and_then_correct_a_plan(new_page, transactional_db, journey):
    coordinator = UserFactory(
        username="saule", first_name="Сәуле", last_name="Иманғалиева", role=User.Role.COORDINATOR, language="ru"
    )
    page = new_page(locale="ru-RU")
    with time_machine.travel(TODAY, tick=True):
        login(page, coordinator)
        page.goto("/plans/")
        page.get_by_role("link", name="Загрузить или изменить план").click()
        expect(page.locator("h1")).to_have_text("Загрузить или изменить план")
        with page.expect_download() as download:
            page.get_by_role("link", name="Скачать пустой шаблон (XLSX, с инструкцией)").click()
        book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
        assert book.sheetnames[0] == "инструкция" and book["measures"]["G1"].value == "мероприятие (ru)"
        a11y.check(page)
        journey.shot(page, "upload-form-ru")

        upload(page, "plan-ru.zip", zipped(RU_EXAMPLE))
        expect(page.locator("main h2").first).to_have_text("Новый план ru-2026-trud")
        expect(page.locator("main")).to_contain_text("2026H2")
        expect(page.locator("#id_act_number")).to_have_value("118")
        journey.shot(page, "preview-new-plan-ru")
        page.get_by_role("button", name="Применить эти изменения").click()

        expect(page.locator(".msg.success")).to_contain_text("План ru-2026-trud: применена версия 1.")
        h2 = page.locator("table.periods tr", has_text="2026H2")
        expect(h2).to_contain_text("10.01.2027")
        assert int(h2.locator("td").nth(6).inner_text()) > 0
        journey.shot(page, "periods-and-reports-due-ru")

        corrected = zipped(RU_EXAMPLE, ("II квартал 2026 года", "III квартал 2026 года"))
        upload(page, "plan-ru-corrected.zip", corrected)
        change = page.locator("ul.changes ul li", has_text="срок исполнения")
        expect(change.locator("del")).to_have_text("II квартал 2026 года")
        expect(change.locator("ins")).to_have_text("III квартал 2026 года")
        page.select_option("#id_kind", "correction")
        page.set_viewport_size({"width": 390, "height": 844})
        journey.shot(page, "preview-correction-ru-390")
        page.get_by_role("button", name="Применить эти изменения").click()
        expect(page.locator(".msg.success")).to_contain_text("версия 2")
        page.goto("/plans/ru-2026-trud/")
        versions = page.locator("section.versions li")
        expect(versions).to_have_count(2)
        expect(versions.first).to_contain_text("исправление текста")
        journey.shot(page, "plan-with-versions-ru-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        versions.first.get_by_role("link", name="версия 2").click()
        expect(page.locator("main")).to_contain_text("III квартал 2026 года")
        a11y.check(page)
        journey.shot(page, "version-2-ru-1366")
    plan = Plan.objects.get(code="ru-2026-trud")
    assert plan.measures.get(number=2).deadline_text == "III квартал 2026 года"
    assert list(PlanVersion.objects.values_list("number", "kind")) == [(2, "correction"), (1, "approval")]
