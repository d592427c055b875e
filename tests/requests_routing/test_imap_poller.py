"""The poller against a real IMAP server (Dovecot on loopback, started by conftest.py).

Each test commits for real (transaction=True): what matters is what survives a crash.
"""

from email.message import EmailMessage

import pytest

from requests_routing import imap_poller, inbox
from requests_routing.imap_poller import InboxConnectionError, poll_mailbox
from requests_routing.inbox import ingest_email
from requests_routing.models import InboundEmail, MailboxCursor
from tests.requests_routing.conftest import eml

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]


class SimulatedCrash(Exception):
    """Stands for the worker process being killed mid-poll."""


def numbered(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Ana Perez <ana@bodegas.cl>"
    message["To"] = "omil@municipio.cl"
    message["Subject"] = f"Solicitud {number}"
    message["Message-ID"] = f"<solicitud-{number}@bodegas.cl>"
    message.set_content(f"Texto de la solicitud {number}.")
    return message.as_bytes()


def stored_subjects() -> list[str]:
    return sorted(InboundEmail.objects.values_list("subject", flat=True))


def crash_on_call(monkeypatch, module, name: str, call: int) -> None:
    """Make module.<name> raise SimulatedCrash on its `call`-th call, work normally before."""
    real = getattr(module, name)
    calls = {"count": 0}

    def wrapper(*args, **kwargs):
        calls["count"] += 1
        if calls["count"] == call:
            raise SimulatedCrash(f"killed during call {call} of {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)


def test_appended_messages_are_each_ingested_once(mailbox):
    for number in range(1, 4):
        mailbox.append(numbered(number))

    result = poll_mailbox()

    assert (result.read, result.new, result.duplicates, result.failed) == (3, 3, 0, 0)
    assert stored_subjects() == ["Solicitud 1", "Solicitud 2", "Solicitud 3"]
    assert sorted(InboundEmail.objects.values_list("imap_uid", flat=True)) == mailbox.uids()


def test_a_second_poll_ingests_nothing_new(mailbox):
    for number in range(1, 4):
        mailbox.append(numbered(number))
    poll_mailbox()

    result = poll_mailbox()

    assert (result.read, result.new) == (0, 0)
    assert InboundEmail.objects.count() == 3


def test_a_message_arriving_after_a_poll_is_read_by_the_next_poll(mailbox):
    mailbox.append(numbered(1))
    poll_mailbox()
    mailbox.append(numbered(2))

    result = poll_mailbox()

    assert (result.read, result.new) == (1, 1)
    assert stored_subjects() == ["Solicitud 1", "Solicitud 2"]
    assert MailboxCursor.objects.get(folder="INBOX").last_uid == max(mailbox.uids())


def test_polling_deletes_nothing_and_marks_messages_with_a_keyword_not_as_read(mailbox):
    for number in range(1, 3):
        mailbox.append(numbered(number))

    poll_mailbox()

    assert len(mailbox.uids("ALL")) == 2
    assert mailbox.uids("KEYWORD", imap_poller.PROCESSED_KEYWORD) == mailbox.uids("ALL")
    assert mailbox.uids("UNSEEN") == mailbox.uids("ALL")


def test_a_poller_killed_after_committing_message_3_of_10_ends_with_exactly_10_rows(
    mailbox, monkeypatch
):
    for number in range(1, 11):
        mailbox.append(numbered(number))
    uids = mailbox.uids()
    crash_on_call(monkeypatch, inbox, "ingest_email", call=4)

    with pytest.raises(SimulatedCrash):
        poll_mailbox()
    monkeypatch.undo()

    assert stored_subjects() == ["Solicitud 1", "Solicitud 2", "Solicitud 3"]
    assert MailboxCursor.objects.get(folder="INBOX").last_uid == uids[2]

    result = poll_mailbox()

    assert (result.read, result.new, result.duplicates) == (7, 7, 0)
    assert InboundEmail.objects.count() == 10
    assert len(set(InboundEmail.objects.values_list("message_id", flat=True))) == 10
    assert MailboxCursor.objects.get(folder="INBOX").last_uid == uids[-1]


def test_a_crash_between_the_commit_and_the_server_mark_neither_loses_nor_duplicates(
    mailbox, monkeypatch
):
    mailbox.append(numbered(1))
    crash_on_call(monkeypatch, imap_poller, "_mark_processed", call=1)
    with pytest.raises(SimulatedCrash):
        poll_mailbox()
    monkeypatch.undo()
    assert mailbox.uids("KEYWORD", imap_poller.PROCESSED_KEYWORD) == []

    result = poll_mailbox()

    assert (result.read, result.new) == (0, 0)
    assert InboundEmail.objects.count() == 1
    assert mailbox.uids("KEYWORD", imap_poller.PROCESSED_KEYWORD) == mailbox.uids()


def test_a_message_already_stored_but_not_marked_on_the_server_is_not_duplicated(mailbox):
    stored, _ = ingest_email(raw=numbered(1))  # e.g. imported, or stored before a lost cursor
    mailbox.append(numbered(1))

    result = poll_mailbox()

    assert (result.read, result.new, result.duplicates) == (1, 0, 1)
    assert list(InboundEmail.objects.values_list("pk", flat=True)) == [stored.pk]
    assert mailbox.uids("KEYWORD", imap_poller.PROCESSED_KEYWORD) == mailbox.uids()


def test_a_changed_uidvalidity_rescans_the_folder_without_duplicating(mailbox):
    for number in range(1, 4):
        mailbox.append(numbered(number))
    poll_mailbox()
    MailboxCursor.objects.filter(folder="INBOX").update(uidvalidity=1)

    result = poll_mailbox()

    assert (result.read, result.new, result.duplicates) == (3, 0, 3)
    assert InboundEmail.objects.count() == 3


def test_a_message_that_cannot_be_read_is_kept_as_failed_and_the_poll_goes_on(mailbox):
    mailbox.append(eml("not_an_email.eml"))
    mailbox.append(numbered(2))

    result = poll_mailbox()

    assert (result.read, result.new, result.failed) == (2, 1, 1)
    failed = InboundEmail.objects.get(triage_state=InboundEmail.TriageState.FAILED)
    assert failed.failure_reason.startswith("No es un correo")
    assert bytes(failed.raw).startswith(b"Hola, esto no es un correo.")
    assert stored_subjects() == ["", "Solicitud 2"]


def test_the_corpus_appended_over_imap_is_stored_with_its_attachments(mailbox):
    mailbox.append(eml("mixed_pdf_rfc2231.eml"))

    poll_mailbox()

    email = InboundEmail.objects.get()
    assert email.subject == "Solicitud formal de poda (adjunto)"
    assert list(email.attachments.values_list("filename", flat=True)) == [
        "solicitud poda árboles.pdf"
    ]


def plan_with_blueprints(megabytes: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Ana Perez <ana@bodegas.cl>"
    message["To"] = "omil@municipio.cl"
    message["Subject"] = "Planos de la ampliación de bodega"
    message["Message-ID"] = "<planos-ampliacion@bodegas.cl>"
    message.set_content("Adjunto los planos para el permiso de edificación.")
    message.add_attachment(
        bytes(range(256)) * (megabytes * 4096),
        maintype="application",
        subtype="pdf",
        filename="planos.pdf",
    )
    return message.as_bytes()


def test_a_message_larger_than_the_limit_is_read_only_up_to_it_and_kept_for_triage(
    mailbox, settings
):
    settings.INBOX_MAX_MESSAGE_BYTES = 256 * 1024
    mailbox.append(plan_with_blueprints(megabytes=3))
    mailbox.append(numbered(2))

    result = poll_mailbox()

    assert (result.read, result.new, result.failed) == (2, 2, 0)
    email = InboundEmail.objects.get(subject="Planos de la ampliación de bodega")
    assert len(bytes(email.raw)) == 2 * settings.INBOX_MAX_MESSAGE_BYTES
    assert email.sender == "ana@bodegas.cl"
    assert "Adjunto los planos" in email.text_body
    assert "se guardó solo el comienzo, sin adjuntos" in email.text_body
    assert not email.attachments.exists()
    assert stored_subjects() == ["Planos de la ampliación de bodega", "Solicitud 2"]


def test_a_message_within_the_limit_is_read_whole(mailbox, settings):
    settings.INBOX_MAX_MESSAGE_BYTES = 8 * 1024 * 1024
    raw = plan_with_blueprints(megabytes=3)
    mailbox.append(raw)

    poll_mailbox()

    email = InboundEmail.objects.get()
    assert len(bytes(email.raw)) >= len(raw) - raw.count(b"\n")
    assert list(email.attachments.values_list("filename", flat=True)) == ["planos.pdf"]
    assert "sin adjuntos" not in email.text_body


def test_an_unreachable_server_raises_a_clear_error_and_records_it_on_the_cursor(
    mailbox, settings, unused_port
):
    settings.IMAP_PORT = unused_port

    with pytest.raises(InboxConnectionError, match="No se pudo conectar con el servidor de"):
        poll_mailbox()

    cursor = MailboxCursor.objects.get(folder="INBOX")
    assert cursor.last_error == (
        f"No se pudo conectar con el servidor de correo 127.0.0.1:{unused_port}: rechazó la "
        "conexión (¿servidor o puerto equivocado?)."
    )
    assert cursor.last_polled_at is not None


def test_the_poll_after_an_outage_catches_up_and_clears_the_error(mailbox, settings, unused_port):
    mailbox.append(numbered(1))
    real_port, settings.IMAP_PORT = settings.IMAP_PORT, unused_port
    with pytest.raises(InboxConnectionError):
        poll_mailbox()
    settings.IMAP_PORT = real_port

    result = poll_mailbox()

    assert result.new == 1
    assert MailboxCursor.objects.get(folder="INBOX").last_error == ""


def test_a_wrong_password_gives_a_clear_error(mailbox, settings):
    settings.IMAP_PASSWORD = "otra-clave"

    with pytest.raises(InboxConnectionError, match="rechazó el usuario 'omil'"):
        poll_mailbox()


def test_a_missing_folder_gives_a_clear_error(mailbox):
    with pytest.raises(InboxConnectionError, match="No se pudo abrir la carpeta 'Solicitudes'"):
        poll_mailbox(folder="Solicitudes")
