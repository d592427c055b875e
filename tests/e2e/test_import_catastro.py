"""A Gestora imports the office's own «catastro de empresas» from her phone: the preview finds
the table under its titles, says what each row will do, fits the screen, hands over the rows
with errors as a workbook, and imports the rest."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from companies.models import Company
from tests.companies.importing import catastro_xlsx, valid_rut
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width
from tests.e2e.test_phone_lists import SIDEWAYS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catastro_file(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    path = tmp_path / "catastro-gulmue.xlsx"
    path.write_bytes(
        catastro_xlsx(
            ("N°", "RUT", "Razón Social", "N° Trabajadores", "Observaciones"),
            [1, valid_rut(76543210), "Maestranza Los Álamos Ltda.", "1.200", "Visitar en abril"],
            [2, "76.086.428-4", "Envases Costa Brava SpA", "40", ""],
            [3, "", "Conservera Punta de Piedra S.A. con un nombre muy largo de verdad", "", ""],
            ["Total empresas: 3"],
        )
    )
    return path


def test_a_catastro_is_previewed_on_a_phone_and_its_errors_downloaded(
    page_factory, gestora, catastro_file
):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto("/empresas/importar/")

    page.get_by_label("Planilla de empresas").set_input_files(str(catastro_file))
    page.get_by_role("button", name="Ver vista previa").click()

    rows = page.get_by_test_id("import-rows")
    expect(rows.locator('tr[data-status="new"]')).to_have_count(2)
    expect(rows.locator('tr[data-status="error"]')).to_contain_text(
        "El dígito verificador del RUT no corresponde."
    )
    expect(rows.locator('tr[data-status="skip"]')).to_contain_text("Fila de totales")
    expect(page.get_by_test_id("import-warnings")).to_contain_text(
        "Los encabezados están en la fila 4"
    )
    assert page_width(page) <= PHONE["width"]
    assert page.evaluate(SIDEWAYS) == []

    with page.expect_download() as download:
        page.get_by_test_id("import-errors-link").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Envases Costa Brava SpA"
    ]

    page.get_by_test_id("import-confirm").click()

    expect(page.get_by_text("Se importaron 2 empresas (2 nuevas, 0 actualizadas).")).to_be_visible()
    assert Company.objects.count() == 2
