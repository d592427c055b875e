"""The company import does bounded work whatever the file: small files that ask for a lot of
reading (millions of declared rows, zip bombs, one endless CSV line, thousands of columns) are
refused with a Spanish message, import nothing, and the reader stops at its limit.

The hostile files (tests/companies/hostile_files.py) are real zips and CSVs. That the work is
bounded is shown by how much the reader read (`rows_read`), not by timing: the time it takes
is in tests/bench/import_limits.py.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from companies import spreadsheet
from companies.models import Company
from companies.spreadsheet import SpreadsheetError
from tests.companies.hostile_files import (
    FIRST_ROWS,
    a_hundred_thousand_columns,
    a_million_rows_in_row_elements,
    blank_lines_then_a_company,
    csv_file,
    hand_made_xlsx,
    one_line_of_5_mb,
    sixteen_million_empty_rows,
    text_cell,
    zip_bomb,
)

UPLOAD = reverse("companies:import_upload")
HEADER = ";".join(spreadsheet.HEADERS)
TOO_MANY_ROWS = "La planilla tiene más de 5.000 filas (contando las vacías): divídala en partes."
TOO_SLOW = "La planilla tardó demasiado en leerse"
# The row the reader refuses at: the header, 5,000 rows below it, and the one too many.
ROW_LIMIT_REACHED = 5002


@pytest.fixture(autouse=True)
def private_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


def refusal(name: str, content: bytes) -> SpreadsheetError:
    with pytest.raises(SpreadsheetError) as error:
        spreadsheet.load_rows(name=name, content=content)
    return error.value


# --- XLSX ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_small_xlsx_declaring_16_million_empty_rows_stops_at_the_row_limit():
    content = sixteen_million_empty_rows()
    assert len(content) < 10_000

    error = refusal("empresas.xlsx", content)

    assert str(error) == TOO_MANY_ROWS
    assert error.rows_read == ROW_LIMIT_REACHED


@pytest.mark.django_db
def test_a_million_rows_in_row_elements_stop_at_the_row_limit():
    error = refusal("empresas.xlsx", a_million_rows_in_row_elements())

    assert str(error) == TOO_MANY_ROWS
    assert error.rows_read == ROW_LIMIT_REACHED


@pytest.mark.django_db
def test_blank_rows_count_towards_the_row_limit(settings):
    settings.OMIL_IMPORT_MAX_ROWS = 10
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["RUT", "Razón social"])
    sheet.append(["", "Bodegas Concón SpA"])
    sheet.cell(row=20, column=2, value="Transportes Quintero Ltda.")
    buffer = io.BytesIO()
    workbook.save(buffer)

    error = refusal("empresas.xlsx", buffer.getvalue())

    assert str(error) == (
        "La planilla tiene más de 10 filas (contando las vacías): divídala en partes."
    )
    assert error.rows_read == 12


@pytest.mark.django_db
def test_as_many_rows_as_the_limit_are_read(settings):
    settings.OMIL_IMPORT_MAX_ROWS = 10
    companies = [f";Empresa {number} SpA" for number in range(1, 9)]

    preview = spreadsheet.load_rows(name="e.csv", content=csv_file(HEADER, "", *companies, "", ""))

    assert preview.valid_count == 8


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_from_its_declared_sizes_before_it_is_opened():
    content = zip_bomb()
    assert len(content) < 200_000

    error = refusal("empresas.xlsx", content)

    assert str(error).startswith("El archivo Excel es demasiado grande una vez descomprimido")
    assert "20 MB" in str(error)
    assert error.rows_read == 0


@pytest.mark.django_db
def test_a_part_that_inflates_a_hundredfold_is_refused(settings):
    settings.OMIL_IMPORT_MAX_XLSX_PART_BYTES = 50 * 1024 * 1024

    error = refusal("empresas.xlsx", zip_bomb())

    assert str(error).startswith("El archivo Excel no parece una planilla normal")
    assert error.rows_read == 0


@pytest.mark.django_db
def test_the_deadline_is_kept_even_inside_openpyxl(settings):
    settings.OMIL_IMPORT_MAX_SECONDS = -1  # already past when reading starts

    error = refusal("empresas.xlsx", hand_made_xlsx(FIRST_ROWS.encode()))

    assert str(error).startswith(TOO_SLOW)
    assert error.rows_read == 0


@pytest.mark.django_db
def test_data_past_the_last_column_read_is_refused_not_ignored(settings):
    settings.OMIL_IMPORT_MAX_COLUMNS = 12
    row = FIRST_ROWS + f'<row r="3">{text_cell("M3", "Nota al margen")}</row>'

    error = refusal("empresas.xlsx", hand_made_xlsx(row.encode()))

    assert str(error).startswith("La fila 3 tiene datos más allá de la columna 12.")


# --- CSV -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_csv_line_of_5_mb_is_refused_before_it_is_split_into_cells():
    content = one_line_of_5_mb()
    assert len(content) > 5_000_000

    error = refusal("empresas.csv", content)

    assert str(error).startswith("La línea 2 del archivo tiene más de 20.000 caracteres")
    assert error.rows_read == 1


@pytest.mark.django_db
def test_a_csv_with_100_000_columns_is_refused():
    error = refusal("empresas.csv", a_hundred_thousand_columns())

    assert str(error).startswith("La línea 1 del archivo tiene más de 20.000 caracteres")
    assert error.rows_read == 0


@pytest.mark.django_db
def test_a_csv_row_with_data_past_column_64_is_refused():
    content = csv_file(HEADER, ";Bodegas Concón SpA" + ";" * 70 + "sobra")

    assert str(refusal("empresas.csv", content)).startswith(
        "La fila 2 tiene datos más allá de la columna 64."
    )


@pytest.mark.django_db
def test_a_million_blank_csv_lines_stop_at_the_row_limit():
    error = refusal("empresas.csv", blank_lines_then_a_company())

    assert str(error) == TOO_MANY_ROWS
    assert error.rows_read == ROW_LIMIT_REACHED


@pytest.mark.django_db
def test_cells_with_data_are_capped(settings):
    settings.OMIL_IMPORT_MAX_CELLS = 50
    lines = [f"{number};Empresa {number} SpA" for number in range(30)]

    error = refusal("empresas.csv", csv_file("RUT;Razón social", *lines))

    assert str(error) == "La planilla tiene más de 50 celdas con datos: divídala en partes."
    assert error.cells_read == 52
    assert error.rows_read == 26


@pytest.mark.django_db
def test_the_csv_deadline_stops_after_the_row_being_read(settings):
    settings.OMIL_IMPORT_MAX_SECONDS = -1

    error = refusal("empresas.csv", csv_file(HEADER, ";Bodegas Concón SpA"))

    assert str(error).startswith(TOO_SLOW)
    assert error.rows_read == 1


@pytest.mark.django_db
def test_a_utf_16_csv_gets_its_own_explanation():
    content = csv_file(HEADER, ";Bodegas Concón SpA").decode().encode("utf-16")

    assert "«Texto Unicode» (UTF-16)" in str(refusal("empresas.csv", content))


@pytest.mark.django_db
def test_the_apostrophe_an_export_adds_is_dropped_on_import():
    content = csv_file("Razón social;Teléfono", "Bodegas Concón SpA;'+56 32 212 3456")

    (row,) = spreadsheet.load_rows(name="empresas.csv", content=content).rows

    assert row.data["phone"] == "+56 32 212 3456"


# --- Through the upload page -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("empresas.xlsx", sixteen_million_empty_rows, TOO_MANY_ROWS),
        ("empresas.xlsx", zip_bomb, "El archivo Excel es demasiado grande"),
        ("empresas.csv", one_line_of_5_mb, "La línea 2 del archivo tiene más de"),
        ("empresas.csv", a_hundred_thousand_columns, "La línea 1 del archivo tiene más de"),
        ("empresas.csv", blank_lines_then_a_company, TOO_MANY_ROWS),
    ],
)
def test_the_upload_page_refuses_a_hostile_file_and_imports_nothing(
    client, gestora, settings, name, build, message
):
    client.force_login(gestora)

    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, build())})

    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error.startswith(message)
    assert not Company.objects.exists()
    assert not (settings.VAR_DIR / "pending-imports").exists()
