"""The emailed-requests inbox: store each message once.

`ingest_email` turns raw bytes into one InboundEmail row (with its attachments, the sender
matched to a contact or company and a suggested category), or returns the row already stored
for the same bytes or the same message (its fingerprint: Message-ID, the headers that make the
message and its body; see `requests_routing.mail_files`). A message that cannot be read is
kept too, in the 'failed' state with the reason, so nothing that reached the mailbox is lost.

Reading the IMAP server is `requests_routing.imap_poller`; the hints stored for triage (the
sender's company, a suggested category) are worked out in `requests_routing.triage_hints`.
"""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q

from requests_routing import attachment_safety, mail, mail_files, services
from requests_routing.models import (
    EmailAttachment,
    ForwardedEmail,
    InboundEmail,
)
from requests_routing.triage_hints import (
    match_sender_or_forwarded,
    quoted_senders,
    suggest_category,
)

logger = logging.getLogger(__name__)


# Ingestion -------------------------------------------------------------------------------


def ingest_email(
    *,
    raw: bytes,
    imap_uid: int | None = None,
    imap_uidvalidity: int | None = None,
    full_size: int | None = None,
) -> tuple[InboundEmail, bool]:
    """Store one raw message; return (row, created). Never raises because of the message.

    `full_size` larger than `raw` says only the beginning of a too-large message was read: it
    is kept for triage (sender, subject, the start of the text) without attachments, which
    would be cut.
    A duplicate (the same bytes, or the same message relayed again: same fingerprint) returns
    the stored row with created=False, found before the message is parsed. Two different
    messages that share a Message-ID are both kept. A message stored as unreadable is parsed
    again, and stored anew if it can be read now.
    Bytes that cannot be read as an email become a row in the 'failed' state with the reason.
    Database and file-storage errors do propagate: the message was not stored and the caller
    must retry it later.
    """
    raw = bytes(raw)
    digest = mail.content_hash(raw)
    # A message already stored is recognised before it is parsed: by its bytes, or as the same
    # message relayed again (its fingerprint needs no MIME parsing). An Outlook file is looked
    # up by its bytes before the conversion, its costly part.
    # A message kept as unreadable is read again: what could not be read before (a Notepad
    # file, an Outlook file) may be readable now.
    if mail_files.is_outlook(raw):
        existing = _existing(Q(content_hash=digest))
        if existing is not None and existing.triage_state != InboundEmail.TriageState.FAILED:
            return existing, False
    readable, reason = _readable(raw)
    identity = mail_files.fingerprint(readable)
    existing = _existing(Q(content_hash=digest) | Q(fingerprint=identity))
    if existing is not None and existing.triage_state != InboundEmail.TriageState.FAILED:
        return existing, False
    parsed, reason = _parse(readable) if not reason else (None, reason)
    if existing is not None and parsed is None:
        return existing, False  # still unreadable: it is in the failed list already
    if parsed is not None and full_size and full_size > len(raw):
        _keep_only_the_beginning(parsed, full_size)
    message_id = parsed.message_id if parsed else mail.fallback_message_id(raw)
    # An Outlook file is kept as the message converted from it, which mail programs open.
    kept = readable if parsed is not None and mail_files.is_outlook(raw) else raw
    stored = {"raw": kept, "digest": digest, "identity": identity}
    uid = {"imap_uid": imap_uid, "imap_uidvalidity": imap_uidvalidity if imap_uid else None}
    try:
        email = _store(**stored, parsed=parsed, reason=reason, **uid)
    except IntegrityError:
        # Another poller stored the same message a moment ago, or (rarely) another folder
        # shares this UIDVALIDITY and UID: then keep the message without its UID.
        existing = _existing(Q(fingerprint=identity))
        if existing is not None:
            return existing, False
        if imap_uid is None:
            raise
        email = _store(**stored, parsed=parsed, reason=reason, imap_uid=None, imap_uidvalidity=None)
    except (DatabaseError, OSError):
        raise  # the database or the file storage is unavailable: retry the message later
    except Exception as error:
        # A bug met by this message must not block the mailbox: keep it in the failed list.
        logger.exception("No se pudo guardar el correo %s", message_id)
        reason = f"No se pudo guardar el correo ({type(error).__name__}: {error})."
        email = _store(raw=raw, digest=digest, identity=identity, parsed=None, reason=reason, **uid)
    if email.triage_state == InboundEmail.TriageState.FAILED:
        logger.warning("Correo %s no se pudo leer: %s", email.pk, email.failure_reason)
    else:
        _thread(email)
    return email, True


def _thread(email: InboundEmail) -> None:
    """Join a reply to the request it answers (thread_trust decides); if that fails the email
    waits for triage."""
    try:
        with transaction.atomic():
            services.thread_inbound_email(email)
    except Exception:
        logger.exception("No se pudo unir el correo %s a su solicitud", email.pk)
    email.refresh_from_db()


def _keep_only_the_beginning(parsed: mail.ParsedEmail, full_size: int) -> None:
    for attachment in parsed.attachments:
        parsed.skipped_attachments.append((attachment.filename, attachment.size))
    parsed.attachments = []
    note = (
        f"[Correo de {mail.size_label(full_size)}, más de lo que el sistema lee "
        f"({mail.size_label(fetch_limit())}): se guardó solo el comienzo, sin adjuntos. "
        "Ábralo completo en el buzón de correo.]"
    )
    parsed.text = "\n\n".join(filter(None, [parsed.text, note]))


def _readable(raw: bytes) -> tuple[bytes, str]:
    """The message the parser reads (see mail_files.read_mail), or the raw bytes and why an
    Outlook file could not be converted."""
    try:
        return mail_files.read_mail(raw), ""
    except mail_files.OutlookMessageError as error:
        return raw, str(error)


def _parse(raw: bytes) -> tuple[mail.ParsedEmail | None, str]:
    if mail_files.too_deeply_nested(raw):
        return _parse_headers_only(raw)
    try:
        parsed = mail.parse_message(
            raw,
            max_attachment_bytes=settings.INBOX_MAX_ATTACHMENT_BYTES,
            max_message_bytes=settings.INBOX_MAX_MESSAGE_BYTES,
        )
    except mail.MessageParseError as error:
        return None, str(error)
    except Exception as error:
        # A message the parser does not cope with must not block the mailbox: keep it.
        logger.exception("Error inesperado al leer un correo")
        return None, f"Error inesperado al leer el correo ({type(error).__name__}: {error})."
    return parsed, ""


def _parse_headers_only(raw: bytes) -> tuple[mail.ParsedEmail | None, str]:
    """Sender, subject and date of a message whose parts nest too deep to be read in bounded
    time; its text says so, and the original stays available to download."""
    parsed, reason = _parse(mail_files.headers_only(raw))
    if parsed is not None:
        parsed.text = (
            f"[El correo tiene más de {mail_files.MAX_MIME_CONTAINERS} partes anidadas, más "
            "de lo que el sistema lee: no se leyó su contenido ni sus adjuntos. Descargue el "
            "original o ábralo en el buzón de correo.]"
        )
    return parsed, reason


def _existing(key: Q) -> InboundEmail | None:
    return InboundEmail.objects.filter(key).order_by("pk").first()


def _text(value: str, limit: int | None = None) -> str:
    # PostgreSQL text cannot hold NUL characters; they carry nothing readable anyway.
    value = (value or "").replace("\x00", "")
    return value[:limit] if limit else value


def _store(
    *,
    raw: bytes,
    digest: str,
    identity: str,
    parsed: mail.ParsedEmail | None,
    reason: str,
    imap_uid: int | None,
    imap_uidvalidity: int | None,
) -> InboundEmail:
    saved_files: list[EmailAttachment] = []
    try:
        with transaction.atomic():
            if parsed is None:
                return _store_failed(raw, digest, identity, reason, imap_uid, imap_uidvalidity)
            forwarded_senders = [forwarded.sender for forwarded in parsed.forwarded]
            forwarded_senders += quoted_senders(parsed.text)
            company, contact, by_forward = match_sender_or_forwarded(
                parsed.sender, forwarded_senders
            )
            email = InboundEmail.objects.create(
                message_id=parsed.message_id,
                fingerprint=identity,
                content_hash=digest,
                sender=_text(parsed.sender, 254),
                sender_name=_text(parsed.sender_name, 200),
                to=_text(parsed.to),
                subject=_text(parsed.subject, 500),
                in_reply_to=_text(parsed.in_reply_to, 998),
                references=_text(parsed.references),
                sent_at=parsed.sent_at,
                text_body=_text(parsed.text),
                html_body=_text(parsed.html),
                raw=raw,
                imap_uid=imap_uid,
                imap_uidvalidity=imap_uidvalidity,
                matched_company=company,
                matched_contact=contact,
                matched_by_forward=by_forward,
                suggested_category=suggest_category(
                    subject=parsed.subject, text=_text_with_forwarded(parsed)
                ),
            )
            forwarded_rows = _store_forwarded(email, parsed)
            for attachment in parsed.attachments:
                row = EmailAttachment(
                    email=email,
                    forwarded=(
                        None
                        if attachment.forwarded is None
                        else forwarded_rows[attachment.forwarded]
                    ),
                    filename=_text(attachment.filename, 255),
                    content_type=_text(attachment.content_type, 120),
                    size=attachment.size,
                    danger=attachment_safety.classify(
                        filename=attachment.filename,
                        content_type=attachment.content_type,
                        content=attachment.content,
                    ),
                )
                row.file.save(attachment.filename, ContentFile(attachment.content), save=False)
                saved_files.append(row)
                row.save()
            return email
    except BaseException:
        for row in saved_files:
            row.file.delete(save=False)
        raise


def _text_with_forwarded(parsed: mail.ParsedEmail) -> str:
    """The mail's words and those of the messages forwarded in it, for the category."""
    pieces = [parsed.text]
    pieces += [f"{forwarded.subject}\n{forwarded.text}" for forwarded in parsed.forwarded]
    return "\n\n".join(pieces)


def _store_forwarded(email: InboundEmail, parsed: mail.ParsedEmail) -> list[ForwardedEmail]:
    rows = [
        ForwardedEmail(
            email=email,
            position=position,
            depth=forwarded.depth,
            sender=_text(forwarded.sender, 254),
            sender_name=_text(forwarded.sender_name, 200),
            subject=_text(forwarded.subject, 500),
            sent_at=forwarded.sent_at,
            text_body=_text(forwarded.text),
            note=_text(forwarded.note, 200),
        )
        for position, forwarded in enumerate(parsed.forwarded)
    ]
    # Values come truncated to their fields; bulk_create sets the primary keys (PostgreSQL
    # and SQLite) that the attachments point to.
    return ForwardedEmail.objects.bulk_create(rows)


def _store_failed(raw, digest, identity, reason, imap_uid, imap_uidvalidity) -> InboundEmail:
    salvaged = mail.salvage_headers(mail_files.tidy(raw))
    return InboundEmail.objects.create(
        message_id=mail.fallback_message_id(raw),
        fingerprint=identity,
        content_hash=digest,
        sender=_text(salvaged["sender"], 254),
        sender_name=_text(salvaged["sender_name"], 200),
        subject=_text(salvaged["subject"], 500),
        raw=raw,
        imap_uid=imap_uid,
        imap_uidvalidity=imap_uidvalidity,
        triage_state=InboundEmail.TriageState.FAILED,
        failure_reason=_text(reason) or "No se pudo leer el correo.",
    )


def fetch_limit() -> int:
    """The most bytes read of one message: what the inbox keeps, plus base64's third and the
    text around it. A larger message is read up to here and kept without its attachments."""
    return 2 * settings.INBOX_MAX_MESSAGE_BYTES
