"""Agencies listed in the reader's alphabetical order on the dashboards: Kazakh puts Қ after К and
І after Ы (а ә б в г ғ д е ё ж з и й к қ л м н ң о ө п р с т у ұ ү ф х һ ц ч ш щ ъ ы і ь э ю я);
Russian puts the Kazakh letters right after their base letters (І after И). Codepoint order put
ІІМ and Қаржымині after Шымкент."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import User
from tests import factories as f

pytestmark = pytest.mark.django_db
CODES = ["Шымкент", "ІІМ", "Қаржымині", "Ақмола", "Инвестмині", "Көлікмині", "Ұлттық банк", "Әділетмині"]
ORDER = {
    "kk": ["Ақмола", "Әділетмині", "Инвестмині", "Көлікмині", "Қаржымині", "Ұлттық банк", "Шымкент", "ІІМ"],
    "ru": ["Ақмола", "Әділетмині", "Инвестмині", "ІІМ", "Көлікмині", "Қаржымині", "Ұлттық банк", "Шымкент"],
}
TODAY = dt.datetime(2014, 5, 1, 10, tzinfo=dt.UTC)


@pytest.fixture
def world():
    plan = f.PlanFactory(code="abc")
    period = f.PeriodFactory(plan=plan, year=2014, number=1)
    for number, code in enumerate(CODES, start=1):
        agency = f.AgencyFactory(code=code)
        measure = f.MeasureFactory(plan=plan, direction__plan=plan, number=number)
        f.ResponsibilityFactory(measure=measure, agency=agency)
        f.SubmissionFactory(measure=measure, period=period, agency=agency)
    return plan


def _row_agencies(page: str) -> list[str]:
    """The agency code at the start of each row of the page's table."""
    body = page.split('<table class="table">', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr><td><span title="[^"]*">([^<]*)</span>', body)


def _agency_options(page: str) -> list[str]:
    select = re.search(r'<select name="agency"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select) if value]


@pytest.mark.parametrize("lang", ["kk", "ru"])
@time_machine.travel(TODAY, tick=False)
def test_it_lists_agencies_in_the_readers_alphabetical_order_on_the_dashboards(client, world, lang):
    client.force_login(f.UserFactory(role=User.Role.COORDINATOR, language=lang))
    for name in ("dashboards:scorecard", "dashboards:overview", "dashboards:budget", "dashboards:overdue"):
        page = client.get(reverse(name), {"plan": world.code}).content.decode()
        assert _agency_options(page) == ORDER[lang], name
    # The scorecard's rows, by default in the same order (a repeat view, served from the cache).
    response = client.get(reverse("dashboards:scorecard"), {"plan": world.code})
    assert _row_agencies(response.content.decode()) == ORDER[lang]
    # Sorting by the agency column the other way round reverses that order, not the codepoints'.
    response = client.get(reverse("dashboards:scorecard"), {"plan": world.code, "sort": "-agency_code"})
    assert _row_agencies(response.content.decode()) == ORDER[lang][::-1]
