"""Staff manage who enters the portal: the contact form's checkbox, each contact's portal
state on the company page, sending a link, the sessions page and closing sessions."""

import html

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company, Contact, IndustrialPark
from omil_crm.accounts import roles
from omil_crm.portal.models import PortalLinkToken, PortalSession

pytestmark = pytest.mark.django_db

PHONE_BROWSER = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile"


def text_of(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    def sent(contact, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("portal_access:send_link", args=[contact.pk]), data)

    return sent


def test_the_contact_form_sets_whether_the_contact_may_enter(client, gestora, contact):
    client.force_login(gestora)
    url = reverse("companies:contact_edit", args=[contact.pk])
    assert "Puede entrar al portal" in text_of(client.get(url))

    client.post(url, {"name": "Ana Pérez", "email": "ana@bodegas.cl", "is_active": "on"})

    contact.refresh_from_db()
    assert not contact.portal_enabled


def test_the_company_page_shows_each_contacts_portal_state(client, gestora, contact, company):
    Contact.objects.create(company=company, name="Luis Rojas")
    Contact.objects.create(
        company=company, name="Marta Díaz", email="mdiaz@bodegas.cl", portal_enabled=False
    )
    client.force_login(gestora)

    page = text_of(client.get(reverse("companies:detail", args=[company.pk])))

    assert "Portal: puede entrar" in page
    assert "Portal: sin correo" in page
    assert "Portal: sin acceso" in page
    assert page.count("Enviar enlace al portal") == 1
    assert reverse("portal_access:company", args=[company.pk]) in page


def test_the_company_page_offers_no_portal_buttons_to_the_administrativa(
    client, administrativa, contact, company
):
    client.force_login(administrativa)

    page = text_of(client.get(reverse("companies:detail", args=[company.pk])))

    assert "Portal: puede entrar" in page
    assert "Enviar enlace al portal" not in page
    assert reverse("portal_access:company", args=[company.pk]) not in page


def test_the_gestora_sends_a_link_from_the_company_page(client, gestora, contact, send):
    client.force_login(gestora)

    response = send(contact, volver="empresa")

    assert response["Location"] == reverse("companies:detail", args=[contact.company_id])
    [message] = mail.outbox
    assert message.to == ["ana@bodegas.cl"]
    assert "La OMIL le envía un enlace" in message.body
    assert PortalLinkToken.objects.get().requested_by == gestora
    page = text_of(client.get(response["Location"]))
    assert "Se envió a ana@bodegas.cl un enlace al portal que vale 15 minutos." in page


def test_sending_links_to_one_contact_is_limited(client, encargado, contact, send):
    client.force_login(encargado)

    for _ in range(4):
        response = send(contact)

    assert len(mail.outbox) == 3
    assert response["Location"] == reverse("portal_access:company", args=[contact.company_id])
    assert "Ya se enviaron varios enlaces a Ana Pérez hace poco" in text_of(
        client.get(response["Location"])
    )


def test_no_link_goes_to_a_contact_without_access(client, gestora, contact, send):
    Contact.objects.filter(pk=contact.pk).update(portal_enabled=False)
    client.force_login(gestora)

    response = send(contact)

    assert mail.outbox == []
    assert "Ana Pérez no puede entrar al portal" in text_of(client.get(response["Location"]))


def test_the_sessions_page_shows_each_open_session(client, gestora, contact, portal_client):
    portal_client(contact)
    PortalSession.objects.update(user_agent=PHONE_BROWSER)
    client.force_login(gestora)

    page = text_of(client.get(reverse("portal_access:company", args=[contact.company_id])))

    assert "1 sesión abierta" in page
    assert "Chrome en Android" in page
    assert "último ingreso: nunca" not in page
    assert "Cerrar sesiones del portal" in page


def test_the_sessions_page_costs_the_same_queries_for_more_contacts(
    client, gestora, contact, company, portal_client
):
    client.force_login(gestora)
    url = reverse("portal_access:company", args=[company.pk])
    portal_client(contact)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(4):
        name, email = f"Contacto {number}", f"contacto{number}@bodegas.cl"
        portal_client(Contact.objects.create(company=company, name=name, email=email))
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_closing_sessions_signs_the_contact_out(client, encargado, contact, portal_client):
    visitor = portal_client(contact)
    client.force_login(encargado)

    response = client.post(reverse("portal_access:revoke_sessions", args=[contact.pk]))

    assert "Se cerró la sesión del portal de Ana Pérez." in text_of(
        client.get(response["Location"])
    )
    assert PortalSession.objects.get().revoked_by == encargado
    assert visitor.get(reverse("portal:home"))["Location"] == reverse("portal:enter")


def test_closing_sessions_of_a_contact_without_any_says_so(client, gestora, contact):
    client.force_login(gestora)

    response = client.post(reverse("portal_access:revoke_sessions", args=[contact.pk]))

    assert "Ana Pérez no tenía sesiones abiertas en el portal." in text_of(
        client.get(response["Location"])
    )


@pytest.mark.parametrize(
    "checked", [{"is_active": "on"}, {"portal_enabled": "on"}], ids=["sin acceso", "no vigente"]
)
def test_turning_access_off_in_the_contact_form_ends_open_sessions(
    client, gestora, contact, portal_client, checked
):
    portal_client(contact)
    client.force_login(gestora)
    data = {"name": "Ana Pérez", "email": "ana@bodegas.cl"} | checked

    client.post(reverse("companies:contact_edit", args=[contact.pk]), data)

    assert PortalSession.objects.get().revoked_at is not None


def test_saving_a_contact_who_keeps_access_leaves_sessions_open(
    client, gestora, contact, portal_client
):
    portal_client(contact)
    client.force_login(gestora)
    data = {"name": "Ana Pérez Soto", "email": "ana@bodegas.cl"}

    client.post(
        reverse("companies:contact_edit", args=[contact.pk]),
        data | {"is_active": "on", "portal_enabled": "on"},
    )

    assert PortalSession.objects.get().revoked_at is None


def test_a_gestora_manages_no_company_outside_her_portfolio(client, db):
    neighbour = get_user_model().objects.create_user(username="gestora-vecina")
    neighbour.groups.add(Group.objects.get(name=roles.GESTORA))
    other_park = IndustrialPark.objects.create(name="Parque Los Maitenes", comuna="05107")
    company = Company.objects.create(
        rut="76543210-3", legal_name="Áridos Maitenes Ltda.", park=other_park
    )
    stranger = Contact.objects.create(company=company, name="Pedro Soto", email="ps@aridos.cl")
    client.force_login(neighbour)

    assert client.get(reverse("portal_access:company", args=[company.pk])).status_code == 403
    send = client.post(reverse("portal_access:send_link", args=[stranger.pk]))
    revoke = client.post(reverse("portal_access:revoke_sessions", args=[stranger.pk]))
    assert (send.status_code, revoke.status_code) == (403, 403)
    assert mail.outbox == []
