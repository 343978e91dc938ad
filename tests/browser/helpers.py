"""What every journey does: named people, signing in, screenshots, evidence files, status classes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from accounts.models import User
from plans.models import Agency, ReportingPeriod, Submission
from tests.factories import UserFactory

ALMATY = ZoneInfo("Asia/Almaty")
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "pass-1234"
# The training copy's 2026Q4: open until 31.12.2026, agencies report by 05.01.2027.
IN_QUARTER = dt.datetime(2026, 12, 20, 10, 0, tzinfo=ALMATY)
AFTER_THE_5TH = dt.datetime(2027, 1, 8, 10, 0, tzinfo=ALMATY)


class People:
    """Named users for every role, and an outsider from an agency with nothing to do here."""

    def __init__(self) -> None:
        def user(username: str, name: str, role: str, agency: str | None, language: str) -> User:
            first, last = name.split()
            return UserFactory(
                username=username,
                first_name=first,
                last_name=last,
                role=role,
                agency=Agency.objects.get(code=agency) if agency else None,
                language=language,
            )

        officer = User.Role.OFFICER
        self.officer = user("aigerim", "Әйгерім Қоңырбаева", officer, "ДСӘДМ", "kk")
        # Measure 39 of the plan: СІМ collects (lead), ІІМ contributes.
        self.co_executor = user("nurlan", "Нұрлан Жүсіпов", officer, "ІІМ", "ru")
        self.lead = user("dana", "Дана Өтегенова", officer, "СІМ", "kk")
        self.coordinator = user("saule", "Сәуле Иманғалиева", User.Role.COORDINATOR, None, "ru")
        self.reader = user("galym", "Ғалым Үсенов", User.Role.READER, None, "kk")
        self.outsider = user("bolat", "Болат Һашимов", officer, "АШМ", "ru")


def submission(period: ReportingPeriod, number: int, agency: str) -> Submission:
    return Submission.objects.get(period=period, measure__number=number, agency__code=agency)


def login(page: Page, user: User) -> None:
    """Sign in through the form, as a person would."""
    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("header .who")).to_contain_text(user.first_name)


def sign_out(page: Page) -> None:
    page.locator("header form[action$='/logout/'] button").click()
    expect(page.locator("#id_username")).to_be_visible()


class Journey:
    """Numbered full-page screenshots under artifacts/screenshots/<name>/."""

    def __init__(self, name: str) -> None:
        self.folder = ARTIFACTS / name
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, page: Page, label: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def evidence_pdf(folder: Path, name: str = "хат-2026-12.pdf") -> Path:
    """A small real PDF to attach as evidence."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = folder / name
    with path.open("wb") as f:
        writer.write(f)
    return path


def status_classes(page: Page, selector: str) -> set[str]:
    """The status classes (s-accepted, s-late …) of the ``.status`` badges inside ``selector``."""
    classes = page.locator(f"{selector} .status").evaluate_all("els => els.map(e => e.className)")
    return {c for cls in classes for c in cls.split() if c.startswith("s-")}


def numbers_in(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def row(page: Page, number: int, within: str = "main"):
    """The table row of measure ``number`` (its first cell is the number)."""
    return page.locator(f"{within} tr").filter(
        has=page.locator("td:first-child", has_text=re.compile(rf"^\s*{number}\s*$"))
    )
