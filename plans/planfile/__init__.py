"""The plan file: one documented format for a whole plan, read and written as XLSX, a ZIP or folder
of CSV files, or JSON (see the README's "The plan file").

Layers, each importing only the ones above it: ``columns`` and ``problems`` (the format and its
messages) → ``reading`` (bytes to tables) → ``wording`` (the decree's phrases) → ``validation``
(tables to a `PlanFile`) → ``changes`` (what applying it would change, and the safety rules) →
``applying`` (bulk writes); ``export`` writes a plan back out.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .applying import ImportResult, VersionInfo, inferred_act, plan_file_apply
from .changes import PlanChanges, plan_file_changes
from .export import plan_document, plan_file_bytes, plan_tables, write_plan
from .problems import PlanFileInvalid, Problem
from .reading import Tables, read_bytes, read_path
from .validation import PlanFile, validate
from .wording import BUDGET_PAIR, parse_budget, parse_responsible


def import_tables(tables: Tables, **kwargs) -> ImportResult:
    return plan_file_apply(plan_file=validate(tables), **kwargs)


def _folder_as_zip(folder: Path) -> bytes:
    """A folder of CSV files kept as one ZIP (fixed dates, sorted names: the same folder, the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for csv_file in sorted(folder.glob("*.csv")):
            archive.writestr(zipfile.ZipInfo(csv_file.name, date_time=(1980, 1, 1, 0, 0, 0)), csv_file.read_bytes())
    return buffer.getvalue()


def import_plan(path: Path | str, **kwargs) -> ImportResult:
    """Import a plan file or folder; the file (a folder as a ZIP of its CSV files) is kept with the version."""
    path = Path(path)
    if "version" not in kwargs and path.exists():
        name, content = (path.name + ".zip", _folder_as_zip(path)) if path.is_dir() else (path.name, path.read_bytes())
        kwargs["version"] = VersionInfo(file_name=name, file_content=content)
    return import_tables(read_path(path), **kwargs)


def preview_plan(path: Path | str) -> PlanChanges:
    return plan_file_changes(validate(read_path(path)))[0]


def preview_bytes(name: str, data: bytes) -> PlanChanges:
    """What an uploaded file would change; `PlanFileInvalid` with every problem otherwise."""
    return plan_file_changes(validate(read_bytes(name, data)))[0]


__all__ = [
    "BUDGET_PAIR",
    "ImportResult",
    "PlanChanges",
    "PlanFile",
    "PlanFileInvalid",
    "Problem",
    "VersionInfo",
    "import_plan",
    "import_tables",
    "inferred_act",
    "parse_budget",
    "parse_responsible",
    "plan_document",
    "plan_file_apply",
    "plan_file_bytes",
    "plan_file_changes",
    "plan_tables",
    "preview_bytes",
    "preview_plan",
    "read_bytes",
    "read_path",
    "validate",
    "write_plan",
]
