"""Reading a plan file into its four tables, whatever form it arrives in.

The format is told by the content, never by the file name: an XLSX workbook, a ZIP of CSV files,
a folder of CSV files or a JSON document. Text is read as UTF-8 (with or without BOM), UTF-16 or
cp1251 (what Excel writes in a Russian locale), with ``;`` or ``,`` between cells. Anything
else ends in a `PlanFileInvalid` that says what the file is and what was expected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ops.spreadsheet import csv_unquote

from .columns import (
    COLUMNS,
    FILE_NAMES,
    LANGUAGES,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    OPTIONAL_COLUMNS,
    SINGLE_LANGUAGE,
    TABLES,
    column_of,
)
from .problems import Checker, PlanFileInvalid, invalid

Row = dict[str, str]
Tables = dict[str, list[tuple[int, Row]]]
# Control characters other than tab and line breaks (a NUL is refused by PostgreSQL, kept by SQLite).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_path(path: Path | str) -> Tables:
    """The tables of a plan file on disk: a workbook, JSON or ZIP file, or a folder of CSV files."""
    path = Path(path)
    if path.is_dir():
        files = {p.name: p.read_bytes() for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv"}
        return _tables_from_csv_files(files, path.name)
    if not path.exists():
        raise invalid(path.name, _("no such file or folder"))
    return read_bytes(path.name, path.read_bytes())


def read_bytes(name: str, data: bytes) -> Tables:
    """The tables of an uploaded plan file (``name`` is only used in messages)."""
    if not data.strip():
        raise invalid(name, _("the file is empty"))
    if len(data) > MAX_FILE_BYTES:
        raise invalid(
            name,
            _("the file is %(size)s KiB; a plan file may be at most %(limit)s MiB")
            % {"size": len(data) // 1024, "limit": MAX_FILE_BYTES // 1048576},
        )
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise invalid(
            name, _("this is a password-protected workbook or an old .xls file: save it as .xlsx without a password")
        )
    if data.startswith(b"PK"):
        return _read_zip(name, data)
    text = decode(data)
    if text.lstrip().startswith(("{", "[")):
        return _read_json(name, text)
    raise invalid(
        name,
        _(
            "this is neither an XLSX workbook, a ZIP of CSV files nor a JSON document; a CSV file holds one table, "
            "so put the four (plan, amendments, agencies and measures) in one ZIP file"
        ),
    )


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _read_zip(name: str, data: bytes) -> Tables:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if not i.is_dir() and "__MACOSX" not in i.filename]
        if sum(i.file_size for i in members) > MAX_UNPACKED_BYTES:
            raise invalid(
                name, _("the archive unpacks to more than %(limit)s MiB") % {"limit": MAX_UNPACKED_BYTES // 1048576}
            )
        if any(i.filename == "xl/workbook.xml" for i in members):
            return _read_xlsx(name, data)
        files = {Path(i.filename).name: archive.read(i) for i in members if i.filename.lower().endswith(".csv")}
    except PlanFileInvalid:
        raise
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, ValueError):
        raise invalid(name, _("the ZIP file is damaged or password-protected")) from None
    return _tables_from_csv_files(files, name)


# --- CSV -----------------------------------------------------------------------------------------


def _tables_from_csv_files(files: dict[str, bytes], where: str) -> Tables:
    by_table = {}
    for file_name, data in files.items():
        stem = Path(file_name).stem.strip().lower()
        table = next((t for t in TABLES if stem == t or stem in FILE_NAMES[t]), None)
        if table:
            by_table[table] = data
    missing = [t for t in TABLES if t not in by_table and t != "amendments"]
    if missing:
        found = ", ".join(sorted(files)) or _("no CSV files")
        message = _("%(missing)s missing (found: %(found)s); expected plan, amendments, agencies and measures")
        raise invalid(where, message % {"missing": ", ".join(m + ".csv" for m in missing), "found": found})
    check = Checker()
    tables = {t: _read_csv(t, by_table[t], check) if t in by_table else [] for t in TABLES}
    check.raise_if_any()
    return tables


def _read_csv(table: str, data: bytes, check: Checker) -> list[tuple[int, Row]]:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        rows = [[csv_unquote(v) for v in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        check.add(table, None, None, _("cannot read the CSV: %(error)s") % {"error": exc})
        return []
    return table_rows(table, rows[0] if rows else [], rows[1:], check)


# --- XLSX ----------------------------------------------------------------------------------------


def _read_xlsx(name: str, data: bytes) -> Tables:
    from openpyxl import load_workbook

    try:
        formulas = load_workbook(io.BytesIO(data), data_only=False)
        values = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises anything from KeyError to its own errors on a broken workbook
        raise invalid(name, _("the workbook cannot be opened: it is damaged or not really an .xlsx file")) from None
    check = Checker()
    tables = {}
    for table in TABLES:
        sheet = _sheet(values, table)
        if sheet is None:
            if table != "amendments":
                check.add(
                    table,
                    None,
                    None,
                    _("sheet '%(table)s' is missing (found: %(found)s)")
                    % {"table": table, "found": ", ".join(values.sheetnames)},
                )
            tables[table] = []
            continue
        rows = _sheet_values(sheet, formulas[sheet.title], table, check)
        tables[table] = table_rows(table, rows[0] if rows else [], rows[1:], check)
    check.raise_if_any()
    return tables


def _sheet(book, table: str):
    for title in book.sheetnames:
        if title.strip().lower() in (table, *FILE_NAMES[table]):
            return book[title]
    return None


def _sheet_values(sheet, formula_sheet, table: str, check: Checker) -> list[list[Any]]:
    if sheet.max_row > MAX_ROWS + 1:
        check.add(
            table,
            None,
            None,
            _("the sheet has %(rows)s rows; a plan file holds at most %(limit)s")
            % {"rows": sheet.max_row, "limit": MAX_ROWS},
        )
        return []
    # A merged cell (the decree's direction column) reads as its value in every cell it covers.
    merged = {}
    for rng in sheet.merged_cells.ranges:
        value = sheet.cell(rng.min_row, rng.min_col).value
        merged.update(
            {(r, c): value for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)}
        )
    rows = []
    for row in sheet.iter_rows():
        out = []
        for cell in row:
            value = merged.get((cell.row, cell.column), cell.value)
            if value is None and formula_sheet.cell(cell.row, cell.column).data_type == "f":
                check.add(
                    table,
                    cell.row,
                    cell.coordinate,
                    _("a formula without a saved value: open the file in Excel and save it, or type the value"),
                )
            out.append(value)
        rows.append(out)
    return rows


# --- JSON ----------------------------------------------------------------------------------------


def _read_json(name: str, text: str) -> Tables:
    try:
        data = json.loads(text, parse_float=Decimal)
    except (json.JSONDecodeError, RecursionError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            detail = _("line %(line)s, column %(column)s: %(error)s") % {
                "line": exc.lineno,
                "column": exc.colno,
                "error": exc.msg,
            }
        else:
            detail = _("nested too deeply")
        raise invalid(name, _("the JSON cannot be read (%(detail)s)") % {"detail": detail}) from None
    if not isinstance(data, dict) or not isinstance(data.get("plan"), dict):
        raise invalid(
            "json",
            _("expected an object with 'plan' (an object) and the lists plan, amendments, agencies and measures"),
        )
    check = Checker()
    plan_rows = [["field", "value"]] + [[k, v] for k, v in data["plan"].items()]
    tables = {"plan": table_rows("plan", plan_rows[0], plan_rows[1:], check, first_row=1)}
    for table in ("amendments", "agencies", "measures"):
        items = data.get(table, [])
        if not isinstance(items, list):
            check.add(table, None, None, _("expected a list of objects, found %(kind)s") % {"kind": _kind(items)})
            tables[table] = []
            continue
        records = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                check.add(table, number, None, _("expected an object, found %(kind)s") % {"kind": _kind(item)})
                item = {}
            records.append(_flat_measure(item) if table == "measures" else item)
        header = list(COLUMNS[table] + SINGLE_LANGUAGE.get(table, ()))
        tables[table] = table_rows(table, header, [[r.get(c) for c in header] for r in records], check, first_row=1)
    check.raise_if_any()
    return tables


def _kind(value: Any) -> str:
    return {dict: _("an object"), list: _("a list"), str: _("text"), type(None): _("null")}.get(
        type(value), _("a number")
    )


def _flat_measure(item: dict) -> dict:
    """A measure of the exported JSON (nested objects) as the flat row the other formats have."""
    if "direction_number" in item or "direction_title" in item:
        return item

    def inner(key: str, sub: str):
        value = item.get(key)
        return value.get(sub) if isinstance(value, dict) else None

    classified = item.get("classified")
    return {
        **{k: item.get(k) for k in ("number", "previous_number")},
        **_in_languages("funding_source", item.get("funding_source")),
        **_in_languages("title", item.get("title")),
        **_in_languages("direction_title", inner("direction", "title")),
        **_in_languages("form_of_completion", inner("form", "wording")),
        **_in_languages("budget_note", inner("budget", "note"), single=False),
        "direction_number": inner("direction", "number"),
        "form_kind": inner("form", "kind"),
        "responsible": item.get("responsible_wording"),
        "deadline": inner("deadline", "wording"),
        "expenses": inner("budget", "wording"),
        "classified": "yes" if classified is True else "" if classified in (False, None) else classified,
    }


def _in_languages(column: str, value: Any, single: bool = True) -> dict:
    """``{"kk": …, "ru": …, "en": …}`` as the three columns; a plain text (older exports) as the
    single-language column."""
    if isinstance(value, dict) and set(value) <= set(LANGUAGES):
        return {f"{column}_{lang}": value.get(lang) for lang in LANGUAGES}
    return {column: value} if single else {}


# --- rows ----------------------------------------------------------------------------------------


def table_rows(table: str, header: list, rows: list, check: Checker, first_row: int = 2) -> list[tuple[int, Row]]:
    """Rows as ``(number, {column: text})``: headers in any language mapped to the columns, every
    cell turned into text, empty rows skipped; unknown or missing columns are problems."""
    columns = [column_of(_text(h), table) for h in header]
    unknown = [str(h) for h, c in zip(header, columns, strict=False) if c is None and _text(h)]
    for h in unknown:
        check.add(
            table,
            first_row - 1 or None,
            h,
            _("unknown column; expected: %(columns)s") % {"columns": ", ".join(COLUMNS[table])},
        )
    missing = [c for c in COLUMNS[table] if c not in columns and c not in OPTIONAL_COLUMNS.get(table, ())]
    for c in missing:
        check.add(table, first_row - 1 or None, c, _("column is missing"))
    if unknown or missing:
        return []
    if len(rows) > MAX_ROWS:
        check.add(
            table,
            None,
            None,
            _("%(rows)s rows; a plan file holds at most %(limit)s") % {"rows": len(rows), "limit": MAX_ROWS},
        )
        return []
    out = []
    for number, values in enumerate(rows, start=first_row):
        row = {}
        for column, value in zip(columns, values, strict=False):
            if column is None:
                continue
            text = _cell(table, number, column, value, check)
            row[column] = text
        if any(row.values()):
            out.append((number, {c: row.get(c, "") for c in COLUMNS[table] + SINGLE_LANGUAGE.get(table, ())}))
    return out


def _cell(table: str, row: int, column: str, value: Any, check: Checker) -> str:
    if isinstance(value, (dict, list)):
        check.add(table, row, column, _("expected text or a number, found %(kind)s") % {"kind": _kind(value)})
        return ""
    text = _text(value)
    if CONTROL.search(text):
        check.add(table, row, column, _("contains a control character (such as a NUL byte); retype the cell"))
        return ""
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value).strip()
