"""One rule for every CSV and XLSX Plan Monitor writes: a cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) stays text.

CSV has no cell types, so such a value is written with a leading apostrophe (what Excel itself
shows for text that looks like a formula; ``csv_unquote`` takes it off again on import). XLSX cells
are typed: the value is stored unchanged, as a string cell, never as a formula.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _dangerous(value) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.match(value)


def csv_safe(value):
    """The value for a CSV cell: a would-be formula gets a leading apostrophe; "-5" stays a number."""
    return "'" + value if _dangerous(value) else value


def csv_safe_row(row) -> list:
    return [csv_safe(v) for v in row]


def csv_unquote(value: str) -> str:
    """The inverse of ``csv_safe`` for importing a file Plan Monitor wrote."""
    return value[1:] if value.startswith("'") and _dangerous(value[1:]) else value


def xlsx_text(cell):
    """Keep an openpyxl cell a string even when its value starts with "=" (openpyxl would write a
    formula); returns the cell, so it can wrap a WriteOnlyCell."""
    if cell.data_type == "f" or _dangerous(cell.value):
        cell.data_type = "s"
    return cell


def xlsx_safe_row(sheet, row) -> list:
    """Cells for ``sheet.append`` on a write-only sheet."""
    from openpyxl.cell import WriteOnlyCell

    return [xlsx_text(WriteOnlyCell(sheet, value=v)) if isinstance(v, str) else v for v in row]
