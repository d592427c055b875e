"""A mayor's-office account uses the admin's flag page and nothing else."""

import pytest
from django.urls import reverse

from tests.urlwalk import discover_urls

STAFF_PAGES = [
    url
    for url in discover_urls()
    if not url.name.startswith("admin")
    and url.name
    not in {"login", "logout", "password_change", "password_change_done", "health", "home"}
]


@pytest.mark.django_db
def test_home_sends_the_alcaldia_to_its_flags(client, alcaldia):
    client.force_login(alcaldia)

    response = client.get(reverse("home"))

    assert response["Location"] == reverse("admin:companies_companyflag_changelist")


@pytest.mark.django_db
@pytest.mark.parametrize("url", STAFF_PAGES, ids=lambda url: url.name)
def test_every_staff_page_is_forbidden_to_the_alcaldia(client, alcaldia, url):
    client.force_login(alcaldia)

    assert client.get(url.path).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "admin_page",
    [
        "admin:companies_company_changelist",
        "admin:companies_followup_changelist",
        "admin:auth_user_changelist",
        "admin:vacancies_evaluation_changelist",
    ],
)
def test_other_admin_pages_are_forbidden_to_the_alcaldia(client, alcaldia, admin_page):
    client.force_login(alcaldia)

    assert client.get(reverse(admin_page)).status_code == 403


@pytest.mark.django_db
def test_the_admin_index_offers_the_alcaldia_only_its_flags(client, alcaldia):
    client.force_login(alcaldia)

    html = client.get(reverse("admin:index")).content.decode()

    assert "Avisos de empresas nuevas" in html
    assert "Empresas</a>" not in html
    assert "Usuarios" not in html
