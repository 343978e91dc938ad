"""The plan file: one documented format for a whole plan, read and written as XLSX, CSV or JSON.

A plan file has four tables (XLSX sheets, CSV files in one folder, or JSON keys of those names):

* ``plan`` — ``field,value`` rows: code, title_kk, title_ru, title_en, act_kind (decree/order/law/
  other), act_number, act_date (YYYY-MM-DD or DD.MM.YYYY), act_title_kk, first_year, last_year,
  period_months (1, 3, 6 or 12), agency_due_day, ministry_due_day, ministry (an agency code).
* ``amendments`` — act_kind, act_number, act_date, note.
* ``agencies`` — code, name_kk, name_ru, name_en, kind (ministry/akimat/state_company/other),
  territory (region/city, for akimats).
* ``measures`` — one row per measure: the decree's seven columns plus the direction:
  direction_number, direction_title, number, title, form_of_completion, responsible, deadline,
  expenses, funding_source, classified (yes or empty), and optionally form_kind.

Cells keep the decree's wording. ``responsible`` lists agency codes in order, marked
"(жинақтау)"/"(свод)" for the lead and "(келісім бойынша)"/"(по согласованию)" for by-agreement;
akimat phrases ("облыстардың, Астана мен Алматы қалаларының әкімдіктері", "облыс әкімдіктері",
"акиматы областей, городов Астаны и Алматы" …) stand for the individual akimats in ``agencies``.
``expenses`` is either per-year amounts ("2014 жыл – 549 642 мың теңге, 2015 жыл – …") or a note
("Талап етілмейді").

Import validates every row first and writes nothing when anything is wrong; each problem names
its table, row (as a spreadsheet shows it: the header is row 1), column and reason. Importing the
same file again changes nothing; a corrected file updates the plan in place.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from ops.spreadsheet import csv_safe, csv_unquote, xlsx_text

from .deadlines import DeadlineError, parse_deadline
from .models import Agency, Amendment, BudgetLine, Direction, Measure, MeasureDueDate, Plan, Responsibility

TABLES = ("plan", "amendments", "agencies", "measures")
COLUMNS = {
    "plan": ("field", "value"),
    "amendments": ("act_kind", "act_number", "act_date", "note"),
    "agencies": ("code", "name_kk", "name_ru", "name_en", "kind", "territory"),
    "measures": (
        "direction_number", "direction_title", "number", "title", "form_of_completion", "responsible",
        "deadline", "expenses", "funding_source", "classified", "form_kind",
    ),
}
REQUIRED_COLUMNS = {**COLUMNS, "measures": COLUMNS["measures"][:-1]}
PLAN_FIELDS = (
    "code", "title_kk", "title_ru", "title_en", "act_kind", "act_number", "act_date", "act_title_kk",
    "first_year", "last_year", "period_months", "agency_due_day", "ministry_due_day", "ministry",
)
YES = {"yes", "y", "true", "1", "иә", "да", "x"}
NO = {"", "no", "n", "false", "0", "жоқ", "нет"}

LEAD_MARKS = ("жинақтау", "свод")
AGREEMENT_MARKS = ("келісім бойынша", "по согласованию")
# Akimat phrases → which akimats they stand for: all regions, plus named cities ("*" = every city).
AKIMAT_PHRASES = [
    (r"облыстардың,? республикалық маңызы бар қалалардың және астананың әкімдіктері", "*"),
    (r"облыстардың,? Астана (?:мен|және) Алматы қалаларының әкімдіктері", ("Астана", "Алматы")),
    (r"облыстардың әкімдіктері|облыс әкімдіктері", ()),
    (r"акиматы областей,? городов республиканского значения и столицы", "*"),
    (r"акиматы областей,? городов Астаны и Алматы", ("Астана", "Алматы")),
    (r"акиматы областей|областные акиматы", ()),
]
FORM_KIND_WORDS = [
    (Measure.FormKind.INFORMATION, ("ақпарат", "информаци")),
    (Measure.FormKind.PROPOSALS, ("ұсыныс", "предложени")),
    (Measure.FormKind.ORDER, ("бұйрығы", "бұйрық", "приказ")),
    (Measure.FormKind.DECREE, ("қаулысы", "постановлени")),
]
BUDGET_PAIR = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*(?:жыл\w*|год\w*|г\.)?\s*[-–—:]\s*(?P<amount>\d[\d\s\u00a0]*(?:[.,]\d+)?)"
    r"\s*(?:мың теңге|тыс\.?\s*тенге)?",
    re.IGNORECASE,
)


@dataclass
class Problem:
    table: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.table + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class PlanFileInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    plan: Plan
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def count(self, what: str, outcome: str) -> None:
        self.counts.setdefault(what, {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0})[outcome] += 1

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())

    def summary(self) -> str:
        parts = [f"{what}: " + ", ".join(f"{n} {k}" for k, n in c.items() if n) for what, c in self.counts.items()]
        return f"Plan {self.plan.code}: " + "; ".join(parts)


# --- reading and writing tables ------------------------------------------------------------------

Row = dict[str, str]


def read_tables(path: Path) -> dict[str, list[tuple[int, Row]]]:
    """The four tables of a plan file as (row number, row) pairs; the format follows the path."""
    path = Path(path)
    if path.is_dir():
        return {name: _read_csv((path / f"{name}.csv")) for name in TABLES}
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".json":
        return _from_json(json.loads(path.read_text(encoding="utf-8")))
    raise PlanFileInvalid([Problem(str(path), None, None, "expected an .xlsx or .json file, or a folder of CSV files")])


def _numbered(header: list[str], rows) -> list[tuple[int, Row]]:
    header = [(h or "").strip() for h in header]
    out = []
    for number, values in enumerate(rows, start=2):
        values = ["" if v is None else _cell_text(v) for v in values]
        if not any(values):
            continue
        out.append((number, dict(zip(header, values + [""] * (len(header) - len(values))))))
    return out


def _cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_csv(path: Path) -> list[tuple[int, Row]]:
    if not path.exists():
        raise PlanFileInvalid([Problem(path.name, None, None, "file is missing")])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [[csv_unquote(v) for v in r] for r in csv.reader(fh)]
    if not rows:
        return []
    _check_header(path.stem, rows[0])
    return _numbered(rows[0], rows[1:])


def _read_xlsx(path: Path) -> dict[str, list[tuple[int, Row]]]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    tables = {}
    for name in TABLES:
        if name not in book.sheetnames:
            raise PlanFileInvalid([Problem(name, None, None, f"sheet '{name}' is missing")])
        rows = list(book[name].iter_rows(values_only=True))
        header = [_cell_text(h) if h is not None else "" for h in rows[0]] if rows else []
        _check_header(name, header)
        tables[name] = _numbered(header, rows[1:])
    return tables


def _check_header(table: str, header: list[str]) -> None:
    missing = [c for c in REQUIRED_COLUMNS[table] if c not in {h.strip() for h in header}]
    if missing:
        raise PlanFileInvalid([Problem(table, 1, c, "column is missing") for c in missing])


def _from_json(data: dict) -> dict[str, list[tuple[int, Row]]]:
    if not isinstance(data, dict) or "plan" not in data:
        raise PlanFileInvalid([Problem("json", None, None, "expected an object with plan, amendments, agencies, measures")])
    plan = data["plan"]
    tables = {"plan": [(i + 2, {"field": k, "value": _cell_text(v)}) for i, (k, v) in enumerate(plan.items()) if k in PLAN_FIELDS]}
    for name in ("amendments", "agencies"):
        tables[name] = [(i + 2, {c: _cell_text(item.get(c, "")) for c in COLUMNS[name]}) for i, item in enumerate(data.get(name, []))]
    tables["measures"] = [
        (
            i + 2,
            {
                "direction_number": _cell_text(m.get("direction", {}).get("number", "")),
                "direction_title": m.get("direction", {}).get("title", ""),
                "number": _cell_text(m.get("number", "")),
                "title": m.get("title", ""),
                "form_of_completion": m.get("form", {}).get("wording", ""),
                "form_kind": m.get("form", {}).get("kind", ""),
                "responsible": m.get("responsible_wording", ""),
                "deadline": m.get("deadline", {}).get("wording", ""),
                "expenses": m.get("budget", {}).get("wording", ""),
                "funding_source": m.get("funding_source", ""),
                "classified": "yes" if m.get("classified") else "",
            },
        )
        for i, m in enumerate(data.get("measures", []))
    ]
    return tables


# --- validation ----------------------------------------------------------------------------------

@dataclass
class ParsedMeasure:
    row: int
    direction_number: int
    direction_title: str
    number: int
    values: dict[str, Any]
    responsibilities: list[tuple[str, bool, bool]]
    budget: dict[int, Decimal]
    schedule: dict


class _Checker:
    """Collects every problem of a plan file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, table: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(table, row, column, message))

    def integer(self, table, row, column, text, *, low=None, high=None) -> int | None:
        try:
            value = int(str(text).strip())
        except ValueError:
            self.add(table, row, column, f"'{text}' is not a whole number" if text else "is empty")
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.add(table, row, column, f"{value} is outside {low}–{high}")
            return None
        return value

    def date(self, table, row, column, text) -> dt.date | None:
        for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return dt.datetime.strptime(text.strip(), fmt).date()
            except ValueError:
                pass
        self.add(table, row, column, f"'{text}' is not a date (YYYY-MM-DD or DD.MM.YYYY)" if text else "is empty")
        return None

    def choice(self, table, row, column, text, choices, *, blank=False) -> str | None:
        if blank and not text:
            return ""
        if text in choices:
            return text
        self.add(table, row, column, f"'{text}' is not one of: {', '.join(choices)}" if text else "is empty")
        return None


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def parse_responsible(text: str, agencies: dict[str, dict]) -> tuple[list[tuple[str, bool, bool]], list[str]]:
    """``[(agency code, is lead, by agreement), ...]`` in order, and the problems found."""
    text = normalize(text)
    placeholders: dict[str, list[str]] = {}
    for n, (pattern, cities) in enumerate(AKIMAT_PHRASES):
        def expand(match, cities=cities, n=n):
            key = f"@akimats{n}"
            placeholders[key] = [
                code for code, a in agencies.items()
                if a["kind"] == Agency.Kind.AKIMAT
                and (a["territory"] == Agency.Territory.REGION
                     or (a["territory"] == Agency.Territory.CITY and (cities == "*" or any(code.startswith(c) for c in cities))))
            ]
            return key

        text = re.sub(pattern, expand, text, flags=re.IGNORECASE)
    result, problems, seen = [], [], set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        marks = [normalize(m).lower() for m in re.findall(r"\(([^)]*)\)", item)]
        code = normalize(re.sub(r"\([^)]*\)", "", item))
        unknown_marks = [m for m in marks if m not in LEAD_MARKS + AGREEMENT_MARKS]
        if unknown_marks:
            problems.append(f"unknown mark '({unknown_marks[0]})' after '{code}'")
        lead = any(m in LEAD_MARKS for m in marks)
        agreed = any(m in AGREEMENT_MARKS for m in marks)
        codes = placeholders.get(code, [code])
        if code in placeholders and not codes:
            problems.append("the akimat phrase names akimats, but the agencies table has none")
        for c in codes:
            if c not in agencies:
                problems.append(f"unknown agency code '{c}'")
            elif c in seen:
                problems.append(f"agency '{c}' is listed twice")
            else:
                seen.add(c)
                result.append((c, lead, agreed))
    if sum(1 for _, lead, _ in result if lead) > 1:
        problems.append("more than one lead agency (жинақтау)")
    return result, problems


def parse_budget(text: str, first_year: int, last_year: int) -> tuple[dict[int, Decimal], str, list[str]]:
    """Per-year amounts (thousand KZT) or a note, and the problems found."""
    text = normalize(text)
    pairs = list(BUDGET_PAIR.finditer(text))
    if not pairs:
        if re.search(r"\d", text):
            return {}, "", [f"cannot read amounts in '{text}': write them as '2014 жыл – 549 642 мың теңге, 2015 жыл – …'"]
        return {}, text, []
    budget, problems = {}, []
    for match in pairs:
        year = int(match["year"])
        try:
            amount = Decimal(re.sub(r"[\s\u00a0]", "", match["amount"]).replace(",", "."))
        except InvalidOperation:
            problems.append(f"'{match['amount']}' is not an amount")
            continue
        if not first_year <= year <= last_year:
            problems.append(f"year {year} is outside the plan period {first_year}–{last_year}")
        elif year in budget:
            problems.append(f"year {year} is given twice")
        else:
            budget[year] = amount
    leftover = normalize(BUDGET_PAIR.sub("", text).replace(",", " ").replace(";", " "))
    if leftover:
        problems.append(f"cannot read '{leftover}' in the expenses")
    return budget, "", problems


def form_kind_of(wording: str) -> str:
    lowered = wording.lower()
    for kind, words in FORM_KIND_WORDS:
        if any(w in lowered for w in words):
            return kind
    return Measure.FormKind.OTHER


def validate(tables: dict[str, list[tuple[int, Row]]]) -> tuple[dict, list, dict, list[ParsedMeasure]]:
    """Every problem in the file, or the parsed plan, amendments, agencies and measures."""
    check = _Checker()

    raw_plan = {}
    for row, r in tables["plan"]:
        name = r.get("field", "").strip()
        if name not in PLAN_FIELDS:
            check.add("plan", row, "field", f"unknown field '{name}'; expected one of: {', '.join(PLAN_FIELDS)}")
        elif name in raw_plan:
            check.add("plan", row, "field", f"'{name}' is given twice")
        else:
            raw_plan[name] = (row, r.get("value", "").strip())

    def plan_value(name, required=True):
        row, value = raw_plan.get(name, (None, ""))
        if required and not value:
            check.add("plan", row, name if row is None else "value", f"{name} is required")
        return row, value

    plan: dict[str, Any] = {}
    for name in ("code", "title_kk", "act_number"):
        plan[name] = plan_value(name)[1]
    for name in ("title_ru", "title_en", "act_title_kk"):
        plan[name] = plan_value(name, required=False)[1]
    if plan["code"] and not re.fullmatch(r"[\w-]+", plan["code"]):
        check.add("plan", raw_plan["code"][0], "value", f"code '{plan['code']}' may contain only letters, digits, '-' and '_'")
    row, value = plan_value("act_kind")
    plan["act_kind"] = value and check.choice("plan", row, "value", value, Plan.ActKind.values)
    row, value = plan_value("act_date")
    plan["act_date"] = value and check.date("plan", row, "value", value)
    for name, low, high, default in (
        ("first_year", 1990, 2100, None), ("last_year", 1990, 2100, None), ("agency_due_day", 1, 31, 5), ("ministry_due_day", 1, 31, 15)
    ):
        row, value = plan_value(name, required=default is None)
        plan[name] = check.integer("plan", row, "value", value, low=low, high=high) if value else default
    row, value = plan_value("period_months", required=False)
    plan["period_months"] = check.integer("plan", row, "value", value) if value else 3
    if plan["period_months"] not in (None, 1, 3, 6, 12):
        check.add("plan", row, "value", f"period_months {plan['period_months']} must be 1, 3, 6 or 12")
    if plan.get("first_year") and plan.get("last_year") and plan["first_year"] > plan["last_year"]:
        check.add("plan", raw_plan["last_year"][0], "value", "last_year is before first_year")
    ministry_row, plan["ministry"] = plan_value("ministry", required=False)

    agencies: dict[str, dict] = {}
    for row, r in tables["agencies"]:
        code = normalize(r.get("code", ""))
        if not code:
            check.add("agencies", row, "code", "is empty")
            continue
        if code in agencies:
            check.add("agencies", row, "code", f"agency '{code}' is listed twice")
            continue
        if not r.get("name_kk"):
            check.add("agencies", row, "name_kk", "is empty")
        kind = check.choice("agencies", row, "kind", r.get("kind", "").strip(), Agency.Kind.values)
        territory = check.choice("agencies", row, "territory", r.get("territory", "").strip(), Agency.Territory.values, blank=True)
        if kind == Agency.Kind.AKIMAT and territory == "":
            check.add("agencies", row, "territory", "an akimat needs territory 'region' or 'city'")
        agencies[code] = {
            "code": code, "name_kk": normalize(r.get("name_kk", "")), "name_ru": normalize(r.get("name_ru", "")),
            "name_en": normalize(r.get("name_en", "")), "kind": kind or "", "territory": territory or "",
        }
    if plan["ministry"] and plan["ministry"] not in agencies:
        check.add("plan", ministry_row, "value", f"ministry '{plan['ministry']}' is not in the agencies table")

    amendments = []
    for row, r in tables["amendments"]:
        kind = check.choice("amendments", row, "act_kind", r.get("act_kind", "").strip(), Plan.ActKind.values)
        number = r.get("act_number", "").strip() or check.add("amendments", row, "act_number", "is empty")
        date = check.date("amendments", row, "act_date", r.get("act_date", ""))
        amendments.append({"act_kind": kind, "act_number": number, "act_date": date, "note": normalize(r.get("note", ""))})

    measures: list[ParsedMeasure] = []
    numbers: dict[int, int] = {}
    direction_titles: dict[int, str] = {}
    years = (plan.get("first_year") or 0, plan.get("last_year") or 0)
    for row, r in tables["measures"]:
        values = {k: normalize(r.get(k, "")) for k in COLUMNS["measures"]}
        d_number = check.integer("measures", row, "direction_number", values["direction_number"], low=1)
        number = check.integer("measures", row, "number", values["number"], low=1)
        if number is not None:
            if number in numbers:
                check.add("measures", row, "number", f"measure {number} is already on row {numbers[number]}")
            numbers.setdefault(number, row)
        label = f"measure {values['number'] or '?'}"
        if d_number is not None:
            title = values["direction_title"]
            if not title:
                check.add("measures", row, "direction_title", "is empty")
            elif direction_titles.setdefault(d_number, title) != title:
                check.add("measures", row, "direction_title", f"direction {d_number} has another title on an earlier row")
        classified_text = values["classified"].lower()
        if classified_text not in YES | NO:
            check.add("measures", row, "classified", f"'{values['classified']}' is not yes or empty")
        classified = classified_text in YES
        responsibilities, budget, schedule, note = [], {}, {}, ""
        if not classified:
            for column in ("title", "form_of_completion", "responsible", "deadline"):
                if not values[column]:
                    check.add("measures", row, column, f"{label}: is empty")
            responsibilities, problems = parse_responsible(values["responsible"], agencies)
            for p in problems:
                check.add("measures", row, "responsible", f"{label}: {p}")
            if values["deadline"]:
                try:
                    parsed = parse_deadline(values["deadline"])
                except DeadlineError as exc:
                    check.add("measures", row, "deadline", f"{label}: {exc}")
                else:
                    schedule = parsed.to_json()
                    if all(years) and not parsed.due_dates(*years):
                        check.add("measures", row, "deadline", f"{label}: '{values['deadline']}' falls outside the plan period {years[0]}–{years[1]}")
            if all(years):
                budget, note, problems = parse_budget(values["expenses"], *years)
                for p in problems:
                    check.add("measures", row, "expenses", f"{label}: {p}")
        form_kind = values["form_kind"] or (form_kind_of(values["form_of_completion"]) if not classified else Measure.FormKind.OTHER)
        if form_kind not in Measure.FormKind.values:
            check.add("measures", row, "form_kind", f"'{form_kind}' is not one of: {', '.join(Measure.FormKind.values)}")
        if d_number is None or number is None:
            continue
        measures.append(
            ParsedMeasure(
                row=row, direction_number=d_number, direction_title=values["direction_title"], number=number,
                values={
                    "title": "" if classified else values["title"],
                    "form_kind": form_kind,
                    "form_text": "" if classified else values["form_of_completion"],
                    "responsible_text": "" if classified else values["responsible"],
                    "deadline_text": "" if classified else values["deadline"],
                    "schedule": schedule,
                    "expenses_text": "" if classified else values["expenses"],
                    "budget_note": note,
                    "funding_source": "" if classified else values["funding_source"],
                    "classified": classified,
                },
                responsibilities=responsibilities, budget=budget, schedule=schedule,
            )
        )
    if not measures and not check.problems:
        check.add("measures", None, None, "the plan has no measures")
    if check.problems:
        raise PlanFileInvalid(check.problems)
    return plan, amendments, agencies, measures


# --- writing to the database ---------------------------------------------------------------------

def save_changed(result: ImportResult | None, what: str, model, lookup: dict, values: dict):
    """Get or create the row at ``lookup`` and write only the ``values`` that differ, so a repeated
    import touches nothing; the outcome is counted in ``result`` when one is given."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        outcome = "created"
    else:
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            obj.save(update_fields=changed)
        outcome = "updated" if changed else "unchanged"
    if result is not None:
        result.count(what, outcome)
    return obj


def delete_missing(result: ImportResult | None, what: str, queryset) -> None:
    for obj in queryset:
        obj.delete()
        if result is not None:
            result.count(what, "deleted")


@transaction.atomic
def import_tables(tables: dict[str, list[tuple[int, Row]]], *, training_of: Plan | None = None, year_offset: int = 0) -> ImportResult:
    plan_values, amendments, agencies, measures = validate(tables)
    code = plan_values.pop("code")
    existing = Plan.objects.filter(code=code).first()
    kept_numbers = {m.number for m in measures}
    if existing is not None:
        reported = existing.measures.exclude(number__in=kept_numbers).filter(submissions__isnull=False).distinct()
        if reported:
            numbers = ", ".join(str(m.number) for m in reported)
            raise PlanFileInvalid([Problem("measures", None, "number", f"measures {numbers} have reports and cannot be removed from the plan")])

    result = ImportResult(plan=None)  # type: ignore[arg-type]
    agency_objs = {c: save_changed(result, "agencies", Agency, {"code": c}, {k: v for k, v in a.items() if k != "code"}) for c, a in agencies.items()}
    ministry = agency_objs.get(plan_values.pop("ministry"))
    plan = save_changed(
        result, "plan", Plan, {"code": code},
        {**plan_values, "ministry": ministry, "is_training": training_of is not None, "source_plan": training_of, "year_offset": year_offset},
    )
    result.plan = plan
    if set(plan.agencies.all()) != set(agency_objs.values()):
        plan.agencies.set(agency_objs.values())
    for a in amendments:
        save_changed(result, "amendments", Amendment, {"plan": plan, "act_number": a["act_number"], "act_date": a["act_date"]},
              {"act_kind": a["act_kind"], "note": a["note"]})
    keep = {(a["act_number"], a["act_date"]) for a in amendments}
    delete_missing(result, "amendments", [x for x in plan.amendments.all() if (x.act_number, x.act_date) not in keep])

    directions = {}
    for m in measures:
        if m.direction_number not in directions:
            directions[m.direction_number] = save_changed(result, "directions", Direction, {"plan": plan, "number": m.direction_number}, {"title": m.direction_title})
    delete_missing(result, "measures", plan.measures.exclude(number__in=kept_numbers))
    delete_missing(result, "directions", plan.directions.exclude(number__in=directions))

    for m in measures:
        measure = save_changed(result, "measures", Measure, {"plan": plan, "number": m.number}, {**m.values, "direction": directions[m.direction_number]})
        for order, (agency_code, lead, agreed) in enumerate(m.responsibilities):
            save_changed(result, "responsibilities", Responsibility, {"measure": measure, "agency": agency_objs[agency_code]},
                  {"is_lead": lead, "by_agreement": agreed, "order": order})
        delete_missing(result, "responsibilities", measure.responsibilities.exclude(agency__code__in=[c for c, _, _ in m.responsibilities]))
        for year, amount in m.budget.items():
            save_changed(result, "budget lines", BudgetLine, {"measure": measure, "year": year}, {"amount": amount})
        delete_missing(result, "budget lines", measure.budget_lines.exclude(year__in=m.budget))
        dates = measure.get_schedule().due_dates(plan.first_year, plan.last_year)
        for due in dates:
            save_changed(result, "due dates", MeasureDueDate, {"measure": measure, "due": due}, {})
        delete_missing(result, "due dates", measure.due_dates.exclude(due__in=dates))

    from .calendar import plan_generate_periods

    plan_generate_periods(plan=plan, result=result)
    return result


def import_plan(path: Path | str, **kwargs) -> ImportResult:
    return import_tables(read_tables(Path(path)), **kwargs)


# --- export --------------------------------------------------------------------------------------

def _amounts(budget: dict[int, Decimal]) -> str:
    def fmt(amount: Decimal) -> str:
        whole = f"{int(amount):,}".replace(",", " ")
        return whole + (f",{str(amount).split('.')[1].rstrip('0')}" if amount % 1 else "")

    return ", ".join(f"{year} жыл – {fmt(amount)} мың теңге" for year, amount in sorted(budget.items()))


def _plain(amount: Decimal) -> str:
    return f"{amount:f}".removesuffix(".0")


CLASSIFIED_BLANK = ("title", "form_of_completion", "responsible", "deadline", "expenses", "funding_source", "form_kind")


def plan_tables(plan: Plan) -> dict[str, list[Row]]:
    """The plan as the four tables of its file (the inverse of ``import_tables``)."""
    agencies = list(plan.agencies.order_by("kind", "code"))
    measures = (
        plan.measures.select_related("direction").prefetch_related("responsibilities__agency", "budget_lines").order_by("number")
    )
    plan_rows = [
        {"field": "code", "value": plan.code}, {"field": "title_kk", "value": plan.title_kk},
        {"field": "title_ru", "value": plan.title_ru}, {"field": "title_en", "value": plan.title_en},
        {"field": "act_kind", "value": plan.act_kind}, {"field": "act_number", "value": plan.act_number},
        {"field": "act_date", "value": plan.act_date.isoformat()}, {"field": "act_title_kk", "value": plan.act_title_kk},
        {"field": "first_year", "value": str(plan.first_year)}, {"field": "last_year", "value": str(plan.last_year)},
        {"field": "period_months", "value": str(plan.period_months)}, {"field": "agency_due_day", "value": str(plan.agency_due_day)},
        {"field": "ministry_due_day", "value": str(plan.ministry_due_day)},
        {"field": "ministry", "value": plan.ministry.code if plan.ministry else ""},
    ]
    agency_table = {a.code: {"kind": a.kind, "territory": a.territory} for a in agencies}
    measure_rows = []
    for m in measures:
        row = {
            "direction_number": str(m.direction.number), "direction_title": m.direction.title, "number": str(m.number),
            "title": m.title, "form_of_completion": m.form_text, "responsible": m.responsible_text,
            "deadline": m.deadline_text, "expenses": m.expenses_text, "funding_source": m.funding_source,
            "classified": "yes" if m.classified else "", "form_kind": m.form_kind,
        }
        if m.classified:  # number and direction only, whatever is stored
            row |= dict.fromkeys(CLASSIFIED_BLANK, "")
        else:
            current = [(r.agency.code, r.is_lead, r.by_agreement) for r in m.responsibilities.all()]
            if parse_responsible(m.responsible_text, agency_table)[0] != current:  # edited since import
                row["responsible"] = ", ".join(
                    c + (" (жинақтау)" if lead else "") + (" (келісім бойынша)" if agreed else "") for c, lead, agreed in current
                )
            budget = {b.year: b.amount for b in m.budget_lines.all()}
            if parse_budget(m.expenses_text, plan.first_year, plan.last_year)[0] != budget:
                row["expenses"] = _amounts(budget) if budget else m.budget_note
        measure_rows.append(row)
    return {
        "plan": plan_rows,
        "amendments": [
            {"act_kind": a.act_kind, "act_number": a.act_number, "act_date": a.act_date.isoformat(), "note": a.note}
            for a in plan.amendments.all()
        ],
        "agencies": [{c: getattr(a, c) for c in COLUMNS["agencies"]} for a in agencies],
        "measures": measure_rows,
    }


def plan_document(plan: Plan) -> dict:
    """The whole plan as one JSON-able document: the file's wording plus what was read from it."""
    tables = plan_tables(plan)
    measures = plan.measures.select_related("direction").prefetch_related(
        "responsibilities__agency", "budget_lines", "due_dates"
    ).order_by("number")
    out = []
    for m, row in zip(measures, tables["measures"]):
        item: dict[str, Any] = {"number": m.number, "direction": {"number": m.direction.number, "title": m.direction.title}, "classified": m.classified}
        if not m.classified:
            item.update({
                "title": m.title,
                "form": {"kind": m.form_kind, "wording": m.form_text},
                "responsible_wording": row["responsible"],
                "responsible": [
                    {"agency": r.agency.code, "lead": r.is_lead, "by_agreement": r.by_agreement} for r in m.responsibilities.all()
                ],
                "deadline": {"wording": m.deadline_text, "schedule": m.schedule, "due_dates": [d.due.isoformat() for d in m.due_dates.all()]},
                "budget": {
                    "wording": row["expenses"],
                    "per_year": {str(b.year): _plain(b.amount) for b in m.budget_lines.all()},
                    "note": m.budget_note,
                },
                "funding_source": m.funding_source,
            })
        out.append(item)
    plan_info = {r["field"]: r["value"] for r in tables["plan"]}
    for name in ("first_year", "last_year", "period_months", "agency_due_day", "ministry_due_day"):
        plan_info[name] = int(plan_info[name])
    return {"format": "plan-monitor/1", "plan": plan_info, "amendments": tables["amendments"], "agencies": tables["agencies"], "measures": out}


def write_plan(plan: Plan, fmt: str, output: Path | None) -> bytes | None:
    """Write the plan file; JSON and CSV without ``output`` are returned as bytes instead."""
    if fmt == "json":
        data = json.dumps(plan_document(plan), ensure_ascii=False, indent=2).encode()
        if output is None:
            return data
        Path(output).write_bytes(data)
        return None
    tables = plan_tables(plan)
    if fmt == "csv":
        if output is None:
            raise ValueError("CSV export writes four files: give a folder with --output")
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        for name, rows in tables.items():
            with (output / f"{name}.csv").open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=COLUMNS[name])
                writer.writeheader()
                writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in rows)
        return None
    if fmt == "xlsx":
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        book.remove(book.active)
        for name, rows in tables.items():
            sheet = book.create_sheet(name)
            sheet.append(list(COLUMNS[name]))
            for cell in sheet[1]:
                cell.font = Font(bold=True)
            for row in rows:
                sheet.append([row[c] for c in COLUMNS[name]])
                for cell in sheet[sheet.max_row]:
                    xlsx_text(cell)
            for column in sheet.columns:
                width = min(max(len(str(c.value or "")) for c in column) + 2, 60)
                sheet.column_dimensions[column[0].column_letter].width = width
                for c in column:
                    c.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        book.save(buffer)
        if output is None:
            return buffer.getvalue()
        Path(output).write_bytes(buffer.getvalue())
        return None
    raise ValueError(f"unknown format '{fmt}': use json, xlsx or csv")
