"""The admin's user and group pages, and django-otp's device pages, open to superusers only:
an Encargado OMIL can no longer make anyone a superuser nor take over a superuser's account."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from omil_crm.accounts import roles
from tests.accounts.conftest import PERSONAS, client_of
from tests.conftest import PASSWORD

User = get_user_model()


def user_pages(user) -> list[str]:
    return [
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[user.pk]),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        reverse("admin:auth_user_history", args=[user.pk]),
        reverse("admin:auth_user_delete", args=[user.pk]),
    ]


def group_pages() -> list[str]:
    group = Group.objects.get(name=roles.ENCARGADO)
    return [
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_group_add"),
        reverse("admin:auth_group_change", args=[group.pk]),
    ]


@pytest.mark.parametrize("role", PERSONAS)
def test_no_office_role_opens_the_user_and_group_pages(office, role):
    client = client_of(office[role])

    for path in user_pages(office["gestora"]) + user_pages(office["superuser"]) + group_pages():
        assert client.get(path).status_code in {302, 403}, path


def test_a_superuser_opens_them(office):
    client = client_of(office["superuser"])

    for path in user_pages(office["gestora"]) + group_pages():
        assert client.get(path).status_code == 200, path


def test_the_encargado_cannot_make_anyone_a_superuser(office):
    gestora = office["gestora"]
    response = client_of(office["encargado"]).post(
        reverse("admin:auth_user_change", args=[gestora.pk]),
        {
            "username": "gestora",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [Group.objects.get(name=roles.ENCARGADO).pk],
            "user_permissions": [Permission.objects.get(codename="delete_company").pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "09:00:00",
        },
    )

    assert response.status_code == 403
    gestora.refresh_from_db()
    assert not gestora.is_superuser and not gestora.is_staff
    assert not gestora.user_permissions.exists()
    assert set(gestora.groups.values_list("name", flat=True)) == {roles.GESTORA}


def test_the_encargado_cannot_set_a_superusers_password_and_log_in_as_it(office, client):
    superuser = office["superuser"]

    response = client_of(office["encargado"]).post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "tomada-por-otro-2026", "password2": "tomada-por-otro-2026"},
    )

    assert response.status_code == 403
    client.post(reverse("login"), {"username": "soporte", "password": "tomada-por-otro-2026"})
    assert "_auth_user_id" not in client.session
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_the_encargado_cannot_add_an_account_in_the_admin(office):
    response = client_of(office["encargado"]).post(
        reverse("admin:auth_user_add"),
        {
            "username": "intruso",
            "password1": "clave-intrusa-2026",
            "password2": "clave-intrusa-2026",
        },
    )

    assert response.status_code == 403
    assert not User.objects.filter(username="intruso").exists()


def test_even_given_the_permissions_by_hand_the_pages_stay_closed(office):
    encargado = office["encargado"]
    encargado.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__endswith="_user")
    )
    superuser = office["superuser"]

    client = client_of(User.objects.get(pk=encargado.pk))
    response = client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "tomada-por-otro-2026", "password2": "tomada-por-otro-2026"},
    )

    assert response.status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_the_admin_index_lists_no_users_for_the_encargado(office):
    html = client_of(office["encargado"]).get(reverse("admin:index")).content.decode()

    assert reverse("admin:auth_user_changelist") not in html
    assert reverse("admin:auth_group_changelist") not in html


def test_the_two_factor_devices_are_superusers_only(office):
    device = TOTPDevice.objects.create(user=office["psicologa"], name="Teléfono", confirmed=True)
    pages = [
        reverse("admin:otp_totp_totpdevice_changelist"),
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]),
        reverse("admin:otp_static_staticdevice_changelist"),
    ]

    for path in pages:
        assert client_of(office["encargado"]).get(path).status_code == 403, path
        assert client_of(office["superuser"]).get(path).status_code == 200, path

    response = client_of(office["encargado"]).post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    client_of(office["superuser"]).post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
