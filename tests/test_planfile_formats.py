"""Plan files as officials make them — Excel CSV in a Russian locale, UTF-16, merged cells, number
and date cells, headers in kk/ru — import, and every shipped plan survives export → import exactly."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest

from plans.models import BudgetLine, Plan
from plans.planfile import import_plan, import_tables, plan_document, plan_file_bytes, read_bytes, write_plan

from .planfiles import PLAN_1593, as_xlsx, as_zip, load_tables, set_cell

pytestmark = pytest.mark.django_db
BASE = load_tables()
SHIPPED = [PLAN_1593, PLAN_1593.parent / "plan_ru_example"]


def imported(data: bytes):
    return import_tables(read_bytes("plan", data)).plan


# cp1251 has no Kazakh letters, so it is tested with a Russian plan below.
@pytest.mark.parametrize("encoding, delimiter", [("utf-16", ","), ("utf-8-sig", ";"), ("utf-8", "\t")])
def test_it_reads_csv_as_excel_saves_it(encoding, delimiter):
    plan = imported(as_zip(copy.deepcopy(BASE), encoding=encoding, delimiter=delimiter))
    assert plan.measures.count() == 49 and plan.agencies.count() == 38


def test_it_reads_a_russian_cp1251_semicolon_file_with_russian_headers():
    rows = {
        "plan": [
            ["Поле", "Значение"],
            ["code", "ru-1"],
            ["title_ru", "План по миграции"],
            ["act_kind", "order"],
            ["act_number", "12"],
            ["act_date", "01.02.2020"],
            ["first_year", "2020"],
            ["last_year", "2021"],
        ],
        "agencies": [
            ["Код", "Наименование (ru)", "Вид", "Территория"],
            ["МВД", "Министерство внутренних дел", "ministry", ""],
        ],
        "measures": [
            [
                "Номер направления",
                "Направление",
                "№",
                "Мероприятие",
                "Форма завершения",
                "Ответственные за исполнение",
                "Срок исполнения",
                "Предполагаемые расходы",
                "Источник финансирования",
                "Секретно",
            ],
            [
                "1",
                "Учёт",
                "1",
                "Изучить потоки",
                "Информация в Правительство",
                "МВД",
                "май 2020 года",
                "2020 год – 12 000,75 тыс. тенге",
                "Республиканский бюджет",
                "",
            ],
        ],
    }
    plan = imported(as_zip(rows, encoding="cp1251", delimiter=";"))
    measure = plan.measures.get()
    assert (plan.title_ru, plan.title_kk, measure.title) == ("План по миграции", "", "Изучить потоки")
    assert measure.budget_lines.get().amount == Decimal("12000.75")


def test_it_reads_merged_direction_cells_and_excel_numbers_and_dates():
    def merge_and_type(book):
        sheet = book["measures"]
        sheet["A3"] = None
        sheet.merge_cells("A2:A3")
        sheet["E2"] = 1  # the number, as a number cell, not text
        plan_sheet = book["plan"]
        for row in plan_sheet.iter_rows(min_row=2):
            if row[0].value == "act_date":
                row[1].value = dt.datetime(2013, 12, 31)
            if row[0].value == "first_year":
                row[1].value = 2014.0

    plan = imported(as_xlsx(BASE, tweak=merge_and_type))
    assert plan.act_date == dt.date(2013, 12, 31) and plan.first_year == 2014
    assert plan.measures.get(number=2).direction.number == 1


def test_it_keeps_budget_amounts_exactly_as_written():
    tables = set_cell(
        copy.deepcopy(BASE), "measures", "15", "expenses", "2014 жыл – 12 000,75 мың теңге, 2015 жыл – 0,125 мың теңге"
    )
    plan = imported(as_zip(tables))
    amounts = dict(BudgetLine.objects.filter(measure__plan=plan).values_list("year", "amount"))
    assert amounts == {2014: Decimal("12000.75"), 2015: Decimal("0.125")}
    assert plan.measures.get(number=15).expenses_text == "2014 жыл – 12 000,75 мың теңге, 2015 жыл – 0,125 мың теңге"


@pytest.mark.parametrize("source", SHIPPED, ids=lambda p: p.name)
@pytest.mark.parametrize("fmt", ["json", "xlsx", "zip", "csv"])
def test_it_changes_nothing_when_its_own_export_is_imported(source, fmt, tmp_path):
    plan = import_plan(source).plan
    before = plan_document(plan)
    if fmt == "csv":
        write_plan(plan, "csv", tmp_path / "folder")
        again = import_plan(tmp_path / "folder")
    else:
        again = import_tables(read_bytes(f"plan.{fmt}", plan_file_bytes(plan, fmt)))
    assert not again.changed, again.changes.lines()
    assert plan_document(Plan.objects.get(pk=plan.pk)) == before


def test_it_keeps_the_decree_wording_of_responsible_agencies_marks_and_budgets():
    by_number = {m["number"]: m for m in plan_document(import_plan(PLAN_1593).plan)["measures"]}
    assert (
        by_number[1]["responsible_wording"]
        == "ІІМ (жинақтау), ДСӘДМ, ҰЭМ, облыстардың, Астана мен Алматы қалаларының әкімдіктері"
    )
    assert by_number[1]["budget"]["wording"] == "Талап етілмейді"
    by_number = {m["number"]: m for m in plan_document(import_plan(SHIPPED[1]).plan)["measures"]}
    assert by_number[2]["responsible_wording"] == "МТСЗН, НПП «Атамекен» (по согласованию)"
    assert by_number[2]["budget"] == {
        "wording": "2026 год – 12 000,75 тыс. тенге",
        "per_year": {"2026": "12000.75"},
        "note": {"kk": "", "ru": "", "en": ""},
    }
    assert by_number[4]["deadline"]["schedule"]["continuous"] is True and by_number[4]["deadline"]["due_dates"] == []


def test_it_imports_plan_1593_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        import_plan(PLAN_1593)
    with django_assert_max_num_queries(30):
        assert not import_plan(PLAN_1593).changed
