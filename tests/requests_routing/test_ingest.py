"""Storing emailed requests: once per message, with attachments, sender and category guesses."""

from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from companies.models import Company, Contact
from requests_routing import inbox
from requests_routing.inbox import ingest_email
from requests_routing.models import Department, EmailAttachment, InboundEmail, RequestCategory
from requests_routing.services import service_request_create
from requests_routing.tasks import poll_inbox
from requests_routing.triage_hints import keyword_hits, match_sender
from tests.requests_routing.conftest import EML_DIR, eml

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def message(
    *, sender="Ana Perez <ana@bodegas.cl>", subject="Consulta", body="Hola.", message_id=None
) -> bytes:
    built = EmailMessage()
    built["From"] = sender
    built["To"] = "omil@municipio.cl"
    built["Subject"] = subject
    if message_id:
        built["Message-ID"] = message_id
    built.set_content(body)
    return built.as_bytes()


@pytest.fixture
def lighting(db):
    department = Department.objects.create(name="Alumbrado Público", email="luz@example.cl")
    return RequestCategory.objects.create(
        name="Luminaria apagada", department=department, keywords="luminaria, alumbrado, luz"
    )


# Storing and deduplicating ---------------------------------------------------------------


def test_a_new_message_is_stored_with_its_raw_bytes_and_parsed_fields():
    raw = eml("qp_latin1.eml")

    email, created = ingest_email(raw=raw)

    email.refresh_from_db()
    assert created is True
    assert bytes(email.raw) == raw
    assert email.message_id == "<qp-latin1-0004@metalurgica-sur.cl>"
    assert email.subject == "Iluminación Pasaje Ñandú"
    assert (email.sender, email.sender_name) == ("jmunoz@metalurgica-sur.cl", "José Muñoz")
    assert "la iluminación del pasaje Ñandú" in email.text_body
    assert email.triage_state == InboundEmail.TriageState.NEW
    assert email.failure_reason == ""


def test_the_same_message_id_twice_returns_the_stored_row_and_adds_nothing():
    first, _ = ingest_email(raw=eml("plain_utf8.eml"))
    resent = eml("plain_utf8.eml").replace(b"Return-Path", b"X-Resent-Path")

    again, created = ingest_email(raw=resent)

    assert created is False
    assert again.pk == first.pk
    assert InboundEmail.objects.count() == 1


def test_the_same_bytes_without_message_id_are_stored_once_by_their_content_hash():
    first, _ = ingest_email(raw=eml("no_message_id.eml"))

    again, created = ingest_email(raw=eml("no_message_id.eml"))

    assert (created, again.pk) == (False, first.pk)
    assert first.message_id.endswith("@omil.local>")
    assert InboundEmail.objects.count() == 1


def test_two_different_messages_without_message_id_are_both_kept():
    ingest_email(raw=message(body="Primero."))

    _, created = ingest_email(raw=message(body="Segundo."))

    assert created is True
    assert InboundEmail.objects.count() == 2


def test_stored_html_is_sanitised():
    email, _ = ingest_email(raw=eml("html_only_malicious.eml"))

    email.refresh_from_db()
    assert "<script" not in email.html_body
    assert "onclick" not in email.html_body and "onerror" not in email.html_body
    assert "javascript:" not in email.html_body
    assert "tracker.example" not in email.html_body
    assert email.text_body.startswith("Aviso de corte")


def test_nul_characters_are_dropped_from_the_stored_text():
    email, _ = ingest_email(raw=message(body="antes\x00despues", message_id="<nul@x.cl>"))

    email.refresh_from_db()
    assert email.text_body == "antesdespues"


def test_a_reply_carrying_only_a_request_reference_waits_for_triage_with_it_suggested(
    company, pruning, administrativa
):
    request = service_request_create(
        company=company,
        category=pruning,
        subject="Poda de árboles",
        channel="email",
        created_by=administrativa,
    )
    raw = message(subject=f"RE: [{request.reference}] Poda", message_id="<re-1@bodegas.cl>")

    email, created = ingest_email(raw=raw)

    assert created is True
    assert (email.triage_state, email.service_request, email.suggested_request) == (
        InboundEmail.TriageState.NEW,
        None,
        request,
    )
    assert not request.events.filter(email=email).exists()


def test_a_message_answering_no_request_waits_for_triage(company, pruning, administrativa):
    email, _ = ingest_email(raw=eml("reply.eml"))  # SOL-2026-00042 does not exist

    assert (email.triage_state, email.service_request) == (InboundEmail.TriageState.NEW, None)


# Attachments -----------------------------------------------------------------------------


def test_attachments_are_stored_as_files_under_the_email_folder(media_root):
    email, _ = ingest_email(raw=eml("mixed_pdf_rfc2231.eml"))

    [attachment] = email.attachments.all()
    assert attachment.filename == "solicitud poda árboles.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == 69
    assert attachment.file.name.startswith(f"inbox/{email.pk}/")
    stored = Path(media_root) / attachment.file.name
    assert stored.read_bytes().startswith(b"%PDF-1.4")


def test_attachment_with_a_path_in_its_name_is_stored_inside_the_email_folder(media_root):
    email, _ = ingest_email(raw=eml("evil_names.eml"))

    stored = sorted(email.attachments.values_list("filename", "file"))
    assert [name for name, _ in stored] == ["evil.exe", "passwd"]
    for _, path in stored:
        assert path.startswith(f"inbox/{email.pk}/") and ".." not in path
        resolved = (Path(media_root) / path).resolve()
        assert resolved.is_relative_to(Path(media_root).resolve() / "inbox")


def test_attachment_over_the_size_limit_is_not_stored_and_is_noted(settings):
    settings.INBOX_MAX_ATTACHMENT_BYTES = 1024
    built = EmailMessage()
    built["From"] = "ana@bodegas.cl"
    built["Message-ID"] = "<big@bodegas.cl>"
    built.set_content("Adjunto el plano.")
    built.add_attachment(b"x" * 5000, maintype="application", subtype="pdf", filename="p.pdf")

    email, _ = ingest_email(raw=built.as_bytes())

    assert EmailAttachment.objects.count() == 0
    assert "[Adjunto omitido por tamaño: p.pdf (5 KB)]" in email.text_body


# Failed messages -------------------------------------------------------------------------


def test_bytes_that_are_not_an_email_are_kept_as_failed_with_the_reason_and_raw_bytes():
    raw = eml("not_an_email.eml")

    email, created = ingest_email(raw=raw)

    email.refresh_from_db()
    assert created is True
    assert email.triage_state == InboundEmail.TriageState.FAILED
    assert email.failure_reason.startswith("No es un correo")
    assert bytes(email.raw) == raw
    assert email.message_id.endswith("@omil.local>")


def test_a_failed_message_is_not_stored_twice():
    first, _ = ingest_email(raw=eml("not_an_email.eml"))

    again, created = ingest_email(raw=eml("not_an_email.eml"))

    assert (created, again.pk) == (False, first.pk)


def test_a_message_the_parser_chokes_on_is_kept_as_failed_instead_of_raising(monkeypatch):
    def broken_parser(raw, **limits):
        raise LookupError("unknown encoding: x-martian")

    monkeypatch.setattr(inbox.mail, "parse_message", broken_parser)

    email, created = ingest_email(raw=eml("plain_utf8.eml"))

    assert created is True
    assert email.triage_state == InboundEmail.TriageState.FAILED
    assert "LookupError: unknown encoding: x-martian" in email.failure_reason
    assert email.subject == "Poda de arboles en calle Los Aromos"  # salvaged for the list


# Sender matching -------------------------------------------------------------------------


def test_sender_with_a_contact_address_matches_the_contact_and_its_company(contact):
    email, _ = ingest_email(raw=eml("plain_utf8.eml"))  # From: Ana@Bodegas.cl

    assert email.matched_contact == contact
    assert email.matched_company == contact.company


def test_sender_at_the_domain_of_a_company_contact_matches_only_the_company(contact):
    email, _ = ingest_email(raw=message(sender="Gerente <gerente@bodegas.cl>"))

    assert email.matched_contact is None
    assert email.matched_company == contact.company


def test_sender_equal_to_the_company_address_matches_the_company(company):
    company.email = "contacto@bodegas-prueba.cl"
    company.save()

    email, _ = ingest_email(raw=message(sender="contacto@bodegas-prueba.cl"))

    assert (email.matched_company, email.matched_contact) == (company, None)


def test_sender_at_a_webmail_domain_matches_no_company(company):
    Contact.objects.create(company=company, name="Juan", email="juan.bodegas@gmail.com")

    assert match_sender("otra.persona@gmail.com") == (None, None)


def test_a_domain_shared_by_two_companies_matches_neither(contact, park):
    other = Company.objects.create(legal_name="Otra SpA", park=park)
    Contact.objects.create(company=other, name="Luis", email="luis@bodegas.cl")

    assert match_sender("nuevo@bodegas.cl") == (None, None)


def test_an_unknown_sender_matches_nothing(contact):
    email, _ = ingest_email(raw=eml("windows1252.eml"))

    assert (email.matched_company, email.matched_contact) == (None, None)


# Category suggestion ---------------------------------------------------------------------


def test_the_category_with_most_keywords_is_suggested_ignoring_case_and_accents(pruning, lighting):
    email, _ = ingest_email(raw=eml("plain_utf8.eml"))  # "poda", "ARBOLES" without accent

    assert email.suggested_category == pruning


def test_lighting_keywords_suggest_the_lighting_category(pruning, lighting):
    email, _ = ingest_email(raw=eml("alternative.eml"))

    assert email.suggested_category == lighting


def test_keyword_hits_say_which_keywords_matched_and_how_often(pruning):
    hits = keyword_hits(pruning, subject="PODA de Árboles", text="un arbol, dos árboles")

    assert hits == {"poda": 1, "árbol": 3}


def test_an_inactive_category_is_not_suggested(pruning):
    pruning.is_active = False
    pruning.save()

    email, _ = ingest_email(raw=eml("plain_utf8.eml"))

    assert email.suggested_category is None


def test_no_category_is_suggested_when_no_keyword_appears(pruning, lighting):
    email, _ = ingest_email(raw=eml("no_message_id.eml"))

    assert email.suggested_category is None


# import_eml ------------------------------------------------------------------------------


def test_import_eml_reports_a_new_message(capsys):
    call_command("import_eml", str(EML_DIR / "reply.eml"))

    out = capsys.readouterr().out
    assert "reply.eml: nuevo (correo n.° " in out
    assert "RE: [SOL-2026-00042] Poda de arboles" in out
    assert InboundEmail.objects.count() == 1


def test_import_eml_reports_a_message_it_already_had(capsys):
    call_command("import_eml", str(EML_DIR / "reply.eml"))

    call_command("import_eml", str(EML_DIR / "reply.eml"))

    assert "reply.eml: ya estaba" in capsys.readouterr().out
    assert InboundEmail.objects.count() == 1


def test_import_eml_reports_a_file_it_could_not_read_and_keeps_it_as_failed(capsys):
    call_command("import_eml", str(EML_DIR / "not_an_email.eml"))

    assert "not_an_email.eml: no se pudo leer: No es un correo" in capsys.readouterr().out
    assert InboundEmail.objects.get().triage_state == InboundEmail.TriageState.FAILED


def test_import_eml_imports_the_other_files_and_fails_when_a_file_is_missing(tmp_path, capsys):
    with pytest.raises(CommandError, match="1 de 2 archivos no se pudo abrir"):
        call_command("import_eml", str(tmp_path / "no-existe.eml"), str(EML_DIR / "reply.eml"))

    assert "no-existe.eml: no se pudo abrir: no existe" in capsys.readouterr().err
    assert InboundEmail.objects.count() == 1


# fetch_inbox and the Celery task ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fetch_inbox_prints_how_many_messages_were_read_new_duplicated_and_failed(mailbox, capsys):
    ingest_email(raw=eml("reply.eml"))
    for name in ("plain_utf8.eml", "reply.eml", "not_an_email.eml"):
        mailbox.append(eml(name))

    call_command("fetch_inbox")

    out = capsys.readouterr().out
    assert "Buzón INBOX: 3 correos leídos, 1 nuevo, 1 ya estaba, 1 no se pudo leer." in out
    assert "No se pudo leer el correo n.° " in out and "No es un correo" in out


@pytest.mark.django_db(transaction=True)
def test_fetch_inbox_from_now_leaves_the_existing_mail_and_reads_only_what_arrives(mailbox, capsys):
    mailbox.append(eml("plain_utf8.eml"))
    mailbox.append(eml("reply.eml"))
    call_command("fetch_inbox", "--desde-ahora")
    assert "se dejaron sin importar 2 correos existentes" in capsys.readouterr().out
    mailbox.append(eml("alternative.eml"))

    call_command("fetch_inbox")

    assert "1 correo leído, 1 nuevo" in capsys.readouterr().out
    assert list(InboundEmail.objects.values_list("subject", flat=True)) == [
        "Luminaria apagada en Avenida Industrial"
    ]


@pytest.mark.django_db(transaction=True)
def test_fetch_inbox_exits_with_a_spanish_message_when_the_server_cannot_be_reached(
    settings, unused_port
):
    settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_USE_TLS = "127.0.0.1", unused_port, False

    with pytest.raises(CommandError, match=r"No se pudo conectar con el servidor de correo"):
        call_command("fetch_inbox")


def test_fetch_inbox_without_a_configured_mailbox_says_so(settings):
    settings.IMAP_HOST = ""

    with pytest.raises(CommandError, match="No hay buzón configurado"):
        call_command("fetch_inbox")


def test_the_poll_task_does_nothing_without_a_configured_mailbox(settings):
    settings.IMAP_HOST = ""

    assert poll_inbox.apply().get() == {"skipped": "Sin buzón configurado (IMAP_HOST vacío)."}


@pytest.mark.django_db(transaction=True)
def test_the_poll_task_returns_the_error_instead_of_raising_when_the_server_is_down(
    settings, unused_port
):
    settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_USE_TLS = "127.0.0.1", unused_port, False

    result = poll_inbox.apply().get()

    assert result["error"].startswith("No se pudo conectar con el servidor de correo 127.0.0.1")


@pytest.mark.django_db(transaction=True)
def test_the_poll_task_returns_the_counts_of_a_poll(mailbox):
    mailbox.append(eml("alternative.eml"))

    result = poll_inbox.apply().get()

    assert (result["read"], result["new"], result["duplicates"], result["failed"]) == (1, 1, 0, 0)
