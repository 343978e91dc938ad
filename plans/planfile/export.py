"""Writing a plan back to its file, in the decree's own wording, so that importing the export
changes nothing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from ops.spreadsheet import csv_safe, xlsx_text
from plans.models import LANGUAGES, Plan

from .columns import COLUMNS

Row = dict[str, str]


def _plain(amount: Decimal) -> str:
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _plan_rows(plan: Plan) -> list[Row]:
    values = {
        "code": plan.code,
        "title_kk": plan.title_kk,
        "title_ru": plan.title_ru,
        "title_en": plan.title_en,
        "act_kind": plan.act_kind,
        "act_number": plan.act_number,
        "act_date": plan.act_date.isoformat(),
        "act_title_kk": plan.act_title_kk,
        "first_year": str(plan.first_year),
        "last_year": str(plan.last_year),
        "period_months": str(plan.period_months),
        "agency_due_day": str(plan.agency_due_day),
        "ministry_due_day": str(plan.ministry_due_day),
        "rule_from_year": str(plan.rule_from_year or ""),
        "ministry": plan.ministry.code if plan.ministry else "",
        "official_language": plan.official_language,
        "unofficial_languages": plan.unofficial_languages,
    }
    return [{"field": k, "value": v} for k, v in values.items()]


# A classified measure is exported as its number and direction only, whatever is stored.
CLASSIFIED_BLANK = ("responsible", "deadline", "expenses", "form_kind")
CLASSIFIED_TEXTS = ("title", "form_of_completion", "budget_note", "funding_source")


def _three(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") for lang in LANGUAGES}


def _measure_row(m) -> Row:
    texts = {
        "direction_title": _three(m.direction, "title"),
        "title": _three(m, "title"),
        "form_of_completion": _three(m, "form_text"),
        "budget_note": _three(m, "budget_note"),
        "funding_source": _three(m, "funding_source"),
    }
    row = {
        **{f"{c}_{lang}": t[lang] for c, t in texts.items() for lang in LANGUAGES},
        "direction_number": str(m.direction.number),
        "number": str(m.number),
        "responsible": m.responsible_text,
        "deadline": m.deadline_text,
        "expenses": m.expenses_text,
        "classified": "yes" if m.classified else "",
        "form_kind": m.form_kind,
        "previous_number": "",
    }
    if m.classified:
        row |= dict.fromkeys(CLASSIFIED_BLANK, "")
        row |= {f"{c}_{lang}": "" for c in CLASSIFIED_TEXTS for lang in LANGUAGES}
    return row


def plan_tables(plan: Plan) -> dict[str, list[Row]]:
    """The plan as the four tables of its file (the inverse of the import)."""
    agencies = plan.agencies.order_by("kind", "code")
    measures = plan.measures.select_related("direction").order_by("number")
    return {
        "plan": _plan_rows(plan),
        "amendments": [
            {"act_kind": a.act_kind, "act_number": a.act_number, "act_date": a.act_date.isoformat(), "note": a.note}
            for a in plan.amendments.all()
        ],
        "agencies": [{c: getattr(a, c) for c in COLUMNS["agencies"]} for a in agencies],
        "measures": [_measure_row(m) for m in measures],
    }


def _measure_document(m) -> dict[str, Any]:
    item: dict[str, Any] = {
        "number": m.number,
        "direction": {"number": m.direction.number, "title": _three(m.direction, "title")},
        "classified": m.classified,
    }
    if m.classified:
        return item
    item.update(
        {
            "title": _three(m, "title"),
            "form": {"kind": m.form_kind, "wording": _three(m, "form_text")},
            "responsible_wording": m.responsible_text,
            "responsible": [
                {"agency": r.agency.code, "lead": r.is_lead, "by_agreement": r.by_agreement}
                for r in m.responsibilities.all()
            ],
            "deadline": {
                "wording": m.deadline_text,
                "schedule": m.schedule,
                "due_dates": [d.due.isoformat() for d in m.due_dates.all()],
            },
            "budget": {
                "wording": m.expenses_text,
                "per_year": {str(b.year): _plain(b.amount) for b in m.budget_lines.all()},
                "note": _three(m, "budget_note"),
            },
            "funding_source": _three(m, "funding_source"),
        }
    )
    return item


def plan_document(plan: Plan) -> dict:
    """The whole plan as one JSON-able document: the file's wording plus what was read from it."""
    tables = plan_tables(plan)
    measures = plan.measures.select_related("direction").prefetch_related(
        "responsibilities__agency", "budget_lines", "due_dates"
    )
    plan_info: dict[str, Any] = {r["field"]: r["value"] for r in tables["plan"]}
    for name in ("first_year", "last_year", "period_months", "agency_due_day", "ministry_due_day"):
        plan_info[name] = int(plan_info[name])
    return {
        "format": "plan-monitor/1",
        "plan": plan_info,
        "amendments": tables["amendments"],
        "agencies": tables["agencies"],
        "measures": [_measure_document(m) for m in measures.order_by("number")],
    }


def csv_bytes(table: str, rows: list[Row]) -> bytes:
    """One table as CSV that Excel opens (UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[table])
    writer.writeheader()
    writer.writerows({k: csv_safe(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(tables: dict[str, list[Row]], headers: dict[str, list[str]] | None = None, extra_sheet=None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    if extra_sheet is not None:
        extra_sheet(book)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        sheet.append((headers or {}).get(name) or list(COLUMNS[name]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row.get(c, "") for c in COLUMNS[name]])
            for cell in sheet[sheet.max_row]:
                xlsx_text(cell)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = min(
                max(len(str(c.value or "")) for c in column) + 2, 60
            )
            for c in column:
                c.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plan_file_bytes(plan: Plan, fmt: str) -> bytes:
    """The plan file as one download: JSON, XLSX, or a ZIP of the four CSV files."""
    if fmt == "json":
        return json.dumps(plan_document(plan), ensure_ascii=False, indent=2).encode()
    tables = plan_tables(plan)
    if fmt == "xlsx":
        return xlsx_bytes(tables)
    if fmt == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, rows in tables.items():
                archive.writestr(f"{name}.csv", csv_bytes(name, rows))
        return buffer.getvalue()
    raise ValueError(f"unknown format '{fmt}': use json, xlsx, zip or csv")


def write_plan(plan: Plan, fmt: str, output: Path | None) -> bytes | None:
    """Write the plan file; without ``output`` the bytes are returned (CSV needs a folder)."""
    if fmt == "csv":
        if output is None:
            raise ValueError("CSV export writes four files: give a folder with --output")
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        for name, rows in plan_tables(plan).items():
            (output / f"{name}.csv").write_bytes(csv_bytes(name, rows))
        return None
    data = plan_file_bytes(plan, fmt)
    if output is None:
        return data
    Path(output).write_bytes(data)
    return None
