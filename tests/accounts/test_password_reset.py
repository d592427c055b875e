"""A colleague's password is chosen by the colleague, through a link sent by mail: from the
«Equipo» page (a new account or «Enviar enlace para cambiar la clave») or from the login
page's «¿Olvidó su contraseña?», which answers the same whether the address exists or not."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from omil_crm.accounts import roles
from tests.accounts.conftest import client_of

User = get_user_model()
NEW_PASSWORD = "mi-clave-del-parque-2026"


def link_in(message) -> str:
    [link] = re.findall(r"https?://\S+", message.body)
    return link


def choose_password(link: str, password: str = NEW_PASSWORD) -> Client:
    """Open the link logged out, as the colleague would, and choose a password."""
    browser = Client()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = browser.get("/" + path, follow=True)
    assert form_page.status_code == 200
    assert "Elija su contraseña" in form_page.content.decode()
    done = browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
        follow=True,
    )
    assert "Contraseña guardada" in done.content.decode()
    return browser


def logs_in(username: str, password: str) -> bool:
    browser = Client()
    browser.post(reverse("login"), {"username": username, "password": password})
    return "_auth_user_id" in browser.session


def test_a_new_colleague_chooses_the_password_with_the_link(office, mailoutbox, settings):
    settings.SITE_URL = "https://omil.concon.cl"
    client_of(office["encargado"]).post(
        reverse("accounts:member_create"),
        {
            "username": "mtapia",
            "first_name": "Matías",
            "last_name": "Tapia",
            "email": "mtapia@municipalidad.cl",
            "role": roles.PSICOLOGA,
        },
    )

    [message] = mailoutbox
    assert message.to == ["mtapia@municipalidad.cl"]
    assert message.subject == "OMIL CRM: elija su contraseña"
    assert "Hola, Matías" in message.body
    assert "Su nombre de usuario es: mtapia" in message.body
    assert "Encargado le envió, desde la página Equipo" in message.body
    assert link_in(message).startswith("https://omil.concon.cl/clave/nueva/")

    choose_password(link_in(message))

    assert logs_in("mtapia", NEW_PASSWORD)


def test_the_link_sent_from_the_team_page_replaces_a_forgotten_password(office, mailoutbox):
    gestora = office["gestora"]
    client_of(office["encargado"]).post(reverse("accounts:member_send_reset", args=[gestora.pk]))

    [message] = mailoutbox
    assert message.to == ["gestora@example.cl"]
    choose_password(link_in(message))

    assert logs_in("gestora", NEW_PASSWORD)


def test_a_link_serves_once(office, mailoutbox):
    client_of(office["encargado"]).post(
        reverse("accounts:member_send_reset", args=[office["gestora"].pk])
    )
    link = link_in(mailoutbox[0])
    choose_password(link)

    again = Client().get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)

    assert "El enlace no sirve" in again.content.decode()


def test_the_link_page_rejects_a_weak_password_in_spanish(office, mailoutbox):
    client_of(office["encargado"]).post(
        reverse("accounts:member_send_reset", args=[office["gestora"].pk])
    )
    browser = Client()
    page = browser.get(
        "/" + link_in(mailoutbox[0]).split("://", 1)[1].split("/", 1)[1], follow=True
    )

    response = browser.post(
        page.redirect_chain[-1][0], {"new_password1": "12345", "new_password2": "12345"}
    )

    assert "La contraseña es demasiado corta" in response.content.decode()


def test_a_deactivated_account_gets_no_link(office, mailoutbox):
    gestora = office["gestora"]
    User.objects.filter(pk=gestora.pk).update(is_active=False)

    response = client_of(office["encargado"]).post(
        reverse("accounts:member_send_reset", args=[gestora.pk]), follow=True
    )

    assert "reactívela" in response.content.decode()
    assert mailoutbox == []


def test_the_login_page_offers_the_forgotten_password_form(client, db):
    html = client.get(reverse("login")).content.decode()

    assert "¿Olvidó su contraseña?" in html
    assert reverse("accounts:password_reset") in html


def test_forgotten_password_answers_the_same_whether_the_address_exists(client, office, mailoutbox):
    known = client.post(reverse("accounts:password_reset"), {"email": "GESTORA@example.cl"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nadie@example.cl"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    [message] = mailoutbox
    assert message.to == ["gestora@example.cl"]
    choose_password(link_in(message))
    assert logs_in("gestora", NEW_PASSWORD)


def test_the_reset_pages_open_without_a_session(client, db):
    for name in ("accounts:password_reset", "accounts:password_reset_done"):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("accounts:password_reset_complete")).status_code == 200


@pytest.mark.parametrize("address", ["", "no-es-un-correo"])
def test_the_forgotten_password_form_rejects_bad_input_in_spanish(client, db, address, mailoutbox):
    response = client.post(reverse("accounts:password_reset"), {"email": address})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Este campo es obligatorio" in html or "Introduzca una dirección de correo" in html
    assert mailoutbox == []


def test_asking_again_and_again_sends_one_link(client, office, mailoutbox):
    for _ in range(4):
        response = client.post(reverse("accounts:password_reset"), {"email": "gestora@example.cl"})
        assert response["Location"] == reverse("accounts:password_reset_done")

    assert len(mailoutbox) == 1
