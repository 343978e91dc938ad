"""Reading and writing observations in the formats statistics offices use.

* SDMX-CSV: one observation per row, the columns of ``COLUMNS`` (the dataflow first, as SDMX-CSV
  1.0 has it); UTF-8 with or without BOM, or cp1251 as Excel saves it in Kazakhstan; ``,`` or ``;``.
* JSON-stat 2.0: one dataset with the dimensions indicator × territory × time × source; the place
  in the source and comments travel in the dataset's ``extension``.
* XLSX: the SDMX-CSV columns on the first sheet (the template for hand entry).

Readers turn a file into raw rows (strings with their row number) or a list of problems; checking
the rows against the catalogue is ``services.observations_check``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

DATAFLOW = "PLANMONITOR:DF_MIGRATION(1.0)"
COLUMNS = [
    "DATAFLOW",
    "INDICATOR",
    "REF_AREA",
    "TIME_PERIOD",
    "OBS_VALUE",
    "OBS_STATUS",
    "OBS_COMMENT",
    "SOURCE_TITLE",
    "SOURCE_ISSUER",
    "SOURCE_DATE",
    "SOURCE_URL",
    "SOURCE_PLACE",
]
REQUIRED = ["INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_VALUE", "SOURCE_TITLE", "SOURCE_ISSUER"]
MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = [self.table]
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column:
            where.append(_("column %(c)s") % {"c": self.column})
        return f"{', '.join(where)}: {self.reason}"


class FileInvalid(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class RawRow:
    number: int
    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Read:
    table: str
    rows: list[RawRow] = field(default_factory=list)
    catalogue: dict | None = None


def read(name: str, data: bytes) -> Read:
    """Whatever was uploaded or named on the command line, as rows; FileInvalid for anything else."""
    name = (name or "").lower()
    if not data or not data.strip():
        raise FileInvalid([Problem(name or "file", None, "", _("the file is empty"))])
    if len(data) > MAX_BYTES:
        raise FileInvalid([Problem(name, None, "", _("the file is larger than 5 MB"))])
    if data[:2] == b"PK":
        return _read_xlsx(data)
    if name.endswith(".json") or data.lstrip()[:1] == b"{":
        return _read_json(data)
    return _read_csv(data)


_CONTROLS = set(range(32)) - {9, 10, 13}


def _decode(data: bytes) -> str:
    problem = FileInvalid([Problem("sdmx-csv", None, "", _("the file is neither UTF-8 nor Windows-1251 text"))])
    # Windows-1251 decodes almost any bytes, so a binary file is recognised by its control bytes.
    if _CONTROLS.intersection(data[:4096]):
        raise problem
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise problem


def _rows_from_table(table: str, header: list, body) -> Read:
    header = [str(h or "").strip().upper() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        reason = _("the header lacks %(cols)s (expected %(all)s)") % {
            "cols": ", ".join(missing),
            "all": ", ".join(COLUMNS),
        }
        raise FileInvalid([Problem(table, 1, "", reason)])
    result = Read(table)
    for number, cells in body:
        values = ["" if v is None else str(v).strip() for v in cells]
        if not any(values):
            continue
        result.rows.append(RawRow(number, dict(zip(header, values, strict=False))))
    if not result.rows:
        raise FileInvalid([Problem(table, None, "", _("the file has a header but no observations"))])
    return result


def _read_csv(data: bytes) -> Read:
    text = _decode(data)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise FileInvalid([Problem("sdmx-csv", None, "", _("not a CSV file: %(e)s") % {"e": exc})]) from None
    return _rows_from_table("sdmx-csv", lines[0], ((i + 1, row) for i, row in enumerate(lines) if i))


def _read_xlsx(data: bytes) -> Read:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileInvalid([Problem("xlsx", None, "", _("not a readable XLSX workbook"))]) from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        raise FileInvalid([Problem(sheet.title, None, "", _("the first sheet is empty"))])
    return _rows_from_table(sheet.title, list(rows[0]), ((i + 1, row) for i, row in enumerate(rows) if i))


def _read_json(data: bytes) -> Read:
    try:
        doc = json.loads(_decode(data))
    except json.JSONDecodeError as exc:
        raise FileInvalid([Problem("json", exc.lineno, "", _("not valid JSON: %(e)s") % {"e": exc.msg})]) from None
    if isinstance(doc, dict) and "indicators" in doc and "territories" in doc:
        return Read("catalogue", catalogue=doc)
    if not isinstance(doc, dict) or doc.get("class") != "dataset" or str(doc.get("version")) != "2.0":
        raise FileInvalid([Problem("json", None, "", _("not a JSON-stat 2.0 dataset nor an indicator catalogue"))])
    return _rows_from_json_stat(doc)


# --- JSON-stat 2.0 --------------------------------------------------------------------------

DIMENSIONS = ["indicator", "territory", "time", "source"]


def _rows_from_json_stat(doc: dict) -> Read:
    try:
        ids, sizes, dims = doc["id"], doc["size"], doc["dimension"]
        if sorted(ids) != sorted(DIMENSIONS):
            raise ValueError(_("dimensions must be %(d)s") % {"d": ", ".join(DIMENSIONS)})
        codes = {d: _category_codes(dims[d]["category"]) for d in ids}
        if [len(codes[d]) for d in ids] != list(sizes):
            raise ValueError(_("“size” does not match the categories"))
        sources = dims["source"].get("extension", {}).get("sources", {})
        values, status = doc.get("value", {}), doc.get("status", {})
        places = doc.get("extension", {}).get("place", {})
        comments = doc.get("extension", {}).get("comment", {})
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise FileInvalid(
            [Problem("json-stat", None, "", _("not a usable JSON-stat dataset: %(e)s") % {"e": exc})]
        ) from None
    cells = values.items() if isinstance(values, dict) else ((str(i), v) for i, v in enumerate(values))
    result = Read("json-stat")
    for index, value in cells:
        if value is None:
            continue
        coords = _unravel(int(index), sizes)
        at = {d: codes[d][c] for d, c in zip(ids, coords, strict=True)}
        meta = sources.get(at["source"], {})
        result.rows.append(
            RawRow(
                int(index),
                {
                    "INDICATOR": at["indicator"],
                    "REF_AREA": at["territory"],
                    "TIME_PERIOD": at["time"],
                    "OBS_VALUE": str(value),
                    "OBS_STATUS": _at(status, index) or "A",
                    "OBS_COMMENT": comments.get(str(index), ""),
                    "SOURCE_TITLE": meta.get("title", ""),
                    "SOURCE_ISSUER": meta.get("issuer", ""),
                    "SOURCE_DATE": meta.get("date", ""),
                    "SOURCE_URL": meta.get("url", ""),
                    "SOURCE_PLACE": places.get(str(index), ""),
                },
            )
        )
    if not result.rows:
        raise FileInvalid([Problem("json-stat", None, "", _("the dataset has no values"))])
    return result


def _at(status, index: str) -> str:
    if isinstance(status, str):
        return status
    if isinstance(status, list):
        return status[int(index)] if int(index) < len(status) else ""
    return (status or {}).get(str(index), "")


def _category_codes(category: dict) -> list[str]:
    index = category.get("index")
    if isinstance(index, list):
        return [str(c) for c in index]
    if isinstance(index, dict):
        return [c for c, _pos in sorted(index.items(), key=lambda kv: kv[1])]
    return list(category["label"])


def _unravel(index: int, sizes: list[int]) -> list[int]:
    coords = []
    for size in reversed(sizes):
        coords.append(index % size)
        index //= size
    return list(reversed(coords))


def _source_id(obs) -> str:
    return f"S{obs.source_id}"


def to_json_stat(observations: list, *, label: str = "") -> dict:
    """One dataset; ``value``, ``status`` and the places are sparse objects keyed by flat index."""
    cats: dict[str, dict[str, str]] = {d: {} for d in DIMENSIONS}
    sources = {}
    for o in observations:
        cats["indicator"].setdefault(o.indicator.code, o.indicator.name)
        cats["territory"].setdefault(o.territory.code, o.territory.name)
        cats["time"].setdefault(o.period.code, o.period.label())
        sid = _source_id(o)
        cats["source"].setdefault(sid, o.source.title)
        sources[sid] = {
            "title": o.source.title,
            "issuer": o.source.issuer,
            "date": o.source.date.isoformat() if o.source.date else "",
            "url": o.source.url,
        }
    order = {d: list(cats[d]) for d in DIMENSIONS}
    sizes = [len(order[d]) for d in DIMENSIONS]
    values, status, place, comment = {}, {}, {}, {}
    for o in observations:
        coords = [
            order["indicator"].index(o.indicator.code),
            order["territory"].index(o.territory.code),
            order["time"].index(o.period.code),
            order["source"].index(_source_id(o)),
        ]
        index = 0
        for coord, size in zip(coords, sizes, strict=True):
            index = index * size + coord
        key = str(index)
        values[key] = float(o.value) if o.value != o.value.to_integral() else int(o.value)
        status[key] = o.status
        if o.place:
            place[key] = o.place
        if o.comment:
            comment[key] = o.comment
    dimension = {d: {"label": d, "category": {"index": order[d], "label": cats[d]}} for d in DIMENSIONS}
    dimension["source"]["extension"] = {"sources": sources}
    return {
        "version": "2.0",
        "class": "dataset",
        "label": label or DATAFLOW,
        "id": DIMENSIONS,
        "size": sizes,
        "dimension": dimension,
        "value": values,
        "status": status,
        "extension": {"place": place, "comment": comment},
    }


# --- SDMX-CSV and XLSX ----------------------------------------------------------------------


def _cells(o) -> list[str]:
    return [
        DATAFLOW,
        o.indicator.code,
        o.territory.code,
        o.period.code,
        str(o.number),
        o.status,
        o.comment,
        o.source.title,
        o.source.issuer,
        o.source.date.isoformat() if o.source.date else "",
        o.source.url,
        o.place,
    ]


def to_sdmx_csv(observations: list) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for o in observations:
        writer.writerow(_cells(o))
    return out.getvalue()


def to_xlsx(observations: list) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("observations")
    sheet.append(COLUMNS)
    for o in observations:
        sheet.append(_cells(o))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_xlsx(example_indicators: list[str], territories: list[str]) -> bytes:
    """The hand-entry template: the header, one example row and the codes one may use."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("observations")
    sheet.append(COLUMNS)
    sheet.append(
        [
            DATAFLOW,
            example_indicators[0] if example_indicators else "",
            "KZ",
            "2025-S1",
            "",
            "A",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    codes = book.create_sheet("codes")
    codes.append(["INDICATOR", "REF_AREA", "TIME_PERIOD", "OBS_STATUS"])
    periods = ["2025", "2025-S1", "2025-Q1", "2025-01", "2025-01/2025-05"]
    for i in range(max(len(example_indicators), len(territories), len(periods))):
        codes.append(
            [
                example_indicators[i] if i < len(example_indicators) else None,
                territories[i] if i < len(territories) else None,
                periods[i] if i < len(periods) else None,
                ("A", "P")[i] if i < 2 else None,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
