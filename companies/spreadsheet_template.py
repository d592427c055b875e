"""The companies template: the workbook users download, fill in and upload to the import.

Its first sheet has exactly the columns companies/spreadsheet.py reads, with an example row;
the second explains each column and lists the sectors and the parks registered.
"""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from companies.models import IndustrialPark, Sector
from companies.spreadsheet_columns import COLUMNS, HEADER_OF, HEADERS, column_letter
from companies.spreadsheet_reader import max_rows, max_upload_bytes, megabytes, thousands
from omil_crm.base.exports import append_row

TEMPLATE_SHEET = "Empresas"
EXAMPLE_ROW = {
    "rut": "76.086.428-5",
    "legal_name": "Transportes Ejemplo SpA",
    "trade_name": "TransEjemplo",
    "sector": Sector.LOGISTICS.label,
    "park": "Parque Industrial Gulmué",
    "address": "Camino Concón-Quintero 1234, Concón",
    "phone": "32 212 3456",
    "email": "contacto@transejemplo.cl",
    "workforce_size": 85,
    "owner": "",
    "comuna": "Concón",
    "contact_name": "Marcela Fuentes",
    "notes": "Busca operarios de grúa horquilla para el turno de noche.",
}
COLUMN_HELP = {
    "rut": "Opcional. Con o sin puntos, con guion y dígito verificador (76.086.428-5). Sin "
    "guion se acepta solo con 9 caracteres o terminado en K (760864285); un número de 8 dígitos "
    "sin guion se rechaza, porque puede ser un RUT sin su dígito verificador. Si el dígito "
    "verificador está en su propia columna («DV»), se une al número. Si ya hay una empresa con "
    "ese RUT, se actualiza en vez de crear otra; sin RUT, se reconoce por su razón social.",
    "legal_name": "Obligatoria. Nombre legal de la empresa.",
    "trade_name": "Opcional. Nombre con que se conoce a la empresa.",
    "sector": "Opcional. Uno de los rubros de la lista de abajo. Vacío: una empresa nueva "
    "queda con «Otro».",
    "park": "Opcional. Nombre de un parque registrado en el sistema (ver la lista de abajo). "
    "Vacío: sin parque.",
    "address": "Opcional. Dirección de la empresa.",
    "phone": "Opcional. Teléfono de contacto.",
    "email": "Opcional. Correo de contacto válido, por ejemplo contacto@empresa.cl.",
    "workforce_size": "Opcional. Número entero de trabajadores, 0 o más; se aceptan «1.200» y "
    "«300 aprox.».",
    "comuna": "Opcional. Nombre de una comuna de Chile. Vacío: la del parque, si tiene.",
    "contact_name": "Opcional. Nombre de una persona de contacto en la empresa; se agrega a "
    "sus contactos si no está.",
    "notes": "Opcional. Observaciones: quedan como una nota en la historia de la empresa.",
    "owner": "Opcional. Nombre de una persona del equipo con la cuenta activa, como aparece en "
    "el sistema (por ejemplo «Camila Rojas»), o su nombre de usuario.",
}


def template_workbook() -> bytes:
    """The file users fill in: our exact header, an example row and the instructions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TEMPLATE_SHEET
    append_row(sheet, HEADERS)
    append_row(sheet, [EXAMPLE_ROW[key] for key, _ in COLUMNS])
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    # RUT and phone as text, so Excel keeps dots and leading signs.
    for key in ("rut", "phone"):
        letter = column_letter(HEADERS.index(HEADER_OF[key]))
        for cell in sheet[letter][1:]:
            cell.number_format = "@"
    rubros = DataValidation(type="list", formula1=f'"{",".join(Sector.labels)}"', allow_blank=True)
    sector_letter = column_letter(HEADERS.index(HEADER_OF["sector"]))
    rubros.add(f"{sector_letter}2:{sector_letter}{max_rows() + 1}")
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
        [
            f"La primera fila de la hoja «{TEMPLATE_SHEET}» lleva los encabezados. También se "
            "aceptan planillas propias con títulos arriba y columnas con otros nombres usuales "
            "(N°, Razón Social, Correo electrónico, N° Trabajadores, Contacto…); las columnas "
            "que no se reconocen no se importan, y la vista previa lo avisa."
        ],
        ["Reemplace la fila de ejemplo por sus empresas (o bórrela): es ficticia."],
        ["Una celda vacía no borra datos: al actualizar una empresa se conserva lo que ya tenía."],
        [
            f"Máximo {thousands(max_rows())} filas (las vacías también cuentan) y "
            f"{megabytes(max_upload_bytes())} por archivo. "
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
        append_row(sheet, line)
    for row in sheet.iter_rows():
        if row[0].value in titles:
            for cell in row:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 100
