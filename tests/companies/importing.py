"""What the company import tests share: the import's addresses, files built in memory and
short ways to read, upload and inspect them (the fixtures are in conftest.py)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from stdnum.cl import rut as stdnum_rut

from companies import spreadsheet
from companies.spreadsheet import SpreadsheetError

UPLOAD = reverse("companies:import_upload")
CONFIRM = reverse("companies:import_confirm")
TEMPLATE = reverse("companies:import_template")
HEADER = ";".join(spreadsheet.HEADERS)


def valid_rut(number: int) -> str:
    """A RUT with its right check digit, spelled as users type it: 77.123.456-9."""
    return stdnum_rut.format(f"{number}{stdnum_rut.calc_check_digit(str(number))}")


def csv_file(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def xlsx_file(*rows, title: str = "Empresas") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview_of(*lines: str) -> spreadsheet.ImportPreview:
    return spreadsheet.load_rows(name="empresas.csv", content=csv_file(HEADER, *lines))


def only_row(*lines: str) -> spreadsheet.ImportRow:
    (row,) = preview_of(*lines).rows
    return row


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(SpreadsheetError) as error:
        spreadsheet.load_rows(name=name, content=content)
    return str(error.value)


def upload(client, name: str, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def form_errors(response) -> list[str]:
    return response.context["form"].errors["file"]


def pending_files(settings) -> list:
    folder = settings.VAR_DIR / "pending-imports"
    return list(folder.iterdir()) if folder.exists() else []


def catastro_xlsx(header, *rows, titles=("CATASTRO DE EMPRESAS", "Municipalidad de Concón")):
    """A workbook as a municipal office keeps it: titles merged across the table, a blank row,
    then the header and the rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Catastro 2026"
    width = len(header)
    for number, title in enumerate(titles, start=1):
        sheet.cell(row=number, column=1, value=title)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=width)
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview_of_file(name: str, content: bytes) -> spreadsheet.ImportPreview:
    return spreadsheet.load_rows(name=name, content=content)
