"""Reading an uploaded spreadsheet (CSV or XLSX) into its rows of text, with bounded work.

The file is untrusted input, and a small file can ask for a lot of work: 144 KB of .xlsx may
declare 16 million empty rows, a zip may inflate a thousandfold, a CSV may be one 5 MB line.
So every read is bounded before and while it runs: the size on disk, for an .xlsx the sizes its
zip directory declares, and then rows read (blank ones included), cells with data, columns per
row, characters per CSV line and a wall-clock deadline, all checked in the reading loop. Going
past any of them stops the read at once with a `SpreadsheetError` whose Spanish message is
shown to the user, and which carries how much was read (`rows_read`, `cells_read`).

Nothing here knows which columns a companies sheet has: that is companies/spreadsheet.py.
"""

import csv
import io
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath

from django.conf import settings
from openpyxl import load_workbook

from omil_crm.base.exports import FORMULA_TRIGGERS

ALLOWED_EXTENSIONS = ("csv", "xlsx")
# An .xlsx has a dozen parts; thousands of entries in its directory mean something else.
MAX_XLSX_PARTS = 500
# Small parts (styles, a short sheet) may compress very well without being a bomb.
RATIO_FLOOR_BYTES = 1024 * 1024

NOT_XLSX = (
    "El archivo no es un Excel .xlsx válido: puede estar dañado o tener otra extensión. "
    "Ábralo en Excel y guárdelo como «Libro de Excel (.xlsx)»."
)
NOT_CSV = (
    "El archivo .csv no contiene texto legible. Guárdelo desde Excel como "
    "«CSV UTF-8 (delimitado por comas)» o «CSV (delimitado por punto y coma)»."
)
UTF_16_CSV = (
    "El archivo .csv está guardado como «Texto Unicode» (UTF-16). Guárdelo desde Excel como "
    "«CSV UTF-8 (delimitado por comas)» o «CSV (delimitado por punto y coma)»."
)
EMPTY_FILE = "El archivo está vacío."
BAD_CSV = (
    "El archivo CSV está mal formado (por ejemplo, unas comillas sin cerrar). "
    "Guárdelo de nuevo desde Excel."
)
TOO_SLOW = (
    "La planilla tardó demasiado en leerse y se dejó de leer. Divídala en partes o guárdela "
    "de nuevo desde Excel, sin filas ni columnas de más."
)


class SpreadsheetError(Exception):
    """The whole file cannot be used; the message is Spanish and is shown to the user.

    `rows_read` and `cells_read` say how far the reader got before refusing the file.
    """

    def __init__(self, message: str, *, rows_read: int = 0, cells_read: int = 0):
        super().__init__(message)
        self.rows_read = rows_read
        self.cells_read = cells_read


@dataclass(frozen=True)
class ReadLimits:
    max_rows: int
    max_cells: int
    max_columns: int
    max_line_chars: int
    max_seconds: float
    max_xlsx_part_bytes: int
    max_xlsx_bytes: int
    max_xlsx_ratio: int

    @classmethod
    def from_settings(cls) -> "ReadLimits":
        return cls(
            max_rows=settings.OMIL_IMPORT_MAX_ROWS,
            max_cells=settings.OMIL_IMPORT_MAX_CELLS,
            max_columns=settings.OMIL_IMPORT_MAX_COLUMNS,
            max_line_chars=settings.OMIL_IMPORT_MAX_LINE_CHARS,
            max_seconds=settings.OMIL_IMPORT_MAX_SECONDS,
            max_xlsx_part_bytes=settings.OMIL_IMPORT_MAX_XLSX_PART_BYTES,
            max_xlsx_bytes=settings.OMIL_IMPORT_MAX_XLSX_BYTES,
            max_xlsx_ratio=settings.OMIL_IMPORT_MAX_XLSX_RATIO,
        )


@dataclass
class SheetRead:
    """The non-blank rows as (row number in the sheet, cells as text), and what it cost."""

    records: list[tuple[int, list[str]]] = field(default_factory=list)
    rows_read: int = 0
    cells_read: int = 0


# --- Figures as a Chilean user reads them ---------------------------------------------------


def megabytes(size: int) -> str:
    """5242880 → '5 MB', 2621440 → '2,5 MB': how a Chilean user reads a file size."""
    text = f"{size / (1024 * 1024):.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')} MB"


def thousands(number: int) -> str:
    """5000 → '5.000', as numbers are written in Chile."""
    return f"{number:,}".replace(",", ".")


# --- The file as a whole -------------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.OMIL_IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.OMIL_IMPORT_MAX_ROWS


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


def read_sheet(*, name: str, content: bytes, limits: ReadLimits | None = None) -> SheetRead:
    """The first sheet's (or the CSV's) non-blank rows, read within the limits."""
    limits = limits or ReadLimits.from_settings()
    check_upload(name=name, size=len(content))
    budget = ReadBudget(limits)
    if extension_of(name) == "xlsx":
        return xlsx_read(content, budget)
    return csv_read(content, budget)


class ReadBudget:
    """What a reader has consumed so far; refuses the file the moment a limit is passed."""

    def __init__(self, limits: ReadLimits):
        self.limits = limits
        self.read = SheetRead()
        self.deadline = time.monotonic() + limits.max_seconds

    def refusal(self, message: str) -> SpreadsheetError:
        return SpreadsheetError(
            message, rows_read=self.read.rows_read, cells_read=self.read.cells_read
        )

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise self.refusal(TOO_SLOW)

    def take_row(self, number: int, raw) -> None:
        """Count one row as the parser gave it and keep its first `max_columns` cells if it
        has data; data in a column past those refuses the file rather than being dropped."""
        limits = self.limits
        self.read.rows_read += 1
        if self.read.rows_read > limits.max_rows + 1:  # + 1: the header
            raise self.refusal(
                f"La planilla tiene más de {thousands(limits.max_rows)} filas (contando las "
                "vacías): divídala en partes."
            )
        if any(clean_cell(value) for value in raw[limits.max_columns :]):
            raise self.refusal(
                f"La fila {number} tiene datos más allá de la columna {limits.max_columns}. "
                "Deje en la planilla solo las columnas de la plantilla."
            )
        cells = [clean_cell(value) for value in raw[: limits.max_columns]]
        filled = sum(1 for cell in cells if cell)
        self.read.cells_read += filled
        if self.read.cells_read > limits.max_cells:
            raise self.refusal(
                f"La planilla tiene más de {thousands(limits.max_cells)} celdas con datos: "
                "divídala en partes."
            )
        if filled:
            self.read.records.append((number, cells))
        self.check_time()


def clean_cell(value) -> str:
    """Any cell value as the text the user sees in Excel, trimmed.

    The apostrophe our own exports put before a leading =, +, - or @ is dropped, so a value
    copied from an export back into the template imports as it was typed.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.strftime("%d-%m-%Y")
    text = " ".join(str(value).replace("\u00a0", " ").split())
    if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


# --- CSV -----------------------------------------------------------------------------------


def decode_csv(content: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else Windows-1252.

    Windows-1252 is what Excel in Spanish writes for «CSV (delimitado por punto y coma)»; it
    reads every Latin-1 accent the same way, and the bytes it leaves undefined are exactly the
    ones Latin-1 would turn into invisible control characters, so they mean "not text".
    """
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(UTF_16_CSV)
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


def bounded_lines(text: str, budget: ReadBudget):
    """The physical lines, refusing one longer than any row of a companies sheet could be
    before the csv module builds a list of its (maybe 100,000) cells."""
    limit = budget.limits.max_line_chars
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        if len(line) > limit:
            raise budget.refusal(
                f"La línea {number} del archivo tiene más de {thousands(limit)} caracteres: no "
                "parece una fila de la planilla. Guárdela de nuevo desde Excel."
            )
        yield line


def csv_read(content: bytes, budget: ReadBudget) -> SheetRead:
    text = decode_csv(content)
    reader = csv.reader(bounded_lines(text, budget), delimiter=detect_delimiter(text))
    try:
        for number, record in enumerate(reader, start=1):
            budget.take_row(number, record)
    except csv.Error as error:
        raise budget.refusal(BAD_CSV) from error
    return budget.read


# --- XLSX ----------------------------------------------------------------------------------


def check_xlsx_container(content: bytes, limits: ReadLimits) -> None:
    """An .xlsx is a zip: check that, and refuse one that inflates to far more than a sheet,
    from the sizes its directory declares, before openpyxl opens it.

    The declared sizes bind: Python's zipfile never inflates a member past its declared size
    (a member that lies about it fails its CRC check), so a bomb cannot hide behind them.
    """
    if not content.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(NOT_XLSX)
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise SpreadsheetError(NOT_XLSX) from error
    too_big = SpreadsheetError(
        "El archivo Excel es demasiado grande una vez descomprimido (más de "
        f"{megabytes(limits.max_xlsx_part_bytes)} en una de sus partes o "
        f"{megabytes(limits.max_xlsx_bytes)} en total). Divídalo en archivos más pequeños."
    )
    if len(members) > MAX_XLSX_PARTS:
        raise SpreadsheetError(NOT_XLSX)
    if sum(member.file_size for member in members) > limits.max_xlsx_bytes:
        raise too_big
    for member in members:
        if member.file_size > limits.max_xlsx_part_bytes:
            raise too_big
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_xlsx_ratio:
            raise SpreadsheetError(
                "El archivo Excel no parece una planilla normal: una de sus partes se "
                f"descomprime a más de {limits.max_xlsx_ratio} veces su tamaño. Ábralo en "
                "Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)»."
            )


class DeadlineFile(io.BytesIO):
    """The upload as openpyxl reads it: every chunk the zip reader asks for checks the
    deadline, so the time spent inside openpyxl (shared strings, one row with a million
    cells) is bounded too, not only the time between the rows it yields."""

    def __init__(self, content: bytes, budget: ReadBudget):
        super().__init__(content)
        self.budget = budget

    def read(self, size: int | None = -1) -> bytes:
        self.budget.check_time()
        return super().read(size)


def xlsx_read(content: bytes, budget: ReadBudget) -> SheetRead:
    """The first sheet's cells, streamed. data_only=True reads the values Excel saved, so a
    formula in the file is never evaluated here; a formula never calculated reads as empty."""
    limits = budget.limits
    check_xlsx_container(content, limits)
    try:
        workbook = load_workbook(DeadlineFile(content, budget), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise SpreadsheetError(NOT_XLSX)
            rows = workbook.worksheets[0].iter_rows(
                min_row=1,
                # One row and one column past the limits: enough to tell that they were passed
                # (columns further right are never read).
                max_row=limits.max_rows + 2,
                max_col=limits.max_columns + 1,
                values_only=True,
            )
            for number, values in enumerate(rows, start=1):
                budget.take_row(number, values)
        finally:
            workbook.close()
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many unrelated types on a damaged file
        raise budget.refusal(NOT_XLSX) from error
    return budget.read
