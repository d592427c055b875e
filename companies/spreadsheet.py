"""Import of companies from the spreadsheets OMILs already keep (CSV or XLSX).

Three steps, kept apart so the preview and the import apply exactly the same rules:
`load_rows` reads a file (companies/spreadsheet_reader.py, within bounded work) and validates
its rows against our columns and the database (nothing is written), the user looks at the
preview, and `companies_import` writes every valid row in one transaction. Every message a
user can see is Spanish; the file is untrusted input, so a broken file must end in a
`SpreadsheetError` with a clear message, never in an unexpected exception.
The template users fill in is companies/spreadsheet_template.py.
"""

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from companies.models import Company, IndustrialPark, Sector
from companies.rut import format_rut, normalize_rut
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

# The reader's names the views and tests use through this module.
__all__ = [
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

# (model field, header the user sees). The order is the template's column order.
COLUMNS = (
    ("rut", "RUT"),
    ("legal_name", "Razón social"),
    ("trade_name", "Nombre de fantasía"),
    ("sector", "Rubro"),
    ("park", "Parque"),
    ("address", "Dirección"),
    ("phone", "Teléfono"),
    ("email", "Correo"),
    ("workforce_size", "Dotación"),
    ("owner", "Responsable"),
)
HEADERS = [header for _, header in COLUMNS]
HEADER_OF = dict(COLUMNS)
TEXT_FIELDS = ("legal_name", "trade_name", "address", "phone")

MAX_WORKFORCE = 1_000_000
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}


class RowStatus:
    NEW = "new"
    UPDATE = "update"
    ERROR = "error"
    LABELS = {NEW: "Nueva", UPDATE: "Actualiza empresa existente", ERROR: "Error"}


@dataclass
class ImportRow:
    """One data row of the file: its cells as typed, and either clean values or errors."""

    number: int
    values: dict[str, str]
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    existing: Company | None = None
    changes: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def status(self) -> str:
        if self.errors:
            return RowStatus.ERROR
        return RowStatus.UPDATE if self.existing is not None else RowStatus.NEW

    @property
    def status_label(self) -> str:
        return RowStatus.LABELS[self.status]


@dataclass
class ImportPreview:
    rows: list[ImportRow]

    def _count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def new_count(self) -> int:
        return self._count(RowStatus.NEW)

    @property
    def update_count(self) -> int:
        return self._count(RowStatus.UPDATE)

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

    @property
    def total(self) -> int:
        return self.created + self.updated


# --- Reading --------------------------------------------------------------------------------


def load_rows(*, name: str, content: bytes) -> ImportPreview:
    """Check, parse and validate a file without writing anything: what the preview shows."""
    return ImportPreview(rows=validate_rows(read_spreadsheet(name=name, content=content)))


def read_spreadsheet(*, name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {field: text}) for every non-blank data row, numbered as in the sheet."""
    return rows_from_records(read_sheet(name=name, content=content).records)


# --- Header and rows -----------------------------------------------------------------------


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, for headers, parks and sectors."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


FIELD_OF_HEADER = {fold(header): key for key, header in COLUMNS}


def map_header(cells: list[str]) -> dict[int, str]:
    """{column index: field}; a file whose first row is not our header is refused whole."""
    expected = ", ".join(HEADERS)
    named = {index: text for index, text in enumerate(cells) if text}
    fields = {index: FIELD_OF_HEADER.get(fold(text)) for index, text in named.items()}
    if not any(fields.values()):
        raise SpreadsheetError(
            f"La primera fila debe tener los encabezados de las columnas: {expected}. "
            "Descargue la plantilla para ver el formato."
        )
    unknown = [f"«{named[index]}»" for index, key in fields.items() if key is None]
    if unknown:
        raise SpreadsheetError(
            f"Columnas no reconocidas: {', '.join(unknown)}. Las columnas válidas son: {expected}."
        )
    keys = list(fields.values())
    for key in dict.fromkeys(keys):
        if keys.count(key) > 1:
            raise SpreadsheetError(f"La columna «{HEADER_OF[key]}» aparece más de una vez.")
    if "legal_name" not in keys:
        raise SpreadsheetError("Falta la columna «Razón social», que es obligatoria.")
    return fields


def rows_from_records(records) -> list[tuple[int, dict[str, str]]]:
    if not records:
        raise SpreadsheetError(EMPTY_FILE)
    (_, header), *data = records
    columns = map_header(header)
    if not data:
        raise SpreadsheetError("La planilla no tiene filas con datos bajo los encabezados.")
    return [
        (
            number,
            {key: cells[index] if index < len(cells) else "" for index, key in columns.items()},
        )
        for number, cells in data
    ]


# --- Row validation ------------------------------------------------------------------------


@dataclass
class Lookups:
    """Everything a row is checked against, read once per file instead of once per row."""

    parks: dict[str, IndustrialPark]
    users: dict[str, object]
    sectors: dict[str, str]
    companies: dict[str, Company]

    @classmethod
    def for_ruts(cls, ruts: set[str], *, lock: bool = False) -> "Lookups":
        companies = Company.objects.filter(rut__in=ruts)
        if lock:
            companies = companies.select_for_update()
        sectors = {fold(value): value for value, _ in Sector.choices}
        sectors.update({fold(label): value for value, label in Sector.choices})
        return cls(
            parks={fold(park.name): park for park in IndustrialPark.objects.all()},
            users={
                user.get_username().casefold(): user
                for user in get_user_model().objects.filter(is_active=True)
            },
            sectors=sectors,
            companies={company.rut: company for company in companies},
        )


def rut_or_none(text: str) -> str | None:
    try:
        return normalize_rut(text) if text else None
    except ValidationError:
        return None


def validate_rows(source_rows: list[tuple[int, dict[str, str]]]) -> list[ImportRow]:
    """Validate every row; the second row with a RUT already seen in the file is an error."""
    ruts = {rut_or_none(values.get("rut", "")) for _, values in source_rows} - {None}
    lookups = Lookups.for_ruts(ruts)
    first_row_of_rut: dict[str, int] = {}
    rows = []
    for number, values in source_rows:
        row = ImportRow(number=number, values=values)
        clean_row(row, lookups)
        rut = row.data.get("rut")
        if rut and rut in first_row_of_rut:
            row.errors.append(
                f"Fila repetida: el RUT {format_rut(rut)} ya aparece en la fila "
                f"{first_row_of_rut[rut]}."
            )
        elif rut:
            first_row_of_rut[rut] = number
        if row.is_valid:
            check_with_model(row, lookups)
        rows.append(row)
    return rows


def clean_row(row: ImportRow, lookups: Lookups) -> None:
    """Fill row.data with the non-empty cells turned into model values, or row.errors."""
    for key, text in row.values.items():
        if not text:
            continue
        if text in EXCEL_ERRORS:
            row.errors.append(f"{HEADER_OF[key]}: la celda tiene un error de Excel ({text}).")
            continue
        try:
            row.data[key] = CLEANERS[key](text, lookups)
        except ValidationError as error:
            row.errors.extend(error.messages)
    if "legal_name" not in row.data:
        row.errors.insert(0, "Falta la razón social.")


def clean_text(key: str):
    limit = Company._meta.get_field(key).max_length

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
        raise ValidationError(f"Parque «{text}» no existe.") from None


def clean_email(text: str, lookups: Lookups) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(f"Correo «{text}» no es una dirección válida.") from None
    return text


def clean_workforce(text: str, lookups: Lookups) -> int:
    """Digits, or digits grouped with dots as Chileans write thousands (1.200)."""
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d+|\d{1,3}(\.\d{3})+", compact):
        number = int(compact.replace(".", ""))
        if number <= MAX_WORKFORCE:
            return number
    raise ValidationError(
        f"Dotación «{text}» no es válida: escriba un número entero de trabajadores, 0 o más."
    )


def clean_owner(text: str, lookups: Lookups):
    try:
        return lookups.users[text.casefold()]
    except KeyError:
        raise ValidationError(
            f"Responsable «{text}» no es el usuario de una cuenta activa."
        ) from None


CLEANERS = {
    "rut": clean_rut,
    "sector": clean_sector,
    "park": clean_park,
    "email": clean_email,
    "workforce_size": clean_workforce,
    "owner": clean_owner,
    **{key: clean_text(key) for key in TEXT_FIELDS},
}


def check_with_model(row: ImportRow, lookups: Lookups) -> None:
    """Run the model's own validation on what would be saved, so the preview promises nothing
    the import would refuse. Uniqueness and foreign keys were settled by the lookups."""
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
    """Set only the cells that have a value: an empty cell never erases stored data."""
    for key, value in row.data.items():
        setattr(company, key, value)
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
def companies_import(*, rows: list[ImportRow], acting_user) -> ImportResult:
    """Create or update (matched by RUT) the company of every valid row, all or nothing.

    The matching is done again here, under a row lock, because the preview may be minutes
    old: a company created since then is updated rather than duplicated.
    """
    valid = [row for row in rows if row.is_valid]
    lookups = Lookups.for_ruts({row.data["rut"] for row in valid if "rut" in row.data}, lock=True)
    result = ImportResult()
    for row in valid:
        existing = lookups.companies.get(row.data.get("rut"))
        save_row(row, existing or Company())
        if existing is None:
            result.created += 1
        else:
            result.updated += 1
    logger.info(
        "%s imported %d companies (%d new, %d updated)",
        acting_user,
        result.total,
        result.created,
        result.updated,
    )
    return result


def save_row(row: ImportRow, company: Company) -> Company:
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
    company.save()
    return company
