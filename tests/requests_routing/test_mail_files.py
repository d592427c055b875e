"""Mail files as people save them: Notepad's byte-order mark and blank lines, the obsolete
`Subject :` form, and Outlook .msg files, imported with import_eml."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from requests_routing.inbox import ingest_email
from requests_routing.mail import content_hash
from requests_routing.mail_files import OLE_SIGNATURE, fingerprint, tidy
from requests_routing.models import InboundEmail
from tests.requests_routing.conftest import EML_DIR, eml
from tests.requests_routing.outlook_files import outlook_message

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def import_file(path, capsys) -> str:
    call_command("import_eml", str(path))
    return capsys.readouterr().out


def pruning_request_msg(**changes) -> bytes:
    fields = {
        "subject": "Poda de árboles en calle Ñuñoa",
        "body": "Estimados:\nSolicitamos la poda de los aromos del acceso norte.\nJosé Muñoz",
        "sender_name": "José Muñoz",
        "sender_address": "jmunoz@metalurgica-sur.cl",
        "to": (("OMIL Concón", "omil@municipio.cl"),),
        "sent_at": datetime(2026, 6, 3, 13, 15, tzinfo=UTC),
        "message_id": "<poda-aromos-1@metalurgica-sur.cl>",
        "attachments": (("Cotización poda 2026.pdf", "application/pdf", b"%PDF-1.4 poda"),),
    }
    return outlook_message(**(fields | changes))


# Files saved from Notepad ----------------------------------------------------------------


def test_it_imports_an_eml_with_a_byte_order_mark_and_blank_lines_as_a_mail(capsys):
    out = import_file(EML_DIR / "notepad_bom_blank_lines.eml", capsys)

    email = InboundEmail.objects.get()
    assert "nuevo" in out and "Retiro de ramas caídas en calle Los Boldos" in out
    assert email.triage_state == InboundEmail.TriageState.NEW
    assert (email.sender, email.sender_name) == ("crojas@envases-gulmue.cl", "Carolina Rojas")
    assert "ramas caídas frente al portón 3" in email.text_body


def test_it_keeps_the_file_exactly_as_it_was_saved():
    email, _ = ingest_email(raw=eml("notepad_bom_blank_lines.eml"))

    email.refresh_from_db()
    assert bytes(email.raw) == eml("notepad_bom_blank_lines.eml")


def test_it_imports_a_file_notepad_saved_as_unicode(capsys, tmp_path):
    path = tmp_path / "luminaria.eml"
    text = eml("notepad_bom_blank_lines.eml").decode("utf-8-sig")
    path.write_bytes(text.encode("utf-16"))  # Notepad's «Unicode»: UTF-16 with its mark

    out = import_file(path, capsys)

    assert "nuevo" in out
    assert InboundEmail.objects.get().subject == "Retiro de ramas caídas en calle Los Boldos"


def test_it_recognises_a_notepad_copy_of_a_message_already_stored(tmp_path, capsys):
    original, _ = ingest_email(raw=eml("notepad_bom_blank_lines.eml").removeprefix(b"\xef\xbb\xbf"))
    copy = tmp_path / "copia.eml"
    copy.write_bytes(eml("notepad_bom_blank_lines.eml"))

    out = import_file(copy, capsys)

    assert f"ya estaba (correo n.° {original.pk})" in out
    assert InboundEmail.objects.count() == 1


def test_it_accepts_the_obsolete_subject_form_with_a_blank_before_the_colon(capsys):
    out = import_file(EML_DIR / "obsolete_subject_colon.eml", capsys)

    email = InboundEmail.objects.get()
    assert "nuevo" in out
    assert email.subject == "Reductor de velocidad frente a la maestranza"
    assert email.sent_at == datetime(2026, 6, 5, 20, 5, tzinfo=UTC)
    assert email.text_body.startswith("Estimada OMIL:")


# Outlook .msg ----------------------------------------------------------------------------


def test_it_reads_an_outlook_msg_with_its_sender_subject_text_and_attachment(tmp_path, capsys):
    path = tmp_path / "poda.msg"
    path.write_bytes(pruning_request_msg())

    out = import_file(path, capsys)

    email = InboundEmail.objects.get()
    assert "nuevo" in out and "Poda de árboles en calle Ñuñoa" in out
    assert (email.sender, email.sender_name) == ("jmunoz@metalurgica-sur.cl", "José Muñoz")
    assert email.to == "omil@municipio.cl"
    assert email.message_id == "<poda-aromos-1@metalurgica-sur.cl>"
    assert email.sent_at == datetime(2026, 6, 3, 13, 15, tzinfo=UTC)
    assert "Solicitamos la poda de los aromos" in email.text_body
    attachment = email.attachments.get()
    assert (attachment.filename, attachment.content_type) == (
        "Cotización poda 2026.pdf",
        "application/pdf",
    )
    assert attachment.file.read() == b"%PDF-1.4 poda"


def test_it_keeps_an_outlook_msg_as_an_eml_that_mail_programs_open():
    email, _ = ingest_email(raw=pruning_request_msg())

    email.refresh_from_db()
    assert bytes(email.raw).startswith(b"Subject: ")
    assert b"Message-ID: <poda-aromos-1@metalurgica-sur.cl>" in bytes(email.raw)


def test_it_takes_the_internet_headers_outlook_kept(tmp_path, capsys):
    headers = (
        "Received: from mx.bodegas.cl by mx.municipio.cl\r\n"
        'From: "Ana Pérez" <ana@bodegas-quintero.cl>\r\n'
        "To: omil@municipio.cl\r\n"
        "Date: Tue, 02 Jun 2026 10:00:00 -0400\r\n"
        "Message-ID: <luminaria-14@bodegas-quintero.cl>\r\n"
        "Subject: Luminaria apagada\r\n"
    )
    path = tmp_path / "luminaria.msg"
    path.write_bytes(
        outlook_message(
            subject="Luminaria apagada", body="El poste 14 no enciende.", transport_headers=headers
        )
    )

    import_file(path, capsys)

    email = InboundEmail.objects.get()
    assert (email.sender, email.sender_name) == ("ana@bodegas-quintero.cl", "Ana Pérez")
    assert email.message_id == "<luminaria-14@bodegas-quintero.cl>"
    assert email.sent_at == datetime(2026, 6, 2, 14, 0, tzinfo=UTC)


def test_importing_the_same_msg_again_says_it_was_already_there(tmp_path, capsys):
    path = tmp_path / "poda.msg"
    path.write_bytes(pruning_request_msg())
    import_file(path, capsys)

    out = import_file(path, capsys)

    assert "ya estaba" in out
    assert InboundEmail.objects.count() == 1


def test_an_unreadable_msg_is_kept_as_failed_asking_to_save_it_as_eml(tmp_path, capsys):
    path = tmp_path / "dañado.msg"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 1024)

    out = import_file(path, capsys)

    email = InboundEmail.objects.get()
    assert email.triage_state == InboundEmail.TriageState.FAILED
    assert "guárdelo como .eml" in email.failure_reason
    assert "no se pudo leer" in out and "guárdelo como .eml" in out
    assert bytes(email.raw) == path.read_bytes()


# Files the inbox could not read before -----------------------------------------------------


def test_a_notepad_file_kept_as_unreadable_before_is_read_when_imported_again(capsys):
    raw = eml("notepad_bom_blank_lines.eml")
    before = InboundEmail.objects.create(
        message_id="<notepad-antes@omil.local>",
        fingerprint=fingerprint(tidy(raw)),
        content_hash=content_hash(raw),
        raw=raw,
        triage_state=InboundEmail.TriageState.FAILED,
        failure_reason="No es un correo: no tiene encabezados reconocibles.",
    )

    out = import_file(EML_DIR / "notepad_bom_blank_lines.eml", capsys)

    assert "nuevo" in out
    read = InboundEmail.objects.exclude(pk=before.pk).get()
    assert read.subject == "Retiro de ramas caídas en calle Los Boldos"
    assert read.triage_state == InboundEmail.TriageState.NEW


def test_a_file_still_unreadable_is_not_kept_twice(tmp_path, capsys):
    path = tmp_path / "dañado.msg"
    path.write_bytes(OLE_SIGNATURE + b"\x00" * 1024)
    import_file(path, capsys)

    out = import_file(path, capsys)

    assert "ya estaba" in out
    assert InboundEmail.objects.count() == 1
