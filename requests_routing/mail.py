"""Reading one email message: headers, readable text, sanitised HTML and attachments.

Pure functions over bytes, no database: `parse_message` turns the raw RFC 5322 message into a
`ParsedEmail`. It copes with what real mailboxes contain (multipart/alternative and mixed,
quoted-printable and base64, UTF-8 / ISO-8859-1 / Windows-1252 bodies, RFC 2047 headers, RFC
2231 file names, HTML-only mail, raw 8-bit headers, mixed and mislabelled charsets: see
`requests_routing.mail_charsets`) and records structural defects instead of failing. Forwarded
messages (message/rfc822, digests, message/partial) are read into `ForwardedMessage`s: sender,
date, subject, text and their own attachments. Only bytes that are not an email at all raise
`MessageParseError`. Making the HTML safe and reading its text: `requests_routing.mail_html`.
"""

import base64
import binascii
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from mimetypes import guess_extension

from requests_routing.mail_charsets import decode_body_bytes, decode_header_bytes
from requests_routing.mail_html import html_to_text, sanitize_html

DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024
MAX_FILENAME_LENGTH = 120
FALLBACK_MESSAGE_ID_DOMAIN = "omil.local"

# Headers of which at least one must be present for the bytes to count as an email.
EMAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")

# Forwarded messages read into the structure; deeper or further ones stay whole .eml files.
MAX_FORWARD_DEPTH = 4
MAX_FORWARDED_MESSAGES = 20
MAX_FORWARDED_TEXT_CHARS = 200_000
# How many parts are looked at to find the charset a message declares for its text.
CHARSET_SEARCH_PARTS = 50
FORWARD_TYPES = ("message/rfc822", "message/global", "message/partial")


class MessageParseError(ValueError):
    """The bytes cannot be read as an email; the message (Spanish) says why."""


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    # Index in ParsedEmail.forwarded of the forwarded message it came in; None: the mail's own.
    forwarded: int | None = None

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class ForwardedMessage:
    """A message carried inside the mail: forwarded as attachment, a digest's member or a
    fragment of a message split in parts (message/partial)."""

    depth: int = 1  # 1: in the mail itself; 2: inside a forwarded message; ...
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    sent_at: datetime | None = None
    text: str = ""
    # Said of a fragment of a split message: «Parte 1 de 3 de un mensaje dividido...».
    note: str = ""


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
    forwarded: list[ForwardedMessage] = field(default_factory=list)
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
    charset = declared_charset(message)
    parsed = ParsedEmail(
        message_id=_message_id(message, raw),
        content_hash=content_hash(raw),
        subject=_header(message, "subject", charset),
        in_reply_to=" ".join(_message_ids(_header(message, "in-reply-to"))[:1]),
        references=" ".join(_message_ids(_header(message, "references"))),
        sent_at=_date(_header(message, "date")),
    )
    parsed.sender_name, parsed.sender = _sender(message, charset)
    parsed.to = ", ".join(_recipients(message, charset))

    collected = _Collected()
    _collect(message, collected, charset=charset)
    parsed.defects = _defect_names(message)
    parsed.text, html_source = _texts(collected)
    parsed.html = sanitize_html(html_source) if html_source else ""
    parsed.forwarded = collected.forwarded
    _keep_attachments(parsed, collected.attachments, max_attachment_bytes, max_message_bytes)
    return parsed


# Headers ---------------------------------------------------------------------------------


def declared_charset(message: Message) -> str | None:
    """The charset the message declares: its own, else that of its first text part."""
    for part in itertools.islice(message.walk(), CHARSET_SEARCH_PARTS):
        try:
            charset = part.get_param("charset")
        except Exception:
            continue
        if isinstance(charset, str) and charset.strip():
            return charset
    return None


def _raw_header(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name:
            return str(value)
    return None


def _raw_header_text(message: Message, name: str, charset: str | None) -> str | None:
    """A header's value as sent, its raw 8-bit bytes decoded (the parser would turn them into
    U+FFFD): UTF-8 if valid, else the declared charset, else Windows-1252."""
    value = _raw_header(message, name)
    if value is None or value.isascii():
        return value
    return decode_header_bytes(value.encode("utf-8", "surrogateescape"), charset)


def _header(message: Message, name: str, charset: str | None = None) -> str:
    """The decoded, unfolded value of a header; '' when absent; never raises."""
    text = _raw_header_text(message, name, charset)
    if text is None:
        return ""
    text = decode_encoded_words("".join(text.splitlines()))
    # A NUL cannot be stored in PostgreSQL nor even looked up there (Message-ID, sender).
    return " ".join(text.replace("\x00", "").split())


# An RFC 2047 encoded word; whitespace between two of them is not part of the text.
ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
BETWEEN_ENCODED_WORDS = re.compile(r"(?<=\?=)[ \t]+(?==\?[^?\s]+\?[bBqQ]\?)")


def decode_encoded_words(value: str) -> str:
    """RFC 2047 decoding that tolerates unknown charsets, broken words and mislabelled text
    (gb2312 that is GBK, UTF-8 that is Latin-1)."""
    if "=?" not in value:
        return value
    value = BETWEEN_ENCODED_WORDS.sub("", value)
    return ENCODED_WORD.sub(_decode_word, value)


def _decode_word(match: re.Match) -> str:
    charset, encoding, payload = match.groups()
    charset = charset.split("*", 1)[0]  # RFC 2231 adds a language: utf-8*es
    try:
        if encoding in "bB":
            data = base64.b64decode(payload + "=" * (-len(payload) % 4))
        else:
            data = binascii.a2b_qp(payload.replace("_", " ").encode("ascii"), header=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return match.group()
    return decode_body_bytes(data, charset)


def _fix_surrogates(text: str) -> str:
    """Raw 8-bit bytes left as surrogate escapes: read them as UTF-8 (else cp1252)."""
    if not any("\udc80" <= char <= "\udcff" for char in text):
        return text
    return decode_header_bytes(text.encode("utf-8", "surrogateescape"), None)


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


def _address_list(message: Message, name: str, charset: str | None = None) -> list[tuple[str, str]]:
    """(display name, address) pairs of an address header; falls back to a lenient read."""
    text = _raw_header_text(message, name, charset)
    if text is None:
        return []
    try:
        header = message.policy.header_fetch_parse(name, text)
        addresses = getattr(header, "addresses", None)
        pairs = [(a.display_name or "", a.addr_spec or "") for a in addresses or ()]
        # U+FFFD or surrogates: an encoded word in a charset the parser misreads (gb2312
        # that is GBK); the lenient read below decodes it with the project's charset rules.
        if pairs and not any(_misread(name) for name, _ in pairs):
            return [(decode_encoded_words(name), address) for name, address in pairs]
    except Exception:
        pass
    pairs = getaddresses(["".join(text.splitlines())])
    return [(decode_encoded_words(n), a) for n, a in pairs if a or n]


def _misread(text: str) -> bool:
    return any(char == "\ufffd" or "\udc80" <= char <= "\udcff" for char in text)


def _clean_address(address: str) -> str:
    address = address.strip().strip("<>").strip().lower()
    if (
        "@" not in address
        or len(address) > 254
        or any(c.isspace() or unicodedata.category(c) == "Cc" for c in address)
    ):
        return ""
    return address


def _sender(message: Message, charset: str | None = None) -> tuple[str, str]:
    pairs = _address_list(message, "from", charset)
    if not pairs:
        name, address = parseaddr(_header(message, "from", charset))
        pairs = [(name, address)]
    name, address = pairs[0]
    return " ".join(name.split())[:200], _clean_address(address)


def _recipients(message: Message, charset: str | None = None) -> list[str]:
    seen: list[str] = []
    for header in ("to", "cc"):
        for _, address in _address_list(message, header, charset):
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
    # Shared by a mail and the messages forwarded in it: one list each, in reading order.
    attachments: list[ParsedAttachment] = field(default_factory=list)
    forwarded: list[ForwardedMessage] = field(default_factory=list)


def _texts(collected: _Collected) -> tuple[str, str]:
    """(readable text, HTML source) of the parts collected."""
    plain = "\n\n".join(part for part in collected.texts if part.strip())
    html_source = "\n<hr>\n".join(part for part in collected.htmls if part.strip())
    return (plain if plain.strip() else html_to_text(html_source)), html_source


def _part_bytes(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def _part_text(part: Message, charset: str | None = None) -> str:
    text = decode_body_bytes(_part_bytes(part), part.get_content_charset() or charset)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _collect(
    part: Message,
    out: _Collected,
    *,
    charset: str | None,
    depth: int = 0,
    owner: int | None = None,
) -> None:
    """Gather the texts, HTML, attachments and forwarded messages of a part and its children.

    `charset` is what the enclosing message declares (for raw 8-bit file names); `owner` the
    index of the forwarded message being read, None for the mail itself.
    """
    content_type = part.get_content_type()
    if (
        content_type in FORWARD_TYPES
        and isinstance(part.get_payload(), list)
        and depth < MAX_FORWARD_DEPTH
        and len(out.forwarded) < MAX_FORWARDED_MESSAGES
    ):
        _collect_forwarded(part, out, depth=depth)
        return
    if content_type == "message/rfc822" or (
        part.get_content_maintype() == "message" and part.is_multipart()
    ):
        content = _embedded_bytes(part)
        name = _attachment_name(part, charset) or _embedded_name(part, len(out.attachments) + 1)
        out.attachments.append(ParsedAttachment(name, "message/rfc822", content, owner))
        return
    if part.is_multipart():
        for child in part.get_payload():
            _collect(child, out, charset=charset, depth=depth, owner=owner)
        return
    disposition = part.get_content_disposition()
    filename = _attachment_name(part, charset)
    is_body = disposition != "attachment" and not filename
    if is_body and content_type == "text/html":
        out.htmls.append(_part_text(part, charset))
    elif is_body and (content_type == "text/plain" or part.get_content_maintype() == "multipart"):
        # A multipart whose boundary never appears ends up here as one undivided text.
        out.texts.append(_part_text(part, charset))
    else:
        content = _part_bytes(part)
        name = filename or _default_name(content_type, len(out.attachments) + 1)
        out.attachments.append(ParsedAttachment(name, content_type[:120], content, owner))


def _collect_forwarded(part: Message, out: _Collected, *, depth: int) -> None:
    """Read a message carried inside the mail into out.forwarded; its attachments go with the
    mail's, marked as its own, and the messages it forwards in turn follow it."""
    inner = part.get_payload()[0]
    forwarded = ForwardedMessage(depth=depth + 1)
    index = len(out.forwarded)
    out.forwarded.append(forwarded)
    number, total = _fragment(part)
    if number is not None and number > 1:
        # A later fragment holds no headers, only the continuation of the text.
        collected = _Collected()
        collected.texts.append(decode_body_bytes(_embedded_bytes(part), None).strip())
    else:
        charset = declared_charset(inner)
        forwarded.subject = _header(inner, "subject", charset)[:500]
        forwarded.sender_name, forwarded.sender = _sender(inner, charset)
        forwarded.sent_at = _date(_header(inner, "date"))
        collected = _Collected(attachments=out.attachments, forwarded=out.forwarded)
        _collect(inner, collected, charset=charset, depth=depth + 1, owner=index)
    text, _html = _texts(collected)
    forwarded.text = text[:MAX_FORWARDED_TEXT_CHARS]
    if number is not None and total != 1:
        of_total = f" de {total}" if total else ""
        forwarded.note = (
            f"Parte {number}{of_total} de un mensaje dividido en partes; "
            "las demás llegan en otros correos."
        )


def _fragment(part: Message) -> tuple[int | None, int | None]:
    """(number, total) of a message/partial fragment; (None, None) for anything else."""
    if part.get_content_type() != "message/partial":
        return None, None

    def number(name: str) -> int | None:
        try:
            value = int(str(part.get_param(name) or "").strip())
        except (TypeError, ValueError):
            return None
        return value if 0 < value < 10_000 else None

    return number("number") or 1, number("total")


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
    subject = ""
    if isinstance(inner, list) and inner:
        subject = _header(inner[0], "subject", declared_charset(inner[0]))
    return safe_filename(f"{subject[:100]}.eml") if subject else f"mensaje-reenviado-{number}.eml"


def _attachment_name(part: Message, charset: str | None = None) -> str:
    """The file name a part gives itself (Content-Disposition filename, else Content-Type
    name); raw 8-bit bytes read as UTF-8, else the part's or message's charset, else cp1252."""
    declared = _own_charset(part) or charset
    name = ""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        text = _raw_header_text(part, header, declared)
        if not text:
            continue
        try:
            parsed = part.policy.header_fetch_parse(header, text)
            name = str(getattr(parsed, "params", {}).get(param) or "")
        except Exception:
            name = ""
        if name:
            break
    name = _fix_surrogates(name)
    if "=?" in name:
        name = decode_encoded_words(name)
    return safe_filename(name) if name.strip() else ""


def _own_charset(part: Message) -> str | None:
    try:
        charset = part.get_param("charset")
    except Exception:
        return None
    return charset if isinstance(charset, str) and charset.strip() else None


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
            return _fix_surrogates(decode_encoded_words(str(message.get(name) or "")))

        name, address = parseaddr(read("from"))
        return {
            "subject": " ".join(read("subject").split())[:500],
            "sender": _clean_address(address),
            "sender_name": " ".join(name.split())[:200],
        }
    except Exception:
        return {"subject": "", "sender": "", "sender_name": ""}
