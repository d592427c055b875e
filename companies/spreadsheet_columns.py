"""Which columns a companies sheet has, under the names offices give them, and where its header
row is.

Offices keep their «catastro de empresas» with a title, the date and the municipality's name
above the table, merged cells, a «N°» column and their own spelling of each column. So the
header is the first of the top rows that names at least two of our columns (or the legal name),
each column is known by its usual names (any case, accents and punctuation), and a column we
do not know is left out with a warning instead of refusing the file.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from companies.spreadsheet_reader import SpreadsheetError

# (field, header the user sees). The order is the template's column order.
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
    ("comuna", "Comuna"),
    ("contact_name", "Contacto"),
    ("notes", "Observaciones"),
)
# Read when present, but not in the template.
EXTRA_COLUMNS = (
    ("rut_check", "DV"),
    ("contact_position", "Cargo del contacto"),
    ("contact_email", "Correo del contacto"),
    ("contact_phone", "Teléfono del contacto"),
)
HEADERS = [header for _, header in COLUMNS]
HEADER_OF = dict(COLUMNS + EXTRA_COLUMNS)
# Known columns whose content is not imported: the row number and our own error column.
IGNORED = "ignored"

ALIASES = {
    "rut": ("rut empresa", "rut de la empresa", "r u t", "rol unico tributario", "rut sin dv"),
    "rut_check": ("dv", "d v", "digito verificador", "dig verificador", "dig verif"),
    "legal_name": (
        "razon social",
        "nombre o razon social",
        "nombre empresa",
        "nombre de la empresa",
        "empresa",
    ),
    "trade_name": ("nombre de fantasia", "nombre fantasia", "fantasia", "nombre comercial"),
    "sector": ("rubro", "sector", "sector economico"),
    "park": ("parque", "parque industrial"),
    "address": ("direccion", "domicilio", "direccion comercial"),
    "comuna": ("comuna",),
    "phone": ("telefono", "telefonos", "fono", "tel", "telefono empresa", "celular"),
    "email": ("correo", "correo electronico", "email", "e mail", "mail", "correo empresa"),
    "workforce_size": (
        "dotacion",
        "no trabajadores",
        "no de trabajadores",
        "n trabajadores",
        "nro trabajadores",
        "nro de trabajadores",
        "numero de trabajadores",
        "cantidad de trabajadores",
        "trabajadores",
    ),
    "owner": ("responsable", "responsable omil", "gestora", "gestor"),
    "contact_name": (
        "contacto",
        "nombre contacto",
        "nombre del contacto",
        "persona de contacto",
        "contacto empresa",
    ),
    "contact_position": ("cargo", "cargo contacto", "cargo del contacto"),
    "contact_email": ("correo contacto", "correo del contacto", "email contacto", "mail contacto"),
    "contact_phone": ("telefono contacto", "telefono del contacto", "fono contacto"),
    "notes": ("observaciones", "observacion", "obs", "comentarios", "comentario", "notas"),
    IGNORED: ("", "no", "n", "n o", "nro", "numero", "num", "item", "correlativo", "errores"),
}
# Title rows above the header are few; a header further down is not a header.
HEADER_SEARCH_ROWS = 20


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form, for parks, sectors and names."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def header_key(text: str) -> str:
    """«N° Trabajadores», «Nº trabajadores» and «No. trabajadores» → «no trabajadores»."""
    folded = fold((text or "").replace("°", "o"))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", folded).split())


FIELD_OF_HEADER = {
    **{header_key(header): key for key, header in COLUMNS + EXTRA_COLUMNS},
    **{alias: key for key, aliases in ALIASES.items() for alias in aliases},
}


@dataclass
class Header:
    """Where the header is, which column feeds which field, and what the preview must say."""

    number: int
    cells: list[str]
    columns: dict[int, str]
    warnings: list[str] = field(default_factory=list)


def _known(cells: list[str]) -> dict[int, str]:
    return {
        index: FIELD_OF_HEADER[header_key(text)]
        for index, text in enumerate(cells)
        if text and header_key(text) in FIELD_OF_HEADER
    }


def _names_two_columns(cells: list[str]) -> bool:
    return len([key for key in _known(cells).values() if key != IGNORED]) >= 2


def _names_the_legal_name(cells: list[str]) -> bool:
    return "legal_name" in _known(cells).values()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def find_header(records: list[tuple[int, list[str]]]) -> tuple[Header, list]:
    """The header and the records below it; the title rows above it are left out."""
    top = list(enumerate(records[:HEADER_SEARCH_ROWS]))
    # A title such as «Empresas» names one column; a header names several, or only the legal
    # name in a sheet of one column.
    found = [item for item in top if _names_two_columns(item[1][1])] or [
        item for item in top if _names_the_legal_name(item[1][1])
    ]
    if not found:
        raise SpreadsheetError(
            f"No se encontró la fila de encabezados en las primeras {HEADER_SEARCH_ROWS} filas "
            f"con datos. Debe nombrar las columnas, por ejemplo: {', '.join(HEADERS)}. "
            "Descargue la plantilla para ver el formato."
        )
    position, (number, cells) = found[0]
    header = map_header(number, cells)
    if position:
        above = (
            "la fila de arriba (título) no se importa"
            if position == 1
            else f"las {position} filas de arriba (títulos) no se importan"
        )
        header.warnings.insert(0, f"Los encabezados están en la fila {number}; {above}.")
    return header, records[position + 1 :]


def map_header(number: int, cells: list[str]) -> Header:
    """{column index: field}: unknown and repeated columns are left out with a warning."""
    header = Header(number=number, cells=cells, columns={})
    unknown = []
    for index, text in enumerate(cells):
        if not text:
            continue
        key = FIELD_OF_HEADER.get(header_key(text))
        where = f"«{text}» (columna {column_letter(index)})"
        if key is None:
            unknown.append(where)
        elif key == IGNORED:
            continue
        elif key in header.columns.values():
            header.warnings.append(
                f"La columna {where} repite «{HEADER_OF[key]}»: se usa solo la primera."
            )
        else:
            header.columns[index] = key
    if unknown:
        header.warnings.append(
            f"No se importa{'n' if len(unknown) > 1 else ''} "
            f"{'las columnas no reconocidas' if len(unknown) > 1 else 'la columna no reconocida'} "
            f"{', '.join(unknown)}. Las columnas que se leen son: {', '.join(HEADERS)}."
        )
    if "legal_name" not in header.columns.values():
        raise SpreadsheetError(
            "Falta la columna «Razón social», que es obligatoria (también se reconoce como "
            "«Nombre de la empresa» o «Empresa»)."
        )
    return header
