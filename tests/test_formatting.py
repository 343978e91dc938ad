"""Numbers read by locale (one helper for pages, e-mails and PDFs) and names in kk/ru order."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from plans.formatting import collation_key, format_amount, format_number, sort_by_name
from tests.dashboard_fixture import dash  # noqa: F401

NB = "\u00a0"


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("kk", Decimal("403987.400000000"), f"403{NB}987,4"),
        ("ru", 96794.2999999999, f"96{NB}794,3"),
        ("en", Decimal("80612.0"), "80,612.0"),
        ("kk", 549642, f"549{NB}642,0"),
        ("ru", Decimal("-1234567.25"), f"−1{NB}234{NB}567,3"),
        ("en", "0.05", "0.1"),
        ("kk", Decimal("999.95"), f"1{NB}000,0"),
    ],
)
def test_it_formats_thousand_tenge_amounts_by_language(lang, value, expected):
    assert format_amount(value, lang) == expected


def test_it_formats_whole_numbers_and_leaves_non_numbers_empty():
    assert format_number(1234567, lang="en") == "1,234,567"
    assert format_number(12, lang="ru") == "12"
    assert format_number(None) == format_number("abc") == format_number(float("nan")) == ""


def test_it_formats_in_templates_in_the_active_language():
    template = Template("{% load numbers %}{{ v|amount }} · {{ n|number }} · {{ none|amount }}")
    context = Context({"v": Decimal("96794.2999999999"), "n": 40398, "none": None})
    with translation.override("ru"):
        assert template.render(context) == f"96{NB}794,3 · 40{NB}398 · —"
    with translation.override("en"):
        assert template.render(context) == "96,794.3 · 40,398 · —"


def test_it_sorts_agency_names_in_kazakh_and_russian_alphabetical_order():
    names = [
        "Шымкент",
        "Қаржымині",
        "ІІМ",
        "Әділетмині",
        "Көлікмині",
        "Ақмола",
        "Ұлттық банк",
        "Ішкі істер",
        "ЯМ",
        "Byte",
    ]
    assert sort_by_name(names, lang="kk") == [
        "Ақмола",
        "Әділетмині",
        "Көлікмині",
        "Қаржымині",
        "Ұлттық банк",
        "Шымкент",
        "Ішкі істер",
        "ІІМ",
        "ЯМ",
        "Byte",
    ]
    assert sort_by_name(names, lang="ru") == [
        "Ақмола",
        "Әділетмині",
        "ІІМ",
        "Ішкі істер",
        "Көлікмині",
        "Қаржымині",
        "Ұлттық банк",
        "Шымкент",
        "ЯМ",
        "Byte",
    ]
    assert collation_key("ақ", "kk") < collation_key("ал", "kk") < collation_key("ар", "kk")


def test_it_shows_budget_amounts_by_locale_on_the_page_and_raw_in_the_download(client, dash):  # noqa: F811
    import io

    import time_machine
    from openpyxl import load_workbook

    from tests.dashboard_fixture import TODAY, client_for

    dash.users.coordinator.language = "ru"
    dash.users.coordinator.save()
    with time_machine.travel(TODAY, tick=False):
        c = client_for(client, dash.users.coordinator)
        page = c.get("/dashboards/budget/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        download = b"".join(c.get("/dashboards/budget/?_export=xlsx").streaming_content)
    assert ">150,0<" in page and ">135,0<" in page
    rows = list(load_workbook(io.BytesIO(download)).active.iter_rows(values_only=True))
    planned = rows[0].index("Planned, thousand KZT") if "Planned, thousand KZT" in rows[0] else 4
    assert {type(r[planned]) for r in rows[1:]} <= {int, float}, rows[:3]


def test_it_writes_a_measured_figure_with_its_own_decimal_places_by_language():
    from plans.formatting import format_figure

    assert format_figure(Decimal("23761.0000"), "en") == "23,761"
    assert format_figure(Decimal("-5521"), "ru") == f"−5{NB}521"
    assert format_figure(Decimal("13.60"), "kk") == "13,6"
    assert format_figure(None) == ""
