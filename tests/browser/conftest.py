"""Real-browser journeys: Debian's Chromium driven by Playwright's sync API against pytest-django's
live server, with the real plan 1593 and its training copy (moved 12 years, so 2026–2028) loaded.

"Today" is frozen with time_machine around each journey; the live server runs in this process,
so it sees the same frozen clock as the test.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable, Iterator

import pytest

CHROMIUM = "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
if not CHROMIUM:
    pytest.skip("Chromium not installed (apt-get install chromium); browser journeys skipped", allow_module_level=True)

from django.core.management import call_command  # noqa: E402
from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402

from plans import services  # noqa: E402
from plans.models import Plan, ReportingPeriod  # noqa: E402

from .helpers import ROOT, Journey, People  # noqa: E402

# Playwright's sync API keeps an event loop running in this thread; Django would otherwise refuse
# the ORM calls the tests make between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session; each person gets a fresh context (own cookies)."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """``new_page(locale="kk-KZ")``: a page in a new browser context against the live server."""
    contexts = []

    def make(locale: str = "kk-KZ") -> Page:
        # bypass_csp: the accessibility checks inject axe-core as a script; the pages themselves run
        # under the Content-Security-Policy (tests/test_ops.py checks it and that no page needs inline script).
        context = browser.new_context(
            base_url=live_server.url,
            accept_downloads=True,
            locale=locale,
            viewport={"width": 1280, "height": 900},
            bypass_csp=True,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _cookies_without_dates(settings) -> None:
    """The server's clock is frozen and the browser's is not: a cookie expiring two weeks after a
    frozen date could already be expired for the browser, so cookies last for the session; and a
    journey jumps weeks ahead, so the session outlives the jump."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.SESSION_COOKIE_AGE = 90 * 24 * 3600
    settings.CSRF_COOKIE_AGE = None


@pytest.fixture
def plan_1593(transactional_db) -> Plan:
    """The real plan as shipped, and its training copy moved 12 years (2026–2028)."""
    out = io.StringIO()
    call_command("import_plan", str(ROOT / "plans" / "data" / "plan_1593"), stdout=out)
    call_command("make_training_copy", "1593", "--years", "12", stdout=out)
    return Plan.objects.get(code="1593-training")


@pytest.fixture
def quarter(plan_1593: Plan) -> ReportingPeriod:
    """The training copy's 2026Q4, opened: every agency's obligations for it exist."""
    period = plan_1593.periods.get(year=2026, number=4)
    services.period_open(period=period)
    return period


@pytest.fixture
def people(quarter: ReportingPeriod) -> People:
    return People()


@pytest.fixture
def journey(request) -> Journey:
    """Screenshots named after the module: test_journey_officer.py → artifacts/screenshots/officer/."""
    return Journey(request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_journey_"))
