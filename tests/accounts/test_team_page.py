"""The «Equipo» page: only the Encargado (and a superuser) manages accounts, each with exactly
one of the five roles, and nobody there can grant more or touch a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from omil_crm.accounts import roles
from tests.accounts.conftest import MANAGERS, client_of
from tests.conftest import PASSWORD

ROLES = ("gestora", "administrativa", "psicologa", "encargado", "alcaldia", "superuser")
User = get_user_model()

NEW_COLLEAGUE = {
    "username": "jperalta",
    "first_name": "Javiera",
    "last_name": "Peralta",
    "email": "jperalta@municipalidad.cl",
    "role": roles.GESTORA,
}


def role_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_team_page(office, role):
    response = client_of(office[role]).get(reverse("accounts:team_list"))

    assert response.status_code == (200 if role in MANAGERS else 403)
    if role in MANAGERS:
        html = response.content.decode()
        assert "Equipo" in html
        assert "Psicóloga Laboral" in html
        assert "Activa" in html


@pytest.mark.parametrize("role", ROLES)
def test_who_may_create_an_account(office, role, mailoutbox):
    response = client_of(office[role]).post(reverse("accounts:member_create"), NEW_COLLEAGUE)

    created = User.objects.filter(username="jperalta").first()
    if role in MANAGERS:
        assert response.status_code == 302
        assert role_names(created) == {roles.GESTORA}
        assert [message.to for message in mailoutbox] == [["jperalta@municipalidad.cl"]]
    else:
        assert response.status_code == 403
        assert created is None
        assert mailoutbox == []


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_role(office, role):
    gestora = office["gestora"]
    response = client_of(office[role]).post(
        reverse("accounts:member_edit", args=[gestora.pk]),
        {"first_name": "Camila", "last_name": "Rojas", "role": roles.ADMINISTRATIVA},
    )

    expected = {roles.ADMINISTRATIVA} if role in MANAGERS else {roles.GESTORA}
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert role_names(gestora) == expected


@pytest.mark.parametrize("role", ROLES)
def test_who_may_deactivate_and_reactivate(office, role):
    psicologa = make_colleague(1, roles.PSICOLOGA)
    client = client_of(office[role])

    response = client.post(reverse("accounts:member_deactivate", args=[psicologa.pk]))
    psicologa.refresh_from_db()
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert psicologa.is_active is (role not in MANAGERS)

    User.objects.filter(pk=psicologa.pk).update(is_active=False)
    response = client.post(reverse("accounts:member_reactivate", args=[psicologa.pk]))
    psicologa.refresh_from_db()
    assert response.status_code == (302 if role in MANAGERS else 403)
    assert psicologa.is_active is (role in MANAGERS)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_send_a_reset_link(office, role, mailoutbox):
    administrativa = office["administrativa"]
    response = client_of(office[role]).post(
        reverse("accounts:member_send_reset", args=[administrativa.pk])
    )

    assert response.status_code == (302 if role in MANAGERS else 403)
    assert len(mailoutbox) == (1 if role in MANAGERS else 0)


@pytest.mark.parametrize("role", ROLES)
def test_nobody_touches_a_superuser_from_the_team_page(office, role, mailoutbox):
    other = User.objects.create_superuser("informatica", "informatica@municipalidad.cl", "x" * 12)
    client = client_of(office[role])
    edit = reverse("accounts:member_edit", args=[other.pk])

    assert client.get(edit).status_code == 403
    answers = [
        client.post(edit, {"first_name": "X", "last_name": "Y", "role": roles.GESTORA}),
        client.post(reverse("accounts:member_deactivate", args=[other.pk])),
        client.post(reverse("accounts:member_send_reset", args=[other.pk])),
    ]

    assert [answer.status_code for answer in answers] == [403, 403, 403]
    other.refresh_from_db()
    assert other.is_active and other.is_superuser and other.first_name == ""
    assert not other.groups.exists()
    assert mailoutbox == []


def test_superusers_are_not_listed(office):
    html = client_of(office["encargado"]).get(reverse("accounts:team_list")).content.decode()

    assert 'data-username="gestora"' in html
    assert 'data-username="soporte"' not in html


@pytest.mark.parametrize("manager", sorted(MANAGERS))
def test_a_new_account_gets_one_role_and_nothing_more(office, manager, mailoutbox):
    admin_group = Group.objects.create(name="Administradores del sistema")
    permission = Permission.objects.get(codename="change_user")
    forged = {
        **NEW_COLLEAGUE,
        "role": roles.ALCALDIA,
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [admin_group.pk],
        "user_permissions": [permission.pk],
        "password": "elegida-por-el-encargado-2026",
    }

    client_of(office[manager]).post(reverse("accounts:member_create"), forged)

    created = User.objects.get(username="jperalta")
    assert not created.is_superuser
    assert created.is_staff  # the Alcaldía flags companies in the admin
    assert role_names(created) == {roles.ALCALDIA}
    assert not created.user_permissions.exists()
    assert not created.has_usable_password()
    assert not created.check_password("elegida-por-el-encargado-2026")


@pytest.mark.parametrize(
    ("role", "is_staff"),
    [
        (roles.GESTORA, False),
        (roles.ADMINISTRATIVA, False),
        (roles.PSICOLOGA, False),
        (roles.ENCARGADO, True),
        (roles.ALCALDIA, True),
    ],
)
def test_only_the_encargado_and_the_alcaldia_enter_the_admin(office, role, is_staff):
    client_of(office["encargado"]).post(
        reverse("accounts:member_create"), {**NEW_COLLEAGUE, "role": role}
    )

    assert User.objects.get(username="jperalta").is_staff is is_staff


def test_changing_a_role_grants_nothing_else(office):
    gestora = office["gestora"]
    kept = Group.objects.create(name="Comité paritario")
    gestora.groups.add(kept)
    permission = Permission.objects.get(codename="change_user")

    client_of(office["encargado"]).post(
        reverse("accounts:member_edit", args=[gestora.pk]),
        {
            "first_name": "Camila",
            "last_name": "Rojas Pérez",
            "role": roles.ENCARGADO,
            "is_superuser": "on",
            "user_permissions": [permission.pk],
            "email": "encargado-nuevo@otro.cl",
        },
    )

    gestora.refresh_from_db()
    assert role_names(gestora) == {roles.ENCARGADO, "Comité paritario"}
    assert gestora.last_name == "Rojas Pérez"
    assert gestora.is_staff and not gestora.is_superuser
    assert not gestora.user_permissions.exists()
    assert gestora.email == "gestora@example.cl"


def test_a_role_outside_the_five_is_refused_in_spanish(office):
    Group.objects.create(name="Superadministradores")
    gestora = office["gestora"]

    response = client_of(office["encargado"]).post(
        reverse("accounts:member_edit", args=[gestora.pk]),
        {"first_name": "Camila", "last_name": "Rojas", "role": "Superadministradores"},
    )

    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert role_names(gestora) == {roles.GESTORA}


def test_a_taken_username_or_email_is_refused_in_spanish(office):
    client = client_of(office["encargado"])

    response = client.post(
        reverse("accounts:member_create"),
        {**NEW_COLLEAGUE, "username": "GESTORA", "email": "gestora@example.cl"},
    )

    html = response.content.decode()
    assert "Ya existe una cuenta con ese nombre de usuario." in html
    assert "Ese correo ya es de otra cuenta." in html
    assert User.objects.filter(username__iexact="gestora").count() == 1


def test_the_encargado_cannot_deactivate_himself(office):
    encargado = office["encargado"]

    response = client_of(encargado).post(
        reverse("accounts:member_deactivate", args=[encargado.pk]), follow=True
    )

    assert "No puede desactivar su propia cuenta." in messages_of(response)
    encargado.refresh_from_db()
    assert encargado.is_active


def test_the_encargado_cannot_change_his_own_role(office):
    encargado = office["encargado"]

    response = client_of(encargado).post(
        reverse("accounts:member_edit", args=[encargado.pk]),
        {"first_name": "Rodrigo", "last_name": "Araya", "role": roles.GESTORA},
    )

    assert "No puede cambiar su propio rol." in response.content.decode()
    assert role_names(encargado) == {roles.ENCARGADO}


def test_the_last_active_encargado_stays(office):
    encargado = office["encargado"]
    client = client_of(office["superuser"])

    response = client.post(reverse("accounts:member_deactivate", args=[encargado.pk]), follow=True)
    assert "último Encargado OMIL activo" in messages_of(response)
    response = client.post(
        reverse("accounts:member_edit", args=[encargado.pk]),
        {"first_name": "Rodrigo", "last_name": "Araya", "role": roles.GESTORA},
    )
    assert "último Encargado OMIL activo" in response.content.decode()

    encargado.refresh_from_db()
    assert encargado.is_active
    assert role_names(encargado) == {roles.ENCARGADO}


def test_with_a_second_encargado_one_may_deactivate_the_other(office):
    second = User.objects.create_user("encargado2", email="encargado2@municipalidad.cl")
    second.groups.add(Group.objects.get(name=roles.ENCARGADO))

    client_of(office["encargado"]).post(reverse("accounts:member_deactivate", args=[second.pk]))

    second.refresh_from_db()
    assert not second.is_active


def test_a_deactivated_colleague_can_no_longer_log_in_until_reactivated(office, client):
    gestora = office["gestora"]
    manager = client_of(office["encargado"])
    manager.post(reverse("accounts:member_deactivate", args=[gestora.pk]))

    refused = client.post(reverse("login"), {"username": "gestora", "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session

    manager.post(reverse("accounts:member_reactivate", args=[gestora.pk]))
    client.post(reverse("login"), {"username": "gestora", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(gestora.pk)


def test_a_deactivated_colleagues_open_session_stops_working(office):
    gestora = office["gestora"]
    session = client_of(gestora)
    assert session.get(reverse("companies:directory")).status_code == 200

    client_of(office["encargado"]).post(reverse("accounts:member_deactivate", args=[gestora.pk]))

    assert session.get(reverse("companies:directory"))["Location"].startswith(reverse("login"))


def test_the_list_shows_role_and_state(office):
    User.objects.filter(pk=office["administrativa"].pk).update(is_active=False)

    html = client_of(office["encargado"]).get(reverse("accounts:team_list")).content.decode()

    row = html.split('data-username="administrativa"', 1)[1].split("</tr>", 1)[0]
    assert "Administrativa" in row
    assert "Desactivada" in row
    assert "Reactivar" in row
    row = html.split('data-username="psicologa"', 1)[1].split("</tr>", 1)[0]
    assert "Psicóloga Laboral" in row and "Activa" in row
    assert "Enviar enlace para cambiar la clave" in row


def test_the_team_page_runs_the_same_queries_for_many_accounts(
    office, django_assert_max_num_queries
):
    client = client_of(office["encargado"])
    client.get(reverse("accounts:team_list"))
    for index in range(30):
        make_colleague(index)

    with django_assert_max_num_queries(12):
        client.get(reverse("accounts:team_list"))


def make_colleague(index: int, role: str = roles.ADMINISTRATIVA):
    user = User.objects.create_user(f"apoyo{index}", email=f"apoyo{index}@municipalidad.cl")
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_menu_shows_equipo_to_the_encargado_only(office):
    assert "Equipo" in client_of(office["encargado"]).get("/").content.decode()
    assert "/equipo/" not in client_of(office["gestora"]).get("/").content.decode()


def test_the_demo_accounts_follow_the_same_admin_rule():
    from omil_crm.accounts.services import ADMIN_ROLES
    from omil_crm.demo.data import DEMO_ACCOUNTS

    for username, _first, _last, role, is_staff in DEMO_ACCOUNTS:
        assert is_staff is (role in ADMIN_ROLES), username
