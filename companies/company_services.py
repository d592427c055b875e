"""Creating and editing companies and parks by hand, from the staff's pages.

Each function takes the person acting, applies the rules a record must keep (a valid RUT that
no other company holds, a RUT fixed once stored, a representative who works in the park) and
saves in one transaction, so the change history records who changed what.
"""

from datetime import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from companies.access import can_change_owner, can_change_park_gestora, can_change_rut
from companies.geocoding import wants_geocoding
from companies.models import Company, Contact, IndustrialPark, Sector
from companies.rut import format_rut, normalize_rut
from companies.tasks import geocode_company
from omil_crm.base.comunas import find_comuna

# What a person may set on a company; the rest (last contact, dates) the system keeps.
COMPANY_FIELDS = (
    "rut",
    "legal_name",
    "trade_name",
    "sector",
    "park",
    "address",
    "comuna",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "workforce_size",
    "visiting_weekdays",
    "visiting_from",
    "visiting_until",
    "visiting_notes",
    "status",
    "owner",
)
TEXT_FIELDS = ("trade_name", "address", "phone", "website", "visiting_notes")

# A park's coordinates stay as they are when the caller does not name them.
KEEP = object()

RUT_REQUIRED = "Indique el RUT de la empresa."
RUT_FIXED = (
    "El RUT de una empresa ya registrada solo lo corrige el Encargado OMIL; "
    "pídaselo si está mal escrito."
)
OWNER_FIXED = "La responsable de una empresa la cambia el Encargado OMIL (traspaso de cartera)."
FLAGGED_BY_HAND = (
    "Una empresa queda «Señalada por Alcaldía» solo por un aviso de la Alcaldía; elija otro estado."
)


@transaction.atomic
def company_create(
    *,
    acting_user,
    rut: str,
    legal_name: str,
    trade_name: str = "",
    sector: str = Sector.OTHER,
    park: IndustrialPark | None = None,
    address: str = "",
    comuna: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    phone: str = "",
    email: str = "",
    website: str = "",
    workforce_size: int | None = None,
    visiting_weekdays: str = "01234",
    visiting_from: time | None = None,
    visiting_until: time | None = None,
    visiting_notes: str = "",
    status: str = Company.Status.TO_VISIT,
    owner=None,
) -> Company:
    """Register a company by hand. The RUT is required (it is how requests, vacancies and
    imports find the company) and must belong to no other company."""
    company = Company()
    _assign(
        company,
        rut=rut,
        legal_name=legal_name,
        trade_name=trade_name,
        sector=sector,
        park=park,
        address=address,
        # A company in a park stands in the park's comuna unless told otherwise.
        comuna=comuna or (park.comuna if park else ""),
        latitude=latitude,
        longitude=longitude,
        phone=phone,
        email=email,
        website=website,
        workforce_size=workforce_size,
        visiting_weekdays=visiting_weekdays,
        visiting_from=visiting_from,
        visiting_until=visiting_until,
        visiting_notes=visiting_notes,
        status=status,
        owner=owner,
    )
    errors = {}
    if status == Company.Status.FLAGGED:
        errors["status"] = FLAGGED_BY_HAND
    _check_company(company, errors)
    return _save(company, acting_user)


@transaction.atomic
def company_update(*, company: Company, acting_user, **changes) -> Company:
    """Change any of COMPANY_FIELDS. A stored RUT stays as it is unless the person may
    correct it (companies.access.can_change_rut); the change history keeps the old values."""
    unknown = set(changes) - set(COMPANY_FIELDS)
    if unknown:
        raise TypeError(f"company_update() does not set {', '.join(sorted(unknown))}")
    stored = Company.objects.select_for_update().get(pk=company.pk)
    before_rut, before_status = stored.rut, stored.status
    before_owner_id = stored.owner_id
    _assign(stored, **changes)
    errors = {}
    if stored.rut != before_rut and not can_change_rut(acting_user, before_rut):
        errors["rut"] = RUT_FIXED
    if stored.owner_id != before_owner_id and not can_change_owner(acting_user):
        errors["owner"] = OWNER_FIXED
    if stored.status == Company.Status.FLAGGED and before_status != Company.Status.FLAGGED:
        errors["status"] = FLAGGED_BY_HAND
    _check_company(stored, errors, previous_owner_id=before_owner_id)
    return _save(stored, acting_user)


def _assign(company: Company, **values) -> None:
    for name, value in values.items():
        if name == "rut":
            value = _stored_rut(value)
        elif name == "legal_name":
            value = " ".join((value or "").split())
        elif name == "email":
            value = (value or "").strip().lower()
        elif name == "comuna":
            value = find_comuna(value) or (value or "").strip()
        elif name == "visiting_weekdays":
            value = "".join(sorted(set(value or "")))
        elif name in TEXT_FIELDS:
            value = (value or "").strip()
        setattr(company, name, value)


def _stored_rut(typed: str | None) -> str | None:
    typed = (typed or "").strip()
    if not typed:
        return None
    try:
        return normalize_rut(typed)
    except ValidationError:
        return typed  # _check_company reports it next to the field


def _check_company(company: Company, errors: dict, *, previous_owner_id=None) -> None:
    """The rules a company's record must keep, reported next to the field they concern."""
    if "rut" not in errors:
        if not company.rut:
            errors["rut"] = RUT_REQUIRED
        else:
            try:
                normalize_rut(company.rut)
            except ValidationError as error:
                errors["rut"] = error.messages
            else:
                twin = Company.objects.filter(rut=company.rut).exclude(pk=company.pk).first()
                if twin is not None:
                    errors["rut"] = _rut_taken(company.rut, twin)
    # A company may keep an owner who has left (the handover page moves her portfolio), but
    # none is newly given to an account that can no longer sign in.
    if (
        company.owner is not None
        and company.owner_id != previous_owner_id
        and not company.owner.is_active
    ):
        errors["owner"] = "La persona responsable no tiene la cuenta activa."
    if errors:
        raise ValidationError(errors)
    company.full_clean()


def _rut_taken(rut: str, twin: Company) -> str:
    return f"Ya existe una empresa con el RUT {format_rut(rut)}: {twin}."


def _save(company: Company, acting_user) -> Company:
    # Who changed what, also when no request carries the user (a command, a task).
    company._history_user = acting_user
    try:
        with transaction.atomic():
            company.save()
    except IntegrityError as error:
        # Another person saved the same RUT between the check and this save.
        twin = Company.objects.filter(rut=company.rut).exclude(pk=company.pk).first()
        if twin is None:
            raise
        raise ValidationError({"rut": _rut_taken(company.rut, twin)}) from error
    if wants_geocoding(company):
        company_id = company.pk
        transaction.on_commit(lambda: geocode_company.delay(company_id))
    return company


@transaction.atomic
def park_update(
    *,
    park: IndustrialPark,
    acting_user,
    name: str,
    comuna: str,
    address: str = "",
    latitude: Decimal | None | object = KEEP,
    longitude: Decimal | None | object = KEEP,
    gestora=None,
    representative: Contact | None = None,
) -> IndustrialPark:
    """Change a park's name, place, Gestora and representative. The representative is one
    contact of one of the park's companies (a foreign key: never two); who is in charge only
    the Encargado changes. The meeting rule has its own page, which also moves the meetings
    already scheduled (meetings.services.park_meeting_rule_update)."""
    stored = IndustrialPark.objects.select_for_update().get(pk=park.pk)
    errors = {}
    stored.name = " ".join((name or "").split())
    stored.comuna = find_comuna(comuna) or (comuna or "").strip()
    stored.address = (address or "").strip()
    if latitude is not KEEP:
        stored.latitude = latitude
    if longitude is not KEEP:
        stored.longitude = longitude
    if gestora != stored.gestora:
        if not can_change_park_gestora(acting_user):
            errors["gestora"] = "Quién está a cargo del parque lo decide el Encargado OMIL."
        elif gestora is not None and not gestora.is_active:
            errors["gestora"] = "La persona elegida no tiene la cuenta activa."
        stored.gestora = gestora
    if representative != stored.representative and representative is not None:
        if representative.company.park_id != stored.pk:
            errors["representative"] = "El representante debe trabajar en una empresa del parque."
        elif not representative.is_active:
            errors["representative"] = "Esa persona ya no es un contacto vigente de su empresa."
    stored.representative = representative
    if stored.name and "name" not in errors:
        twin = IndustrialPark.objects.filter(name__iexact=stored.name).exclude(pk=stored.pk)
        if twin.exists():
            errors["name"] = f"Ya existe un parque llamado «{stored.name}»."
    if errors:
        raise ValidationError(errors)
    stored.full_clean()
    stored._history_user = acting_user
    # Only these fields: the meeting rule may be changing on its own page at the same time.
    stored.save(
        update_fields=["name", "comuna", "address", "latitude", "longitude", "gestora"]
        + ["representative"]
    )
    return stored
