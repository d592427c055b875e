"""Chilean RUT: validated with python-stdnum, stored as 12345678-5, shown as 12.345.678-5."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from stdnum.cl import rut as stdnum_rut
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError


def normalize_rut(value: str) -> str:
    """Return the canonical stored form, or raise ValidationError with a Spanish message."""
    try:
        compact = stdnum_rut.validate(value or "")
    except InvalidChecksum as exc:
        raise ValidationError(
            "El dígito verificador del RUT no corresponde.", code="rut_checksum"
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            "El RUT no es válido: escríbalo como 12.345.678-5.", code="rut_invalid"
        ) from exc
    return f"{compact[:-1]}-{compact[-1]}"


def format_rut(value: str | None) -> str:
    """12345678-5 → 12.345.678-5; anything unparseable is returned untouched."""
    if not value:
        return ""
    try:
        return stdnum_rut.format(value)
    except StdnumError:
        return value


def rut_search_key(text: str) -> str:
    """What to look for in stored RUTs when a user types one with or without dots and dash."""
    compact = stdnum_rut.compact(text or "")
    if stdnum_rut.is_valid(compact):
        return f"{compact[:-1]}-{compact[-1]}"
    # A partial number: look for it inside the stored numbers.
    return compact


def rut_fragments(text: str) -> list[str]:
    """What to look for inside stored RUTs (12345678-5) when a person types all or part of
    one, with or without dots and dash: the digits as typed, and the same with the last
    character taken as the check digit. Empty when the text is not (part of) a RUT."""
    compact = stdnum_rut.compact(text or "")
    if not re.fullmatch(r"\d{3,}K?", compact):
        return []
    fragments = [compact] if compact[-1] != "K" else []
    fragments.append(f"{compact[:-1]}-{compact[-1]}")
    return fragments


def validate_rut(value: str) -> None:
    normalize_rut(value)


class RutField(models.CharField):
    """A CharField that stores RUTs in canonical form and rejects wrong check digits."""

    default_validators = [validate_rut]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("verbose_name", "RUT")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 12:
            del kwargs["max_length"]
        if kwargs.get("verbose_name") == "RUT":
            del kwargs["verbose_name"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalize_rut(value)
        except ValidationError:
            # Leave it as typed; the validator reports the error next to the field.
            return value.strip()

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return None if self.null else value
        return self.to_python(value)
