"""Company import, finding the columns: the header row below the titles, merged cells and
blank rows of a municipal «catastro de empresas», the usual names of each column, columns we
do not know left out with a warning, a contact column that becomes a contact, observations
that become a note on the company's timeline, a «Comuna» column and RUTs split in two."""

import pytest
from django.urls import reverse

from companies import spreadsheet
from companies.models import Company, CompanyNote, Contact, Sector
from tests.companies.importing import (
    CONFIRM,
    catastro_xlsx,
    csv_file,
    preview_of_file,
    upload,
    valid_rut,
)

pytestmark = pytest.mark.usefixtures("private_folders")

CATASTRO_HEADER = (
    "N°",
    "RUT",
    "Razón Social",
    "Nombre de Fantasía",
    "Rubro",
    "Correo electrónico",
    "Teléfono",
    "N° Trabajadores",
    "Contacto",
    "Observaciones",
)


def catastro(*rows, header=CATASTRO_HEADER):
    return preview_of_file("catastro.xlsx", catastro_xlsx(header, *rows))


@pytest.mark.django_db
def test_it_finds_the_header_below_merged_title_rows_and_a_blank_row():
    preview = catastro(
        [1, valid_rut(76543210), "Maestranza Los Álamos Ltda.", "Maestranza Álamos"],
    )

    (row,) = preview.rows
    assert row.number == 5
    assert row.errors == []
    assert row.data["legal_name"] == "Maestranza Los Álamos Ltda."
    assert row.data["trade_name"] == "Maestranza Álamos"
    assert preview.header.number == 4
    assert preview.warnings[0] == (
        "Los encabezados están en la fila 4; las 2 filas de arriba (títulos) no se importan."
    )


@pytest.mark.django_db
def test_it_reads_the_usual_names_of_each_column():
    preview = catastro(
        [
            1,
            valid_rut(76543210),
            "Maestranza Los Álamos Ltda.",
            "Maestranza Álamos",
            "Metalmecánica",
            "contacto@maestranzaalamos.cl",
            "32 281 4455",
            "1.200",
            "Rosa Villalobos",
            "Interesada en el programa de aprendices.",
        ],
    )

    (row,) = preview.rows
    assert row.errors == []
    assert row.data["sector"] == Sector.METALWORKING
    assert row.data["email"] == "contacto@maestranzaalamos.cl"
    assert row.data["phone"] == "32 281 4455"
    assert row.data["workforce_size"] == 1200
    assert row.contact == {"name": "Rosa Villalobos"}
    assert row.note == "Interesada en el programa de aprendices."


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header, key",
    [
        ("Nº Trabajadores", "workforce_size"),
        ("Número de trabajadores", "workforce_size"),
        ("E-mail", "email"),
        ("Fono", "phone"),
        ("Nombre de la empresa", "legal_name"),
        ("Domicilio", "address"),
        ("R.U.T.", "rut"),
        ("Persona de contacto", "contact_name"),
        ("Comentarios", "notes"),
    ],
)
def test_each_usual_column_name_is_an_alias(header, key):
    other = "RUT" if key == "legal_name" else "Razón social"
    preview = preview_of_file("empresas.csv", csv_file(f"{header};{other}", "x;y"))

    assert preview.header.columns[0] == key


@pytest.mark.django_db
def test_unknown_columns_are_left_out_with_a_warning_not_refused():
    preview = preview_of_file(
        "empresas.csv",
        csv_file(
            "Nº;Razón social;Giro;Fecha última visita",
            "1;Transportes Quintay SpA;Transporte de carga;12-03-2026",
        ),
    )

    (row,) = preview.rows
    assert row.is_valid
    assert row.data == {"legal_name": "Transportes Quintay SpA"}
    assert preview.warnings == [
        "No se importan las columnas no reconocidas «Giro» (columna C), «Fecha última visita» "
        "(columna D). Las columnas que se leen son: " + ", ".join(spreadsheet.HEADERS) + "."
    ]


@pytest.mark.django_db
def test_a_repeated_column_uses_the_first_and_warns():
    preview = preview_of_file(
        "empresas.csv",
        csv_file("Razón social;Teléfono;Teléfono", "Frutícola Colmo SpA;32 276 1100;9 8765 4321"),
    )

    assert preview.rows[0].data["phone"] == "32 276 1100"
    assert preview.warnings == [
        "La columna «Teléfono» (columna C) repite «Teléfono»: se usa solo la primera."
    ]


def test_the_preview_page_shows_the_warnings(gestora_client):
    content = csv_file("Razón social;Giro", "Envases del Pacífico SpA;Envases")

    response = upload(gestora_client, "empresas.csv", content)

    assert "No se importa la columna no reconocida «Giro» (columna B)." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_a_rut_and_its_check_digit_in_two_columns_are_joined():
    preview = preview_of_file(
        "empresas.csv",
        csv_file("RUT;DV;Razón social", "61.704.000;K;Cobre del Norte S.A.", "61704000;;Sin DV"),
    )

    joined, missing = preview.rows
    assert joined.data["rut"] == "61704000-K"
    assert missing.errors[0].startswith("Falta el guion antes del dígito verificador")


@pytest.mark.django_db
def test_a_comuna_column_is_read_by_name_and_a_park_gives_its_own(gulmue):
    preview = preview_of_file(
        "empresas.csv",
        csv_file(
            "Razón social;Comuna;Parque",
            "Hormigones Ritoque SpA;quintero;",
            "Bodegas Gulmué SpA;;Parque Industrial Gulmué",
            "Frigorífico Lejano SpA;Comuna Inventada;",
        ),
    )

    quintero, in_park, unknown = preview.rows
    assert quintero.data["comuna"] == "05107"
    assert in_park.is_valid
    assert unknown.errors == [
        "Comuna «Comuna Inventada» no existe: escriba el nombre de una comuna de Chile, por "
        "ejemplo Concón o Quintero."
    ]


def confirm(client, name: str, content: bytes):
    token = upload(client, name, content).context["token"]
    return client.post(CONFIRM, {"token": token}, follow=True)


def test_a_contact_column_becomes_a_contact_and_observations_a_timeline_note(
    gestora_client, gestora, gulmue
):
    content = catastro_xlsx(
        CATASTRO_HEADER,
        [
            1,
            valid_rut(76543210),
            "Maestranza Los Álamos Ltda.",
            "",
            "",
            "",
            "",
            "",
            "Rosa Villalobos",
            "Pide reunión por vacantes de soldador.",
        ],
    )

    confirm(gestora_client, "catastro.xlsx", content)

    company = Company.objects.get()
    assert list(company.contacts.values_list("name", flat=True)) == ["Rosa Villalobos"]
    note = CompanyNote.objects.get()
    assert (note.company, note.text, note.created_by) == (
        company,
        "Pide reunión por vacantes de soldador.",
        gestora,
    )
    page = gestora_client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert "Pide reunión por vacantes de soldador." in page
    assert "Nota — planilla «catastro.xlsx»" in page


def test_uploading_the_same_sheet_again_adds_no_second_contact_or_note(gestora_client):
    content = catastro_xlsx(
        CATASTRO_HEADER,
        [
            1,
            valid_rut(76543210),
            "Maestranza Los Álamos Ltda.",
            "",
            "",
            "",
            "",
            "",
            "Rosa Villalobos",
            "Pide reunión por vacantes de soldador.",
        ],
    )
    confirm(gestora_client, "catastro.xlsx", content)

    response = upload(gestora_client, "catastro.xlsx", content)
    (row,) = response.context["preview"].rows
    gestora_client.post(CONFIRM, {"token": response.context["token"]})

    assert row.status == "update"
    assert row.changes == []
    assert Company.objects.count() == 1
    assert Contact.objects.count() == 1
    assert CompanyNote.objects.count() == 1


@pytest.mark.django_db
def test_a_title_that_names_one_column_is_not_taken_for_the_header():
    content = catastro_xlsx(
        ("N°", "Razón social", "Teléfono"),
        [1, "Lavandería Industrial Mantagua SpA", "32 279 0011"],
        titles=("Empresas",),
    )

    preview = preview_of_file("catastro.xlsx", content)

    assert preview.header.number == 3
    assert preview.rows[0].data["legal_name"] == "Lavandería Industrial Mantagua SpA"


@pytest.mark.django_db
def test_a_sheet_of_only_legal_names_is_read():
    preview = preview_of_file("empresas.csv", csv_file("Razón social", "Vidrios Las Salinas SpA"))

    assert preview.rows[0].data == {"legal_name": "Vidrios Las Salinas SpA"}
