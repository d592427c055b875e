"""Request emails: the subject and the plain-text part carry what people typed literally
(they are not HTML), the HTML part escapes it, and a subject is always one header line."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact
from requests_routing.services import (
    service_request_change_status,
    service_request_create,
    service_request_route,
)

pytestmark = pytest.mark.django_db

COMPANY = "Pérez & Hijos <Ltda>"
SUBJECT = "Poda <b>urgente</b> & retiro de ramas"
DESCRIPTION = "Las ramas tocan el cable <i>del poste</i> & el letrero."


@pytest.fixture
def perez(park, gestora):
    company = Company.objects.create(
        rut="77123456-1", legal_name=COMPANY, park=park, owner=gestora, email="contacto@perez.cl"
    )
    Contact.objects.create(company=company, name="Rosa Pérez & Cía", email="rosa@perez.cl")
    return company


@pytest.fixture
def routed(perez, pruning, administrativa, django_capture_on_commit_callbacks):
    request = service_request_create(
        company=perez,
        contact=perez.contacts.get(),
        category=pruning,
        subject=SUBJECT,
        description=DESCRIPTION,
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(hours=2),
    )
    with django_capture_on_commit_callbacks(execute=True):
        return service_request_route(request=request, actor=administrativa)


def sent_to(address: str):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def test_the_department_reads_the_company_and_subject_as_typed(routed):
    message = sent_to("aseo@example.cl")

    assert COMPANY in message.subject
    assert SUBJECT in message.subject
    assert f"Empresa: {COMPANY}" in message.body
    assert f"Asunto: {SUBJECT}" in message.body
    assert DESCRIPTION in message.body
    for escaped in ("&amp;", "&lt;", "&gt;"):
        assert escaped not in message.subject and escaped not in message.body


def test_the_html_part_escapes_what_was_typed(routed):
    html = html_of(sent_to("aseo@example.cl"))

    assert "Pérez &amp; Hijos &lt;Ltda&gt;" in html
    assert "Poda &lt;b&gt;urgente&lt;/b&gt; &amp; retiro de ramas" in html
    assert "<b>urgente</b>" not in html and "<i>del poste</i>" not in html


def test_the_company_reads_its_acknowledgement_and_resolution_as_typed(
    routed, administrativa, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        service_request_change_status(
            request=routed,
            status="resolved",
            actor=administrativa,
            note="Poda <b>hecha</b> & ramas retiradas",
        )

    acknowledgement, resolution, survey = [m for m in mail.outbox if m.to == ["rosa@perez.cl"]]
    for message in (resolution, survey):
        assert "Poda <b>hecha</b> & ramas retiradas" in message.body
        assert "Poda &lt;b&gt;hecha&lt;/b&gt; &amp; ramas retiradas" in html_of(message)
    for message in (acknowledgement, resolution, survey):
        assert SUBJECT in message.subject
        assert f"«{SUBJECT}»" in message.body
        assert "Rosa Pérez & Cía" in message.body
        assert "&amp;" not in message.body and "&lt;" not in message.subject
        assert "Poda &lt;b&gt;urgente&lt;/b&gt; &amp;" in html_of(message)


def test_line_breaks_typed_in_a_subject_never_reach_an_email_header(
    client, administrativa, perez, pruning, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)
    client.post(
        reverse("requests_routing:request_create") + f"?empresa={perez.pk}",
        {
            "category": pruning.pk,
            "channel": "phone",
            "subject": "Poda urgente\r\nBcc: todos@municipio.cl\u2028X-Prioridad: 1",
        },
    )
    request = perez.service_requests.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("requests_routing:request_change_status", args=[request.pk]),
            {"status": "routed"},
        )

    assert response.status_code == 302
    acknowledgement = sent_to("contacto@perez.cl")  # no contact chosen: the company's address
    assert acknowledgement.subject.endswith("Poda urgente Bcc: todos@municipio.cl X-Prioridad: 1")
    headers = acknowledgement.message().as_bytes().split(b"\n\n", 1)[0]
    assert b"\nBcc:" not in headers and b"\nX-Prioridad" not in headers
