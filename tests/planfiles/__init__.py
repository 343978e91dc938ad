"""Plan files built from the shipped plan 1593 for tests: as CSV tables, packed as ZIP, XLSX or JSON."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
PLAN_1593 = ROOT / "plans" / "data" / "plan_1593"


def load_tables(folder: Path = PLAN_1593) -> dict[str, list[list[str]]]:
    """The four tables as lists of rows (the header first)."""
    return {
        name: list(csv.reader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8-sig"))))
        for name in ("plan", "amendments", "agencies", "measures")
    }


def set_cell(tables, table: str, key: str, column: str, value: str) -> dict:
    """Change ``column`` in the row of ``table`` whose first cell (plan: field; measures: number) is ``key``."""
    rows = tables[table]
    key_index = rows[0].index("number") if table == "measures" else 0
    for row in rows[1:]:
        if row[key_index] == key:
            row[rows[0].index(column)] = value
            return tables
    raise KeyError(key)


def csv_text(rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def as_zip(tables, *, encoding: str = "utf-8", delimiter: str = ",", skip: tuple = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, rows in tables.items():
            if name not in skip:
                archive.writestr(f"{name}.csv", csv_text(rows, delimiter).encode(encoding))
    return buffer.getvalue()


def as_xlsx(tables, *, tweak=None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in tables.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if tweak:
        tweak(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_json(tables) -> bytes:
    def records(name):
        header, *rows = tables[name]
        return [dict(zip(header, row, strict=False)) for row in rows]

    doc = {"plan": {r["field"]: r["value"] for r in records("plan")}}
    doc.update({name: records(name) for name in ("amendments", "agencies", "measures")})
    return json.dumps(doc, ensure_ascii=False).encode()
