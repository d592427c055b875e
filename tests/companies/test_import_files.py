"""Company import, reading the file: CSV and XLSX as offices save them, and the files that
are refused whole (not text, not a workbook, no header, no legal name, too big, empty) with
a Spanish message on the upload form and nothing kept."""

import io
import zipfile

import pytest

from companies import spreadsheet
from companies.models import Company, Sector
from tests.companies.importing import (
    HEADER,
    csv_file,
    form_errors,
    pending_files,
    preview_of,
    refusal,
    upload,
    valid_rut,
    xlsx_file,
)

pytestmark = pytest.mark.usefixtures("private_folders")


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_reads_a_semicolon_csv_saved_by_excel_in_latin_1(park):
    content = csv_file(
        "RUT;Razón social;Rubro;Parque;Dotación",
        f"{valid_rut(77123456)};Metalmecánica Ñuñoa Ltda.;Metalmecánica;Parque de Prueba;1.200",
        encoding="latin-1",
    )

    (row,) = spreadsheet.load_rows(name="empresas.csv", content=content).rows

    assert row.errors == []
    assert row.data["legal_name"] == "Metalmecánica Ñuñoa Ltda."
    assert row.data["sector"] == Sector.METALWORKING
    assert row.data["park"] == park
    assert row.data["workforce_size"] == 1200


@pytest.mark.django_db
def test_it_reads_a_comma_csv_in_utf_8_with_bom():
    content = "\ufeffRUT,Razón social,Correo\r\n,Áridos del Sur SpA,ventas@aridos.cl\r\n".encode()

    (row,) = spreadsheet.load_rows(name="empresas.csv", content=content).rows

    assert row.data == {"legal_name": "Áridos del Sur SpA", "email": "ventas@aridos.cl"}
    assert row.status == "new"


@pytest.mark.django_db
def test_it_reads_an_xlsx_with_numbers_typed_as_numbers(park, gestora):
    content = xlsx_file(
        spreadsheet.HEADERS,
        [
            valid_rut(77123456),
            "Frigorífico Concón SpA",
            "",
            "alimentos",
            "parque de prueba",
            "",
            56322123456,
            "",
            85,
            "gestora",
        ],
    )

    (row,) = spreadsheet.load_rows(name="empresas.xlsx", content=content).rows

    assert row.errors == []
    assert row.data["sector"] == Sector.FOOD
    assert row.data["park"] == park
    assert row.data["phone"] == "56322123456"
    assert row.data["workforce_size"] == 85
    assert row.data["owner"] == gestora


@pytest.mark.django_db
def test_it_matches_headers_without_regard_to_case_or_accents():
    content = csv_file("rut;RAZON SOCIAL;  nombre de fantasia ", ";Grúas Quintero SpA;Grúas Q")

    (row,) = spreadsheet.load_rows(name="empresas.csv", content=content).rows

    assert row.data == {"legal_name": "Grúas Quintero SpA", "trade_name": "Grúas Q"}


@pytest.mark.django_db
def test_it_never_evaluates_a_formula_in_an_xlsx():
    content = xlsx_file(["Razón social", "Dotación"], ["Cálculos SpA", "=10*10"])

    (row,) = spreadsheet.load_rows(name="empresas.xlsx", content=content).rows

    # openpyxl wrote no cached value, so the formula's cell reads as empty instead of 100.
    assert row.errors == []
    assert "workforce_size" not in row.data


@pytest.mark.django_db
def test_row_numbers_are_the_sheets_and_blank_rows_are_skipped():
    preview = preview_of(";Primera SpA", ";;;;", "", ";Tercera SpA")

    assert [row.number for row in preview.rows] == [2, 5]


# --- Files refused by the reader -----------------------------------------------------------


@pytest.mark.django_db
def test_a_csv_with_bytes_that_are_not_text_is_refused():
    content = HEADER.encode() + b"\r\n;Raz\x81n \x90\x9d SpA"

    assert refusal("empresas.csv", content).startswith("El archivo .csv no contiene texto legible")


@pytest.mark.django_db
def test_a_pdf_renamed_to_csv_is_refused():
    content = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00<< /Type /Catalog >>"

    assert refusal("empresas.csv", content).startswith("El archivo .csv no contiene texto legible")


@pytest.mark.django_db
def test_a_csv_without_a_header_row_is_refused():
    content = csv_file("76.086.428-5;Bodegas SpA;Bodegas", "77.123.456-9;Fletes SpA;Fletes")

    message = refusal("empresas.csv", content)

    assert message.startswith("No se encontró la fila de encabezados en las primeras 20 filas")
    assert "RUT, Razón social" in message


@pytest.mark.django_db
def test_a_file_without_the_legal_name_column_is_refused():
    content = csv_file("RUT;Nombre de fantasía", f"{valid_rut(77123456)};Bodegas")

    assert refusal("empresas.csv", content).startswith(
        "Falta la columna «Razón social», que es obligatoria"
    )


@pytest.mark.django_db
def test_a_file_with_more_than_5000_rows_is_refused():
    content = csv_file(HEADER, *[f";Empresa {number}" for number in range(5001)])

    assert refusal("empresas.csv", content).startswith("La planilla tiene más de 5.000 filas")


@pytest.mark.django_db
def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hola.txt", "no soy una planilla")

    assert refusal("empresas.xlsx", buffer.getvalue()).startswith(
        "El archivo no es un Excel .xlsx válido"
    )


# --- Files refused at upload ---------------------------------------------------------------


def test_a_20_mb_file_is_refused_with_a_message_and_changes_nothing(gestora_client, settings):
    content = csv_file(HEADER, ";Grande SpA") + b" " * (20 * 1024 * 1024)

    response = upload(gestora_client, "empresas.csv", content)

    assert response.status_code == 200
    assert form_errors(response) == [
        "El archivo pesa 20 MB y el máximo permitido es 5 MB. Divídalo en archivos más pequeños."
    ]
    assert "El archivo pesa 20 MB" in response.content.decode()
    assert Company.objects.count() == 0
    assert pending_files(settings) == []


def test_the_size_limit_comes_from_the_setting(gestora_client, settings):
    settings.OMIL_IMPORT_MAX_BYTES = 1024 * 1024

    response = upload(gestora_client, "empresas.csv", b";" * (2 * 1024 * 1024))

    assert form_errors(response)[0].startswith(
        "El archivo pesa 2 MB y el máximo permitido es 1 MB."
    )


@pytest.mark.parametrize("name", ["empresas.pdf", "empresas.xls", "empresas"])
def test_a_file_with_another_extension_is_refused(gestora_client, name):
    response = upload(gestora_client, name, csv_file(HEADER, ";Bodegas SpA"))

    assert form_errors(response)[0].startswith("Solo se aceptan planillas .csv o .xlsx.")
    assert Company.objects.count() == 0


def test_an_xlsx_that_is_not_a_zip_is_refused(gestora_client):
    response = upload(gestora_client, "empresas.xlsx", csv_file(HEADER, ";Bodegas SpA"))

    assert response.status_code == 200
    assert form_errors(response) == [spreadsheet.NOT_XLSX]
    assert Company.objects.count() == 0


def test_a_truncated_xlsx_is_refused(gestora_client):
    content = xlsx_file(spreadsheet.HEADERS, ["", "Cortada SpA"])

    response = upload(gestora_client, "empresas.xlsx", content[: len(content) // 2])

    assert form_errors(response) == [spreadsheet.NOT_XLSX]


def test_an_empty_file_is_refused(gestora_client):
    response = upload(gestora_client, "empresas.csv", b"")

    assert form_errors(response) == ["El archivo está vacío."]


def test_a_header_only_file_is_refused(gestora_client, settings):
    response = upload(gestora_client, "empresas.csv", csv_file(HEADER, ";;;"))

    assert form_errors(response) == ["La planilla no tiene filas con datos bajo los encabezados."]
    assert pending_files(settings) == []


def test_a_csv_with_undecodable_bytes_gets_a_message_on_the_form(gestora_client):
    response = upload(gestora_client, "empresas.csv", HEADER.encode() + b"\r\n;\x81\x8d\x8f")

    assert form_errors(response)[0].startswith("El archivo .csv no contiene texto legible.")
