"""Company import, checking the rows and previewing them: each row's errors in Spanish, who
may import, and a preview that shows what would change and saves nothing."""

import pytest

from companies.models import Company
from tests.companies.importing import (
    CONFIRM,
    HEADER,
    TEMPLATE,
    UPLOAD,
    csv_file,
    only_row,
    pending_files,
    preview_of,
    upload,
    valid_rut,
)

pytestmark = pytest.mark.usefixtures("private_folders")


# --- Row checks ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_wrong_check_digit_is_a_row_error():
    row = only_row("76.086.428-4;Dígito Malo SpA")

    assert row.status == "error"
    assert row.errors == ["El dígito verificador del RUT no corresponde."]


@pytest.mark.django_db
def test_a_row_without_legal_name_is_a_row_error():
    row = only_row(f"{valid_rut(77123456)};;Sin Nombre")

    assert row.errors == ["Falta la razón social."]


@pytest.mark.django_db
def test_an_unknown_park_is_a_row_error(park):
    row = only_row(";Perdida SpA;;;Parque Fantasma")

    assert row.errors == ["Parque «Parque Fantasma» no existe. Use uno de: Parque de Prueba."]


@pytest.mark.django_db
def test_an_unknown_sector_is_a_row_error():
    row = only_row(";Minera SpA;;Minería")

    assert len(row.errors) == 1
    assert row.errors[0].startswith("Rubro «Minería» no existe. Use uno de: Logística")


@pytest.mark.django_db
def test_an_invalid_email_is_a_row_error():
    row = only_row(";Correo Malo SpA;;;;;;ventas@@empresa")

    assert row.errors == ["Correo «ventas@@empresa» no es una dirección válida."]


@pytest.mark.django_db
@pytest.mark.parametrize("workforce", ["-3", "doce", "12,5"])
def test_a_workforce_that_is_not_a_whole_number_of_at_least_zero_is_a_row_error(workforce):
    row = only_row(f";Dotación Mala SpA;;;;;;;{workforce}")

    assert row.errors == [
        f"Dotación «{workforce}» no es válida: escriba un número entero de trabajadores, 0 o más."
    ]


@pytest.mark.django_db
def test_a_responsable_who_is_not_an_active_user_is_a_row_error(gestora):
    gestora.is_active = False
    gestora.save()

    row = only_row(";Sin Responsable SpA;;;;;;;;gestora")

    assert row.errors[0].startswith(
        "Responsable «gestora» no es una persona del equipo con la cuenta activa."
    )


@pytest.mark.django_db
def test_the_second_row_with_the_same_rut_is_flagged_with_the_first_rows_number():
    preview = preview_of("76.086.428-5;Primera SpA", ";Sin RUT SpA", "76086428-5;Repetida SpA")

    first, _, repeated = preview.rows
    assert first.is_valid
    assert repeated.errors == ["Fila repetida: el RUT 76.086.428-5 ya aparece en la fila 2."]


# --- Upload and preview --------------------------------------------------------------------


def test_the_upload_page_shows_the_form_and_the_template_link(gestora_client):
    response = gestora_client.get(UPLOAD)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    assert 'name="file"' in content
    assert TEMPLATE in content


@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
@pytest.mark.parametrize("method, url", [("get", UPLOAD), ("post", CONFIRM), ("get", TEMPLATE)])
def test_a_role_that_cannot_add_and_change_companies_is_forbidden(
    client, request, persona, method, url
):
    client.force_login(request.getfixturevalue(persona))

    response = getattr(client, method)(url)

    assert response.status_code == 403


def test_a_role_without_permission_cannot_upload_anything(client, administrativa, settings):
    client.force_login(administrativa)

    response = upload(client, "empresas.csv", csv_file(HEADER, ";Intrusa SpA"))

    assert response.status_code == 403
    assert pending_files(settings) == []


def test_the_preview_shows_each_rows_spanish_errors(gestora_client, park):
    content = csv_file(
        HEADER,
        "76.086.428-5;Bodegas del Parque SpA;;;Parque de Prueba",
        "76.086.428-4;Dígito Malo SpA",
        f"{valid_rut(77123456)};",
        ";Perdida SpA;;;Parque Fantasma",
        "76086428-5;Repetida SpA",
    )

    response = upload(gestora_client, "empresas.csv", content)

    page = response.content.decode()
    assert response.status_code == 200
    assert "El dígito verificador del RUT no corresponde." in page
    assert "Falta la razón social." in page
    assert "Parque «Parque Fantasma» no existe." in page
    assert "Fila repetida: el RUT 76.086.428-5 ya aparece en la fila 2." in page
    assert "Importar 1 fila válida" in page
    assert [row.status for row in response.context["preview"].rows] == [
        "new",
        "error",
        "error",
        "error",
        "error",
    ]


def test_the_preview_saves_nothing(gestora_client):
    upload(gestora_client, "empresas.csv", csv_file(HEADER, ";Nueva SpA"))

    assert Company.objects.count() == 0


def test_the_preview_says_which_rows_update_an_existing_company(gestora_client, company):
    response = upload(gestora_client, "empresas.csv", csv_file(HEADER, "76.086.428-5;Otra SpA"))

    page = response.content.decode()
    assert "Actualiza" in page
    assert "Cambia: Razón social." in page


def test_a_preview_with_only_errors_disables_the_import_button(gestora_client, settings):
    response = upload(gestora_client, "empresas.csv", csv_file(HEADER, "76.086.428-4;Mala SpA"))

    page = response.content.decode()
    assert "No hay filas válidas para importar" in page
    assert "disabled" in page
    # Kept only so that its rows with errors can be downloaded.
    assert response.context["token"]
    assert len(pending_files(settings)) == 1


def test_user_data_is_escaped_in_the_preview(gestora_client):
    response = upload(
        gestora_client, "empresas.csv", csv_file(HEADER, ";<script>alert(1)</script> SpA")
    )

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; SpA" in page
