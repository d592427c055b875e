"""The cells of every CSV and XLSX file the office downloads, safe to open in a spreadsheet.

Names, summaries and titles come from users and from emails. A text that starts with =, +, -,
@, a tab or a carriage return is read by Excel or LibreOffice as a formula (CSV or formula
injection: `=HYPERLINK(…)`, `-1+1+cmd|' /C calc'!A0`). Following OWASP's guidance such a text
gets a leading apostrophe, in CSV and XLSX alike, so it shows as the text it is. Only strings
are touched: numbers, dates and empty cells stay what they are, so a negative number is still
a number a sum can use.
"""

import csv
from collections.abc import Callable, Iterable

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as it should be written to a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


class SafeCsvWriter:
    """csv.writer whose rows go through safe_cell: the only way exports write CSV rows."""

    def __init__(self, stream, **fmtparams):
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, values: Iterable):
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for values in rows:
            self.writerow(values)


def xlsx_cell(value):
    """safe_cell, and without the control characters an .xlsx cannot hold (openpyxl refuses
    them, which would turn one odd email subject into a failed download).

    After safe_cell no string starts with "=", so openpyxl always stores it as text, never as
    a formula. The characters go first, so that "\x01=1+1" cannot become "=1+1"."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def append_row(sheet, values: Iterable) -> None:
    """Append one row to an openpyxl sheet (normal or write-only): the only way exports add
    rows to a workbook."""
    sheet.append([xlsx_cell(value) for value in values])


class _Echo:
    """A file-like object whose write returns the line, so a csv writer can feed a stream."""

    def write(self, value):
        return value


def list_export(
    fmt: str, *, name: str, sheet: str, header: list[str], rows: Callable[[], Iterable]
) -> HttpResponse:
    """A list page's rows as a CSV stream (semicolons and a BOM: what Excel configured for
    Chile opens directly) or an .xlsx workbook, named `<name>-<date and time>`.

    `rows` is called once and should iterate the queryset in chunks, so an export of many rows
    never holds them all in memory.
    """
    if fmt not in ("csv", "xlsx"):
        raise Http404("Formato de exportación desconocido")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = SafeCsvWriter(_Echo(), delimiter=";")

        def lines():
            yield "\ufeff" + writer.writerow(header)
            for row in rows():
                yield writer.writerow(row)

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    append_row(worksheet, header)
    for row in rows():
        append_row(worksheet, row)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    workbook.save(response)
    return response
