"""Two-factor sign-in: with OMIL_REQUIRE_2FA on, the Psicóloga, the Encargado and superusers
set up a phone app and give its code (or a one-use recovery code) before any page opens."""

import re
from binascii import unhexlify
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from omil_crm.accounts import two_factor
from tests.conftest import PASSWORD

PEOPLE = "/personas/"


@pytest.fixture
def required(settings):
    settings.OMIL_REQUIRE_2FA = True


def log_in(client, user):
    client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def current_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def give_phone(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Teléfono", confirmed=True)


def give_recovery_codes(user, *codes) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Recuperación", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def set_up_through_the_page(client) -> list[str]:
    page = client.get(reverse("accounts:two_factor_setup"))
    key = client.session[two_factor.SETUP_KEY_SESSION]
    code = f"{totp(unhexlify(key)):06d}"
    done = client.post(reverse("accounts:two_factor_setup"), {"code": code, "next": PEOPLE})
    assert done.status_code == 200, page
    return re.findall(r'<span class="border[^"]*">([a-z2-7]{8})</span>', done.content.decode())


@pytest.mark.parametrize("who", ["psicologa", "encargado", "superuser"])
def test_a_sensitive_role_without_a_phone_is_sent_to_set_it_up(client, office, required, who):
    log_in(client, office[who])

    response = client.get(PEOPLE)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_setup") + "?next=/personas/"
    assert client.get(reverse("companies:directory"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )


@pytest.mark.parametrize("who", ["psicologa", "encargado", "superuser"])
def test_setting_up_with_a_real_code_opens_the_pages(client, office, required, who):
    log_in(client, office[who])

    codes = set_up_through_the_page(client)

    assert len(codes) == 10
    assert TOTPDevice.objects.filter(user=office[who], confirmed=True).count() == 1
    assert client.get(PEOPLE).status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_the_setup_page_shows_the_qr_code_the_address_and_the_secret(client, office, required):
    log_in(client, office["psicologa"])

    html = client.get(reverse("accounts:two_factor_setup")).content.decode()

    key = client.session[two_factor.SETUP_KEY_SESSION]
    secret = two_factor.provisioning(office["psicologa"], key)["secret"]
    assert 'src="data:image/svg+xml;base64,' in html
    assert "otpauth://totp/OMIL%20CRM%3Apsicologa?secret=" in html
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert "Configure la verificación en dos pasos" in html
    assert not TOTPDevice.objects.exists()  # a GET writes nothing


def test_a_wrong_code_at_setup_is_refused_in_spanish(client, office, required):
    log_in(client, office["psicologa"])
    client.get(reverse("accounts:two_factor_setup"))

    response = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})

    assert "El código no coincide" in response.content.decode()
    assert not TOTPDevice.objects.exists()
    assert client.get(PEOPLE).status_code == 302


def test_with_a_phone_the_code_step_comes_before_any_page(client, office, required):
    psicologa = office["psicologa"]
    device = give_phone(psicologa)
    log_in(client, psicologa)

    blocked = client.get(PEOPLE)
    assert blocked["Location"] == reverse("accounts:two_factor_verify") + "?next=/personas/"
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 302

    response = client.post(
        reverse("accounts:two_factor_verify"), {"code": current_code(device), "next": PEOPLE}
    )

    assert response["Location"] == PEOPLE
    assert client.get(PEOPLE).status_code == 200


def test_the_admin_also_waits_for_the_code(client, office, required):
    give_phone(office["encargado"])
    log_in(client, office["encargado"])

    assert client.get("/admin/")["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_a_wrong_code_is_refused_in_spanish(client, office, required):
    psicologa = office["psicologa"]
    give_phone(psicologa)
    log_in(client, psicologa)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})

    assert response.status_code == 200
    assert "El código no es válido." in response.content.decode()
    assert client.get(PEOPLE).status_code == 302


def test_wrong_codes_in_a_row_make_the_next_try_wait(client, office, required):
    psicologa = office["psicologa"]
    device = give_phone(psicologa)
    log_in(client, psicologa)
    verify = reverse("accounts:two_factor_verify")

    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            client.post(verify, {"code": "111111"})
            clock.shift(timedelta(seconds=0.5))
        held = client.post(verify, {"code": current_code(device)})
        assert "Demasiados códigos incorrectos seguidos" in held.content.decode()
        assert "espere" in held.content.decode()
        assert client.get(PEOPLE).status_code == 302

        clock.shift(timedelta(seconds=5))
        passed = client.post(verify, {"code": current_code(device), "next": PEOPLE})

    assert passed["Location"] == PEOPLE


def test_the_code_typed_at_setup_cannot_be_replayed(client, office, required):
    psicologa = office["psicologa"]
    log_in(client, psicologa)
    with time_machine.travel(timezone.now(), tick=False):
        set_up_through_the_page(client)
        device = TOTPDevice.objects.get(user=psicologa)
        used = current_code(device)
        client.post(reverse("logout"))
        log_in(client, psicologa)

        response = client.post(reverse("accounts:two_factor_verify"), {"code": used})

    assert "El código no es válido." in response.content.decode()


def test_a_recovery_code_works_once(client, office, required):
    psicologa = office["psicologa"]
    give_phone(psicologa)
    give_recovery_codes(psicologa, "k7m2q4xz", "p3r5t6vw")
    log_in(client, psicologa)

    first = client.post(
        reverse("accounts:two_factor_verify"), {"code": "K7M2-Q4XZ", "next": PEOPLE}
    )
    assert first["Location"] == PEOPLE
    assert client.get(PEOPLE).status_code == 200

    client.post(reverse("logout"))
    log_in(client, psicologa)
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        again = client.post(reverse("accounts:two_factor_verify"), {"code": "k7m2q4xz"})

    assert "El código no es válido." in again.content.decode()
    assert client.get(PEOPLE).status_code == 302
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["p3r5t6vw"]


def test_recovery_codes_shown_at_setup_let_one_in(client, office, required):
    psicologa = office["psicologa"]
    log_in(client, psicologa)
    codes = set_up_through_the_page(client)
    client.post(reverse("logout"))
    log_in(client, psicologa)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[3]})

    assert response.status_code == 302
    assert client.get(PEOPLE).status_code == 200
    assert StaticToken.objects.filter(device__user=psicologa).count() == 9


def test_new_recovery_codes_replace_the_old_ones(client, office, required):
    encargado = office["encargado"]
    device = give_phone(encargado)
    give_recovery_codes(encargado, "aaaabbbb")
    log_in(client, encargado)
    client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})

    response = client.post(reverse("accounts:two_factor_new_codes"))

    html = response.content.decode()
    assert "Los códigos anteriores dejaron de servir" in html
    assert "aaaabbbb" not in html
    assert not StaticToken.objects.filter(token="aaaabbbb").exists()
    assert StaticToken.objects.filter(device__user=encargado).count() == 10


@pytest.mark.parametrize("who", ["gestora", "administrativa"])
def test_the_other_roles_are_never_asked(client, office, required, who):
    log_in(client, office[who])

    assert client.get(reverse("companies:directory")).status_code == 200
    assert client.get(reverse("accounts:two_factor_setup")).status_code == 403


def test_the_alcaldia_is_never_asked(client, office, required):
    log_in(client, office["alcaldia"])

    assert client.get(reverse("admin:companies_companyflag_changelist")).status_code == 200


@pytest.mark.parametrize("who", ["psicologa", "encargado", "superuser"])
def test_with_the_setting_off_nobody_is_asked(client, office, settings, who):
    settings.OMIL_REQUIRE_2FA = False
    give_phone(office[who])
    log_in(client, office[who])

    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("companies:directory")).status_code == 200


def test_a_superuser_resets_a_lost_phone_with_a_command(client, office, required):
    psicologa = office["psicologa"]
    give_phone(psicologa)
    give_recovery_codes(psicologa, "k7m2q4xz")
    out = StringIO()

    call_command("reset_two_factor", "psicologa", stdout=out)

    assert "Se quitaron 2 dispositivos" in out.getvalue()
    log_in(client, psicologa)
    assert client.get(PEOPLE)["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_the_setting_defaults_to_on_in_production_and_off_in_development():
    import subprocess
    import sys

    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.OMIL_REQUIRE_2FA)"
    )
    base = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "omil.example.cl"}
    outputs = {}
    for debug in ("0", "1"):
        env = {**base, "DJANGO_DEBUG": debug, "DJANGO_SETTINGS_MODULE": "omil_crm.settings"}
        result = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
        )
        outputs[debug] = result.stdout.strip().splitlines()[-1]
    assert outputs == {"0": "True", "1": "False"}


@pytest.mark.parametrize(
    ("who", "asked"),
    [
        ("gestora", False),
        ("administrativa", False),
        ("psicologa", True),
        ("encargado", True),
        ("alcaldia", False),
        ("superuser", True),
    ],
)
def test_exactly_the_roles_that_read_personal_data_need_a_second_factor(office, who, asked):
    assert two_factor.applies_to(office[who]) is asked
