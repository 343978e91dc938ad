"""CSV and XLSX downloads of a dashboard table: exactly its filtered rows in the table's order,
headers in the user's language, raw numbers in number cells.

Both are memory-bounded whatever the number of rows: the rows are read from the database in
chunks (a server-side cursor on PostgreSQL); CSV is streamed as it is written, XLSX is written
row by row by openpyxl's write-only workbook into a temporary file that is then streamed.
"""

from __future__ import annotations

import csv
import tempfile

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ops.spreadsheet import csv_safe_row, xlsx_safe_row, xlsx_text

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK = 1000  # rows read from the database at a time, and rows per piece of a streamed CSV


class _Line:
    """csv.writer's file: hands back each written line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def _records(table):
    """Every filtered row of the table, in its order, read in chunks."""
    data = table.data.data
    return data.iterator(chunk_size=CHUNK) if isinstance(data, QuerySet) else iter(data)


def csv_stream(header: list[str], rows, language: str):
    """The CSV text in pieces of CHUNK rows; a byte-order mark first so that Excel reads the
    Kazakh and Cyrillic letters as UTF-8."""
    writer = csv.writer(_Line())
    with translation.override(language):
        yield ("\ufeff" + writer.writerow(header)).encode("utf-8")
        piece: list[str] = []
        for row in rows:
            piece.append(writer.writerow(csv_safe_row(row)))
            if len(piece) == CHUNK:
                yield "".join(piece).encode("utf-8")
                piece = []
        yield "".join(piece).encode("utf-8")


def xlsx_file(header: list[str], rows):
    """An XLSX workbook written row by row into a temporary file, returned at its start."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([_bold(sheet, h) for h in header])
    for row in rows:
        sheet.append(xlsx_safe_row(sheet, row))
    out = tempfile.TemporaryFile()  # noqa: SIM115 (closed by the FileResponse that streams it)
    book.save(out)
    out.seek(0)
    return out


def _bold(sheet, value):
    cell = xlsx_text(WriteOnlyCell(sheet, value=value))
    cell.font = Font(bold=True)
    return cell


def export_response(table, fmt: str, name: str) -> HttpResponse:
    if fmt not in FORMATS:
        return HttpResponseBadRequest(
            _("Unknown export format “%(format)s”: use csv or xlsx.") % {"format": fmt[:20]},
            content_type="text/plain; charset=utf-8",
        )
    header = table.export_header()
    rows = table.export_rows(_records(table))
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_stream(header, rows, translation.get_language()), content_type=FORMATS[fmt]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return FileResponse(xlsx_file(header, rows), as_attachment=True, filename=f"{name}.xlsx", content_type=FORMATS[fmt])
