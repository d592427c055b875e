"""Reading one email message: headers, readable text, sanitised HTML and attachments.

Pure functions over bytes, no database: `parse_message` turns the raw RFC 5322 message into a
`ParsedEmail`. It copes with what real mailboxes contain (multipart/alternative and mixed,
quoted-printable and base64, UTF-8 / ISO-8859-1 / Windows-1252 bodies, RFC 2047 headers, RFC
2231 file names, HTML-only mail, raw 8-bit headers) and records structural defects instead of
failing. Only bytes that are not an email at all raise `MessageParseError`. Making the HTML
safe and reading its text: `requests_routing.mail_html`.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from mimetypes import guess_extension

from requests_routing.mail_html import html_to_text, sanitize_html

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_FILENAME_LENGTH = 120
FALLBACK_MESSAGE_ID_DOMAIN = "omil.local"

# Headers of which at least one must be present for the bytes to count as an email.
EMAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")

# WHATWG: what browsers decode when a message claims these, since senders mislabel cp1252.
CHARSET_ALIASES = {
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "cp1252": "windows-1252",
}


class MessageParseError(ValueError):
    """The bytes cannot be read as an email; the message (Spanish) says why."""


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class ParsedEmail:
    message_id: str
    content_hash: str
    sender: str = ""
    sender_name: str = ""
    to: str = ""
    subject: str = ""
    in_reply_to: str = ""
    references: str = ""
    sent_at: datetime | None = None
    text: str = ""
    html: str = ""
    attachments: list[ParsedAttachment] = field(default_factory=list)
    # (filename, size) of the attachments left out because of the size limits.
    skipped_attachments: list[tuple[str, int]] = field(default_factory=list)
    # Structural problems found and worked around (e.g. a missing multipart boundary).
    defects: list[str] = field(default_factory=list)


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def fallback_message_id(raw: bytes) -> str:
    """The Message-ID given to a message without one: stable, so the same bytes dedup."""
    return f"<{content_hash(raw)}@{FALLBACK_MESSAGE_ID_DOMAIN}>"


def parse_message(
    raw: bytes,
    *,
    max_attachment_bytes: int = DEFAULT_MAX_ATTACHMENT_BYTES,
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES,
) -> ParsedEmail:
    """Read a raw message; raise MessageParseError only when it is not an email at all."""
    if not raw or not raw.strip():
        raise MessageParseError("El mensaje está vacío.")
    message = BytesParser(policy=policy.default).parsebytes(raw)
    present = {name.lower() for name in message}
    if not present & set(EMAIL_HEADERS):
        raise MessageParseError(
            "No es un correo: no tiene encabezados reconocibles (From, To, Subject, Date, "
            "Message-ID)."
        )
    parsed = ParsedEmail(
        message_id=_message_id(message, raw),
        content_hash=content_hash(raw),
        subject=_header(message, "subject"),
        in_reply_to=" ".join(_message_ids(_header(message, "in-reply-to"))[:1]),
        references=" ".join(_message_ids(_header(message, "references"))),
        sent_at=_date(_header(message, "date")),
    )
    parsed.sender_name, parsed.sender = _sender(message)
    parsed.to = ", ".join(_recipients(message))

    collected = _Collected()
    _collect(message, collected)
    parsed.defects = _defect_names(message)
    plain = "\n\n".join(part for part in collected.texts if part.strip())
    html_source = "\n<hr>\n".join(part for part in collected.htmls if part.strip())
    parsed.html = sanitize_html(html_source) if html_source else ""
    parsed.text = plain if plain.strip() else html_to_text(html_source)
    _keep_attachments(parsed, collected.attachments, max_attachment_bytes, max_message_bytes)
    return parsed


# Headers ---------------------------------------------------------------------------------


def _header(message: Message, name: str) -> str:
    """The decoded, unfolded value of a header; '' when absent; never raises."""
    try:
        value = message.get(name)
        if value is None:
            return ""
        text = str(value)
    except Exception:
        text = _decode_words(_raw_header(message, name))
    # A NUL cannot be stored in PostgreSQL nor even looked up there (Message-ID, sender).
    return " ".join(_fix_surrogates(text).replace("\x00", "").split())


def _raw_header(message: Message, name: str) -> str:
    for key, value in message.raw_items():
        if key.lower() == name:
            return str(value)
    return ""


def _decode_words(value: str) -> str:
    """RFC 2047 decoding that tolerates unknown charsets and broken words."""
    pieces = []
    try:
        chunks = decode_header(value)
    except Exception:
        return value
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            pieces.append(chunk)
        else:
            pieces.append(decode_bytes(chunk, charset))
    return "".join(pieces)


def _fix_surrogates(text: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes: read them as UTF-8 (else cp1252)."""
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    data = text.encode("utf-8", "surrogateescape")
    return decode_bytes(data, None)


def _message_ids(value: str) -> list[str]:
    found = re.findall(r"<[^<>\s]+>", value)
    if found:
        return found
    return [value.strip()] if value.strip() else []


def _message_id(message: Message, raw: bytes) -> str:
    ids = _message_ids(_header(message, "message-id"))
    if ids and 3 <= len(ids[0]) <= 998:
        return ids[0]
    return fallback_message_id(raw)


def _date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        # RFC 5322 "-0000": the zone is unknown; UTC is the documented reading.
        moment = moment.replace(tzinfo=UTC)
    return moment


def _address_list(message: Message, name: str) -> list[tuple[str, str]]:
    """(display name, address) pairs of an address header; falls back to a lenient read."""
    try:
        header = message.get(name)
        if header is None:
            return []
        addresses = getattr(header, "addresses", None)
        if addresses:
            return [
                (_fix_surrogates(a.display_name or ""), _fix_surrogates(a.addr_spec or ""))
                for a in addresses
            ]
    except Exception:
        pass
    text = _decode_words(_raw_header(message, name)) if _raw_header(message, name) else ""
    return [(n, a) for n, a in getaddresses([_fix_surrogates(text)]) if a or n]


def _clean_address(address: str) -> str:
    address = address.strip().strip("<>").strip().lower()
    if (
        "@" not in address
        or len(address) > 254
        or any(c.isspace() or unicodedata.category(c) == "Cc" for c in address)
    ):
        return ""
    return address


def _sender(message: Message) -> tuple[str, str]:
    pairs = _address_list(message, "from")
    if not pairs:
        name, address = parseaddr(_header(message, "from"))
        pairs = [(name, address)]
    name, address = pairs[0]
    return " ".join(name.split())[:200], _clean_address(address)


def _recipients(message: Message) -> list[str]:
    seen: list[str] = []
    for header in ("to", "cc"):
        for _, address in _address_list(message, header):
            cleaned = _clean_address(address)
            if cleaned and cleaned not in seen:
                seen.append(cleaned)
    return seen


def _defect_names(message: Message) -> list[str]:
    names = []
    for part in message.walk():
        for defect in getattr(part, "defects", []):
            names.append(type(defect).__name__)
    return names


# Body ------------------------------------------------------------------------------------


@dataclass
class _Collected:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes to text: the declared charset if it fits, else UTF-8, else Windows-1252."""
    declared = (charset or "").strip().strip('"').lower()
    if declared in ("unknown-8bit", "x-unknown"):
        declared = ""
    mapped = CHARSET_ALIASES.get(declared, declared)
    candidates = ["utf-8"] if mapped in ("", "windows-1252") else []
    candidates += [mapped, "utf-8", "windows-1252"] if mapped else ["windows-1252"]
    for candidate in candidates:
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("windows-1252", errors="replace")


def _part_bytes(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def _part_text(part: Message) -> str:
    text = decode_bytes(_part_bytes(part), part.get_content_charset())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _collect(part: Message, out: _Collected) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822" or (
        part.get_content_maintype() == "message" and part.is_multipart()
    ):
        content = _embedded_bytes(part)
        name = _attachment_name(part) or _embedded_name(part, len(out.attachments) + 1)
        out.attachments.append(ParsedAttachment(name, "message/rfc822", content))
        return
    if part.is_multipart():
        for child in part.get_payload():
            _collect(child, out)
        return
    disposition = part.get_content_disposition()
    filename = _attachment_name(part)
    is_body = disposition != "attachment" and not filename
    if is_body and content_type == "text/html":
        out.htmls.append(_part_text(part))
    elif is_body and (content_type == "text/plain" or part.get_content_maintype() == "multipart"):
        # A multipart whose boundary never appears ends up here as one undivided text.
        out.texts.append(_part_text(part))
    else:
        content = _part_bytes(part)
        name = filename or _default_name(content_type, len(out.attachments) + 1)
        out.attachments.append(ParsedAttachment(name, content_type[:120], content))


def _embedded_bytes(part: Message) -> bytes:
    inner = part.get_payload()
    if not isinstance(inner, list):
        return _part_bytes(part)
    try:
        return b"\n".join(message.as_bytes() for message in inner)
    except Exception:
        return _part_bytes(part)


def _embedded_name(part: Message, number: int) -> str:
    """A forwarded message is saved as '<its subject>.eml'."""
    inner = part.get_payload()
    subject = _header(inner[0], "subject") if isinstance(inner, list) and inner else ""
    return safe_filename(f"{subject[:100]}.eml") if subject else f"mensaje-reenviado-{number}.eml"


def _attachment_name(part: Message) -> str:
    try:
        name = part.get_filename() or part.get_param("name", header="content-type") or ""
    except Exception:
        name = ""
    if isinstance(name, tuple):  # an RFC 2231 value the parser left undecoded
        charset, _, value = name
        name = decode_bytes(value.encode("latin-1", "replace"), charset)
    name = _fix_surrogates(str(name))
    if "=?" in name:
        name = _decode_words(name)
    return safe_filename(name) if name.strip() else ""


def _default_name(content_type: str, number: int) -> str:
    extension = guess_extension(content_type, strict=False) or ".bin"
    stem = "imagen" if content_type.startswith("image/") else "adjunto"
    return f"{stem}-{number}{extension}"


def safe_filename(name: str) -> str:
    """A file name that is only a name: no folders, no leading dots, no control characters."""
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = re.sub(r'[<>:"|?*]', "_", name)
    name = " ".join(name.split()).lstrip(". ").rstrip(". ")
    if not name:
        return "adjunto"
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: MAX_FILENAME_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:MAX_FILENAME_LENGTH]
    return name


def size_label(size: int) -> str:
    """'12,5 MB' — sizes as the office reads them (decimal comma)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def _keep_attachments(
    parsed: ParsedEmail,
    attachments: list[ParsedAttachment],
    max_attachment_bytes: int,
    max_message_bytes: int,
) -> None:
    notes = []
    total = 0
    for attachment in attachments:
        if attachment.size > max_attachment_bytes:
            notes.append(
                f"[Adjunto omitido por tamaño: {attachment.filename} "
                f"({size_label(attachment.size)})]"
            )
        elif total + attachment.size > max_message_bytes:
            notes.append(
                f"[Adjunto omitido: los adjuntos del correo superan "
                f"{size_label(max_message_bytes)}: {attachment.filename} "
                f"({size_label(attachment.size)})]"
            )
        else:
            total += attachment.size
            parsed.attachments.append(attachment)
            continue
        parsed.skipped_attachments.append((attachment.filename, attachment.size))
    if notes:
        parsed.text = "\n\n".join(filter(None, [parsed.text, "\n".join(notes)]))


def salvage_headers(raw: bytes) -> dict[str, str]:
    """Best-effort subject and sender of bytes parse_message refused, for the failed list."""
    try:
        message = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)

        def read(name: str) -> str:
            return _fix_surrogates(_decode_words(str(message.get(name) or "")))

        name, address = parseaddr(read("from"))
        return {
            "subject": " ".join(read("subject").split())[:500],
            "sender": _clean_address(address),
            "sender_name": " ".join(name.split())[:200],
        }
    except Exception:
        return {"subject": "", "sender": "", "sender_name": ""}
