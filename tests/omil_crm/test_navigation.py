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
    ],
    "administrativa": ["Empresas", "Seguimientos", "Bandeja", "Solicitudes"],
    "psicologa": ["Empresas", "Personas", "Vacantes", "Talleres", "SENCE"],
    "encargado": [
        "Empresas",
        "Solicitudes",
        "Personas",
        "Vacantes",
        "Talleres",
        "SENCE",
        "Reuniones",
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


@pytest.mark.django_db
def test_a_section_outside_the_role_is_forbidden(client, psicologa):
    client.force_login(psicologa)

    response = client.get(reverse("section", args=["bandeja"]))

    assert response.status_code == 403
    assert "Acceso denegado" in response.content.decode()


@pytest.mark.django_db
def test_a_section_of_the_role_opens(client, administrativa):
    client.force_login(administrativa)

    response = client.get(reverse("section", args=["bandeja"]))

    assert response.status_code == 200
    assert "Bandeja" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_section_is_not_found(client, encargado):
    client.force_login(encargado)

    assert client.get(reverse("section", args=["no-existe"])).status_code == 404
