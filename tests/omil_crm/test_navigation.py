"""Each role sees in the navigation bar exactly the sections it may use."""

import re

import pytest
from django.urls import reverse

EXPECTED_MENU = {
    "gestora": [
        "Empresas",
        "Agenda",
        "Seguimientos",
        "Solicitudes",
        "Vacantes",
        "SENCE",
        "Reuniones",
        "Eventos",
    ],
    "administrativa": ["Empresas", "Seguimientos", "Bandeja", "Solicitudes", "Eventos"],
    "psicologa": [
        "Empresas",
        "Personas",
        "Vacantes",
        "Talleres",
        "Orientación",
        "SENCE",
        "Eventos",
    ],
    "encargado": [
        "Empresas",
        "Solicitudes",
        "Personas",
        "Vacantes",
        "Talleres",
        "Orientación",
        "SENCE",
        "Reuniones",
        "Eventos",
        "Panel",
        "Equipo",
        "Admin",
    ],
}


def menu_labels(html: str) -> list[str]:
    menu = html.split('data-testid="main-menu"', 1)[1].split("</ul>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(
            r'<a class="nav-link[^"]*" href="[^"]*">(.*?)</a>', menu, flags=re.S
        )
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(EXPECTED_MENU))
def test_each_role_sees_its_menu(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    html = client.get(reverse("home")).content.decode()

    assert menu_labels(html) == EXPECTED_MENU[persona]


def menu_links(html: str) -> list[str]:
    menu = html.split('data-testid="main-menu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="nav-link[^"]*" href="([^"]*)">', menu)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(EXPECTED_MENU))
def test_every_entry_of_the_menu_opens_its_own_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    links = menu_links(client.get(reverse("home")).content.decode())

    assert len(links) == len(EXPECTED_MENU[persona])
    for link in links:
        assert client.get(link).status_code == 200, link


@pytest.mark.django_db
def test_a_section_page_outside_the_role_is_forbidden(client, psicologa):
    client.force_login(psicologa)

    response = client.get(reverse("requests_routing:inbox"))

    assert response.status_code == 403
    assert "Acceso denegado" in response.content.decode()


@pytest.mark.django_db
def test_the_old_placeholder_pages_are_gone(client, encargado):
    client.force_login(encargado)

    assert client.get("/seccion/bandeja/").status_code == 404
