"""The rows of an uploaded sheet that could not be imported, as a workbook a clerk corrects and
uploads again: the file's own header and cells, so that nothing is lost or moved, and each
row's messages in an «Errores» column, which the import recognises and leaves out."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from companies.spreadsheet import ImportPreview, RowStatus
from companies.spreadsheet_columns import header_key
from omil_crm.base.exports import append_row

ERRORS_HEADER = "Errores"
ERROR_FILL = PatternFill(fill_type="solid", start_color="F8D7DA", end_color="F8D7DA")


def errors_workbook(preview: ImportPreview, *, file_name: str) -> bytes:
    """One row per row with errors, under the uploaded file's header; title rows, skipped
    rows and the rows that import are left out."""
    named = [index for index, text in enumerate(preview.header.cells) if text]
    header = list(preview.header.cells[: named[-1] + 1])
    # A sheet that is itself an errors workbook, uploaded again, keeps one «Errores» column.
    previous = [index for index, text in enumerate(header) if header_key(text) == "errores"]
    errors_at = previous[0] if previous else len(header)
    if not previous:
        header.append(ERRORS_HEADER)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Filas con error"
    append_row(sheet, header)
    for row in preview.rows:
        if row.status != RowStatus.ERROR:
            continue
        cells = list(row.cells) + [""] * (len(header) - len(row.cells))
        cells[errors_at] = f"Fila {row.number} de «{file_name}»: " + " ".join(row.errors)
        append_row(sheet, cells[: len(header)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    errors_letter = sheet.cell(row=1, column=errors_at + 1).column_letter
    sheet.column_dimensions[errors_letter].width = 80
    for cell in sheet[errors_letter][1:]:
        cell.fill = ERROR_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
