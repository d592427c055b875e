"""Mail as people save it, and what makes one message different from another.

Before the parser (`requests_routing.mail`) reads a message, `read_mail` turns the bytes of a
file or of the mailbox into an RFC 5322 message: a UTF-8 or UTF-16 byte-order mark and the
blank lines Notepad leaves at the top are dropped, the obsolete `Subject :` header form (a
space before the colon) is written as `Subject:`, and an Outlook `.msg` is converted with
extract-msg into a MIME message with its text, HTML and attachments.

`fingerprint` is the key the inbox deduplicates on: the Message-ID together with the headers
that make the message itself and its body. It is computed from the bytes without MIME parsing,
so a known message is recognised before the costly part of reading it. Relays add trace
headers and change line endings; those do not change the fingerprint.

`too_deeply_nested` tells, from a cheap scan, a message whose MIME parts nest so deep that
reading them would take unbounded time.
"""

import contextlib
import hashlib
import mimetypes
import re
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime, formataddr

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Headers that say which message this is; trace headers (Received, Return-Path, X-…) and the
# server's flags are left out, since a re-delivery of the same message changes those.
IDENTITY_HEADERS = (
    "message-id",
    "date",
    "from",
    "sender",
    "to",
    "cc",
    "subject",
    "in-reply-to",
    "references",
    "content-type",
    "content-transfer-encoding",
)
FINGERPRINT_VERSION = b"omil-fingerprint-1"

# A message declaring more multipart or message/* containers than this is not read part by
# part: the standard parser's cost grows with the nesting depth times the size.
MAX_MIME_CONTAINERS = 250
# Outlook messages attached to an Outlook message, converted this many levels deep at most.
MAX_MSG_DEPTH = 5

OUTLOOK_UNREADABLE = (
    "Es un archivo de Outlook (.msg) que no se pudo leer{detail}: ábralo en Outlook, "
    "guárdelo como .eml (Archivo › Guardar como) e impórtelo de nuevo."
)

_HEADER_END = re.compile(rb"\r?\n\r?\n")
_LEADING_BLANK_LINES = re.compile(rb"\A(?:[ \t]*\r?\n)+")
# "Subject : …" (RFC 822's obsolete form allows blanks before the colon).
_SPACED_COLON = re.compile(rb"(?m)^([!-9;-~]+)[ \t]+:")
_CONTAINER = re.compile(rb"(?im)^content-type:[ \t]*(?:\r?\n[ \t]+)?(?:multipart|message)/")


class OutlookMessageError(ValueError):
    """An Outlook .msg that cannot be converted; the message (Spanish) says what to do."""


def is_outlook(raw: bytes) -> bool:
    return raw.startswith(OLE_SIGNATURE)


def read_mail(raw: bytes) -> bytes:
    """The bytes of an RFC 5322 message the parser can read, from a file as people save it.

    Raises OutlookMessageError for an Outlook file extract-msg cannot read.
    """
    if is_outlook(raw):
        return outlook_to_rfc822(raw)
    return tidy(raw)


def tidy(raw: bytes) -> bytes:
    """Drop a byte-order mark and leading blank lines; write `Name :` headers as `Name:`."""
    if raw.startswith(UTF16_BOMS):
        with contextlib.suppress(UnicodeDecodeError):
            raw = raw.decode("utf-16").encode("utf-8")
    if raw.startswith(UTF8_BOM):
        raw = raw[len(UTF8_BOM) :]
    raw = _LEADING_BLANK_LINES.sub(b"", raw, count=1)
    head, separator, body = _split(raw)
    if _SPACED_COLON.search(head):
        raw = _SPACED_COLON.sub(rb"\1:", head) + separator + body
    return raw


def _split(raw: bytes) -> tuple[bytes, bytes, bytes]:
    end = _HEADER_END.search(raw)
    if end is None:
        return raw, b"", b""
    return raw[: end.start()], raw[end.start() : end.end()], raw[end.end() :]


def fingerprint(raw: bytes) -> str:
    """The Message-ID, the headers that make the message and its body, hashed (SHA-256 hex).

    `raw` is what `read_mail` returned. Header names are compared without case, values with
    their blanks collapsed; the body with its line endings and trailing blanks normalised.
    """
    head, _, body = _split(raw)
    values: dict[str, list[bytes]] = {}
    for name, value in _header_fields(head):
        if name in IDENTITY_HEADERS:
            values.setdefault(name, []).append(b" ".join(value.split()))
    digest = hashlib.sha256(FINGERPRINT_VERSION)
    for name in IDENTITY_HEADERS:
        for value in values.get(name, []):
            digest.update(b"\n" + name.encode() + b":" + value)
    digest.update(b"\n\n")
    lines = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    digest.update(b"\n".join(line.rstrip(b" \t") for line in lines).rstrip(b"\n"))
    return digest.hexdigest()


def _header_fields(head: bytes):
    """(lower-case name, unfolded value) of each header line; lines that are no header are
    skipped, as the parser does."""
    name, value = None, b""
    for line in head.replace(b"\r\n", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t") and name is not None:
            value += b" " + line.strip()
            continue
        if name is not None:
            yield name, value
            name = None
        field, colon, rest = line.partition(b":")
        if colon and field and b" " not in field.strip():
            name, value = field.strip().lower().decode("ascii", "replace"), rest.strip()
    if name is not None:
        yield name, value


def too_deeply_nested(raw: bytes) -> bool:
    """More multipart or message/* containers than any real message has (see the limit)."""
    for count, _ in enumerate(_CONTAINER.finditer(raw), start=1):
        if count > MAX_MIME_CONTAINERS:
            return True
    return False


def headers_only(raw: bytes) -> bytes:
    """The message's own headers without its MIME structure, and an empty body."""
    head, _, _ = _split(raw)
    kept, skipping = [], False
    for line in head.replace(b"\r\n", b"\n").split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        name = line.partition(b":")[0].strip().lower()
        skipping = name.startswith(b"content-") or name == b"mime-version"
        if not skipping:
            kept.append(line)
    return b"\r\n".join(kept) + b"\r\n\r\n"


# Outlook .msg ------------------------------------------------------------------------------


def outlook_to_rfc822(raw: bytes) -> bytes:
    """An Outlook .msg as a MIME message: headers, text, HTML and attachments.

    The same .msg always gives the same bytes (boundaries are derived from its content), so
    a re-imported file is recognised as the message already stored.
    """
    import extract_msg  # imported here: only .msg files need it, and it is slow to import

    try:
        outlook = extract_msg.openMsg(raw, delayAttachments=False)
    except Exception as error:
        raise OutlookMessageError(OUTLOOK_UNREADABLE.format(detail="")) from error
    try:
        converted = _convert(outlook, depth=0)
        seed = hashlib.sha256(raw).hexdigest()[:24]
        for number, part in enumerate(converted.walk()):
            if part.is_multipart() and part.get_content_maintype() == "multipart":
                part.set_boundary(f"omil-msg-{seed}-{number}")
        return converted.as_bytes(policy=policy.default)
    except OutlookMessageError:
        raise
    except Exception as error:
        raise OutlookMessageError(OUTLOOK_UNREADABLE.format(detail="")) from error
    finally:
        outlook.close()


def _convert(outlook, *, depth: int) -> EmailMessage:
    subject = _read(outlook, "subject")
    text = _read(outlook, "body")
    html = _html(outlook)
    if not (subject or text or html or _read(outlook, "sender")):
        kind = type(outlook).__name__
        raise OutlookMessageError(
            OUTLOOK_UNREADABLE.format(detail=f" (no es un correo, sino un elemento «{kind}»)")
        )
    message = EmailMessage()
    for name, value in _headers(outlook, subject).items():
        try:
            message[name] = value
        except Exception:
            continue  # a header Outlook stored malformed: the others still make the message
    message.set_content(text or "")
    if html:
        message.add_alternative(html, subtype="html")
    for attachment in _read(outlook, "attachments") or []:
        _attach(message, attachment, depth)
    return message


def _read(outlook, name: str):
    try:
        return getattr(outlook, name)
    except Exception:
        return None


def _html(outlook) -> str:
    """The message's own HTML body; none when extract-msg would only make one from the text."""
    rtf = _read(outlook, "deencapsulatedRtf") if outlook.exists("__substg1.0_10090102") else None
    if not outlook.exists("__substg1.0_10130102") and getattr(rtf, "content_type", "") != "html":
        return ""
    data = _read(outlook, "htmlBody")
    if not data:
        return ""
    if isinstance(data, str):
        return data
    from requests_routing.mail import decode_bytes

    return decode_bytes(data, getattr(outlook, "_htmlEncoding", None))


def _headers(outlook, subject: str | None) -> dict[str, str]:
    """The identity headers from the transport headers Outlook kept, else from its fields."""
    headers: dict[str, str] = {}
    text = _read(outlook, "headerText") or ""
    if text.startswith("Microsoft Mail Internet Headers Version 2.0"):
        text = text[43:].lstrip()
    if text:
        kept = HeaderParser(policy=policy.compat32).parsestr(text)
        for name in ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References"):
            value = kept.get(name)
            if value:
                headers[name] = " ".join(str(value).split())
    if subject:
        headers["Subject"] = " ".join(subject.split())
    if "From" not in headers:
        headers["From"] = _sender(outlook)
    for name, kind in (("To", 1), ("Cc", 2)):
        if name not in headers:
            headers[name] = _recipients(outlook, kind)
    if "Date" not in headers and _read(outlook, "date"):
        headers["Date"] = format_datetime(outlook.date)
    if "Message-ID" not in headers and _read(outlook, "messageId"):
        headers["Message-ID"] = outlook.messageId
    if "In-Reply-To" not in headers and _read(outlook, "inReplyTo"):
        headers["In-Reply-To"] = outlook.inReplyTo
    return {name: value for name, value in headers.items() if value}


def _string(outlook, stream: str) -> str:
    try:
        return outlook.getStringStream(stream) or ""
    except Exception:
        return ""


def _sender(outlook) -> str:
    name = _string(outlook, "__substg1.0_0C1A") or _string(outlook, "__substg1.0_0042")
    address = ""
    for stream in ("__substg1.0_5D01", "__substg1.0_0C1F", "__substg1.0_0065"):
        candidate = _string(outlook, stream)
        if "@" in candidate:
            address = candidate
            break
    return formataddr((name, address)) if address else name


def _recipients(outlook, kind: int) -> str:
    found = []
    for recipient in _read(outlook, "recipients") or []:
        try:
            if int(recipient.type) != kind:
                continue
            address = recipient.email or ""
            if "@" in address:
                found.append(formataddr((recipient.name or "", address)))
        except Exception:
            continue
    return ", ".join(found)


def _attach(message: EmailMessage, attachment, depth: int) -> None:
    data = _read(attachment, "data")
    if data is None:
        return
    name = _read(attachment, "getFilename")
    try:
        filename = name() if callable(name) else ""
    except Exception:
        filename = ""
    if isinstance(data, bytes):
        mime = _read(attachment, "mimetype") or mimetypes.guess_type(filename)[0]
        maintype, _, subtype = (mime or "application/octet-stream").partition("/")
        message.add_attachment(
            data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename
        )
    elif depth < MAX_MSG_DEPTH and hasattr(data, "attachments"):
        message.add_attachment(_convert(data, depth=depth + 1))
