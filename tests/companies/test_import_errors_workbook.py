"""Company import, what each row will do and the rows with errors as a workbook: the preview
says «Nueva», «Actualiza», «Se omite» or «Error» for each row, and offers the rows with errors,
under the file's own header and with each row's message, to fix and upload again."""

import io

import pytest
from openpyxl import load_workbook

from companies.models import Company
from tests.companies.importing import CONFIRM, catastro_xlsx, csv_file, upload, valid_rut

pytestmark = pytest.mark.usefixtures("private_folders")

ERRORS = "/empresas/importar/errores.xlsx"
HEADER = ("N°", "RUT", "Razón Social", "Parque", "N° Trabajadores")


def catastro(park_name: str = "Parque Industrial Gulmué"):
    return catastro_xlsx(
        HEADER,
        [1, valid_rut(76543210), "Maestranza Los Álamos Ltda.", park_name, "1.200"],
        [2, "76.086.428-4", "Envases Costa Brava SpA", "", "40"],
        [3, "", "Conservera Punta de Piedra S.A.", "Parque Norte", "300 aprox."],
        [4, "", "Bodegas de Prueba SpA", "", ""],
        ["Total empresas: 4"],
    )


def workbook_rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def test_the_preview_says_what_will_happen_to_each_row(gestora_client, gulmue, company):
    response = upload(gestora_client, "catastro.xlsx", catastro())

    rows = response.context["preview"].rows
    assert [(row.number, row.status_label) for row in rows] == [
        (5, "Nueva"),
        (6, "Error"),
        (7, "Error"),
        (8, "Actualiza"),
        (9, "Se omite"),
    ]
    page = response.content.decode()
    for label in ("Nueva", "Error", "Actualiza", "Se omite"):
        assert f">{label}</span>" in page
    assert "Ya existe: Bodegas de Prueba SpA (reconocida por el nombre)." in page


def test_the_rows_with_errors_download_under_the_files_header_with_their_messages(
    gestora_client, gulmue
):
    response = upload(gestora_client, "catastro.xlsx", catastro())
    token = response.context["token"]
    assert "Descargar las 2 filas con error (.xlsx)" in response.content.decode()

    download = gestora_client.get(ERRORS, {"token": token})

    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="filas-con-error-catastro.xlsx"'
    )
    header, *rows = workbook_rows(download.content)
    assert header == (*HEADER, "Errores")
    assert [row[:5] for row in rows] == [
        ("2", "76.086.428-4", "Envases Costa Brava SpA", None, "40"),
        ("3", None, "Conservera Punta de Piedra S.A.", "Parque Norte", "300 aprox."),
    ]
    assert rows[0][5] == (
        "Fila 6 de «catastro.xlsx»: El dígito verificador del RUT no corresponde."
    )
    assert rows[1][5] == (
        "Fila 7 de «catastro.xlsx»: Parque «Parque Norte» no existe. Use uno de: "
        "Parque Industrial Gulmué."
    )


def test_the_fixed_rows_upload_again_without_a_warning_for_the_errors_column(
    gestora_client, gulmue
):
    token = upload(gestora_client, "catastro.xlsx", catastro()).context["token"]
    workbook = load_workbook(io.BytesIO(gestora_client.get(ERRORS, {"token": token}).content))
    sheet = workbook.active
    sheet["B2"] = valid_rut(76086429)
    sheet["D3"] = "Parque Industrial Gulmué"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = upload(gestora_client, "filas-con-error-catastro.xlsx", buffer.getvalue())

    assert response.context["preview"].warnings == []
    assert [row.status for row in response.context["preview"].rows] == ["new", "new"]
    gestora_client.post(CONFIRM, {"token": response.context["token"]})
    assert Company.objects.get(legal_name="Conservera Punta de Piedra S.A.").workforce_size == 300


def test_an_errors_workbook_uploaded_again_keeps_one_errors_column(gestora_client, gulmue):
    token = upload(gestora_client, "catastro.xlsx", catastro()).context["token"]
    first = gestora_client.get(ERRORS, {"token": token}).content

    token = upload(gestora_client, "errores.xlsx", first).context["token"]
    header, *rows = workbook_rows(gestora_client.get(ERRORS, {"token": token}).content)

    assert header == (*HEADER, "Errores")
    assert rows[0][5].startswith("Fila 2 de «errores.xlsx»: El dígito verificador")


def test_a_formula_typed_in_a_row_with_errors_is_not_a_formula_in_the_workbook(
    gestora_client,
):
    content = csv_file("RUT;Razón social", '76.086.428-4;=HYPERLINK("http://x.invalid")')
    token = upload(gestora_client, "empresas.csv", content).context["token"]

    _, row = workbook_rows(gestora_client.get(ERRORS, {"token": token}).content)

    assert row[1] == '\'=HYPERLINK("http://x.invalid")'


def test_without_the_uploads_token_it_goes_back_to_the_upload_page(gestora_client):
    upload(gestora_client, "catastro.xlsx", catastro())

    response = gestora_client.get(ERRORS, {"token": "otro"})

    assert response.status_code == 302
    assert response.url == "/empresas/importar/"


@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
def test_a_role_that_cannot_import_cannot_download_the_rows_with_errors(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(ERRORS, {"token": "x"}).status_code == 403
