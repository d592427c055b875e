"""The mail server is down or answers nonsense: the poller logs it, pauses, and catches up.

Faults injected: the IMAP port closed (connection refused); a server answering bytes that
are not IMAP; a server that logs in and opens the folder, then answers the search with
nonsense. What is lost: nothing; the first poll after the server is back reads every message
that waited in the mailbox, each once.

The scheduled runs are the beat's, every 5 minutes, with the clock moved by time-machine.
"""

import logging
from datetime import datetime, timedelta
from email.message import EmailMessage

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

import omil_crm.reminders.jobs  # noqa: F401  (records the runs the Encargado sees)
from omil_crm.models import PeriodicJobRun
from requests_routing.imap_poller import PROCESSED_KEYWORD
from requests_routing.models import InboundEmail, MailboxCursor
from requests_routing.tasks import poll_inbox
from tests.faults.conftest import real_worker, wait_until
from tests.faults.imap_faults import BABBLE, FORWARD, GARBAGE, FaultyImapServer

POLL = "requests_routing.tasks.poll_inbox"
EVERY_5_MINUTES = timedelta(minutes=5)


@pytest.fixture
def faulty(settings):
    """The poller's settings point at a misbehaving server, closed to begin with."""
    server = FaultyImapServer(backend=("127.0.0.1", 0))
    settings.IMAP_HOST, settings.IMAP_PORT = "127.0.0.1", server.port
    settings.IMAP_USER, settings.IMAP_PASSWORD = "omil", "clave-imap-de-prueba"
    settings.IMAP_FOLDER, settings.IMAP_USE_TLS, settings.IMAP_TIMEOUT = "INBOX", False, 5
    settings.INBOX_POLL_MINUTES = 5
    yield server
    server.dispose()


def numbered(number: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Ana Perez <ana@bodegas.cl>"
    message["To"] = "omil@municipio.cl"
    message["Subject"] = f"Solicitud {number}"
    message["Message-ID"] = f"<espera-{number}@bodegas.cl>"
    message.set_content(f"Texto de la solicitud {number}.")
    return message.as_bytes()


def scheduled_run(server: FaultyImapServer) -> tuple[bool, dict]:
    """One run of the beat's poll task; (did it reach the server?, what it returned)."""
    before = server.connections
    result = poll_inbox.apply().get()
    return server.connections > before, result


def start() -> datetime:
    return timezone.make_aware(datetime(2026, 6, 10, 9, 0))


@pytest.mark.django_db
def test_failed_polls_pause_the_next_runs_longer_each_time_up_to_an_hour(faulty):
    faulty.open(GARBAGE)
    attempted_at = []
    with time_machine.travel(start(), tick=False) as clock:
        for minute in range(0, 200, 5):
            reached, result = scheduled_run(faulty)
            if reached:
                attempted_at.append(minute)
                assert result["error"].startswith("No se pudo conectar con el servidor de correo")
            else:
                assert result["skipped"].startswith("Lectura en pausa tras")
            clock.shift(EVERY_5_MINUTES)

    # Pauses of 5, 10, 20 and 40 minutes, then the cap of one hour.
    assert attempted_at == [0, 5, 15, 35, 75, 135, 195]


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_after_the_server_comes_back_the_next_run_reads_every_waiting_message_once(
    mailbox, faulty, settings, client, encargado, caplog
):
    caplog.set_level(logging.WARNING)
    faulty.backend = (mailbox.host, mailbox.port)
    settings.IMAP_PORT = faulty.port  # the mailbox fixture pointed it at Dovecot itself
    for number in (1, 2, 3):
        mailbox.append(numbered(number))

    with time_machine.travel(start(), tick=False) as clock:
        client.force_login(encargado)  # inside the travel, so the session is not expired
        reached, result = scheduled_run(faulty)  # closed port
        assert result["error"].startswith(
            f"No se pudo conectar con el servidor de correo 127.0.0.1:{faulty.port}: rechazó "
            "la conexión"
        )
        assert "Próximo intento desde el 10-06-2026 09:04" in result["error"]
        assert "No se pudo leer el buzón de solicitudes (1 falla)" in caplog.text
        assert MailboxCursor.objects.get(folder="INBOX").last_error.startswith(
            "No se pudo conectar"
        )
        page = client.get(reverse("periodic_jobs")).content.decode()
        assert "rechazó la conexión" in page

        clock.shift(EVERY_5_MINUTES)
        faulty.open(GARBAGE)
        reached, result = scheduled_run(faulty)
        assert reached and "error" in result

        clock.shift(EVERY_5_MINUTES)
        reached, result = scheduled_run(faulty)
        assert not reached
        assert result["skipped"].startswith("Lectura en pausa tras 2 fallas seguidas")

        clock.shift(EVERY_5_MINUTES)
        faulty.mode = BABBLE
        reached, result = scheduled_run(faulty)
        assert reached
        assert "respondió algo ilegible a la búsqueda" in result["error"]
        assert "respondió algo ilegible" in client.get(reverse("periodic_jobs")).content.decode()
        assert InboundEmail.objects.count() == 0

        # The server is back (at the same address); one more message arrives meanwhile.
        faulty.mode = FORWARD
        mailbox.append(numbered(4))
        clock.shift(EVERY_5_MINUTES)
        reached, result = scheduled_run(faulty)
        assert not reached  # the pause after the third failure lasts 20 minutes

        clock.shift(3 * EVERY_5_MINUTES)
        reached, result = scheduled_run(faulty)
        assert reached
        assert (result["read"], result["new"], result["duplicates"]) == (4, 4, 0)

        clock.shift(EVERY_5_MINUTES)
        reached, result = scheduled_run(faulty)
        assert reached  # no pause after a success
        assert (result["read"], result["new"]) == (0, 0)
        assert "new: 0" in client.get(reverse("periodic_jobs")).content.decode()

    subjects = sorted(InboundEmail.objects.values_list("subject", flat=True))
    assert subjects == ["Solicitud 1", "Solicitud 2", "Solicitud 3", "Solicitud 4"]
    assert mailbox.uids("UNKEYWORD", PROCESSED_KEYWORD) == []
    assert MailboxCursor.objects.get(folder="INBOX").last_error == ""
    run = PeriodicJobRun.objects.get(task_name=POLL)
    assert (run.runs, run.last_succeeded) == (7, True)


@pytest.mark.real_broker
@pytest.mark.django_db(transaction=True)
def test_a_server_talking_nonsense_does_not_stop_the_worker(broker, postgres, faulty):
    faulty.open(BABBLE)

    with real_worker():
        poll_inbox.delay()
        poll_inbox.delay()

        def both_done():
            run = PeriodicJobRun.objects.filter(task_name=POLL).first()
            return run is not None and run.runs == 2 and run.last_finished_at is not None

        wait_until(both_done, what="el worker terminó las dos lecturas del buzón")

    run = PeriodicJobRun.objects.get(task_name=POLL)
    # The worker carried on: both polls ended, the one that met the nonsense is shown to the
    # Encargado as failed, the second one skipped the pause.
    assert (run.failures, run.last_succeeded) == (1, True)
    assert run.last_result.startswith("skipped: Lectura en pausa tras 1 falla;")
    assert "respondió algo ilegible" in run.last_result
    assert faulty.connections == 1
