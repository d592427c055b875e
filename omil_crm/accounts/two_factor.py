"""Two-factor sign-in for the roles that read sensitive data, with django-otp.

After the password, a Psicóloga Laboral, an Encargado OMIL or a superuser types the 6-digit
code of a phone app (TOTP, RFC 6238) or one of ten recovery codes, each usable once. With
OMIL_REQUIRE_2FA on, TwoFactorMiddleware sends such a user without an app to set one up,
and a user with one to the code step, before any other page.

Wrong codes are throttled by django-otp on each device (the wait doubles after each failure);
a lost phone is reset by a superuser: `manage.py reset_two_factor USUARIO` or the admin.
"""

import base64
import io
import re
import time
from binascii import unhexlify

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

# Who reads the personal data of job seekers (today the Psicóloga Laboral and the Encargado
# OMIL, see roles.py) signs in with a second factor, as does every superuser.
SENSITIVE_PERMISSION = "vacancies.view_jobseeker"
RECOVERY_CODE_COUNT = 10
SETUP_KEY_SESSION = "omil_2fa_setup_key"
TOTP_NAME = "Aplicación del teléfono"
RECOVERY_NAME = "Códigos de recuperación"
WRONG_CODE = (
    "El código no es válido. Escriba el código que su aplicación muestra ahora (revise que la "
    "hora del teléfono esté bien) o uno de sus códigos de recuperación."
)


def is_required() -> bool:
    return bool(getattr(settings, "OMIL_REQUIRE_2FA", False))


def applies_to(user) -> bool:
    """Whether the user's role reads sensitive data and so signs in with a second factor.

    Asked through the permission (cached on the user for the request, as the navigation
    reads it anyway), so no page pays an extra query for it."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.has_perm(SENSITIVE_PERMISSION)


def phone_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user) -> bool:
    """True once this session has passed the code step (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


# Setting up ---------------------------------------------------------------------------------


def new_setup_key() -> str:
    """A fresh secret (hex, 20 bytes), kept in the session until a code proves the phone has
    it; nothing is written to the database before that."""
    return random_hex(20)


def _secret_base32(key_hex: str) -> str:
    return base64.b32encode(unhexlify(key_hex)).decode("ascii").rstrip("=")


def provisioning(user, key_hex: str) -> dict:
    """What the set-up page shows: the otpauth:// address, its QR code and the secret."""
    device = TOTPDevice(user=user, key=key_hex, name=TOTP_NAME)
    uri = device.config_url
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = base64.b64encode(buffer.getvalue()).decode("ascii")
    secret = _secret_base32(key_hex)
    return {
        "uri": uri,
        "qr_data_uri": f"data:image/svg+xml;base64,{svg}",
        "secret": secret,
        "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }


def _clean_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def confirm_setup(*, user, key_hex: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Create the user's phone device once `code` proves the app has the secret, with a new
    set of recovery codes; replaces any device the user had. Returns (device, codes)."""
    code = _clean_code(code)
    if not re.fullmatch(r"\d{6}", code):
        raise ValidationError({"code": "Escriba los 6 dígitos que muestra la aplicación."})
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)
    totp.time = time.time()
    if not totp.verify(int(code), tolerance=1):
        raise ValidationError(
            {
                "code": "El código no coincide. Revise que escaneó este código QR y que la "
                "hora del teléfono esté bien, y escriba el código que se muestra ahora."
            }
        )
    remove_devices(user)
    device = TOTPDevice.objects.create(
        user=user,
        name=TOTP_NAME,
        key=key_hex,
        confirmed=True,
        # The code just typed cannot be used again for the login step.
        last_t=totp.t(),
        last_used_at=timezone.now(),
    )
    return device, new_recovery_codes(user)


@transaction.atomic
def new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with new ones; shown once, each usable once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_devices(user) -> int:
    """Forget the user's phone and recovery codes (a lost phone); returns how many devices."""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    return removed


# The code step after the password -------------------------------------------------------------


def _throttled_message(device) -> str | None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return None
    wait = 1
    if details and details.get("locked_until"):
        wait = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
    return (
        "Demasiados códigos incorrectos seguidos. Por seguridad, espere "
        f"{wait} segundo{'s' if wait != 1 else ''} antes de intentar de nuevo."
    )


def verify_code(*, user, code: str):
    """The device that accepts `code` for the user, or ValidationError in Spanish.

    Six digits are checked against the phone app, anything else against the recovery codes,
    so a typo never counts against both; each device throttles its own failures.
    """
    code = _clean_code(code)
    if not code:
        raise ValidationError({"code": "Escriba el código."})
    if code.isdigit():
        device = phone_device(user)
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError({"code": WRONG_CODE})
    throttled = _throttled_message(device)
    if throttled:
        raise ValidationError({"code": throttled})
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        raise ValidationError({"code": WRONG_CODE})
    return verified
