"""Import of companies from the spreadsheets OMILs already keep (CSV or XLSX).

Three steps, kept apart so the preview and the import apply exactly the same rules:
`load_rows` reads a file (companies/spreadsheet_reader.py, within bounded work), finds its
header and columns (companies/spreadsheet_columns.py), leaves out the rows that are not
companies and matches rows without RUT by name (companies/spreadsheet_matching.py), and
validates every row against the database, cell by cell (companies/spreadsheet_cells.py;
nothing is written); the user looks at the preview,
which says what each row will do; and `companies_import` writes every valid row in one
transaction. Every message a user can see is Spanish; the file is untrusted input, so a broken
file must end in a `SpreadsheetError` with a clear message, never in an unexpected exception.
The template users fill in is companies/spreadsheet_template.py; the rows with errors go back
to the user as a workbook built by companies/spreadsheet_errors.py.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from companies.models import Company, CompanyNote, Contact
from companies.rut import format_rut, normalize_rut
from companies.services import contact_save
from companies.spreadsheet_cells import (
    Lookups,
    clean_row,
    typed_rut,
)
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
