"""Import of companies from the spreadsheets OMILs already keep (CSV or XLSX).

Three steps, kept apart so the preview and the import apply exactly the same rules:
`load_rows` checks and parses a file into validated rows (nothing is written), the user looks at
the preview, and `companies_import` writes every valid row in one transaction. Every message a
user can see is Spanish; the file is untrusted input, so a broken file must end in a
`SpreadsheetError` with a clear message, never in an unexpected exception.
"""

import csv
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from companies.models import Company, IndustrialPark, Sector
from companies.rut import format_rut, normalize_rut

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

ALLOWED_EXTENSIONS = ("csv", "xlsx")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 64
# A real sheet of 5,000 rows inflates to a few MB; far more means a zip bomb, not a sheet.
MAX_XLSX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_WORKFORCE = 1_000_000
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}

NOT_XLSX = (
    "El archivo no es un Excel .xlsx válido: puede estar dañado o tener otra extensión. "
    "Ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»."
)
NOT_CSV = (
    "El archivo .csv no contiene texto legible. Guárdelo desde Excel como "
    "«CSV UTF-8 (delimitado por comas)» o «CSV (delimitado por punto y coma)»."
)
EMPTY_FILE = "El archivo está vacío."


class SpreadsheetError(Exception):
    """The whole file cannot be used; the message is Spanish and is shown to the user."""


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


# --- The file as a whole -------------------------------------------------------------------


def max_upload_bytes() -> int:
    return getattr(settings, "OMIL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def megabytes(size: int) -> str:
    """5242880 → '5 MB', 2621440 → '2,5 MB': how a Chilean user reads a file size."""
    text = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} MB"


def thousands(number: int) -> str:
    """5000 → '5.000', as numbers are written in Chile."""
    return f"{number:,}".replace(",", ".")


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def check_upload(*, name: str, size: int) -> None:
    """Refuse by name and size before reading a byte, so a huge or foreign file costs nothing."""
    if extension_of(name) not in ALLOWED_EXTENSIONS:
        raise SpreadsheetError(
            "Solo se aceptan planillas .csv o .xlsx. Si su archivo es .xls (Excel antiguo), "
            "ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»."
        )
    if size > max_upload_bytes():
        raise SpreadsheetError(
            f"El archivo pesa {megabytes(size)} y el máximo permitido es "
            f"{megabytes(max_upload_bytes())}. Divídalo en archivos más pequeños."
        )
    if size == 0:
        raise SpreadsheetError(EMPTY_FILE)


def load_rows(*, name: str, content: bytes) -> ImportPreview:
    """Check, parse and validate a file without writing anything: what the preview shows."""
    check_upload(name=name, size=len(content))
    return ImportPreview(rows=validate_rows(read_spreadsheet(name=name, content=content)))


def read_spreadsheet(*, name: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {field: text}) for every non-blank data row, numbered as in the sheet."""
    reader = xlsx_records if extension_of(name) == "xlsx" else csv_records
    return rows_from_records(reader(content))


# --- CSV -----------------------------------------------------------------------------------


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else Windows-1252.

    Windows-1252 is what Excel in Spanish writes for «CSV (delimitado por punto y coma)»; it
    reads every Latin-1 accent the same way, and the bytes it leaves undefined are exactly the
    ones Latin-1 would turn into invisible control characters, so they mean "not text".
    """
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not has_control_characters(text):
            return text
        break
    raise SpreadsheetError(NOT_CSV)


def has_control_characters(text: str) -> bool:
    """A NUL or other control character means a binary file (PDF, zip…) renamed to .csv."""
    return any(unicodedata.category(char) == "Cc" and char not in "\t\r\n" for char in set(text))


def detect_delimiter(text: str) -> str:
    """`;` (Excel configured for Chile) or `,`: whichever the header line uses more."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def csv_records(content: bytes) -> list[tuple[int, list[str]]]:
    text = decode_csv(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        return limited_records(
            (number, [clean_cell(cell) for cell in record[:MAX_COLUMNS]])
            for number, record in enumerate(reader, start=1)
        )
    except csv.Error as error:
        raise SpreadsheetError(
            "El archivo CSV está mal formado (por ejemplo, unas comillas sin cerrar). "
            "Guárdelo de nuevo desde Excel."
        ) from error


# --- XLSX ----------------------------------------------------------------------------------


def check_xlsx_container(content: bytes) -> None:
    """An .xlsx is a zip: check that, and refuse zips that inflate to far more than a sheet."""
    if not content.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(NOT_XLSX) from error
    if inflated > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(
            "El archivo Excel es demasiado grande una vez descomprimido. Divídalo en archivos "
            "más pequeños."
        )


def xlsx_records(content: bytes) -> list[tuple[int, list[str]]]:
    """The first sheet's cells. data_only=True reads the values Excel saved, so a formula in
    the file is never evaluated here; a formula never calculated by Excel reads as empty."""
    check_xlsx_container(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise SpreadsheetError(NOT_XLSX)
            sheet = workbook.worksheets[0]
            rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
            return limited_records(
                (number, [clean_cell(value) for value in values])
                for number, values in enumerate(rows, start=1)
            )
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many unrelated types on a damaged file
        raise SpreadsheetError(NOT_XLSX) from error


def clean_cell(value) -> str:
    """Any cell value as the text the user sees in Excel, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d-%m-%Y")
    return " ".join(str(value).replace("\u00a0", " ").split())


# --- Header and rows -----------------------------------------------------------------------


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, for headers, parks and sectors."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


FIELD_OF_HEADER = {fold(header): key for key, header in COLUMNS}


def limited_records(records) -> list[tuple[int, list[str]]]:
    """Non-blank records up to the row limit (plus the header), read lazily so a huge sheet
    is refused without being loaded."""
    kept = []
    for number, cells in records:
        if any(cells):
            kept.append((number, cells))
            if len(kept) > MAX_ROWS + 1:
                raise SpreadsheetError(
                    f"La planilla tiene más de {thousands(MAX_ROWS)} filas con datos. "
                    "Divídala en archivos más pequeños."
                )
    return kept


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


# --- Template ------------------------------------------------------------------------------

TEMPLATE_SHEET = "Empresas"
EXAMPLE_ROW = {
    "rut": "76.086.428-5",
    "legal_name": "Transportes Ejemplo SpA",
    "trade_name": "TransEjemplo",
    "sector": Sector.LOGISTICS.label,
    "park": "Parque Industrial Gulmué",
    "address": "Camino Concón-Quintero 1234, Concón",
    "phone": "+56 32 212 3456",
    "email": "contacto@transejemplo.cl",
    "workforce_size": 85,
    "owner": "",
}
COLUMN_HELP = {
    "rut": "Opcional. Con o sin puntos, con guion y dígito verificador (76.086.428-5). "
    "Si ya hay una empresa con ese RUT, se actualiza en vez de crear otra.",
    "legal_name": "Obligatoria. Nombre legal de la empresa.",
    "trade_name": "Opcional. Nombre con que se conoce a la empresa.",
    "sector": "Opcional. Uno de los rubros de la lista de abajo. Vacío: una empresa nueva "
    "queda con «Otro».",
    "park": "Opcional. Nombre de un parque registrado en el sistema (ver la lista de abajo). "
    "Vacío: sin parque.",
    "address": "Opcional. Dirección de la empresa.",
    "phone": "Opcional. Teléfono de contacto.",
    "email": "Opcional. Correo de contacto válido, por ejemplo contacto@empresa.cl.",
    "workforce_size": "Opcional. Número entero de trabajadores, 0 o más.",
    "owner": "Opcional. Nombre de usuario de una cuenta activa del sistema (quien ingresa con "
    "él), por ejemplo «gestora».",
}


def template_workbook() -> bytes:
    """The file users fill in: our exact header, an example row and the instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    sheet.append(HEADERS)
    sheet.append([EXAMPLE_ROW[key] for key, _ in COLUMNS])
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    for letter in ("A", "G"):  # RUT and phone as text, so Excel keeps dots and leading signs
        for cell in sheet[letter][1:]:
            cell.number_format = "@"
    rubros = DataValidation(type="list", formula1=f'"{",".join(Sector.labels)}"', allow_blank=True)
    rubros.add(f"D2:D{MAX_ROWS + 1}")
    sheet.add_data_validation(rubros)
    fill_instructions(workbook.create_sheet("Instrucciones"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill_instructions(sheet) -> None:
    titles = (
        "Cómo llenar la planilla de empresas",
        "Columna",
        "Rubros permitidos",
        "Parques registrados",
    )
    lines = [
        [titles[0]],
        [],
        [f"La primera fila de la hoja «{TEMPLATE_SHEET}» lleva los encabezados: no los cambie."],
        ["Reemplace la fila de ejemplo por sus empresas (o bórrela): es ficticia."],
        ["Una celda vacía no borra datos: al actualizar una empresa se conserva lo que ya tenía."],
        [
            f"Máximo {thousands(MAX_ROWS)} filas y {megabytes(max_upload_bytes())} por archivo. "
            "También se acepta un CSV con las mismas columnas, separado por «;» o «,»."
        ],
        ["Antes de importar verá una vista previa con los errores de cada fila."],
        [],
        [titles[1], "Qué escribir"],
        *([HEADER_OF[key], COLUMN_HELP[key]] for key, _ in COLUMNS),
        [],
        [titles[2]],
        *([label] for label in Sector.labels),
        [],
        [titles[3]],
        *([name] for name in IndustrialPark.objects.values_list("name", flat=True)),
    ]
    for line in lines:
        sheet.append(line)
    for row in sheet.iter_rows():
        if row[0].value in titles:
            for cell in row:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
