"""Chilean RUT: validated here, stored as 12345678-5, shown as 12.345.678-5.

People type RUTs in many ways, and a form, the import and the admin must all read them alike:
a «RUT:» label, leading zeros (060.803.000-K), dots, spaces, zero-width characters pasted from
a web page, dashes of every width and K-like letters from other alphabets are normalised. What
cannot be read is refused with a message that says what is wrong.

The rule for a number typed without a dash: the last character is the check digit only when
that is the only way to read it, that is when it ends in K, when it has nine characters (an
eight-digit number plus its digit), or when its dots leave one character after the last group
of three (76.086.4285). Seven or eight bare digits (61704000) are refused: they may be a RUT
whose check digit was left out (61.704.000-K) just as well as a shorter one with its digit
(6.170.400-0), and guessing would store another company's or person's RUT.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from stdnum.cl import rut as stdnum_rut
from stdnum.exceptions import ValidationError as StdnumError

HOW_TO_WRITE = "escríbalo como 12.345.678-5"
# Invisible characters that web pages and word processors slip into copied text.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad"), None)
# Letters drawn like K in Cyrillic and Greek (the Kelvin sign and fullwidth K fold by NFKC),
# and dashes of every width.
LOOKALIKES = str.maketrans({**dict.fromkeys("КкΚκĸ", "K"), **dict.fromkeys("‐‑‒–—―−﹣", "-")})
LABEL = re.compile(
    r"^(?:r\.?\s*u\.?\s*t\.?|rol\s+[uú]nico\s+tributario)(?:\s*n\s*[°º.o]?)?\s*[:#.]?\s*",
    re.IGNORECASE,
)
MAX_BODY_DIGITS = 8


def _invalid(reason: str) -> ValidationError:
    return ValidationError(f"El RUT no es válido: {reason}.", code="rut_invalid")


def _readable(text: str) -> str:
    """The text with the noise people add around a RUT removed; still spelled as typed."""
    text = unicodedata.normalize("NFKC", text or "").translate(INVISIBLE).translate(LOOKALIKES)
    text = " ".join(text.split())
    return LABEL.sub("", text).strip().upper()


def _missing_check_digit(typed: str, digits: str) -> ValidationError:
    grouped = f"{int(digits):,}".replace(",", ".")
    message = (
        f"Falta el guion antes del dígito verificador: «{typed}» puede ser el RUT {grouped} "
        "sin su dígito verificador"
    )
    shorter = digits[:-1].lstrip("0")
    if len(digits) > 1 and shorter and stdnum_rut.calc_check_digit(shorter) == digits[-1]:
        message += f" o el RUT {stdnum_rut.format(digits)}"
    return ValidationError(
        f"{message}. Escríbalo completo, con guion y dígito verificador (12.345.678-5).",
        code="rut_check_digit_missing",
    )


def _split(value: str) -> tuple[str, str]:
    """(number, check digit) as typed, or a ValidationError saying what is wrong."""
    text = _readable(value)
    if not re.search(r"\d", text):
        raise _invalid(HOW_TO_WRITE)
    # A wrong check digit after the dash gets its own message below.
    number_part = text.rsplit("-", 1)[0] if "-" in text else text
    strangers = sorted(set(re.sub(r"[\dK.\- ]", "", number_part)))
    if strangers:
        shown = ", ".join(f"«{char}»" for char in strangers)
        raise _invalid(f"tiene caracteres que no van en un RUT ({shown}); {HOW_TO_WRITE}")
    if text.count("-") > 1:
        raise _invalid(f"tiene más de un guion; {HOW_TO_WRITE}")
    if "-" in text:
        number, check = (part.strip() for part in text.split("-"))
    elif re.fullmatch(r"[\d.]+ [\dK]", text):
        number, check = text.rsplit(" ", 1)
    else:
        compact = text.replace(" ", "").lstrip("0")
        if compact.endswith("K"):
            number, check = compact[:-1], "K"
        elif "." in compact:
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", compact):
                raise _missing_check_digit(text, compact.replace(".", ""))
            number, check = compact[:-1], compact[-1]
        elif len(compact) == MAX_BODY_DIGITS + 1:
            number, check = compact[:-1], compact[-1]
        elif compact.isdigit():
            raise _missing_check_digit(text, compact)
        else:
            raise _invalid(HOW_TO_WRITE)
    if not check:
        raise _invalid("falta el dígito verificador después del guion")
    if len(check) != 1 or check not in "0123456789K":
        raise _invalid(f"el dígito verificador es un número del 0 al 9 o la letra K, no «{check}»")
    number = number.replace(".", "").replace(" ", "")
    if "K" in number:
        raise _invalid("la K solo puede ir al final, como dígito verificador")
    if not number or not number.isdigit():
        raise _invalid(HOW_TO_WRITE)
    number = number.lstrip("0")
    if not number:
        raise _invalid("el número es cero")
    if len(number) > MAX_BODY_DIGITS:
        raise _invalid(
            f"tiene {len(number)} dígitos antes del dígito verificador y un RUT tiene a lo más "
            f"{MAX_BODY_DIGITS}"
        )
    return number, check


def normalize_rut(value: str) -> str:
    """Return the canonical stored form, or raise ValidationError with a Spanish message."""
    number, check = _split(value)
    if stdnum_rut.calc_check_digit(number) != check:
        raise ValidationError("El dígito verificador del RUT no corresponde.", code="rut_checksum")
    return f"{number}-{check}"


def join_rut(number: str, check: str) -> str:
    """A RUT kept in two columns, number and check digit, as one text to normalise."""
    number, check = (number or "").strip(), (check or "").strip()
    if not check or "-" in number:
        return number
    return f"{number}-{check}"


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
    try:
        return normalize_rut(text)
    except ValidationError:
        # A partial number: look for it inside the stored numbers.
        return stdnum_rut.compact(text or "")


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
