"""Registering a company by hand and correcting its data: who may, the RUT's rules, bad input
that changes nothing, and the change history that keeps who changed what."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies.company_services import company_update
from companies.models import Company, IndustrialPark, Sector
from omil_crm.accounts import roles

pytestmark = pytest.mark.django_db

CREATE = reverse("companies:company_create")


def edit_url(company) -> str:
    return reverse("companies:company_edit", args=[company.pk])


def company_data(**changes) -> dict:
    data = {
        "rut": "77.123.456-9",
        "legal_name": "Frigorífico Lote Nueve SpA",
        "trade_name": "Frío Nueve",
        "sector": Sector.FOOD,
        "park": "",
        "address": "Camino Concón-Quintero 1200, Lote 9",
        "phone": "+56 32 281 4400",
        "email": "Contacto@FrioNueve.cl",
        "website": "https://frionueve.cl",
        "workforce_size": "85",
        "visiting_weekdays": ["1", "3"],
        "visiting_from": "09:30",
        "visiting_until": "12:30",
        "visiting_notes": "Avisar en portería.",
        "status": Company.Status.TO_VISIT,
        "owner": "",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def data_of(company, **changes) -> dict:
    """What the edit form of `company` sends back unchanged, plus `changes`."""
    data = {
        "rut": company.rut_display,
        "legal_name": company.legal_name,
        "trade_name": company.trade_name,
        "sector": company.sector,
        "park": company.park_id or "",
        "address": company.address,
        "phone": company.phone,
        "email": company.email,
        "website": company.website,
        "workforce_size": company.workforce_size or "",
        "visiting_weekdays": list(company.visiting_weekdays),
        "visiting_from": f"{company.visiting_from:%H:%M}" if company.visiting_from else "",
        "visiting_until": f"{company.visiting_until:%H:%M}" if company.visiting_until else "",
        "visiting_notes": company.visiting_notes,
        "status": company.status,
        "owner": company.owner_id or "",
    }
    data.update(changes)
    return data


def field_error(response, text: str) -> bool:
    return text in html.unescape(response.content.decode())


def another_gestora(username: str = "gestora-vecina"):
    user = get_user_model().objects.create_user(
        username=username, first_name="Paula", last_name="Reyes"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


@pytest.fixture
def stranger_company(db):
    """A company neither owned by the test's Gestora nor in a park she is in charge of."""
    other_park = IndustrialPark.objects.create(name="Parque Los Maitenes", comuna="05107")
    return Company.objects.create(
        rut="76543210-3", legal_name="Áridos Maitenes Ltda.", park=other_park
    )


# Creating.


def test_the_gestora_registers_a_company_that_becomes_hers(client, gestora, park):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(park=park.pk, owner=gestora.pk))

    company = Company.objects.get(rut="77123456-9")
    assert response.status_code == 302
    assert response["Location"] == reverse("companies:detail", args=[company.pk])
    assert (company.legal_name, company.sector, company.park, company.owner) == (
        "Frigorífico Lote Nueve SpA",
        Sector.FOOD,
        park,
        gestora,
    )
    assert (company.phone, company.email, company.workforce_size) == (
        "+56 32 281 4400",
        "contacto@frionueve.cl",
        85,
    )
    assert company.visiting_hours_display == "martes y jueves, de 09:30 a 12:30"
    assert company.history.get().history_user == gestora


def test_a_company_in_a_park_stands_in_the_parks_comuna_unless_told(client, gestora, park):
    client.force_login(gestora)

    client.post(CREATE, company_data(park=park.pk, owner=gestora.pk))
    client.post(CREATE, company_data(rut="76.543.210-3", comuna="05109", legal_name="Otra SpA"))

    comunas = dict(Company.objects.values_list("legal_name", "comuna"))
    assert comunas == {"Frigorífico Lote Nueve SpA": "05103", "Otra SpA": "05109"}


def test_a_comuna_outside_the_official_list_is_refused(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(comuna="Gulmué"))

    assert "Gulmué no es una de las opciones disponibles" in response.content.decode()
    assert not Company.objects.exists()


def test_the_new_company_form_offers_the_gestora_as_owner(client, gestora):
    client.force_login(gestora)

    response = client.get(CREATE)

    assert response.context["form"].initial["owner"] == gestora.pk


def test_the_encargado_registers_a_company(client, encargado):
    client.force_login(encargado)

    client.post(CREATE, company_data())

    assert Company.objects.filter(rut="77123456-9", owner=None).exists()


def test_the_directory_offers_new_company_to_who_may_create(client, gestora, administrativa):
    client.force_login(gestora)
    assert "Nueva empresa" in client.get(reverse("companies:directory")).content.decode()

    client.force_login(administrativa)
    assert "Nueva empresa" not in client.get(reverse("companies:directory")).content.decode()


@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
def test_read_only_roles_cannot_register_a_company(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, company_data()).status_code == 403
    assert not Company.objects.exists()


def test_a_duplicate_rut_is_refused_naming_the_company_that_has_it(client, gestora, company):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(rut="76.086.428-5"))

    assert response.status_code == 200
    assert field_error(
        response, "Ya existe una empresa con el RUT 76.086.428-5: Bodegas de Prueba SpA."
    )
    assert Company.objects.count() == 1


def test_a_rut_with_a_wrong_check_digit_is_refused(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(rut="77.123.456-0"))

    assert field_error(response, "El dígito verificador del RUT no corresponde.")
    assert not Company.objects.exists()


def test_a_company_without_rut_or_name_is_refused_in_spanish(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(rut="", legal_name=""))

    assert field_error(response, "Indique el RUT de la empresa.")
    assert field_error(response, "Indique la razón social.")
    assert not Company.objects.exists()


def test_an_empty_form_shows_errors_and_saves_nothing(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, {})

    assert response.status_code == 200
    assert not Company.objects.exists()


def test_visiting_hours_that_end_before_they_start_are_refused(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(visiting_from="15:00", visiting_until="10:00"))

    assert field_error(response, "La hora de término debe ser posterior a la de inicio.")
    assert not Company.objects.exists()


def test_no_one_marks_a_company_flagged_by_hand(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, company_data(status=Company.Status.FLAGGED))

    assert response.status_code == 200
    assert "Señalada por Alcaldía" not in response.content.decode()
    assert not Company.objects.exists()


# Editing: who may.


def test_the_gestora_edits_a_company_of_her_portfolio(client, gestora, company):
    client.force_login(gestora)

    response = client.post(
        edit_url(company), data_of(company, phone="+56 32 281 0000", sector=Sector.STORAGE)
    )

    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.phone, company.sector) == ("+56 32 281 0000", Sector.STORAGE)


def test_the_gestora_edits_a_company_of_her_park_owned_by_a_colleague(client, gestora, park):
    colleague = another_gestora()
    company = Company.objects.create(
        rut="78234567-2", legal_name="Metalúrgica Gulmué SpA", park=park, owner=colleague
    )
    client.force_login(gestora)

    client.post(edit_url(company), data_of(company, address="Calle Los Aromos 45"))

    company.refresh_from_db()
    assert company.address == "Calle Los Aromos 45"


def test_the_gestora_cannot_edit_a_company_outside_her_portfolio_and_park(
    client, gestora, stranger_company
):
    client.force_login(gestora)

    assert client.get(edit_url(stranger_company)).status_code == 403
    response = client.post(edit_url(stranger_company), data_of(stranger_company, phone="123"))

    assert response.status_code == 403
    stranger_company.refresh_from_db()
    assert stranger_company.phone == ""


def test_the_encargado_edits_any_company(client, encargado, stranger_company):
    client.force_login(encargado)

    client.post(edit_url(stranger_company), data_of(stranger_company, status="inactive"))

    stranger_company.refresh_from_db()
    assert stranger_company.status == Company.Status.INACTIVE


@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
def test_read_only_roles_see_no_edit_button_and_cannot_edit(client, persona, request, company):
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()
    assert edit_url(company) not in page
    assert client.get(edit_url(company)).status_code == 403
    assert client.post(edit_url(company), data_of(company, phone="1")).status_code == 403


def test_the_company_page_offers_edit_to_who_may(client, gestora, company):
    client.force_login(gestora)

    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    assert edit_url(company) in page


# Editing: the RUT.


def test_the_gestora_cannot_change_a_stored_rut(client, gestora, company):
    client.force_login(gestora)

    form = client.get(edit_url(company)).context["form"]
    assert form.fields["rut"].disabled
    client.post(edit_url(company), data_of(company, rut="77.123.456-9", phone="222"))

    company.refresh_from_db()
    assert (company.rut, company.phone) == ("76086428-5", "222")


def test_the_service_refuses_a_rut_change_by_the_gestora(gestora, company):
    with pytest.raises(ValidationError) as refused:
        company_update(company=company, acting_user=gestora, rut="77.123.456-9")

    assert "solo lo corrige el Encargado OMIL" in refused.value.message_dict["rut"][0]
    company.refresh_from_db()
    assert company.rut == "76086428-5"


def test_the_encargado_corrects_a_rut(client, encargado, company):
    client.force_login(encargado)

    client.post(edit_url(company), data_of(company, rut="77.123.456-9"))

    company.refresh_from_db()
    assert company.rut == "77123456-9"


def test_the_encargado_cannot_correct_a_rut_into_another_companys(
    client, encargado, company, stranger_company
):
    client.force_login(encargado)

    response = client.post(edit_url(company), data_of(company, rut="76.543.210-3"))

    assert field_error(
        response, "Ya existe una empresa con el RUT 76.543.210-3: Áridos Maitenes Ltda."
    )
    company.refresh_from_db()
    assert company.rut == "76086428-5"


def test_the_gestora_fills_in_the_rut_of_a_company_flagged_without_one(client, gestora, park):
    flagged = Company.objects.create(
        legal_name="Envases del Pacífico", park=park, status=Company.Status.FLAGGED
    )
    client.force_login(gestora)

    assert not client.get(edit_url(flagged)).context["form"].fields["rut"].disabled
    client.post(edit_url(flagged), data_of(flagged, rut="96.511.460-2", sector=Sector.CHEMICALS))

    flagged.refresh_from_db()
    assert (flagged.rut, flagged.sector, flagged.status) == (
        "96511460-2",
        Sector.CHEMICALS,
        Company.Status.FLAGGED,
    )


# Editing: bad input and history.


def test_a_refused_edit_changes_nothing(client, gestora, company):
    client.force_login(gestora)

    response = client.post(
        edit_url(company),
        data_of(company, email="no-es-un-correo", phone="999", workforce_size="-3"),
    )

    assert response.status_code == 200
    assert field_error(response, "Introduzca una dirección de correo electrónico válida.")
    company.refresh_from_db()
    assert (company.email, company.phone) == ("", "")


def test_an_edit_is_in_the_change_history_with_who_and_what(client, gestora, encargado, company):
    client.force_login(gestora)
    client.post(edit_url(company), data_of(company, phone="+56 32 281 0000", sector=Sector.STORAGE))

    client.force_login(encargado)
    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    section = page.split('data-testid="change-history"', 1)[1].split("</section>", 1)[0]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())
    entry = text.split("Empresa · Modificado", 1)[1]
    assert "Gestora · Empresa · Modificado" in text
    assert "Teléfono: — → +56 32 281 0000" in entry
    assert "Rubro: Otro → Almacenaje y bodegaje" in entry
    assert company.history.latest().history_user == gestora


def test_a_new_company_is_offered_the_usual_weekdays(client, gestora):
    client.force_login(gestora)

    form = client.get(CREATE).context["form"]

    assert str(form["visiting_weekdays"]).count("checked") == 5


def test_a_company_keeps_an_owner_who_has_left_when_other_data_changes(
    client, encargado, company, gestora
):
    gestora.is_active = False
    gestora.save()
    client.force_login(encargado)

    client.post(edit_url(company), data_of(company, phone="+56 32 281 7777"))

    company.refresh_from_db()
    assert (company.phone, company.owner) == ("+56 32 281 7777", gestora)


def test_a_company_is_not_newly_given_to_an_account_that_has_left(gestora, encargado, company):
    leaver = another_gestora("gestora-que-se-fue")
    leaver.is_active = False
    leaver.save()

    with pytest.raises(ValidationError) as refused:
        company_update(company=company, acting_user=encargado, owner=leaver)

    assert refused.value.message_dict["owner"] == [
        "La persona responsable no tiene la cuenta activa."
    ]


def test_the_gestora_cannot_move_her_company_to_a_colleague(client, gestora, company):
    colleague = another_gestora("gestora-colega")
    client.force_login(gestora)

    client.post(edit_url(company), data_of(company, owner=colleague.pk, phone="+56 32 281 1111"))

    company.refresh_from_db()
    assert (company.phone, company.owner) == ("+56 32 281 1111", gestora)
    with pytest.raises(ValidationError) as refused:
        company_update(company=company, acting_user=gestora, owner=colleague)
    assert refused.value.message_dict["owner"] == [
        "La responsable de una empresa la cambia el Encargado OMIL (traspaso de cartera)."
    ]


def test_the_encargado_moves_a_company_to_another_gestora(client, encargado, company):
    colleague = another_gestora("gestora-colega")
    client.force_login(encargado)

    client.post(edit_url(company), data_of(company, owner=colleague.pk))

    company.refresh_from_db()
    assert company.owner == colleague
