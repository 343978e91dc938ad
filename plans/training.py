"""Training copies: a plan moved to other years and labelled as training, so that the current
quarter has obligations, days left and reminders."""

from __future__ import annotations

import re

from .deadlines import parse_deadline
from .models import Plan
from .planfile import BUDGET_PAIR, ImportResult, import_tables, plan_tables

TRAINING_PREFIX = {"kk": "ОҚУ КӨШІРМЕСІ. ", "ru": "УЧЕБНАЯ КОПИЯ. ", "en": "TRAINING COPY. "}


def _shift_years(text: str, years: int) -> str:
    return re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group(0)) + years), text)


def _shift_plan_row(row: dict, years: int) -> dict:
    name, value = row["field"], row["value"]
    if name == "code":
        value = f"{value}-training"
    elif name in ("first_year", "last_year", "rule_from_year") and value:
        value = str(int(value) + years)
    elif name.startswith("title_") and value:
        value = TRAINING_PREFIX[name[-2:]] + _shift_years(value, years)
    return {**row, "value": value}


def shift_tables(tables: dict, years: int) -> dict:
    """A plan file's tables moved by whole years and labelled as a training copy."""

    def shift_budget(text: str) -> str:
        return BUDGET_PAIR.sub(lambda m: m.group(0).replace(m["year"], str(int(m["year"]) + years), 1), text)

    measures = []
    for number, row in tables["measures"]:
        row = dict(row)
        if row.get("deadline"):
            row["deadline"] = parse_deadline(row["deadline"]).shifted(years).describe("kk")
        row["expenses"] = shift_budget(row.get("expenses", ""))
        measures.append((number, row))
    plan_rows = [(number, _shift_plan_row(row, years)) for number, row in tables["plan"]]
    return {**tables, "plan": plan_rows, "measures": measures}


def plan_make_training_copy(*, plan: Plan, years: int) -> ImportResult:
    """Import (or refresh) ``<code>-training``: the same measures, deadlines and budgets moved by ``years``."""
    tables = {name: list(enumerate(rows, start=2)) for name, rows in plan_tables(plan).items()}
    return import_tables(shift_tables(tables, years), training_of=plan, year_offset=years)
