"""Company import, saving: all valid rows or none, updates that keep what the file leaves
empty, a confirmation that imports once, only for the person who uploaded and after checking
the file again, and the downloadable template, which imports as it is."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.urls import reverse
from openpyxl import load_workbook

from companies import spreadsheet
from companies.models import Company, Sector
from omil_crm.accounts import roles
from tests.companies.importing import (
    CONFIRM,
    HEADER,
    TEMPLATE,
    UPLOAD,
    csv_file,
    pending_files,
    preview_of,
    upload,
    valid_rut,
)

pytestmark = pytest.mark.usefixtures("private_folders")


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
