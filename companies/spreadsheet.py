"""Import of companies from the spreadsheets OMILs already keep (CSV or XLSX).

Three steps, kept apart so the preview and the import apply exactly the same rules:
`load_rows` reads a file (companies/spreadsheet_reader.py, within bounded work), finds its
header and columns (companies/spreadsheet_columns.py), leaves out the rows that are not
companies and matches rows without RUT by name (companies/spreadsheet_matching.py), and
validates every row against the database (nothing is written); the user looks at the preview,
which says what each row will do; and `companies_import` writes every valid row in one
transaction. Every message a user can see is Spanish; the file is untrusted input, so a broken
file must end in a `SpreadsheetError` with a clear message, never in an unexpected exception.
The template users fill in is companies/spreadsheet_template.py; the rows with errors go back
to the user as a workbook built by companies/spreadsheet_errors.py.
"""

import logging
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from companies.models import Company, CompanyNote, Contact, IndustrialPark, Sector
from companies.rut import format_rut, join_rut, normalize_rut
from companies.services import contact_save
from companies.spreadsheet_columns import (
    COLUMNS,
    HEADER_OF,
    HEADERS,
    Header,
    find_header,
    fold,
)
from companies.spreadsheet_matching import NameIndex, name_key, skip_reason
from companies.spreadsheet_reader import (
    EMPTY_FILE,
    NOT_CSV,
    NOT_XLSX,
    SpreadsheetError,
    check_upload,
    extension_of,
    max_upload_bytes,
    read_sheet,
)
from omil_crm.base.comunas import find_comuna

# The reader's names the views and tests use through this module.
__all__ = [
    "COLUMNS",
    "HEADERS",
    "HEADER_OF",
    "EMPTY_FILE",
    "NOT_CSV",
    "NOT_XLSX",
    "SpreadsheetError",
    "check_upload",
    "extension_of",
    "max_upload_bytes",
    "load_rows",
    "companies_import",
]

logger = logging.getLogger(__name__)

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


class RowStatus:
    NEW = "new"
    UPDATE = "update"
    SKIP = "skip"
    ERROR = "error"
    LABELS = {NEW: "Nueva", UPDATE: "Actualiza", SKIP: "Se omite", ERROR: "Error"}


@dataclass
class ImportRow:
    """One data row of the file: its cells as typed, and either clean values or errors.

    `data` holds the company's fields; the contact and the observation go apart, since they
    are saved as a Contact and a note on the company's timeline."""

    number: int
    values: dict[str, str]
    cells: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    note: str = ""
    errors: list[str] = field(default_factory=list)
    skipped: str = ""
    existing: Company | None = None
    matched_by_name: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.skipped

    @property
    def status(self) -> str:
        if self.skipped:
            return RowStatus.SKIP
        if self.errors:
            return RowStatus.ERROR
        return RowStatus.UPDATE if self.existing is not None else RowStatus.NEW

    @property
    def status_label(self) -> str:
        return RowStatus.LABELS[self.status]


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    header: Header | None = None

    @property
    def warnings(self) -> list[str]:
        return self.header.warnings if self.header else []

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self) -> int:
        return self._count(RowStatus.NEW)

    @property
    def update_count(self) -> int:
        return self._count(RowStatus.UPDATE)

    @property
    def skip_count(self) -> int:
        return self._count(RowStatus.SKIP)

    @property
    def error_count(self) -> int:
        return self._count(RowStatus.ERROR)

    @property
    def valid_count(self) -> int:
        return self.new_count + self.update_count


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    contacts: int = 0
    notes: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated


# --- Reading --------------------------------------------------------------------------------


def load_rows(*, name: str, content: bytes) -> ImportPreview:
    """Check, parse and validate a file without writing anything: what the preview shows."""
    header, source_rows = read_spreadsheet(name=name, content=content)
    return ImportPreview(rows=validate_rows(source_rows), header=header)


def read_spreadsheet(*, name: str, content: bytes) -> tuple[Header, list[ImportRow]]:
    """The header and one ImportRow per non-blank row below it, numbered as in the sheet."""
    return rows_from_records(read_sheet(name=name, content=content).records)


def rows_from_records(records) -> tuple[Header, list[ImportRow]]:
    if not records:
        raise SpreadsheetError(EMPTY_FILE)
    header, data = find_header(records)
    if not data:
        raise SpreadsheetError("La planilla no tiene filas con datos bajo los encabezados.")
    rows = [
        ImportRow(
            number=number,
            cells=cells,
            values={
                key: cells[index] if index < len(cells) else ""
                for index, key in header.columns.items()
            },
        )
        for number, cells in data
    ]
    return header, rows


# --- Row validation ------------------------------------------------------------------------


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


def typed_rut(values: dict[str, str]) -> str:
    """The RUT cell, joined with the check digit's when the sheet keeps it in its own column."""
    return join_rut(values.get("rut", ""), values.get("rut_check", ""))


def rut_or_none(text: str) -> str | None:
    try:
        return normalize_rut(text) if text else None
    except ValidationError:
        return None


def validate_rows(rows: list[ImportRow]) -> list[ImportRow]:
    """Validate every row. Rows that are not companies (totals, notes, only a row number) are
    skipped; a row without RUT is the company registered under the same name; the second row
    with a RUT, a name or a company already seen in the file is an error."""
    ruts = {rut_or_none(typed_rut(row.values)) for row in rows} - {None}
    lookups = Lookups.for_ruts(ruts)
    names: NameIndex | None = None
    first_row_of: dict[str, int] = {}
    for row in rows:
        row.skipped = skip_reason(row.cells, has_company_data=any(row.values.values()))
        if row.skipped and not rut_or_none(typed_rut(row.values)):
            continue
        row.skipped = ""
        clean_row(row, lookups)
        rut = row.data.get("rut")
        if row.is_valid and lookups.companies.get(rut) is None:
            names = names or NameIndex.build()
            match_by_name(row, names)
        if rut:
            seen_as = f"el RUT {format_rut(rut)}"
            repeated = first_row_of.get(f"rut:{rut}")
            first_row_of.setdefault(f"rut:{rut}", row.number)
        elif "legal_name" in row.data:
            seen_as = f"«{row.data['legal_name']}»"
            repeated = first_row_of.get(f"name:{name_key(row.data['legal_name'])}")
            first_row_of.setdefault(f"name:{name_key(row.data['legal_name'])}", row.number)
        else:
            repeated = None
        existing = row.existing or lookups.companies.get(rut)
        if repeated is None and existing is not None:
            seen_as = f"la empresa «{existing.legal_name}»"
            repeated = first_row_of.get(f"pk:{existing.pk}")
            first_row_of.setdefault(f"pk:{existing.pk}", row.number)
        if repeated is not None and repeated != row.number:
            row.errors.append(f"Fila repetida: {seen_as} ya aparece en la fila {repeated}.")
    # The name index holds only what matching needs: the companies matched are read whole,
    # in one query, before the model checks them.
    matched = Company.objects.in_bulk([row.existing.pk for row in rows if row.matched_by_name])
    for row in rows:
        if row.matched_by_name:
            row.existing = matched.get(row.existing.pk)
            row.matched_by_name = row.existing is not None
        if row.is_valid:
            check_with_model(row, lookups)
    describe_extras([row for row in rows if row.is_valid])
    return rows


def match_by_name(row: ImportRow, names: NameIndex) -> None:
    """The registered company this row names, when it has no RUT (or its RUT is new and the
    company of that name has none yet); a row whose name only resembles one is held back."""
    legal_name = row.data["legal_name"]
    same = names.same(legal_name)
    if row.data.get("rut"):
        same = [company for company in same if not company.rut]
        if len(same) == 1:
            row.existing, row.matched_by_name = same[0], True
        return
    if len(same) == 1:
        row.existing, row.matched_by_name = same[0], True
    elif same:
        row.errors.append(
            f"Hay {len(same)} empresas registradas con el nombre «{legal_name}»: escriba el "
            "RUT para saber cuál actualizar."
        )
    elif (similar := names.similar(legal_name)) is not None:
        rut = f" (RUT {similar.rut_display})" if similar.rut else ""
        row.errors.append(
            f"Se parece a «{similar.legal_name}»{rut}, ya registrada: si es la misma empresa, "
            "escriba su RUT o su nombre tal como está registrado; si es otra, escriba el RUT "
            "de esta."
        )


def describe_extras(rows: list[ImportRow]) -> None:
    """Tell, for each company being updated, whether the row adds a contact or a note."""
    known = KnownExtras.of([row.existing.pk for row in rows if row.existing is not None])
    for row in rows:
        if row.existing is None:
            continue
        if row.contact and fold(row.contact["name"]) not in known.contacts.get(row.existing.pk, ()):
            row.changes.append(f"nuevo contacto {row.contact['name']}")
        if row.note and row.note not in known.notes.get(row.existing.pk, ()):
            row.changes.append("nota con las observaciones")


def clean_row(row: ImportRow, lookups: Lookups) -> None:
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


def check_with_model(row: ImportRow, lookups: Lookups) -> None:
    """Run the model's own validation on what would be saved, so the preview promises nothing
    the import would refuse. Uniqueness and foreign keys were settled by the lookups."""
    if row.existing is None:
        row.existing = lookups.companies.get(row.data.get("rut"))
    if row.existing is not None:
        row.changes = [HEADER_OF[key] for key in row.data if differs(row, key)]
    company = apply_row(row, row.existing or Company())
    try:
        company.full_clean(
            exclude=["park", "owner"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        row.errors.extend(model_messages(error))


def differs(row: ImportRow, key: str) -> bool:
    value = row.data[key]
    if key in ("park", "owner"):
        return getattr(row.existing, f"{key}_id") != value.pk
    return getattr(row.existing, key) != value


def apply_row(row: ImportRow, company: Company) -> Company:
    """Set only the cells that have a value: an empty cell never erases stored data. A new
    company in a park stands in the park's comuna unless the row names another."""
    for key, value in row.data.items():
        setattr(company, key, value)
    if company.pk is None and not company.comuna and company.park is not None:
        company.comuna = company.park.comuna
    return company


def model_messages(error: ValidationError) -> list[str]:
    messages = []
    for key, texts in error.message_dict.items():
        if key == NON_FIELD_ERRORS:
            messages.extend(texts)
            continue
        label = HEADER_OF.get(key) or str(Company._meta.get_field(key).verbose_name)
        messages.extend(f"{label[:1].upper()}{label[1:]}: {text}" for text in texts)
    return messages


# --- Writing -------------------------------------------------------------------------------


@transaction.atomic
def companies_import(*, rows: list[ImportRow], acting_user, file_name: str = "") -> ImportResult:
    """Create or update (matched by RUT, or by name for a row without one) the company of
    every valid row, all or nothing; a
    row's contact is added unless the company already has one of that name, and its
    observation becomes a note on the company's timeline unless it is already there.

    The matching is done again here, under a row lock, because the preview may be minutes
    old: a company created since then is updated rather than duplicated.
    """
    valid = [row for row in rows if row.is_valid]
    lookups = Lookups.for_ruts({row.data["rut"] for row in valid if "rut" in row.data}, lock=True)
    by_name = Company.objects.select_for_update().in_bulk(
        [row.existing.pk for row in valid if row.matched_by_name]
    )
    known = KnownExtras.of([*(c.pk for c in lookups.companies.values()), *by_name])
    result = ImportResult()
    source = f"planilla «{file_name}»" if file_name else "planilla importada"
    for row in valid:
        existing = lookups.companies.get(row.data.get("rut"))
        if existing is None and row.matched_by_name:
            existing = by_name.get(row.existing.pk)
        company = save_row(row, existing or Company(), acting_user)
        if existing is None:
            result.created += 1
        else:
            result.updated += 1
        if row.contact and fold(row.contact["name"]) not in known.contacts.get(company.pk, ()):
            contact_save(contact=Contact(**row.contact), company=company)
            known.contacts.setdefault(company.pk, set()).add(fold(row.contact["name"]))
            result.contacts += 1
        if row.note and row.note not in known.notes.get(company.pk, ()):
            CompanyNote.objects.create(
                company=company, text=row.note, source=source, created_by=acting_user
            )
            known.notes.setdefault(company.pk, set()).add(row.note)
            result.notes += 1
    logger.info(
        "%s imported %d companies (%d new, %d updated, %d contacts, %d notes)",
        acting_user,
        result.total,
        result.created,
        result.updated,
        result.contacts,
        result.notes,
    )
    return result


@dataclass
class KnownExtras:
    """The contacts' names and the notes the companies being updated already have, so that
    uploading the same sheet twice adds neither twice."""

    contacts: dict[int, set[str]]
    notes: dict[int, set[str]]

    @classmethod
    def of(cls, company_ids: list[int]) -> "KnownExtras":
        contacts: dict[int, set[str]] = {}
        for company_id, name in Contact.objects.filter(company__in=company_ids).values_list(
            "company_id", "name"
        ):
            contacts.setdefault(company_id, set()).add(fold(name))
        notes: dict[int, set[str]] = {}
        for company_id, text in CompanyNote.objects.filter(company__in=company_ids).values_list(
            "company_id", "text"
        ):
            notes.setdefault(company_id, set()).add(text)
        return cls(contacts=contacts, notes=notes)


def save_row(row: ImportRow, company: Company, acting_user) -> Company:
    """Validate with the model's rules and save one company.

    Park and responsable were just read inside this transaction, and the only check
    constraint is on visiting hours, which a spreadsheet never sets (`clean` checks the same
    rule anyway); skipping those per-row queries keeps 5,000 rows within a web request. The
    database constraints still hold and roll everything back if a concurrent change breaks them.
    """
    company = apply_row(row, company)
    try:
        company.full_clean(exclude=["park", "owner"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(
            f"Fila {row.number}: {' '.join(model_messages(error))}", code="import_row"
        ) from error
    company._history_user = acting_user
    company.save()
    return company
