"""Nothing reported is ever moved or lost: each safety rule refuses with a message naming what is
wrong, and the database stays exactly as it was."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from plans.models import Agency, Measure, Plan, ReportingPeriod, Submission
from plans.periods import periods_open
from plans.planfile import PlanFileInvalid, import_tables, read_bytes

from .factories import SubmissionFactory
from .planfiles import PLAN_1593 as PLAN_1593_DIR
from .planfiles import as_zip, load_tables, set_cell

pytestmark = pytest.mark.django_db


def apply(tables):
    return import_tables(read_bytes("plan.zip", as_zip(tables)))


def refused(tables) -> list[str]:
    with pytest.raises(PlanFileInvalid) as caught:
        apply(tables)
    return [str(p) for p in caught.value.problems]


def snapshot():
    return (
        list(Measure.objects.order_by("pk").values_list("pk", "number", "title_kk")),
        list(Submission.objects.order_by("pk").values_list("pk", "measure_id", "period_id")),
        list(ReportingPeriod.objects.order_by("pk").values_list("pk", "year", "number", "start", "end", "agency_due")),
        list(Agency.objects.order_by("pk").values_list("pk", "code", "name_kk", "name_ru")),
    )


@pytest.fixture
def tables():
    return load_tables()


@pytest.fixture
def reported(tables):
    """Plan 1593 with a report on measures 48 and 49 for 2014Q1."""
    plan = apply(tables).plan
    period = plan.periods.get(year=2014, number=1)
    iim = Agency.objects.get(code="ІІМ")
    for number in (48, 49):
        SubmissionFactory(measure=plan.measures.get(number=number), period=period, agency=iim)
    return plan


def renumbered(tables, *, with_mapping: bool):
    """48 → 49, 49 → 50 and a new measure 48, as a corrected decree would list them."""
    tables = copy.deepcopy(tables)
    header = tables["measures"][0]
    if with_mapping:
        header.append("previous_number")
    rows = {row[header.index("number")]: row for row in tables["measures"][1:]}
    old48, old49 = rows["48"], rows["49"]
    new48 = [*old48[: header.index("number")], "48", "Жаңа іс-шара", *old48[header.index("number") + 2 :]]
    new48[header.index("title_ru")] = new48[header.index("title_en")] = ""
    old48[header.index("number")], old49[header.index("number")] = "49", "50"
    if with_mapping:
        new48.append("")
        old48.append("48")
        old49.append("49")
        for row in tables["measures"][1:]:
            if len(row) < len(header):
                row.append("")
    tables["measures"] = [r for r in tables["measures"] if r not in (old48, old49)] + [new48, old48, old49]
    return tables


def test_it_refuses_to_renumber_a_reported_measure_without_a_mapping(reported, tables):
    before = snapshot()
    messages = refused(renumbered(tables, with_mapping=False))
    assert any(
        "measure 50 has the title of measure 49, which has 1 report(s)" in m and "previous_number" in m
        for m in messages
    )
    assert snapshot() == before


def test_it_moves_reports_with_a_measure_renumbered_through_previous_number(reported, tables):
    title_49 = reported.measures.get(number=49).title
    report_49 = Submission.objects.get(measure__number=49)
    result = apply(renumbered(tables, with_mapping=True))
    assert [c.key for c in result.changes.measures["added"]] == ["48"]
    report_49.refresh_from_db()
    assert (report_49.measure.number, report_49.measure.title) == (50, title_49)
    assert reported.measures.get(number=48).title == "Жаңа іс-шара"
    assert reported.measures.count() == 50


def test_it_refuses_to_remove_a_measure_that_has_reports(reported, tables):
    column = tables["measures"][0].index("number")
    tables["measures"] = [r for r in tables["measures"] if r[column] != "49"]
    before = snapshot()
    assert "measures, column number: measures 49 have reports and cannot be removed from the plan" in refused(tables)
    assert snapshot() == before


def test_it_refuses_to_change_the_reporting_rule_of_a_plan_with_reports(reported, tables):
    before = snapshot()
    messages = refused(set_cell(tables, "plan", "period_months", "value", "6"))
    assert any(
        "plan 1593 already has reports, so its reporting rule cannot change (period_months 3 → 6)" in m
        for m in messages
    )
    assert snapshot() == before


def test_it_refuses_to_rename_an_agency_another_plan_uses(reported):
    second = {
        "plan": [
            ["field", "value"],
            ["code", "second"],
            ["title_ru", "Второй план"],
            ["act_kind", "order"],
            ["act_number", "7"],
            ["act_date", "2020-01-01"],
            ["first_year", "2020"],
            ["last_year", "2021"],
        ],
        "agencies": [
            ["code", "name_kk", "name_ru", "name_en", "kind", "territory"],
            ["ІІМ", "", "Министерство полиции", "", "ministry", ""],
        ],
        "measures": [
            [
                "direction_number",
                "direction_title",
                "number",
                "title",
                "form_of_completion",
                "responsible",
                "deadline",
                "expenses",
                "funding_source",
                "classified",
            ],
            ["1", "Учёт", "1", "Учесть", "Информация", "ІІМ", "май 2020 года", "", "", ""],
        ],
    }
    before = snapshot()
    messages = refused(second)
    assert any(
        "agency 'ІІМ' is also in plan 1593: this file (plan second) would change its name_ru" in m for m in messages
    )
    assert snapshot() == before and not Plan.objects.filter(code="second").exists()
    # Filling a name the agency does not have yet is allowed.
    Agency.objects.filter(code="ІІМ").update(name_en="")
    set_cell(second, "agencies", "ІІМ", "name_ru", "")
    set_cell(second, "agencies", "ІІМ", "name_en", "Ministry of Internal Affairs")
    apply(second)
    iim = Agency.objects.get(code="ІІМ")
    assert (iim.name_ru, iim.name_en) == (
        "Министерство внутренних дел Республики Казахстан",
        "Ministry of Internal Affairs",
    )


def test_it_expands_akimat_phrases_by_kind_and_territory_not_by_code_spelling():
    tables = {
        "plan": [
            ["field", "value"],
            ["code", "akimats"],
            ["title_ru", "План"],
            ["act_kind", "order"],
            ["act_number", "1"],
            ["act_date", "2020-01-01"],
            ["first_year", "2020"],
            ["last_year", "2020"],
        ],
        "agencies": [
            ["code", "name_kk", "name_ru", "name_en", "kind", "territory"],
            ["г. Астана", "", "Акимат города Астаны", "", "akimat", "city"],
            ["г. Алматы", "", "Акимат города Алматы", "", "akimat", "city"],
            ["г. Шымкент", "", "Акимат города Шымкента", "", "akimat", "city"],
            ["Акмолинская обл.", "", "Акимат Акмолинской области", "", "akimat", "region"],
        ],
        "measures": [
            [
                "direction_number",
                "direction_title",
                "number",
                "title",
                "form_of_completion",
                "responsible",
                "deadline",
                "expenses",
                "funding_source",
                "classified",
            ],
            [
                "1",
                "Учёт",
                "1",
                "Учесть",
                "Информация",
                "акиматы областей, городов Астаны и Алматы",
                "май 2020 года",
                "",
                "",
                "",
            ],
        ],
    }
    measure = apply(tables).plan.measures.get()
    assert [r.agency.code for r in measure.responsibilities.all()] == ["Акмолинская обл.", "г. Алматы", "г. Астана"]


def test_it_never_opens_obligations_in_periods_whose_due_date_has_passed(tables):
    plan = apply(tables).plan
    apply(set_cell(tables, "measures", "2", "deadline", "2015 жылғы мамыр"))
    opened = periods_open(today=dt.date(2015, 6, 1))
    assert [p.label for p in opened] == ["2015Q2"]
    assert set(Submission.objects.values_list("period__year", "period__number").distinct()) == {(2015, 2)}
    call_command("open_periods", "--as-of", "2026-11-22")
    assert not Submission.objects.exclude(period__year=2015, period__number=2).exists()
    assert plan.periods.count() == 12


RU_EXAMPLE = PLAN_1593_DIR.parent / "plan_ru_example"


@time_machine.travel(dt.datetime(2026, 11, 22, 10, 0))
def test_it_changes_the_reporting_rule_only_from_a_coming_year_keeping_reported_periods():
    tables = load_tables(RU_EXAMPLE)
    plan = apply(tables).plan
    h2 = plan.periods.get(year=2026, number=2)
    SubmissionFactory(measure=plan.measures.get(number=1), period=h2, agency=Agency.objects.get(code="МВД"))
    before = snapshot()
    quarterly = set_cell(copy.deepcopy(tables), "plan", "period_months", "value", "3")
    messages = refused(quarterly)
    assert any(
        "set rule_from_year to a coming year in which nothing is reported yet (e.g. 2027)" in m for m in messages
    )
    this_year = copy.deepcopy(quarterly)
    this_year["plan"].append(["rule_from_year", "2026"])
    assert any("cannot change (period_months 6 → 3)" in m for m in refused(this_year))
    assert snapshot() == before
    next_year = copy.deepcopy(quarterly)
    next_year["plan"].append(["rule_from_year", "2027"])
    result = apply(next_year)
    labels = [p.label for p in plan.periods.order_by("start")]
    assert labels == ["2026H1", "2026H2", "2027Q1", "2027Q2", "2027Q3", "2027Q4"]
    h2_after = plan.periods.get(pk=h2.pk)
    assert (h2_after.start, h2_after.end, h2_after.agency_due) == (h2.start, h2.end, h2.agency_due)
    assert Submission.objects.get().period_id == h2.pk
    assert not import_tables(read_bytes("again.zip", as_zip(next_year))).changed
    assert result.changes.plan_fields[0].field == "period_months"
