"""Spreadsheet import of companies: parsing rules, the preview, the confirmation, the template."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from stdnum.cl import rut as stdnum_rut

from companies import spreadsheet
from companies.models import Company, IndustrialPark, Sector
from companies.spreadsheet import SpreadsheetError
from omil_crm.accounts import roles

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


@pytest.fixture(autouse=True)
def private_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def gestora_client(client, gestora):
    client.force_login(gestora)
    return client


@pytest.fixture
def gulmue(db):
    return IndustrialPark.objects.create(name="Parque Industrial Gulmué", comuna="Concón")


# --- Parsing rules -------------------------------------------------------------------------


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

    assert row.errors == ["Parque «Parque Fantasma» no existe."]


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

    assert row.errors == ["Responsable «gestora» no es el usuario de una cuenta activa."]


@pytest.mark.django_db
def test_the_second_row_with_the_same_rut_is_flagged_with_the_first_rows_number():
    preview = preview_of("76.086.428-5;Primera SpA", ";Sin RUT SpA", "76086428-5;Repetida SpA")

    first, _, repeated = preview.rows
    assert first.is_valid
    assert repeated.errors == ["Fila repetida: el RUT 76.086.428-5 ya aparece en la fila 2."]


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

    assert message.startswith("La primera fila debe tener los encabezados de las columnas: RUT,")


@pytest.mark.django_db
def test_a_file_with_unknown_columns_is_refused():
    content = csv_file("RUT;Razón social;Fono;E-mail", ";Bodegas SpA;322123456;a@b.cl")

    message = refusal("empresas.csv", content)

    assert message.startswith("Columnas no reconocidas: «Fono», «E-mail».")


@pytest.mark.django_db
def test_a_file_without_the_legal_name_column_is_refused():
    content = csv_file("RUT;Nombre de fantasía", f"{valid_rut(77123456)};Bodegas")

    assert refusal("empresas.csv", content) == (
        "Falta la columna «Razón social», que es obligatoria."
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


# --- Writing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_nothing_is_saved_when_the_import_fails_midway(monkeypatch, gestora):
    preview = preview_of(";Primera SpA", ";Segunda SpA", ";Tercera SpA")
    real_save = Company.save
    saved = []

    def save_failing_on_the_second_row(company, *args, **kwargs):
        saved.append(company.legal_name)
        if len(saved) == 2:
            raise IntegrityError("simulated failure")
        return real_save(company, *args, **kwargs)

    monkeypatch.setattr(Company, "save", save_failing_on_the_second_row)

    with pytest.raises(IntegrityError):
        spreadsheet.companies_import(rows=preview.rows, acting_user=gestora)

    assert saved == ["Primera SpA", "Segunda SpA"]
    assert Company.objects.count() == 0


@pytest.mark.django_db
def test_empty_cells_do_not_erase_an_updated_companys_data(company, park, gestora):
    company.phone = "+56 32 211 0000"
    company.workforce_size = 40
    company.save()
    preview = preview_of("76.086.428-5;Bodegas Renovadas SpA;;;;;;;60")

    spreadsheet.companies_import(rows=preview.rows, acting_user=gestora)

    company.refresh_from_db()
    assert company.legal_name == "Bodegas Renovadas SpA"
    assert company.workforce_size == 60
    assert company.phone == "+56 32 211 0000"
    assert company.park == park
    assert company.owner == gestora


@pytest.mark.django_db
def test_a_company_created_after_the_preview_is_updated_not_duplicated(gestora):
    preview = preview_of(f"{valid_rut(77123456)};Tardía SpA")
    Company.objects.create(rut="77123456-9", legal_name="Creada Mientras Tanto SpA")

    result = spreadsheet.companies_import(rows=preview.rows, acting_user=gestora)

    assert (result.created, result.updated) == (0, 1)
    assert Company.objects.get().legal_name == "Tardía SpA"


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
    assert "Actualiza empresa existente" in page
    assert "Cambia: Razón social." in page


def test_a_preview_with_only_errors_disables_the_import_button(gestora_client, settings):
    response = upload(gestora_client, "empresas.csv", csv_file(HEADER, "76.086.428-4;Mala SpA"))

    page = response.content.decode()
    assert "No hay filas válidas para importar" in page
    assert "disabled" in page
    assert response.context["token"] == ""
    assert pending_files(settings) == []


def test_user_data_is_escaped_in_the_preview(gestora_client):
    response = upload(
        gestora_client, "empresas.csv", csv_file(HEADER, ";<script>alert(1)</script> SpA")
    )

    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; SpA" in page


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


# --- Confirmation --------------------------------------------------------------------------


def preview_token(client, content: bytes, name: str = "empresas.csv") -> str:
    response = upload(client, name, content)
    assert response.status_code == 200
    return response.context["token"]


def test_confirming_imports_every_valid_row_in_one_go(gestora_client, park, gestora):
    token = preview_token(
        gestora_client,
        csv_file(
            HEADER,
            f"{valid_rut(77123456)};Fletes Concón SpA;;Logística y transporte;Parque de Prueba",
            f"{valid_rut(76543210)};Bodegas Quintero SpA;;;;;;;30;gestora",
            ";Servicios Aconcagua Ltda.",
            "76.086.428-4;Dígito Malo SpA",
        ),
    )

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert response.redirect_chain == [(reverse("companies:directory"), 302)]
    assert "Se importaron 3 empresas (3 nuevas, 0 actualizadas)." in response.content.decode()
    assert sorted(Company.objects.values_list("legal_name", flat=True)) == [
        "Bodegas Quintero SpA",
        "Fletes Concón SpA",
        "Servicios Aconcagua Ltda.",
    ]
    fletes = Company.objects.get(legal_name="Fletes Concón SpA")
    assert (fletes.rut, fletes.sector, fletes.park) == ("77123456-9", Sector.LOGISTICS, park)
    assert Company.objects.get(legal_name="Bodegas Quintero SpA").owner == gestora


def test_an_existing_rut_spelled_with_dots_updates_that_company(gestora_client, company):
    token = preview_token(
        gestora_client, csv_file(HEADER, "76.086.428-5;Bodegas de Prueba Limitada;;;;;+56 32 1")
    )

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert "Se importó 1 empresa (0 nuevas, 1 actualizada)." in response.content.decode()
    assert Company.objects.count() == 1
    company.refresh_from_db()
    assert company.legal_name == "Bodegas de Prueba Limitada"
    assert company.phone == "+56 32 1"


def test_the_uploaded_file_is_deleted_after_confirming(gestora_client, settings):
    token = preview_token(gestora_client, csv_file(HEADER, ";Temporal SpA"))
    assert len(pending_files(settings)) == 1

    gestora_client.post(CONFIRM, {"token": token})

    assert pending_files(settings) == []


def test_confirming_twice_imports_once(gestora_client):
    token = preview_token(gestora_client, csv_file(HEADER, ";Una Vez SpA"))
    gestora_client.post(CONFIRM, {"token": token})

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert "Esa importación ya no está disponible" in response.content.decode()
    assert Company.objects.count() == 1


def test_another_user_cannot_confirm_someone_elses_upload(client, gestora, settings):
    client.force_login(gestora)
    token = preview_token(client, csv_file(HEADER, ";Ajena SpA"))
    colleague = get_user_model().objects.create_user(username="gestora2", password="x")
    colleague.groups.add(Group.objects.get(name=roles.GESTORA))
    client.force_login(colleague)

    response = client.post(CONFIRM, {"token": token}, follow=True)

    assert response.redirect_chain == [(UPLOAD, 302)]
    assert "Esa importación ya no está disponible" in response.content.decode()
    assert Company.objects.count() == 0
    assert len(pending_files(settings)) == 1


def test_a_failure_while_importing_shows_a_message_and_saves_nothing(
    gestora_client, monkeypatch, settings
):
    token = preview_token(gestora_client, csv_file(HEADER, ";Primera SpA", ";Segunda SpA"))
    real_save = Company.save

    def save_failing_on_the_second_row(company, *args, **kwargs):
        if company.legal_name == "Segunda SpA":
            raise IntegrityError("simulated failure")
        return real_save(company, *args, **kwargs)

    monkeypatch.setattr(Company, "save", save_failing_on_the_second_row)

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert response.redirect_chain == [(UPLOAD, 302)]
    assert "No se importó ninguna empresa." in response.content.decode()
    assert Company.objects.count() == 0
    assert pending_files(settings) == []


def test_confirming_validates_the_file_again(gestora_client, park):
    token = preview_token(gestora_client, csv_file(HEADER, ";Con Parque SpA;;;Parque de Prueba"))
    park.name = "Parque Renombrado"
    park.save()

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert "La planilla ya no tiene filas válidas." in response.content.decode()
    assert Company.objects.count() == 0


# --- Template ------------------------------------------------------------------------------


def test_the_template_is_a_workbook_with_the_parsers_columns_and_instructions(gestora_client):
    response = gestora_client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="plantilla-empresas.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Empresas", "Instrucciones"]
    rows = list(workbook["Empresas"].iter_rows(values_only=True))
    assert list(rows[0]) == spreadsheet.HEADERS
    assert rows[1][:2] == ("76.086.428-5", "Transportes Ejemplo SpA")
    instructions = [
        cell for row in workbook["Instrucciones"].iter_rows(values_only=True) for cell in row
    ]
    assert all(label in instructions for label in Sector.labels)
    assert all(header in instructions for header in spreadsheet.HEADERS)


def test_the_templates_example_row_imports_as_it_is(gestora_client, gulmue):
    template = gestora_client.get(TEMPLATE).content
    token = preview_token(gestora_client, template, name="plantilla-empresas.xlsx")

    response = gestora_client.post(CONFIRM, {"token": token}, follow=True)

    assert "Se importó 1 empresa (1 nueva, 0 actualizadas)." in response.content.decode()
    imported = Company.objects.get()
    assert (imported.rut, imported.legal_name) == ("76086428-5", "Transportes Ejemplo SpA")
    assert (imported.park, imported.sector) == (gulmue, Sector.LOGISTICS)
    assert imported.workforce_size == 85


def test_a_filled_in_template_imports_its_rows(gestora_client, gulmue):
    workbook = load_workbook(io.BytesIO(gestora_client.get(TEMPLATE).content))
    sheet = workbook["Empresas"]
    sheet["A2"], sheet["B2"], sheet["D2"] = valid_rut(77123456), "Química Costera SpA", "Químicos"
    sheet.append(["", "Segunda Llenada SpA", "", "", "Parque Industrial Gulmué"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    token = preview_token(gestora_client, buffer.getvalue(), name="mis-empresas.xlsx")

    gestora_client.post(CONFIRM, {"token": token})

    quimica = Company.objects.get(rut="77123456-9")
    assert (quimica.legal_name, quimica.sector, quimica.park) == (
        "Química Costera SpA",
        Sector.CHEMICALS,
        gulmue,
    )
    assert Company.objects.get(legal_name="Segunda Llenada SpA").park == gulmue
