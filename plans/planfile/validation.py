"""Validation of a plan file's tables, one small function per table, into a `PlanFile`.

Every problem of the whole file is collected (table, row, column, reason) before anything is
written; lengths and ranges are checked here so that every database answers the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from plans.deadlines import DeadlineError, parse_deadline
from plans.formatting import format_date
from plans.models import Agency, Measure, Plan

from .columns import LANGUAGES, MAX_LENGTH, MAX_MEASURE_NUMBER, PLAN_FIELDS, SINGLE_LANGUAGE, TRANSLATED
from .problems import Checker
from .reading import Row, Tables
from .wording import form_kind_of, normalize, parse_budget, parse_responsible

YES = {"yes", "y", "true", "1", "иә", "да", "x", "+"}
NO = {"", "no", "n", "false", "0", "жоқ", "нет", "-"}


@dataclass
class ParsedMeasure:
    row: int
    direction_number: int
    direction_title: dict[str, str]
    number: int
    previous_number: int | None
    values: dict[str, Any]
    responsibilities: list[tuple[str, bool, bool]]
    budget: dict[int, Decimal]
    due_dates: list[dt.date]


@dataclass
class PlanFile:
    """A plan file that passed validation: what it says, ready to compare with the database."""

    plan: dict[str, Any]
    amendments: list[dict[str, Any]]
    agencies: dict[str, dict[str, str]]
    measures: list[ParsedMeasure] = field(default_factory=list)

    @property
    def code(self) -> str:
        return self.plan["code"]


class _Cells:
    """Typed reading of one table's cells, each problem filed under the table's name."""

    def __init__(self, check: Checker, table: str) -> None:
        self.check, self.table = check, table

    def text(self, row, column, text: str, *, limit: str = "text", required: bool = False) -> str:
        if required and not text:
            self.check.add(self.table, row, column, _("is empty"))
        if len(text) > MAX_LENGTH[limit]:
            self.check.add(
                self.table,
                row,
                column,
                _("is %(length)s characters long; at most %(limit)s fit")
                % {"length": len(text), "limit": MAX_LENGTH[limit]},
            )
            return text[: MAX_LENGTH[limit]]
        return text

    def integer(self, row, column, text, *, low: int, high: int) -> int | None:
        if not re.fullmatch(r"[+-]?\d{1,9}", text.strip()):
            self.check.add(
                self.table,
                row,
                column,
                _("'%(text)s' is not a whole number") % {"text": text[:40]} if text else _("is empty"),
            )
            return None
        value = int(text)
        if not low <= value <= high:
            self.check.add(
                self.table,
                row,
                column,
                _("%(value)s is outside %(low)s–%(high)s") % {"value": value, "low": low, "high": high},
            )
            return None
        return value

    def date(self, row, column, text) -> dt.date | None:
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text.strip(), fmt).date()
            except ValueError:
                pass
        message = (
            _("'%(text)s' is not a date (YYYY-MM-DD or DD.MM.YYYY)") % {"text": text[:40]} if text else _("is empty")
        )
        self.check.add(self.table, row, column, message)
        return None

    def choice(self, row, column, text, choices, *, blank=False) -> str | None:
        if (blank and not text) or text in choices:
            return text
        message = _("'%(text)s' is not one of: %(choices)s") % {"text": text[:40], "choices": ", ".join(choices)}
        self.check.add(self.table, row, column, message if text else _("is empty"))
        return None


# --- plan ----------------------------------------------------------------------------------------

PLAN_TEXTS = {
    "code": "code",
    "act_number": "act_number",
    "title_kk": "text",
    "title_ru": "text",
    "title_en": "text",
    "act_title_kk": "text",
    "ministry": "agency_code",
}
PLAN_NUMBERS = {
    "first_year": (1990, 2100, None),
    "last_year": (1990, 2100, None),
    "period_months": (1, 12, 3),
    "agency_due_day": (1, 31, 5),
    "ministry_due_day": (1, 31, 15),
    "rule_from_year": (1990, 2100, 0),
}


def _plan_rows(rows: list[tuple[int, Row]], check: Checker) -> dict[str, tuple[int, str]]:
    raw: dict[str, tuple[int, str]] = {}
    for row, r in rows:
        name = r.get("field", "").strip()
        if name not in PLAN_FIELDS:
            check.add(
                "plan",
                row,
                "field",
                _("unknown field '%(name)s'; expected one of: %(fields)s")
                % {"name": name[:40], "fields": ", ".join(PLAN_FIELDS)},
            )
        elif name in raw:
            check.add("plan", row, "field", _("'%(name)s' is given twice") % {"name": name})
        else:
            raw[name] = (row, normalize(r.get("value", "")))
    return raw


def validate_plan(rows: list[tuple[int, Row]], check: Checker) -> dict[str, Any]:
    raw = _plan_rows(rows, check)
    cells = _Cells(check, "plan")

    def value(name: str, required: bool = False) -> tuple[int | None, str]:
        row, text = raw.get(name, (None, ""))
        if required and not text:
            check.add("plan", row, name if row is None else "value", _("%(name)s is required") % {"name": name})
        return row, text

    plan: dict[str, Any] = {}
    for name, limit in PLAN_TEXTS.items():
        row, text = value(name, required=name in ("code", "act_number"))
        plan[name] = cells.text(row, "value", text, limit=limit)
    if not any(plan[f"title_{lang}"] for lang in ("kk", "ru", "en")):
        check.add(
            "plan",
            None,
            "title_kk",
            _("the plan needs a title in at least one language (title_kk, title_ru or title_en)"),
        )
    if plan["code"] and not re.fullmatch(r"[\w-]+", plan["code"]):
        check.add(
            "plan",
            raw["code"][0],
            "value",
            _("code '%(code)s' may contain only letters, digits, '-' and '_'") % {"code": plan["code"]},
        )
    row, text = value("act_kind", required=True)
    plan["act_kind"] = text and cells.choice(row, "value", text, Plan.ActKind.values)
    row, text = value("act_date", required=True)
    plan["act_date"] = text and cells.date(row, "value", text)
    for name, (low, high, default) in PLAN_NUMBERS.items():
        row, text = value(name, required=default is None)
        plan[name] = cells.integer(row, "value", text, low=low, high=high) if text else default
    plan["rule_from_year"] = plan["rule_from_year"] or None
    _check_rule(plan, raw, check)
    _plan_languages(plan, value, cells)
    return plan


def _plan_languages(plan: dict, value, cells: _Cells) -> None:
    """The official language (by default the first one the plan's title is given in) and the
    languages of unofficial working translations (``ru,en``)."""
    given = [lang for lang in LANGUAGES if plan[f"title_{lang}"]] or ["kk"]
    row, text = value("official_language")
    plan["official_language"] = cells.choice(row, "value", text.lower(), LANGUAGES) if text else given[0]
    row, text = value("unofficial_languages")
    codes = [c.strip().lower() for c in re.split(r"[,;\s]+", text) if c.strip()]
    for code in codes:
        cells.choice(row, "value", code, LANGUAGES)
    plan["unofficial_languages"] = ",".join(c for c in LANGUAGES if c in codes)


def _check_rule(plan: dict, raw: dict, check: Checker) -> None:
    def row(name):
        return raw.get(name, (None, ""))[0]

    if plan["period_months"] not in (None, 1, 3, 6, 12):
        check.add(
            "plan",
            row("period_months"),
            "value",
            _("period_months %(months)s must be 1, 3, 6 or 12") % {"months": plan["period_months"]},
        )
    if plan["first_year"] and plan["last_year"] and plan["first_year"] > plan["last_year"]:
        check.add("plan", row("last_year"), "value", _("last_year is before first_year"))
    start = plan["rule_from_year"]
    if start and plan["first_year"] and plan["last_year"] and not plan["first_year"] <= start <= plan["last_year"]:
        message = _("rule_from_year %(year)s is outside the plan period %(first)s–%(last)s")
        check.add(
            "plan",
            row("rule_from_year"),
            "value",
            message % {"year": start, "first": plan["first_year"], "last": plan["last_year"]},
        )
    if plan["agency_due_day"] and plan["ministry_due_day"] and plan["ministry_due_day"] < plan["agency_due_day"]:
        check.add(
            "plan",
            row("ministry_due_day"),
            "value",
            _("the ministry reports by day %(ministry)s, before the agencies report to it (day %(agencies)s)")
            % {"ministry": plan["ministry_due_day"], "agencies": plan["agency_due_day"]},
        )


# --- agencies and amendments ---------------------------------------------------------------------


def validate_agencies(rows: list[tuple[int, Row]], check: Checker) -> dict[str, dict[str, str]]:
    cells = _Cells(check, "agencies")
    agencies: dict[str, dict[str, str]] = {}
    for row, r in rows:
        code = cells.text(row, "code", normalize(r["code"]), limit="agency_code", required=True)
        if not code:
            continue
        if code in agencies:
            check.add("agencies", row, "code", _("agency '%(code)s' is listed twice") % {"code": code})
            continue
        names = {
            f"name_{lang}": cells.text(row, f"name_{lang}", normalize(r[f"name_{lang}"]), limit="name")
            for lang in ("kk", "ru", "en")
        }
        if not any(names.values()):
            check.add(
                "agencies",
                row,
                "name_kk",
                _("the agency needs a name in at least one language (name_kk, name_ru or name_en)"),
            )
        kind = cells.choice(row, "kind", r["kind"].strip(), Agency.Kind.values)
        territory = cells.choice(row, "territory", r["territory"].strip(), Agency.Territory.values, blank=True)
        if kind == Agency.Kind.AKIMAT and territory == "":
            check.add("agencies", row, "territory", _("an akimat needs territory 'region' or 'city'"))
        agencies[code] = {"code": code, **names, "kind": kind or "", "territory": territory or ""}
    return agencies


def validate_amendments(rows: list[tuple[int, Row]], check: Checker) -> list[dict[str, Any]]:
    cells = _Cells(check, "amendments")
    amendments, seen = [], set()
    for row, r in rows:
        number = cells.text(row, "act_number", r["act_number"].strip(), limit="act_number", required=True)
        item = {
            "act_kind": cells.choice(row, "act_kind", r["act_kind"].strip(), Plan.ActKind.values),
            "act_number": number,
            "act_date": cells.date(row, "act_date", r["act_date"]),
            "note": cells.text(row, "note", normalize(r["note"])),
        }
        if (number, item["act_date"]) in seen:
            check.add(
                "amendments",
                row,
                "act_number",
                _("amendment No. %(number)s of %(date)s is listed twice")
                % {"number": number, "date": item["act_date"]},
            )
        seen.add((number, item["act_date"]))
        amendments.append(item)
    return amendments


# --- measures ------------------------------------------------------------------------------------


def _deadline(cells: _Cells, row: int, label: str, text: str, years: tuple[int, int]) -> tuple[dict, list[dt.date]]:
    try:
        schedule = parse_deadline(text)
    except DeadlineError as exc:
        reason = _("cannot read the deadline '%(text)s': %(reason)s") % {"text": exc.text, "reason": exc.reason}
        cells.check.add("measures", row, "deadline", f"{label}: {reason}")
        return {}, []
    first, last = years
    outside = [format_date(d.as_date(), short=True) for d in schedule.once if not first <= d.year <= last]
    outside += [str(y) for y in (schedule.annual_from, schedule.every_from) if y is not None and not first <= y <= last]
    if outside:
        message = _("%(dates)s fall(s) outside the plan period %(first)s–%(last)s") % {
            "dates": ", ".join(outside),
            "first": first,
            "last": last,
        }
        cells.check.add("measures", row, "deadline", f"{label}: {message}")
        return {}, []
    return schedule.to_json(), schedule.due_dates(first, last)


def _in_languages(cells: _Cells, row: int, r: Row, column: str, official: str) -> dict[str, str]:
    """A text's kk, ru and en columns; the column without a language fills the official one."""
    limit = "funding_source" if column == "funding_source" else "text"
    texts = {
        lang: cells.text(row, f"{column}_{lang}", normalize(r.get(f"{column}_{lang}", "")), limit=limit)
        for lang in LANGUAGES
    }
    if column in SINGLE_LANGUAGE["measures"] and not texts[official]:
        texts[official] = cells.text(row, column, normalize(r.get(column, "")), limit=limit)
    return texts


def _measure_texts(cells: _Cells, row: int, label: str, r: Row, context: dict) -> dict:
    limits = {"responsible": "text", "deadline": "deadline", "expenses": "text"}
    texts: dict = {c: cells.text(row, c, normalize(r[c]), limit=limit) for c, limit in limits.items()}
    for column in TRANSLATED:
        texts[column] = _in_languages(cells, row, r, column, context["official"])
    if context["classified"]:
        return {c: (dict.fromkeys(LANGUAGES, "") if isinstance(v, dict) else "") for c, v in texts.items()}
    for column in ("title", "form_of_completion", "responsible", "deadline"):
        if not (any(texts[column].values()) if isinstance(texts[column], dict) else texts[column]):
            name = f"{column}_{context['official']}" if column in TRANSLATED else column
            cells.check.add("measures", row, name, f"{label}: {_('is empty')}")
    return texts


def _translated_values(texts: dict, note: str, official: str) -> dict[str, str]:
    values = {}
    names = ("title", "form_text", "budget_note", "funding_source")
    for column, name in zip(("title", "form_of_completion", "budget_note", "funding_source"), names, strict=True):
        for lang in LANGUAGES:
            values[f"{name}_{lang}"] = texts[column][lang]
    if not values[f"budget_note_{official}"]:
        values[f"budget_note_{official}"] = note
    return values


def _measure_row(cells: _Cells, row: int, r: Row, context: dict) -> ParsedMeasure | None:
    check = cells.check
    number = cells.integer(row, "number", r["number"].strip(), low=1, high=MAX_MEASURE_NUMBER)
    d_number = cells.integer(row, "direction_number", r["direction_number"].strip(), low=1, high=MAX_MEASURE_NUMBER)
    previous = r["previous_number"].strip()
    previous_number = (
        cells.integer(row, "previous_number", previous, low=1, high=MAX_MEASURE_NUMBER) if previous else None
    )
    label = _("measure %(number)s") % {"number": r["number"].strip()[:10] or "?"}
    classified_text = r["classified"].strip().lower()
    if classified_text not in YES | NO:
        check.add("measures", row, "classified", _("'%(text)s' is not yes or empty") % {"text": r["classified"][:40]})
    classified = classified_text in YES
    official = context.get("official", "kk")
    texts = _measure_texts(cells, row, label, r, {"official": official, "classified": classified})
    responsibilities, budget, schedule, dates, note = [], {}, {}, [], ""
    if not classified:
        responsibilities, problems = parse_responsible(texts["responsible"], context["agencies"])
        for p in problems:
            check.add("measures", row, "responsible", f"{label}: {p}")
        if texts["deadline"] and all(context["years"]):
            schedule, dates = _deadline(cells, row, label, texts["deadline"], context["years"])
        if all(context["years"]):
            budget, note, problems = parse_budget(texts["expenses"], *context["years"])
            for p in problems:
                check.add("measures", row, "expenses", f"{label}: {p}")
    form_kind = r["form_kind"].strip() or (
        Measure.FormKind.OTHER if classified else form_kind_of(texts["form_of_completion"][official])
    )
    cells.choice(row, "form_kind", form_kind, Measure.FormKind.values)
    direction_title = texts["direction_title"] = _in_languages(cells, row, r, "direction_title", official)
    if not any(direction_title.values()):
        cells.check.add("measures", row, f"direction_title_{official}", _("is empty"))
    if d_number is None or number is None:
        return None
    return ParsedMeasure(
        row=row,
        direction_number=d_number,
        direction_title=direction_title,
        number=number,
        previous_number=previous_number,
        values={
            **_translated_values(texts, note, official),
            "form_kind": form_kind,
            "responsible_text": texts["responsible"],
            "deadline_text": texts["deadline"],
            "schedule": schedule,
            "expenses_text": texts["expenses"],
            "classified": classified,
        },
        responsibilities=responsibilities,
        budget=budget,
        due_dates=dates,
    )


def validate_measures(rows: list[tuple[int, Row]], check: Checker, context: dict) -> list[ParsedMeasure]:
    cells = _Cells(check, "measures")
    measures: list[ParsedMeasure] = []
    rows_of: dict[str, dict[int, int]] = {"number": {}, "previous_number": {}}
    titles: dict[int, str] = {}
    for row, r in rows:
        m = _measure_row(cells, row, r, context)
        if m is None:
            continue
        for column, key in (("number", m.number), ("previous_number", m.previous_number)):
            if key is not None and key in rows_of[column]:
                check.add(
                    "measures",
                    row,
                    column,
                    _("measure %(number)s is already on row %(row)s") % {"number": key, "row": rows_of[column][key]},
                )
            elif key is not None:
                rows_of[column][key] = row
        if m.direction_title and titles.setdefault(m.direction_number, m.direction_title) != m.direction_title:
            check.add(
                "measures",
                row,
                "direction_title",
                _("direction %(number)s has another title on an earlier row") % {"number": m.direction_number},
            )
        measures.append(m)
    if not rows:
        check.add("measures", None, None, _("the plan has no measures"))
    return measures


def validate(tables: Tables) -> PlanFile:
    """The plan file's contents, or `PlanFileInvalid` listing every problem in it."""
    check = Checker()
    plan = validate_plan(tables["plan"], check)
    agencies = validate_agencies(tables["agencies"], check)
    if plan["ministry"] and plan["ministry"] not in agencies:
        check.add(
            "plan", None, "ministry", _("ministry '%(code)s' is not in the agencies table") % {"code": plan["ministry"]}
        )
    amendments = validate_amendments(tables["amendments"], check)
    context = {
        "agencies": agencies,
        "years": (plan["first_year"] or 0, plan["last_year"] or 0),
        "official": plan.get("official_language") or "kk",
    }
    measures = validate_measures(tables["measures"], check, context)
    check.raise_if_any()
    return PlanFile(plan=plan, amendments=amendments, agencies=agencies, measures=measures)
