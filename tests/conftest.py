import os

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from tests.api_world import api_world  # noqa: F401  (the API tests' world, with a token per role)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (English in tests), whatever an earlier test,
    command or request activated in this thread."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    """Uploaded evidence and generated files go to a per-test folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI every service is there (PostgreSQL, Redis, Chromium), so a test skipped for want of
    one is a failure there, not a silent pass."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("PLAN_MONITOR_REQUIRE_SERVICES") and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped where every service must be available (PLAN_MONITOR_REQUIRE_SERVICES): {reason}"


@pytest.fixture(autouse=True)
def _empty_dashboard_cache():
    """Each test starts with no cached dashboard page, whatever an earlier test in this process
    cached (a rolled-back test database can show other data under the same generation)."""
    from dashboards import page_cache

    page_cache.clear()
