"""The reporting calendar of a plan, and training copies of a plan moved to other years."""

from __future__ import annotations

import re

from django.db import transaction

from .deadlines import parse_deadline
from .models import Plan, ReportingPeriod
from .planfile import BUDGET_PAIR, delete_missing, import_tables, plan_tables, save_changed

TRAINING_PREFIX = {"kk": "ОҚУ КӨШІРМЕСІ. ", "ru": "УЧЕБНАЯ КОПИЯ. ", "en": "TRAINING COPY. "}


@transaction.atomic
def plan_generate_periods(*, plan: Plan, result=None) -> list[ReportingPeriod]:
    """Every reporting period of the plan from its rule (e.g. 2014Q1 … 2016Q4, due the 5th and the
    15th of the following month). Idempotent; a changed rule moves the dates of existing periods,
    and periods the rule no longer has are removed when nothing was reported for them."""
    wanted = []
    for year in range(plan.first_year, plan.last_year + 1):
        for number in range(1, plan.periods_per_year + 1):
            start, end, agency_due, ministry_due = ReportingPeriod.bounds(
                year, number, plan.period_months, plan.agency_due_day, plan.ministry_due_day
            )
            values = {"start": start, "end": end, "agency_due": agency_due, "ministry_due": ministry_due}
            wanted.append(save_changed(result, "periods", ReportingPeriod, {"plan": plan, "year": year, "number": number}, values))
    delete_missing(result, "periods", plan.periods.exclude(pk__in=[p.pk for p in wanted]).filter(submissions__isnull=True))
    return wanted


def shift_tables(tables: dict, years: int) -> dict:
    """A plan file's tables moved by whole years and labelled as a training copy."""
    def shift_budget(text: str) -> str:
        return BUDGET_PAIR.sub(lambda m: m.group(0).replace(m["year"], str(int(m["year"]) + years), 1), text)

    plan_rows = []
    for number, row in tables["plan"]:
        name, value = row["field"], row["value"]
        if name == "code":
            value = f"{value}-training"
        elif name in ("first_year", "last_year"):
            value = str(int(value) + years)
        elif name.startswith("title_") and value:
            value = TRAINING_PREFIX[name[-2:]] + re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group(0)) + years), value)
        plan_rows.append((number, {**row, "value": value}))
    measures = []
    for number, row in tables["measures"]:
        row = dict(row)
        if row.get("deadline"):
            row["deadline"] = parse_deadline(row["deadline"]).shifted(years).describe("kk")
        row["expenses"] = shift_budget(row.get("expenses", ""))
        measures.append((number, row))
    return {**tables, "plan": plan_rows, "measures": measures}


def plan_make_training_copy(*, plan: Plan, years: int):
    """Import (or refresh) ``<code>-training``: the same measures, deadlines and budgets moved by
    ``years`` so that the current quarter has obligations, days left and reminders."""
    tables = {name: list(enumerate(rows, start=2)) for name, rows in plan_tables(plan).items()}
    return import_tables(shift_tables(tables, years), training_of=plan, year_offset=years)
