"""The cells of an imported row, read one by one: each cleaner turns what the office typed
(a sector's name, a park, a staff member by name or login, «1.200» or «300 aprox.» workers) into
the value stored, or records a Spanish message naming the valid values. The lookups behind them
are loaded once per file, so a row costs no query."""

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from companies.models import Company, Contact, IndustrialPark, Sector
from companies.rut import join_rut, normalize_rut
from companies.spreadsheet_columns import (
    HEADER_OF,
    fold,
)
from omil_crm.base.comunas import find_comuna

TEXT_FIELDS = ("legal_name", "trade_name", "address", "phone")
CONTACT_FIELDS = {
    "contact_name": "name",
    "contact_position": "position",
    "contact_email": "email",
    "contact_phone": "phone",
}
NOTE_MAX_CHARS = 2000

MAX_WORKFORCE = 1_000_000
APPROXIMATELY = re.compile(
    r"\b(?:aprox(?:imadamente)?|app|aprox|cerca de|unos|unas|trabajadores|personas|personal)\b\.?"
    r"|~|\bca\."
)
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}


@dataclass
class Lookups:
    """Everything a row is checked against, read once per file instead of once per row."""

    parks: dict[str, IndustrialPark]
    users: dict[str, object]
    staff_names: list[str]
    sectors: dict[str, str]
    companies: dict[str, Company]

    @classmethod
    def for_ruts(cls, ruts: set[str], *, lock: bool = False) -> "Lookups":
        companies = Company.objects.filter(rut__in=ruts)
        if lock:
            companies = companies.select_for_update()
        sectors = {fold(value): value for value, _ in Sector.choices}
        sectors.update({fold(label): value for value, label in Sector.choices})
        staff = list(get_user_model().objects.filter(is_active=True))
        users = {fold(user.get_full_name()): user for user in staff if user.get_full_name()}
        users.update({user.get_username().casefold(): user for user in staff})
        return cls(
            parks={fold(park.name): park for park in IndustrialPark.objects.all()},
            users=users,
            staff_names=sorted({user.get_full_name() for user in staff} - {""}, key=fold),
            sectors=sectors,
            companies={company.rut: company for company in companies},
        )


def some_of(names: list[str], limit: int = 20) -> str:
    """The valid values an error message lists, a long list cut with how many are left."""
    shown = ", ".join(names[:limit])
    return f"{shown} y {len(names) - limit} más" if len(names) > limit else shown


def clean_row(row, lookups: Lookups) -> None:
    """Fill row.data (and the contact and note) with the non-empty cells turned into model
    values, or row.errors."""
    values = dict(row.values)
    values.pop("rut_check", None)
    if typed_rut(row.values):
        values["rut"] = typed_rut(row.values)
    for key, text in values.items():
        if not text:
            continue
        if text in EXCEL_ERRORS:
            row.errors.append(f"{HEADER_OF[key]}: la celda tiene un error de Excel ({text}).")
            continue
        try:
            value = CLEANERS[key](text, lookups)
        except ValidationError as error:
            row.errors.extend(error.messages)
            continue
        if key in CONTACT_FIELDS:
            row.contact[CONTACT_FIELDS[key]] = value
        elif key == "notes":
            row.note = value
        else:
            row.data[key] = value
    if "legal_name" not in row.data:
        row.errors.insert(0, "Falta la razón social.")
    if row.contact and "name" not in row.contact:
        row.errors.append("Contacto: falta el nombre del contacto (columna «Contacto»).")


def clean_text(key: str, model=Company, model_field: str | None = None):
    limit = model._meta.get_field(model_field or key).max_length

    def cleaner(text: str, lookups: Lookups) -> str:
        if len(text) > limit:
            raise ValidationError(f"{HEADER_OF[key]}: supera los {limit} caracteres.")
        return text

    return cleaner


def clean_rut(text: str, lookups: Lookups) -> str:
    return normalize_rut(text)


def clean_sector(text: str, lookups: Lookups) -> str:
    try:
        return lookups.sectors[fold(text)]
    except KeyError:
        raise ValidationError(
            f"Rubro «{text}» no existe. Use uno de: {', '.join(Sector.labels)}."
        ) from None


def clean_park(text: str, lookups: Lookups) -> IndustrialPark:
    try:
        return lookups.parks[fold(text)]
    except KeyError:
        parks = sorted((park.name for park in lookups.parks.values()), key=fold)
        valid = f" Use uno de: {some_of(parks)}." if parks else " No hay parques registrados."
        raise ValidationError(f"Parque «{text}» no existe.{valid}") from None


def clean_comuna(text: str, lookups: Lookups) -> str:
    code = find_comuna(text)
    if code is None:
        raise ValidationError(
            f"Comuna «{text}» no existe: escriba el nombre de una comuna de Chile, por ejemplo "
            "Concón o Quintero."
        )
    return code


def clean_email(text: str, lookups: Lookups, *, label: str = "Correo") -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(f"{label} «{text}» no es una dirección válida.") from None
    return text.lower()


def clean_contact_email(text: str, lookups: Lookups) -> str:
    return clean_email(text, lookups, label="Correo del contacto")


def clean_workforce(text: str, lookups: Lookups) -> int:
    """Digits, or digits grouped with dots as Chileans write thousands (1.200), maybe with an
    «aprox.» or a «trabajadores» around: one number, so there is no doubt which."""
    compact = APPROXIMATELY.sub(" ", fold(text)).replace(" ", "")
    if re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", compact):
        number = int(compact.replace(".", ""))
        if number <= MAX_WORKFORCE:
            return number
    raise ValidationError(
        f"Dotación «{text}» no es válida: escriba un número entero de trabajadores, 0 o más."
    )


def clean_owner(text: str, lookups: Lookups):
    try:
        return lookups.users[fold(text)]
    except KeyError:
        valid = some_of(lookups.staff_names)
        raise ValidationError(
            f"Responsable «{text}» no es una persona del equipo con la cuenta activa."
            + (f" Escriba el nombre de una de: {valid}." if valid else "")
        ) from None


def clean_note(text: str, lookups: Lookups) -> str:
    if len(text) > NOTE_MAX_CHARS:
        raise ValidationError(f"Observaciones: supera los {NOTE_MAX_CHARS} caracteres.")
    return text


CLEANERS = {
    "rut": clean_rut,
    "sector": clean_sector,
    "park": clean_park,
    "comuna": clean_comuna,
    "email": clean_email,
    "workforce_size": clean_workforce,
    "owner": clean_owner,
    "notes": clean_note,
    "contact_name": clean_text("contact_name", Contact, "name"),
    "contact_position": clean_text("contact_position", Contact, "position"),
    "contact_email": clean_contact_email,
    "contact_phone": clean_text("contact_phone", Contact, "phone"),
    **{key: clean_text(key) for key in TEXT_FIELDS},
}


def typed_rut(values: dict[str, str]) -> str:
    """The RUT cell, joined with the check digit's when the sheet keeps it in its own column."""
    return join_rut(values.get("rut", ""), values.get("rut_check", ""))
