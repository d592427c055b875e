"""Reading new mail from the IMAP server into the inbox, and backing off while it fails.

`poll_mailbox` reads the folder by UID and never deletes anything on the server. For each
message it commits the row and the folder's cursor in one transaction, and only then marks the
message on the server. A crash at any point therefore loses nothing, and the rerun duplicates
nothing: what was committed is behind the cursor, and the fingerprint check (Message-ID,
the headers that make the message and its body) catches the rest.
No message is read past `inbox.fetch_limit()` bytes, however large the server says it is.
"""

import contextlib
import hashlib
import imaplib
import logging
import re
import socket
import ssl
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from requests_routing import inbox
from requests_routing.models import InboundEmail, MailboxCursor

logger = logging.getLogger(__name__)

# The IMAP keyword set on a message once its row is committed (invisible in mail clients).
# Servers that refuse custom keywords get \Seen instead.
PROCESSED_KEYWORD = "$OmilIngested"


class InboxError(Exception):
    """The mailbox could not be read; the message (Spanish) is meant for the staff."""


class InboxNotConfigured(InboxError):
    pass


class InboxConnectionError(InboxError):
    pass


@dataclass(frozen=True)
class FetchedMessage:
    raw: bytes
    full_size: int


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


def _fetch(client: imaplib.IMAP4, uid: int) -> FetchedMessage | None:
    """The message's bytes (at most `inbox.fetch_limit()`), read without setting \\Seen, and its
    full size; None if it vanished meanwhile."""
    status, data = _uid_command(
        client, "FETCH", str(uid), f"(RFC822.SIZE BODY.PEEK[]<0.{inbox.fetch_limit()}>)"
    )
    if status != "OK":
        raise InboxConnectionError(
            f"El servidor de correo no entregó el mensaje UID {uid}: {_said(data)}"
        )
    literal = next(
        (item[1] for item in data if isinstance(item, tuple) and b"BODY[]" in item[0].upper()),
        None,
    )
    if literal is None:
        return None
    # The size may be reported before or after the literal, depending on the server.
    lines = b" ".join(item[0] if isinstance(item, tuple) else item for item in data if item)
    size = re.search(rb"RFC822\.SIZE (\d+)", lines)
    return FetchedMessage(
        raw=literal, full_size=max(int(size.group(1)) if size else 0, len(literal))
    )


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
                "ya guardados se reconocen por su huella.",
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
        fetched = _fetch(client, uid)
        with transaction.atomic():
            if fetched is not None:
                email, created = inbox.ingest_email(
                    raw=fetched.raw,
                    imap_uid=uid,
                    imap_uidvalidity=uidvalidity,
                    full_size=fetched.full_size,
                )
            MailboxCursor.objects.filter(pk=cursor.pk, last_uid__lt=uid).update(last_uid=uid)
        cursor.last_uid = uid
        if fetched is None:
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
