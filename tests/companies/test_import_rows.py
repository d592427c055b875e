"""Company import, the rows: blank and summary rows skipped and said so, rows without RUT
matched to the registered company by name instead of duplicated, error messages that list the
valid values, and worker counts written as offices write them."""

import pytest

from companies import spreadsheet
from companies.models import Company
from tests.companies.importing import (
    CONFIRM,
    catastro_xlsx,
    only_row,
    preview_of,
    preview_of_file,
    upload,
    valid_rut,
)

pytestmark = pytest.mark.usefixtures("private_folders")

CATASTRO_HEADER = ("N°", "RUT", "Razón Social", "Rubro", "N° Trabajadores")
CATASTRO_ROWS = (
    [1, valid_rut(76543210), "Maestranza Los Álamos Ltda.", "Metalmecánica", "1.200"],
    [2, "", "Conservera Punta de Piedra S.A.", "Alimentos", "300 aprox."],
    [3, valid_rut(77123456), "Transportes El Litre SpA", "Logística y transporte", "85"],
    [4],
    [5, "", "", "", ""],
    ["Total empresas: 3"],
    ["Fuente: Oficina de Rentas, marzo 2026"],
)


def catastro_preview():
    return preview_of_file("catastro.xlsx", catastro_xlsx(CATASTRO_HEADER, *CATASTRO_ROWS))


# --- Skipped rows --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_total_row_is_skipped_not_imported_as_a_company():
    preview = catastro_preview()

    total = next(row for row in preview.rows if row.cells[0] == "Total empresas: 3")
    assert total.status == "skip"
    assert total.skipped == "Fila de totales («Total empresas: 3»): no es una empresa."
    assert preview.valid_count == 3


@pytest.mark.django_db
def test_rows_with_only_their_number_and_footnotes_are_skipped_and_said_so():
    preview = catastro_preview()

    skipped = {row.number: row.skipped for row in preview.rows if row.status == "skip"}
    assert skipped == {
        8: "Fila sin datos de empresa (solo el número de fila u otras columnas que no se leen).",
        9: "Fila sin datos de empresa (solo el número de fila u otras columnas que no se leen).",
        10: "Fila de totales («Total empresas: 3»): no es una empresa.",
        11: "Nota al pie («Fuente: Oficina de Rentas, marzo 2026»): no es una empresa.",
    }
    assert preview.skip_count == 4


@pytest.mark.django_db
def test_a_company_whose_name_starts_with_total_is_still_a_company():
    row = only_row(";Total Lubricantes Concón S.A.")

    assert row.status == "new"


def test_the_preview_page_says_which_rows_are_skipped(gestora_client):
    response = upload(
        gestora_client, "catastro.xlsx", catastro_xlsx(CATASTRO_HEADER, *CATASTRO_ROWS)
    )

    page = response.content.decode()
    assert "Se omite" in page
    assert "Fila de totales («Total empresas: 3»): no es una empresa." in page


def test_confirming_a_catastro_imports_its_companies_and_nothing_else(gestora_client):
    token = upload(
        gestora_client, "catastro.xlsx", catastro_xlsx(CATASTRO_HEADER, *CATASTRO_ROWS)
    ).context["token"]

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert "Se importaron 3 empresas (3 nuevas, 0 actualizadas)." in response.content.decode()
    assert sorted(Company.objects.values_list("legal_name", flat=True)) == [
        "Conservera Punta de Piedra S.A.",
        "Maestranza Los Álamos Ltda.",
        "Transportes El Litre SpA",
    ]


# --- Matching by name ----------------------------------------------------------------------


def test_uploading_a_catastro_twice_creates_no_company_without_rut_twice(gestora_client):
    content = catastro_xlsx(CATASTRO_HEADER, *CATASTRO_ROWS)
    gestora_client.post(
        CONFIRM, {"token": upload(gestora_client, "catastro.xlsx", content).context["token"]}
    )

    response = upload(gestora_client, "catastro.xlsx", content)
    page = response.content.decode()
    gestora_client.post(CONFIRM, {"token": response.context["token"]})

    assert Company.objects.count() == 3
    assert "Ya existe: Conservera Punta de Piedra S.A. (reconocida por el nombre)" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "Maestranza Los Alamos Limitada",
        "MAESTRANZA LOS ÁLAMOS LTDA",
        "maestranza los álamos",
        "Maestranza  Los Álamos, Ltda.",
    ],
)
def test_a_row_without_rut_is_the_company_of_the_same_normalised_name(typed):
    registered = Company.objects.create(legal_name="Maestranza Los Álamos Ltda.")

    row = only_row(f";{typed}")

    assert row.status == "update"
    assert row.existing == registered
    assert row.matched_by_name


@pytest.mark.django_db
def test_a_new_rut_given_to_a_company_registered_without_one_updates_it(gestora):
    registered = Company.objects.create(legal_name="Conservera Punta de Piedra S.A.")
    preview = preview_of(f"{valid_rut(76543210)};Conservera Punta de Piedra SA")

    spreadsheet.companies_import(rows=preview.rows, acting_user=gestora)

    registered.refresh_from_db()
    assert registered.rut == "76543210-3"
    assert Company.objects.count() == 1


@pytest.mark.django_db
def test_a_similar_name_is_held_back_with_the_name_it_resembles():
    Company.objects.create(rut="76543210-3", legal_name="Maestranza Los Álamos Ltda.")

    row = only_row(";Maestranza Los Alamo Ltda.")

    assert row.errors == [
        "Se parece a «Maestranza Los Álamos Ltda.» (RUT 76.543.210-3), ya registrada: si es la "
        "misma empresa, escriba su RUT o su nombre tal como está registrado; si es otra, "
        "escriba el RUT de esta."
    ]


@pytest.mark.django_db
def test_the_same_name_twice_in_the_file_is_flagged_on_the_second_row():
    preview = preview_of(";Áridos Ritoque Ltda.", ";ARIDOS RITOQUE LIMITADA")

    assert preview.rows[1].errors == [
        "Fila repetida: «ARIDOS RITOQUE LIMITADA» ya aparece en la fila 2."
    ]


@pytest.mark.django_db
def test_two_registered_companies_with_that_name_ask_for_the_rut():
    Company.objects.create(rut="76543210-3", legal_name="Servicios Gulmué SpA")
    Company.objects.create(rut="77123456-9", legal_name="Servicios Gulmué Ltda.")

    row = only_row(";Servicios Gulmué")

    assert row.errors == [
        "Hay 2 empresas registradas con el nombre «Servicios Gulmué»: escriba el RUT para "
        "saber cuál actualizar."
    ]


# --- Messages with the valid values --------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_park_lists_the_registered_parks(park, gulmue):
    row = only_row(";Bodegas Colmo SpA;;;Parque Norte")

    assert row.errors == [
        "Parque «Parque Norte» no existe. Use uno de: Parque de Prueba, Parque Industrial Gulmué."
    ]


@pytest.mark.django_db
def test_an_unknown_responsable_lists_the_staff_by_name_not_by_login(gestora, encargado):
    gestora.first_name, gestora.last_name = "Camila", "Rojas"
    gestora.save()

    row = only_row(";Bodegas Colmo SpA;;;;;;;;Felipe Soto")

    (message,) = row.errors
    assert message.startswith("Responsable «Felipe Soto» no es una persona del equipo")
    assert "Camila Rojas" in message
    assert "gestora" not in message.split("Escriba")[1]


@pytest.mark.django_db
def test_a_responsable_may_be_written_by_name(gestora):
    gestora.first_name, gestora.last_name = "Camila", "Rojas"
    gestora.save()

    row = only_row(";Bodegas Colmo SpA;;;;;;;;camila rojas")

    assert row.data["owner"] == gestora


# --- Numbers -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed, number",
    [
        ("1.200", 1200),
        ("300 aprox.", 300),
        ("aprox. 300", 300),
        ("Aproximadamente 45", 45),
        ("~80", 80),
        ("1.200 trabajadores", 1200),
    ],
)
def test_a_worker_count_as_offices_write_it_is_read(typed, number):
    row = only_row(f";Dotación Escrita SpA;;;;;;;{typed}")

    assert row.data["workforce_size"] == number


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["300-400", "más de 300", "1,2 mil", "300 o 400"])
def test_an_ambiguous_worker_count_is_an_error(typed):
    row = only_row(f";Dotación Dudosa SpA;;;;;;;{typed}")

    assert row.errors == [
        f"Dotación «{typed}» no es válida: escriba un número entero de trabajadores, 0 o más."
    ]


def test_the_preview_runs_as_many_queries_for_fifty_rows_as_for_five(
    gestora_client, django_assert_max_num_queries
):
    for number in range(1, 51):
        Company.objects.create(legal_name=f"Registrada {number:03} Ltda.", workforce_size=5)

    def rows(count):
        # Half new, half matching a registered company by name.
        return [
            [number, "", f"Registrada {number:03} Limitada", "Alimentos", "12"]
            if number % 2
            else [number, "", f"Nueva {number:03} SpA", "Alimentos", "12"]
            for number in range(1, count + 1)
        ]

    with django_assert_max_num_queries(16) as few:
        upload(gestora_client, "catastro.xlsx", catastro_xlsx(CATASTRO_HEADER, *rows(5)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        upload(gestora_client, "catastro.xlsx", catastro_xlsx(CATASTRO_HEADER, *rows(50)))
