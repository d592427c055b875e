"""The emailed-requests inbox: store each message once, and read new mail from the IMAP server.

`ingest_email` turns raw bytes into one InboundEmail row (with its attachments, the sender
matched to a contact or company and a suggested category), or returns the row already stored
for the same Message-ID or the same bytes. A message that cannot be read is kept too, in the
'failed' state with the reason, so nothing that reached the mailbox is lost.

`poll_mailbox` reads the folder by UID and never deletes anything on the server. For each
message it commits the row and the folder's cursor in one transaction, and only then marks the
message on the server. A crash at any point therefore loses nothing, and the rerun duplicates
nothing: what was committed is behind the cursor, and the Message-ID check catches the rest.
"""

import contextlib
import hashlib
import imaplib
import logging
import re
import socket
import ssl
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from companies.models import Company, Contact
from requests_routing import attachment_safety, mail, services
from requests_routing.models import (
    EmailAttachment,
    InboundEmail,
    MailboxCursor,
    RequestCategory,
)

logger = logging.getLogger(__name__)

# The IMAP keyword set on a message once its row is committed (invisible in mail clients).
# Servers that refuse custom keywords get \Seen instead.
PROCESSED_KEYWORD = "$OmilIngested"

# Addresses at these domains say nothing about the sender's company.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.cl", "hotmail.es",
        "outlook.com", "outlook.cl", "outlook.es", "live.com", "live.cl", "msn.com",
        "yahoo.com", "yahoo.cl", "yahoo.es", "icloud.com", "me.com", "proton.me",
        "protonmail.com", "vtr.net", "entelchile.net", "terra.cl", "gmx.com", "aol.com",
    }
)  # fmt: skip


# Ingestion -------------------------------------------------------------------------------


def ingest_email(
    *, raw: bytes, imap_uid: int | None = None, imap_uidvalidity: int | None = None
) -> tuple[InboundEmail, bool]:
    """Store one raw message; return (row, created). Never raises because of the message.

    A duplicate (same Message-ID, or same bytes) returns the stored row with created=False.
    Bytes that cannot be read as an email become a row in the 'failed' state with the reason.
    Database and file-storage errors do propagate: the message was not stored and the caller
    must retry it later.
    """
    raw = bytes(raw)
    digest = mail.content_hash(raw)
    parsed, reason = _parse(raw)
    message_id = parsed.message_id if parsed else mail.fallback_message_id(raw)
    existing = _existing(message_id, digest)
    if existing is not None:
        return existing, False
    uid = {"imap_uid": imap_uid, "imap_uidvalidity": imap_uidvalidity if imap_uid else None}
    try:
        email = _store(raw, digest, parsed, reason, **uid)
    except IntegrityError:
        # Another poller stored the same message a moment ago, or (rarely) another folder
        # shares this UIDVALIDITY and UID: then keep the message without its UID.
        existing = _existing(message_id, digest)
        if existing is not None:
            return existing, False
        if imap_uid is None:
            raise
        email = _store(raw, digest, parsed, reason, imap_uid=None, imap_uidvalidity=None)
    except (DatabaseError, OSError):
        raise  # the database or the file storage is unavailable: retry the message later
    except Exception as error:
        # A bug met by this message must not block the mailbox: keep it in the failed list.
        logger.exception("No se pudo guardar el correo %s", message_id)
        reason = f"No se pudo guardar el correo ({type(error).__name__}: {error})."
        email = _store(raw, digest, None, reason, **uid)
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


def _parse(raw: bytes) -> tuple[mail.ParsedEmail | None, str]:
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


def _existing(message_id: str, digest: str) -> InboundEmail | None:
    return (
        InboundEmail.objects.filter(Q(message_id=message_id) | Q(content_hash=digest))
        .order_by("pk")
        .first()
    )


def _text(value: str, limit: int | None = None) -> str:
    # PostgreSQL text cannot hold NUL characters; they carry nothing readable anyway.
    value = (value or "").replace("\x00", "")
    return value[:limit] if limit else value


def _store(
    raw: bytes,
    digest: str,
    parsed: mail.ParsedEmail | None,
    reason: str,
    *,
    imap_uid: int | None,
    imap_uidvalidity: int | None,
) -> InboundEmail:
    saved_files: list[EmailAttachment] = []
    try:
        with transaction.atomic():
            if parsed is None:
                return _store_failed(raw, digest, reason, imap_uid, imap_uidvalidity)
            company, contact = match_sender(parsed.sender)
            email = InboundEmail.objects.create(
                message_id=parsed.message_id,
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
                suggested_category=suggest_category(subject=parsed.subject, text=parsed.text),
            )
            for attachment in parsed.attachments:
                row = EmailAttachment(
                    email=email,
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


def _store_failed(raw, digest, reason, imap_uid, imap_uidvalidity) -> InboundEmail:
    salvaged = mail.salvage_headers(raw)
    return InboundEmail.objects.create(
        message_id=mail.fallback_message_id(raw),
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


def match_sender(address: str) -> tuple[Company | None, Contact | None]:
    """The company (and contact) an address belongs to; (None, None) when unknown or ambiguous.

    An exact contact address wins; then the company's own address; then the address's domain,
    when it is the domain of exactly one company's contacts or email (webmail domains excluded).
    """
    address = (address or "").strip().lower()
    if "@" not in address:
        return None, None
    contacts = list(
        Contact.objects.filter(email__iexact=address)
        .select_related("company")
        .order_by("-is_active", "pk")
    )
    if contacts:
        if len({contact.company_id for contact in contacts}) == 1:
            return contacts[0].company, contacts[0]
        return None, None
    companies = list(Company.objects.filter(email__iexact=address)[:2])
    if len(companies) == 1:
        return companies[0], None
    if companies:
        return None, None
    domain = address.rsplit("@", 1)[1]
    if domain in PUBLIC_MAIL_DOMAINS:
        return None, None
    suffix = f"@{domain}"
    company_ids = set(
        Contact.objects.filter(email__iendswith=suffix).values_list("company_id", flat=True)
    ) | set(Company.objects.filter(email__iendswith=suffix).values_list("pk", flat=True))
    if len(company_ids) == 1:
        return Company.objects.get(pk=company_ids.pop()), None
    return None, None


def _fold(text: str) -> str:
    """Lower case, no accents, single spaces: 'Árboles  Caídos' -> 'arboles caidos'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())


def keyword_hits(category: RequestCategory, *, subject: str, text: str) -> dict[str, int]:
    """How often each of the category's keywords appears in the message (only those found).

    A keyword matches a whole word or phrase, ignoring case and accents, plus up to three more
    letters so 'árbol' also finds 'árboles' and 'poda' finds 'podar'.
    """
    haystack = _fold(f"{subject}\n{text}")
    hits = {}
    for keyword in category.keyword_list:
        folded = _fold(keyword)
        if folded and keyword not in hits:
            found = len(re.findall(rf"\b{re.escape(folded)}\w{{0,3}}\b", haystack))
            if found:
                hits[keyword] = found
    return hits


def suggest_category(*, subject: str, text: str) -> RequestCategory | None:
    """The active category with most distinct keywords in the message; None if none appears.

    Ties go to the category with more occurrences, then to the first by name.
    """
    best, best_score = None, (0, 0)
    for category in RequestCategory.objects.filter(is_active=True).order_by("name"):
        hits = keyword_hits(category, subject=subject, text=text)
        score = (len(hits), sum(hits.values()))
        if score > best_score:
            best, best_score = category, score
    return best


# Polling ---------------------------------------------------------------------------------


class InboxError(Exception):
    """The mailbox could not be read; the message (Spanish) is meant for the staff."""


class InboxNotConfigured(InboxError):
    pass


class InboxConnectionError(InboxError):
    pass


@dataclass
class PollResult:
    folder: str
    read: int = 0
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    new_ids: list[int] = field(default_factory=list)
    failed_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def poll_mailbox(*, folder: str | None = None) -> PollResult:
    """Ingest the messages that arrived in the folder since the last poll.

    Raises InboxNotConfigured without IMAP_HOST and InboxConnectionError when the server
    cannot be reached, refuses the login or drops the connection; the folder's cursor keeps
    the error in `last_error` until a poll succeeds.
    """
    if not settings.IMAP_HOST:
        raise InboxNotConfigured(
            "No hay buzón configurado: defina IMAP_HOST, IMAP_USER e IMAP_PASSWORD."
        )
    folder = folder or settings.IMAP_FOLDER
    cursor, _ = MailboxCursor.objects.get_or_create(folder=folder)
    result = PollResult(folder=folder)
    client = None
    try:
        client = _connect(folder)
        _poll(client, cursor, result)
    except BaseException as error:
        _record_error(cursor, str(error) or type(error).__name__)
        raise
    finally:
        if client is not None:
            _disconnect(client)
    MailboxCursor.objects.filter(pk=cursor.pk).update(last_polled_at=timezone.now(), last_error="")
    cache.delete(_pause_key(folder))  # a poll that worked, scheduled or by hand, ends a pause
    logger.info(
        "Buzón %s: %s leídos, %s nuevos, %s duplicados, %s no se pudieron leer",
        folder,
        result.read,
        result.new,
        result.duplicates,
        result.failed,
    )
    return result


def start_from_now(*, folder: str | None = None) -> int:
    """Put the folder's cursor after the mail already in it, so polls read only newer mail.

    For a first installation on a mailbox with years of history. Nothing is imported or
    marked on the server; returns how many messages were left behind.
    """
    if not settings.IMAP_HOST:
        raise InboxNotConfigured(
            "No hay buzón configurado: defina IMAP_HOST, IMAP_USER e IMAP_PASSWORD."
        )
    folder = folder or settings.IMAP_FOLDER
    cursor, _ = MailboxCursor.objects.get_or_create(folder=folder)
    client = _connect(folder)
    try:
        uidvalidity = _uidvalidity(client)
        uids = _uids_from(client, "ALL")
    finally:
        _disconnect(client)
    cursor.uidvalidity = uidvalidity
    cursor.last_uid = max(uids, default=0)
    cursor.last_polled_at = timezone.now()
    cursor.last_error = ""
    cursor.save()
    return len(uids)


def _record_error(cursor: MailboxCursor, message: str) -> None:
    try:
        MailboxCursor.objects.filter(pk=cursor.pk).update(
            last_polled_at=timezone.now(), last_error=message[:2000]
        )
    except Exception:
        logger.exception("No se pudo registrar el error del buzón")


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _connect(folder: str) -> imaplib.IMAP4:
    host, port = settings.IMAP_HOST, settings.IMAP_PORT
    try:
        if settings.IMAP_USE_TLS:
            client = imaplib.IMAP4_SSL(
                host,
                port,
                ssl_context=ssl.create_default_context(),
                timeout=settings.IMAP_TIMEOUT,
            )
        else:
            client = imaplib.IMAP4(host, port, timeout=settings.IMAP_TIMEOUT)
    except (OSError, imaplib.IMAP4.error) as error:
        raise InboxConnectionError(
            f"No se pudo conectar con el servidor de correo {host}:{port}: {_network(error)}"
        ) from error
    try:
        try:
            client.login(settings.IMAP_USER, settings.IMAP_PASSWORD)
        except imaplib.IMAP4.error as error:
            raise InboxConnectionError(
                f"El servidor de correo {host} rechazó el usuario {settings.IMAP_USER!r}: "
                f"{_said(error)}"
            ) from error
        try:
            status, data = client.select(_quote(folder))
        except (OSError, imaplib.IMAP4.error) as error:
            status, data = "NO", str(error)
        if status != "OK":
            raise InboxConnectionError(
                f"No se pudo abrir la carpeta {folder!r} del buzón: {_said(data)}"
            )
    except BaseException:
        _disconnect(client)
        raise
    return client


def _network(error: BaseException) -> str:
    """A network failure in the staff's words; the technical detail stays in parentheses."""
    if isinstance(error, TimeoutError):
        return f"no respondió en {settings.IMAP_TIMEOUT} segundos."
    if isinstance(error, ConnectionRefusedError):
        return "rechazó la conexión (¿servidor o puerto equivocado?)."
    if isinstance(error, socket.gaierror):
        return f"no se encontró el servidor ({error})."
    if isinstance(error, ssl.SSLError):
        return f"falló la conexión segura (TLS): {error}"
    return _said(error)


def _said(value) -> str:
    """What the server said, as text (imaplib hands over bytes and their repr)."""
    if isinstance(value, Exception) and value.args:
        value = value.args[0]
    if isinstance(value, str) and value.startswith(("b'", 'b"')):
        value = value[2:-1]
    if isinstance(value, list):
        value = b" ".join(item for item in value if isinstance(item, bytes))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _disconnect(client: imaplib.IMAP4) -> None:
    with contextlib.suppress(Exception):
        client.logout()


def _uidvalidity(client: imaplib.IMAP4) -> int:
    _, data = client.response("UIDVALIDITY")
    try:
        return int(data[0])
    except (TypeError, ValueError, IndexError) as error:
        raise InboxConnectionError(
            "El servidor de correo no informó UIDVALIDITY de la carpeta."
        ) from error


def _marks_with_keyword(client: imaplib.IMAP4) -> bool:
    _, data = client.response("PERMANENTFLAGS")
    return bool(data and data[0] and b"\\*" in data[0])


def _uid_command(client: imaplib.IMAP4, command: str, *args: str):
    """One UID command; a dropped or timed-out connection becomes InboxConnectionError."""
    try:
        return client.uid(command, *args)
    except (OSError, imaplib.IMAP4.error) as error:
        raise InboxConnectionError(
            f"Se perdió la conexión con el servidor de correo {settings.IMAP_HOST}: "
            f"{_network(error)}"
        ) from error


def _uids_from(client: imaplib.IMAP4, *criteria: str) -> list[int]:
    status, data = _uid_command(client, "SEARCH", *criteria)
    if status != "OK":
        raise InboxConnectionError(f"El servidor de correo rechazó la búsqueda: {_said(data)}")
    words = b" ".join(d for d in data if isinstance(d, bytes)).split()
    try:
        return sorted(int(uid) for uid in words)
    except ValueError as error:
        raise InboxConnectionError(
            f"El servidor de correo respondió algo ilegible a la búsqueda: {_said(data)[:200]}"
        ) from error


def _fetch(client: imaplib.IMAP4, uid: int) -> bytes | None:
    """The message's bytes, read without setting \\Seen; None if it vanished meanwhile."""
    status, data = _uid_command(client, "FETCH", str(uid), "(BODY.PEEK[])")
    if status != "OK":
        raise InboxConnectionError(
            f"El servidor de correo no entregó el mensaje UID {uid}: {_said(data)}"
        )
    for item in data:
        if isinstance(item, tuple) and b"BODY[]" in item[0].upper():
            return item[1]
    return None


def _mark_processed(client: imaplib.IMAP4, uids: list[int], keyword: bool) -> None:
    """Mark messages as taken by the CRM (never deletes or moves them)."""
    if not uids:
        return
    flag = PROCESSED_KEYWORD if keyword else "\\Seen"
    status, data = _uid_command(
        client, "STORE", ",".join(map(str, uids)), "+FLAGS.SILENT", f"({flag})"
    )
    if status != "OK":
        logger.warning("No se pudo marcar %s en el servidor: %s", uids, _said(data))


def _poll(client: imaplib.IMAP4, cursor: MailboxCursor, result: PollResult) -> None:
    uidvalidity = _uidvalidity(client)
    keyword = _marks_with_keyword(client)
    if cursor.uidvalidity != uidvalidity:
        if cursor.uidvalidity is not None:
            logger.warning(
                "La carpeta %s cambió su UIDVALIDITY (%s → %s): se relee completa; los correos "
                "ya guardados se reconocen por su Message-ID.",
                cursor.folder,
                cursor.uidvalidity,
                uidvalidity,
            )
        cursor.uidvalidity, cursor.last_uid = uidvalidity, 0
        cursor.save(update_fields=["uidvalidity", "last_uid"])
    elif keyword and cursor.last_uid:
        # Behind the cursor everything is stored; mark what a crash left unmarked.
        unmarked = _uids_from(client, "UID", f"1:{cursor.last_uid}", "UNKEYWORD", PROCESSED_KEYWORD)
        _mark_processed(client, [uid for uid in unmarked if uid <= cursor.last_uid], keyword)

    # "n:*" always includes the highest UID, even when it is below n.
    for uid in _uids_from(client, "UID", f"{cursor.last_uid + 1}:*"):
        if uid <= cursor.last_uid:
            continue
        raw = _fetch(client, uid)
        with transaction.atomic():
            if raw is not None:
                email, created = ingest_email(raw=raw, imap_uid=uid, imap_uidvalidity=uidvalidity)
            MailboxCursor.objects.filter(pk=cursor.pk, last_uid__lt=uid).update(last_uid=uid)
        cursor.last_uid = uid
        if raw is None:
            continue
        result.read += 1
        if not created:
            result.duplicates += 1
        elif email.triage_state == InboundEmail.TriageState.FAILED:
            result.failed += 1
            result.failed_ids.append(email.pk)
        else:
            result.new += 1
            result.new_ids.append(email.pk)
        _mark_processed(client, [uid], keyword)


# Scheduled polls and their back-off -------------------------------------------------------

# After n failed scheduled polls in a row, the next ones are skipped for n doublings of the
# poll interval (5, 10, 20, 40 minutes with the default interval), never more than the cap.
BACKOFF_CAP = timedelta(hours=1)
# Beat's runs arrive a little late: a pause ending this close to a scheduled run lets it run.
BACKOFF_SLACK = timedelta(minutes=1)
# Long enough to outlive any pause; the state only matters while failures go on.
BACKOFF_STATE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class PollPause:
    failures: int
    retry_at: datetime
    error: str


def _pause_key(folder: str) -> str:
    """One pause per server, user and folder: pointing the settings elsewhere retries at once."""
    server = f"{settings.IMAP_HOST}:{settings.IMAP_PORT}:{settings.IMAP_USER}:{folder}"
    return "inbox-pause:" + hashlib.sha256(server.encode()).hexdigest()[:32]


def poll_pause(folder: str) -> PollPause | None:
    """The pause that still holds for the folder after failed polls; None when it may run."""
    state = cache.get(_pause_key(folder))
    if not state or timezone.now() >= state["retry_at"]:
        return None
    return PollPause(**state)


def pause_length(failures: int) -> timedelta:
    """How long scheduled polls wait after `failures` failures in a row."""
    interval = timedelta(minutes=settings.INBOX_POLL_MINUTES)
    return min(BACKOFF_CAP, interval * 2 ** min(failures - 1, 10))


def _pause_after_failure(folder: str, started_at: datetime, error: str) -> PollPause:
    previous = cache.get(_pause_key(folder)) or {}
    failures = previous.get("failures", 0) + 1
    retry_at = started_at + pause_length(failures) - BACKOFF_SLACK
    pause = PollPause(failures=failures, retry_at=retry_at, error=error)
    cache.set(_pause_key(folder), asdict(pause), timeout=BACKOFF_STATE_SECONDS)
    return pause


def _at(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}"


def _failures(count: int) -> str:
    return "1 falla" if count == 1 else f"{count} fallas seguidas"


def scheduled_poll(*, folder: str | None = None) -> dict:
    """The beat's poll of the folder; never raises, so a mail server that is down or answers
    nonsense cannot crash the worker.

    A failure is logged and pauses the next scheduled polls (see `pause_length`); the first
    poll after the pause reads everything that arrived meanwhile, and a success ends the
    pause. Returns the poll's counts, or why it was skipped or failed, in Spanish.
    """
    folder = folder or settings.IMAP_FOLDER
    paused = poll_pause(folder)
    if paused is not None:
        return {
            "skipped": f"Lectura en pausa tras {_failures(paused.failures)}; próximo intento "
            f"desde el {_at(paused.retry_at)}. Último error: {paused.error}"
        }
    started_at = timezone.now()
    try:
        result = poll_mailbox(folder=folder)
    except InboxError as error:
        message = str(error)
    except Exception as error:
        # A server answering nonsense can trip the IMAP library itself: log it in full.
        logger.exception("Error inesperado al leer el buzón %s", folder)
        message = f"Error inesperado al leer el buzón ({type(error).__name__}: {error})."
    else:
        return result.as_dict()
    pause = _pause_after_failure(folder, started_at, message)
    logger.warning(
        "No se pudo leer el buzón de solicitudes (%s): %s Próximo intento desde el %s.",
        _failures(pause.failures),
        message,
        _at(pause.retry_at),
    )
    return {"error": f"{message} Próximo intento desde el {_at(pause.retry_at)}."}
