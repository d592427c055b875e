"""Two different messages with the same Message-ID (a company's web form gives every message
the same one) are both kept; the same message delivered again is still recognised, through
import_eml and through the IMAP poller alike."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from requests_routing.imap_poller import poll_mailbox
from requests_routing.inbox import ingest_email
from requests_routing.models import InboundEmail
from tests.requests_routing.conftest import EML_DIR, eml

SHARED_ID = "<formulario@portal-transportes-nandu.cl>"
BERMA = "reused_message_id_berma.eml"
VACANTE = "reused_message_id_vacante.eml"
BERMA_AGAIN = "reused_message_id_berma_redelivered.eml"


def import_files(capsys, *names) -> list[str]:
    call_command("import_eml", *(str(EML_DIR / name) for name in names))
    return capsys.readouterr().out.splitlines()


def subjects() -> list[str]:
    return sorted(InboundEmail.objects.values_list("subject", flat=True))


# import_eml ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
class TestImportEml:
    def test_it_keeps_two_different_messages_sharing_a_message_id(self, capsys):
        lines = import_files(capsys, BERMA, VACANTE)

        assert all("nuevo" in line for line in lines)
        assert subjects() == [
            "Formulario de contacto: camiones estacionados en la berma",
            "Formulario de contacto: postulación a vacante de bodeguero",
        ]
        assert set(InboundEmail.objects.values_list("message_id", flat=True)) == {SHARED_ID}

    def test_it_recognises_the_same_message_relayed_with_other_trace_headers(self, capsys):
        import_files(capsys, BERMA)
        stored = InboundEmail.objects.get()

        lines = import_files(capsys, BERMA_AGAIN)

        assert lines == [f"{EML_DIR / BERMA_AGAIN}: ya estaba (correo n.° {stored.pk})"]
        assert InboundEmail.objects.count() == 1

    def test_it_keeps_a_message_that_differs_only_in_its_text(self, capsys, tmp_path):
        import_files(capsys, BERMA)
        corrected = tmp_path / "corregido.eml"
        corrected.write_bytes(eml(BERMA).replace(b"El Quisco", b"Las Gaviotas"))

        call_command("import_eml", str(corrected))

        assert "nuevo" in capsys.readouterr().out
        assert InboundEmail.objects.count() == 2

    def test_a_redelivery_among_them_adds_nothing(self, capsys):
        import_files(capsys, BERMA, VACANTE, BERMA_AGAIN)

        assert InboundEmail.objects.filter(message_id=SHARED_ID).count() == 2


# The IMAP poller -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("media_root")
class TestImapPoller:
    def test_it_keeps_both_messages_and_counts_the_redelivery_as_a_duplicate(self, mailbox):
        for name in (BERMA, VACANTE, BERMA_AGAIN):
            mailbox.append(eml(name))

        result = poll_mailbox()

        assert (result.read, result.new, result.duplicates, result.failed) == (3, 2, 1, 0)
        assert len(subjects()) == 2

    def test_a_message_read_from_the_mailbox_is_already_there_for_import_eml(self, mailbox, capsys):
        mailbox.append(eml(BERMA))
        poll_mailbox()
        stored = InboundEmail.objects.get()

        lines = import_files(capsys, BERMA)

        assert lines == [f"{EML_DIR / BERMA}: ya estaba (correo n.° {stored.pk})"]

    def test_an_imported_message_is_a_duplicate_for_the_poller(self, mailbox, capsys):
        import_files(capsys, VACANTE)
        mailbox.append(eml(VACANTE))

        result = poll_mailbox()

        assert (result.read, result.new, result.duplicates) == (1, 0, 1)
        assert InboundEmail.objects.count() == 1


# Mail stored before the fingerprint ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("media_root")
def test_mail_stored_before_gets_its_fingerprint_and_is_recognised_on_reimport(capsys):
    upgrade = importlib.import_module("requests_routing.migrations.0010_email_fingerprint_fill")
    older = InboundEmail.objects.create(
        message_id=SHARED_ID, content_hash="antes", raw=eml(BERMA), subject="Camiones en la berma"
    )

    upgrade.fill_fingerprints(apps, None)

    older.refresh_from_db()
    reference, _ = ingest_email(raw=eml(VACANTE))
    assert len(older.fingerprint) == 64 and older.fingerprint != reference.fingerprint
    lines = import_files(capsys, BERMA_AGAIN)
    assert lines == [f"{EML_DIR / BERMA_AGAIN}: ya estaba (correo n.° {older.pk})"]
