"""Editing a park: its name and place, the Gestora in charge and its representative, chosen
among the park's own contacts."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies.company_services import park_update
from companies.models import Company, Contact, IndustrialPark
from omil_crm.accounts import roles

pytestmark = pytest.mark.django_db


def edit_url(park) -> str:
    return reverse("companies:park_edit", args=[park.pk])


def park_data(park, **changes) -> dict:
    data = {
        "name": park.name,
        "comuna": park.comuna,
        "address": park.address,
        "gestora": park.gestora_id or "",
        "representative": park.representative_id or "",
    }
    data.update(changes)
    return data


def shown(response) -> str:
    return html.unescape(response.content.decode())


def another_gestora(username: str = "gestora-vecina"):
    user = get_user_model().objects.create_user(
        username=username, first_name="Paula", last_name="Reyes"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


@pytest.fixture
def neighbour_contact(db):
    """A contact of a company in another park."""
    other_park = IndustrialPark.objects.create(name="Parque Los Maitenes", comuna="05107")
    company = Company.objects.create(
        rut="76543210-3", legal_name="Áridos Maitenes Ltda.", park=other_park
    )
    return Contact.objects.create(company=company, name="Jorge Vidal", position="Gerente")


def test_the_parks_gestora_renames_it_and_chooses_its_representative(
    client, gestora, park, contact
):
    client.force_login(gestora)

    response = client.post(
        edit_url(park),
        park_data(
            park,
            name="Parque Industrial Gulmué",
            address="Camino Concón-Quintero km 3",
            representative=contact.pk,
        ),
    )

    assert response.status_code == 302
    park.refresh_from_db()
    assert (park.name, park.address, park.representative) == (
        "Parque Industrial Gulmué",
        "Camino Concón-Quintero km 3",
        contact,
    )


def test_the_representative_is_offered_only_among_the_parks_contacts(
    client, gestora, park, contact, neighbour_contact
):
    Contact.objects.create(company=contact.company, name="Rosa Díaz", is_active=False)
    client.force_login(gestora)

    choices = client.get(edit_url(park)).context["form"].fields["representative"].queryset

    assert list(choices) == [contact]


def test_a_contact_of_another_park_is_refused_as_representative(
    client, gestora, park, neighbour_contact
):
    client.force_login(gestora)

    response = client.post(edit_url(park), park_data(park, representative=neighbour_contact.pk))

    assert response.status_code == 200
    assert "Escoja una opción válida" in shown(response)
    park.refresh_from_db()
    assert park.representative is None


def test_the_service_refuses_a_representative_from_another_park(encargado, park, neighbour_contact):
    with pytest.raises(ValidationError) as refused:
        park_update(
            park=park,
            acting_user=encargado,
            name=park.name,
            comuna=park.comuna,
            gestora=park.gestora,
            representative=neighbour_contact,
        )

    assert refused.value.message_dict["representative"] == [
        "El representante debe trabajar en una empresa del parque."
    ]


def test_choosing_a_new_representative_replaces_the_former_one(client, encargado, park, contact):
    park.representative = contact
    park.save()
    successor = Contact.objects.create(company=contact.company, name="Marta Soto")
    client.force_login(encargado)

    client.post(edit_url(park), park_data(park, representative=successor.pk))

    park.refresh_from_db()
    assert park.representative == successor
    assert list(IndustrialPark.objects.filter(representative__isnull=False)) == [park]


def test_the_encargado_hands_the_park_to_another_gestora(client, encargado, park):
    successor = another_gestora()
    client.force_login(encargado)

    client.post(edit_url(park), park_data(park, gestora=successor.pk))

    park.refresh_from_db()
    assert park.gestora == successor


def test_the_gestora_cannot_hand_her_park_to_someone_else(client, gestora, park):
    successor = another_gestora()
    client.force_login(gestora)

    assert client.get(edit_url(park)).context["form"].fields["gestora"].disabled
    client.post(edit_url(park), park_data(park, gestora=successor.pk, comuna="05107"))

    park.refresh_from_db()
    assert (park.gestora, park.comuna) == (gestora, "05107")


def test_the_service_refuses_a_gestora_change_by_the_gestora(gestora, park):
    with pytest.raises(ValidationError) as refused:
        park_update(
            park=park, acting_user=gestora, name=park.name, comuna=park.comuna, gestora=None
        )

    assert "lo decide el Encargado OMIL" in refused.value.message_dict["gestora"][0]


def test_a_gestora_cannot_edit_a_park_not_in_her_charge(client, park):
    colleague = another_gestora()
    client.force_login(colleague)

    assert client.get(edit_url(park)).status_code == 403
    assert client.post(edit_url(park), park_data(park, name="Otro nombre")).status_code == 403
    park.refresh_from_db()
    assert park.name == "Parque de Prueba"


@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
def test_read_only_roles_cannot_edit_a_park(client, persona, request, park):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(edit_url(park)).status_code == 403
    assert client.post(edit_url(park), park_data(park, name="Otro nombre")).status_code == 403


def test_a_name_another_park_has_is_refused(client, encargado, park):
    IndustrialPark.objects.create(name="Parque Los Maitenes", comuna="05107")
    client.force_login(encargado)

    response = client.post(edit_url(park), park_data(park, name="parque los maitenes"))

    assert "Ya existe un parque llamado «parque los maitenes»." in shown(response)
    park.refresh_from_db()
    assert park.name == "Parque de Prueba"


def test_a_park_without_name_or_comuna_is_refused_and_unchanged(client, encargado, park):
    client.force_login(encargado)

    response = client.post(edit_url(park), park_data(park, name="", comuna=""))

    assert response.status_code == 200
    assert "Este campo es obligatorio." in shown(response)
    park.refresh_from_db()
    assert (park.name, park.comuna) == ("Parque de Prueba", "05103")


def test_the_edit_page_links_to_the_meeting_rule(client, gestora, park):
    client.force_login(gestora)

    page = shown(client.get(edit_url(park)))

    assert "Segundo miércoles de cada mes, 09:00" in page
    assert reverse("meetings:park_rule_edit", args=[park.pk]) in page


def test_the_company_page_links_to_the_park_edit_for_its_gestora_only(
    client, gestora, administrativa, company, park
):
    company_page = reverse("companies:detail", args=[company.pk])
    client.force_login(gestora)
    assert edit_url(park) in client.get(company_page).content.decode()

    client.force_login(administrativa)
    assert edit_url(park) not in client.get(company_page).content.decode()


def test_the_encargado_sees_who_changed_the_park(client, gestora, encargado, park, contact):
    client.force_login(gestora)
    client.post(edit_url(park), park_data(park, representative=contact.pk))

    client.force_login(encargado)
    page = shown(client.get(edit_url(park)))

    section = page.split('data-testid="change-history"', 1)[1].split("</section>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Gestora · Parque · Modificado" in text
    assert "Representante del parque: — → Ana Pérez (Bodegas de Prueba SpA)" in text
    assert park.history.latest().history_user == gestora


def test_the_gestora_does_not_see_the_parks_change_history(client, gestora, park):
    client.force_login(gestora)

    assert 'data-testid="change-history"' not in shown(client.get(edit_url(park)))
