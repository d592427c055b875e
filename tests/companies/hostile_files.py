"""Spreadsheets built by hand that cost little to upload and a lot to read: the hostile files
of the import's limit tests and benchmark, and ordinary files to compare them with.

The .xlsx are real zips with the real SpreadsheetML parts, written in the stream so that a
sheet of many megabytes never sits in memory whole.
"""

import io
import zipfile

from openpyxl import Workbook

from companies.spreadsheet import HEADERS

HEADER = ";".join(HEADERS)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{PACKAGE}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        '<sheet name="Empresas" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{PACKAGE}/relationships"><Relationship Id="rId1" '
        f'Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


def text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


# Our header in row 1 and one company in row 2: a sheet that would import.
FIRST_ROWS = (
    f'<row r="1">{text_cell("A1", "RUT")}{text_cell("B1", "Razón social")}</row>'
    f'<row r="2">{text_cell("A2", "76.086.428-5")}{text_cell("B2", "Bodegas Concón SpA")}</row>'
)


def hand_made_xlsx(*sheet_data_chunks: bytes) -> bytes:
    """A minimal workbook whose only sheet's <sheetData> holds the chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in PARTS.items():
            archive.writestr(name, xml)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            for chunk in sheet_data_chunks:
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def repeated(piece: bytes, total_bytes: int):
    block = piece * (1024 * 1024 // len(piece))
    for _ in range(total_bytes // len(block) + 1):
        yield block


def sixteen_million_empty_rows() -> bytes:
    """Row 16,000,000 is declared empty: openpyxl fills every row before it with blanks."""
    return hand_made_xlsx(FIRST_ROWS.encode(), b'<row r="16000000"/>')


def a_million_rows_in_row_elements() -> bytes:
    """100,000 empty <row> elements, one every ten rows: a million rows to read."""
    rows = (f'<row r="{number}"/>' for number in range(12, 1_000_003, 10))
    return hand_made_xlsx(FIRST_ROWS.encode(), "".join(rows).encode())


def zip_bomb() -> bytes:
    """30 MB of the same row once inflated, from a file of a few dozen kilobytes."""
    return hand_made_xlsx(FIRST_ROWS.encode(), *repeated(b'<row r="2"/>', 30 * 1024 * 1024))


def csv_file(*lines: str) -> bytes:
    return "\r\n".join(lines).encode()


def one_line_of_5_mb() -> bytes:
    return csv_file(HEADER, ";" + "Bodegas Concón SpA " * 260_000)


def a_hundred_thousand_columns() -> bytes:
    return csv_file("Razón social" + ";" * 100_000, "Bodegas Concón SpA" + ";x" * 100_000)


def blank_lines_then_a_company() -> bytes:
    return csv_file(HEADER, *[""] * 1_000_000, ";Bodegas Concón SpA")


def ordinary_companies(count: int) -> list[list[str]]:
    return [
        [f"Bodegas y Servicios {number} SpA", f"Camino Concón-Quintero {number}, Concón"]
        for number in range(1, count + 1)
    ]


def ordinary_xlsx(count: int = 50) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Razón social", "Dirección"])
    for row in ordinary_companies(count):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ordinary_csv(count: int = 50) -> bytes:
    return csv_file("Razón social;Dirección", *(";".join(row) for row in ordinary_companies(count)))


def one_row_of_a_million_cells() -> bytes:
    """Within every size limit (19 MB inflated, about five times its compressed size) but one
    row that openpyxl parses whole before handing it over: only the deadline stops it."""
    numbers = (f"<c><v>{(number * 7919) % 100_003}</v></c>" for number in range(1_000_000))
    row = '<row r="3">' + "".join(numbers) + "</row>"
    return hand_made_xlsx(FIRST_ROWS.encode(), row.encode())
