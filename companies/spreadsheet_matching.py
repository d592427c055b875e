"""Which rows of a sheet are not companies, and which company a row without RUT already is.

A catastro ends with «Total empresas: 7» and carries numbered empty rows; those are left out
and the preview says so. A row without a RUT is the company already registered under the same
name, compared without accents, case, punctuation or the legal form («Ltda.», «S.A.», «SpA»):
uploading the same sheet twice must not create «Maestranza Los Álamos Ltda.» twice. A name that
is only similar (a typo, a missing word) is not taken as the same company, but the row is held
back with the name it resembles, since importing it would most likely duplicate that company.
"""

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from companies.models import Company
from companies.spreadsheet_columns import fold

# The legal forms a name may end with, as the words left once punctuation is removed.
LEGAL_FORMS = re.compile(
    r"(?:\s+(?:y\s+)?(?:cia|compania)|\s+(?:ltda|limitada|spa|s\s*p\s*a|s\s*a|sa|eirl"
    r"|e\s*i\s*r\s*l|sociedad\s+anonima|sociedad\s+por\s+acciones|sa\s*c|s\s*a\s*c))+$"
)
SUMMARY = re.compile(r"^(?:(?:sub\s*)?total(?:es)?|suma|promedio|cantidad de empresas)\b")
BARE_SUMMARY = {"total", "totales", "subtotal", "total general", "suma", "promedio"}
FOOTNOTE = re.compile(r"^(?:fuente|nota|elaborado por|actualizado al?)\b\s*:?")
# A similar name is this close (0-100) to the registered one once both are normalised.
SIMILAR_SCORE = 92
# Similar names are looked for among those starting alike, so the work per row stays small
# however many companies are registered.
BLOCK_CHARS = 3


def name_key(name: str) -> str:
    """«Maestranza Los Álamos Ltda.» and «MAESTRANZA LOS ALAMOS LIMITADA» → «maestranza los
    alamos»."""
    words = " ".join(re.sub(r"[^0-9a-z]+", " ", fold(name)).split())
    return LEGAL_FORMS.sub("", f" {words}").strip() or words


def skip_reason(cells: list[str], has_company_data: bool) -> str:
    """Why a row is not a company (a total, a footnote, only a row number), or ''."""
    filled = [cell for cell in cells if cell]
    for cell in filled:
        folded = fold(cell)
        # «Total Chile S.A.» is a company; «Total empresas: 7» and «TOTAL» are not.
        if SUMMARY.match(folded) and (
            re.search(r"[:\d]", folded) or folded.rstrip(".: ") in BARE_SUMMARY
        ):
            return f"Fila de totales («{cell}»): no es una empresa."
    if len(filled) == 1 and FOOTNOTE.match(fold(filled[0])):
        return f"Nota al pie («{filled[0]}»): no es una empresa."
    if not has_company_data:
        return "Fila sin datos de empresa (solo el número de fila u otras columnas que no se leen)."
    return ""


@dataclass
class NameIndex:
    """The registered companies by normalised name, read in one query."""

    by_key: dict[str, list[Company]] = field(default_factory=dict)
    blocks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, *, only_without_rut: bool = False) -> "NameIndex":
        companies = Company.objects.only("pk", "rut", "legal_name", "trade_name", "park_id")
        if only_without_rut:
            companies = companies.filter(rut__isnull=True)
        index = cls()
        for company in companies:
            key = name_key(company.legal_name)
            index.by_key.setdefault(key, []).append(company)
        for key in index.by_key:
            index.blocks.setdefault(key[:BLOCK_CHARS], []).append(key)
        return index

    def same(self, name: str) -> list[Company]:
        return self.by_key.get(name_key(name), [])

    def similar(self, name: str) -> Company | None:
        key = name_key(name)
        found = process.extractOne(
            key,
            self.blocks.get(key[:BLOCK_CHARS], []),
            scorer=fuzz.ratio,
            score_cutoff=SIMILAR_SCORE,
        )
        return self.by_key[found[0]][0] if found else None
