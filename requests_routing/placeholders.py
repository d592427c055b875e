"""The small placeholder language of the notice templates the Encargado edits.

`{referencia}` is replaced by a value; `{{` and `}}` write a literal brace. Nothing else is
interpreted: a template can only name the values offered to it, never reach an object or an
attribute (which Django's template language would allow), so an edited text cannot leak data.

A name is compared without accents, case or surrounding spaces, and spaces count as `_`:
`{Categoría}` and `{fecha comprometida}` are `{categoria}` and `{fecha_comprometida}`.

The text body is plain text with paragraphs (a blank line between them). The HTML part is
built from it: every piece escaped, a paragraph per block, a line break per single newline;
only the link placeholder becomes a clickable link, and only for an http(s) address.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import escape

LINK = "enlace"

# `{{`, `}}`, a placeholder, or a brace left alone (an error).
TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


@dataclass(frozen=True)
class Piece:
    """Literal text, or a placeholder when `name` is set."""

    text: str = ""
    name: str = ""


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"\s+", "_", plain)


def parse(text: str, allowed: tuple[str, ...], *, field_label: str = "El texto") -> list[Piece]:
    """The text as pieces; a ValidationError naming the first unknown placeholder or stray
    brace. `allowed` are the normalised names this template may use."""
    pieces: list[Piece] = []
    position = 0
    for match in TOKEN.finditer(text):
        if match.start() > position:
            pieces.append(Piece(text=text[position : match.start()]))
        token = match.group(0)
        if token in ("{{", "}}"):
            pieces.append(Piece(text=token[0]))
        elif token in ("{", "}"):
            line = text.count("\n", 0, match.start()) + 1
            opened = token == "{"
            raise ValidationError(
                f"{field_label} tiene una llave «{token}» sin "
                f"{'cerrar' if opened else 'abrir'} (línea {line}). "
                "Los marcadores se escriben así: {referencia}; para una llave literal "
                "escriba {{ o }}.",
                code="unbalanced_brace",
            )
        else:
            name = normalise(match.group(1))
            if name not in allowed:
                shown = match.group(1).strip()[:40] or " "
                raise ValidationError(
                    f"{field_label} usa el marcador desconocido {{{shown}}}. "
                    f"Marcadores disponibles: {', '.join('{' + a + '}' for a in allowed)}.",
                    code="unknown_placeholder",
                )
            pieces.append(Piece(name=name))
        position = match.end()
    if position < len(text):
        pieces.append(Piece(text=text[position:]))
    return pieces


def render_text(pieces: list[Piece], values: dict[str, str]) -> str:
    return "".join(values.get(piece.name, "") if piece.name else piece.text for piece in pieces)


def _link_html(url: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}">{escape(url)}</a>'
    return escape(url)


def render_html(pieces: list[Piece], values: dict[str, str]) -> str:
    """The body as HTML paragraphs; values and literal text escaped alike."""
    parts = []
    for piece in pieces:
        if piece.name == LINK:
            parts.append(_link_html(values.get(LINK, "")))
        else:
            parts.append(escape(values.get(piece.name, "") if piece.name else piece.text))
    html = "".join(parts).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [block.strip() for block in PARAGRAPH_BREAK.split(html)]
    return "\n".join(
        "<p>" + block.replace("\n", "<br>\n") + "</p>" for block in paragraphs if block
    )
