import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.mark.django_db
def test_it_logs_in_and_lands_on_home(client, gestora):
    response = client.post(
        reverse("login"), {"username": "gestora", "password": PASSWORD}, follow=True
    )

    assert response.resolver_match.url_name == "home"
    assert "Hola, Gestora" in response.content.decode()


@pytest.mark.django_db
def test_a_wrong_password_gets_a_spanish_message(client, gestora):
    response = client.post(reverse("login"), {"username": "gestora", "password": "otra"})

    assert response.status_code == 200
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_returns_to_the_page_asked_for(client, gestora):
    response = client.post(
        reverse("login") + "?next=/seccion/empresas/",
        {"username": "gestora", "password": PASSWORD, "next": "/seccion/empresas/"},
    )

    assert response["Location"] == "/seccion/empresas/"


@pytest.mark.django_db
def test_the_admin_login_forwards_to_the_single_login_page(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response["Location"] == "/ingresar/?next=/admin/"


@pytest.mark.django_db
def test_logout_is_a_post_and_ends_the_session(client, gestora):
    client.force_login(gestora)

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_change_rejects_a_short_password_in_spanish(client, gestora):
    client.force_login(gestora)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "corta", "new_password2": "corta"},
    )

    assert response.status_code == 200
    assert "demasiado corta" in response.content.decode()
    gestora.refresh_from_db()
    assert gestora.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_change_works(client, gestora):
    client.force_login(gestora)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Gulmue-Concon-77",
            "new_password2": "Gulmue-Concon-77",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    gestora.refresh_from_db()
    assert gestora.check_password("Gulmue-Concon-77")
