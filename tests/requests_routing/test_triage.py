"""The Administrativa's morning: each new email becomes a request, joins one, or is set aside."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest
from requests_routing.services import (
    service_request_create,
    service_request_route,
    thread_inbound_email,
)
from requests_routing.thread_trust import decide

State = InboundEmail.TriageState


def new_email(**fields):
    defaults = {
        "message_id": f"<{InboundEmail.objects.count() + 1}@empresa.cl>",
        "content_hash": "h",
        "raw": b"raw",
        "sender": "ana@bodegas.cl",
        "subject": "Poda urgente en el acceso",
        "text_body": "Las ramas del árbol tocan el cable.",
        "sent_at": timezone.now() - timedelta(hours=2),
    }
    defaults.update(fields)
    return InboundEmail.objects.create(**defaults)


@pytest.fixture
def email(company, contact, pruning):
    return new_email(matched_company=company, matched_contact=contact, suggested_category=pruning)


@pytest.mark.django_db
def test_the_queue_shows_new_emails_with_what_was_recognised(client, administrativa, email):
    new_email(subject="Publicidad", sender="ventas@spam.example")
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:inbox")).content.decode()

    assert "Poda urgente en el acceso" in html
    assert "Bodegas de Prueba SpA" in html
    assert "Poda de árboles" in html
    assert "Remitente desconocido" in html


@pytest.mark.django_db
def test_the_reviewed_and_unreadable_tabs_say_what_became_of_each_email(
    client, administrativa, company, pruning
):
    request = service_request_create(
        company=company, category=pruning, subject="Poda", channel="email",
        created_by=administrativa,
    )  # fmt: skip
    new_email(subject="Poda del acceso", triage_state=State.REQUEST_CREATED,
              service_request=request, triaged_at=timezone.now())  # fmt: skip
    new_email(subject="Oferta de rodillos", triage_state=State.NOT_A_REQUEST,
              triage_note="Publicidad <masiva>", triaged_at=timezone.now())  # fmt: skip
    new_email(subject="Ilegible", triage_state=State.FAILED, failure_reason="Sin cuerpo legible")
    client.force_login(administrativa)
    inbox = reverse("requests_routing:inbox")

    reviewed = client.get(inbox, {"ver": "revisados"}).content.decode()
    unreadable = client.get(inbox, {"ver": "fallidos"}).content.decode()

    link = reverse("requests_routing:request_detail", args=[request.pk])
    assert f'<a href="{link}">{request.reference}</a>' in reviewed
    assert ">Solicitud creada</span>" in reviewed
    assert ">No es solicitud: Publicidad &lt;masiva&gt;</span>" in reviewed
    assert "Ilegible" not in reviewed
    assert ">Sin cuerpo legible</span>" in unreadable


@pytest.mark.django_db
def test_the_email_page_prefills_the_request_and_names_the_keywords(client, administrativa, email):
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    assert "(por: poda, árbol)" in html
    assert 'value="Poda urgente en el acceso"' in html
    assert f'<option value="{email.matched_company_id}" selected>' in html


@pytest.mark.django_db
def test_it_creates_a_request_from_an_email(
    client, administrativa, email, company, contact, pruning
):
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:email_detail", args=[email.pk]),
        {
            "company": company.pk,
            "contact": contact.pk,
            "category": pruning.pk,
            "subject": "Poda en el acceso",
            "description": "Ramas sobre el cable",
            "place": "Acceso",
        },
    )

    request = ServiceRequest.objects.get()
    assert response["Location"] == reverse("requests_routing:request_detail", args=[request.pk])
    assert (request.channel, request.owner, request.contact) == ("email", administrativa, contact)
    assert request.received_at == email.sent_at
    email.refresh_from_db()
    assert (email.triage_state, email.service_request) == (State.REQUEST_CREATED, request)
    assert request.events.filter(kind=RequestEvent.Kind.EMAIL_RECEIVED, email=email).exists()


@pytest.mark.django_db
def test_a_contact_of_another_company_is_refused_and_nothing_changes(
    client, administrativa, email, pruning, park
):
    from companies.models import Company

    other = Company.objects.create(legal_name="Otra SpA", park=park)
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:email_detail", args=[email.pk]),
        {
            "company": other.pk,
            "contact": email.matched_contact_id,
            "category": pruning.pk,
            "subject": "Poda",
        },
    )

    assert response.status_code == 200
    assert not ServiceRequest.objects.exists()
    email.refresh_from_db()
    assert email.triage_state == State.NEW


@pytest.mark.django_db
def test_an_email_already_triaged_is_not_turned_into_a_second_request(
    client, administrativa, email, company, pruning
):
    client.force_login(administrativa)
    data = {"company": company.pk, "category": pruning.pk, "subject": "Poda"}
    url = reverse("requests_routing:email_detail", args=[email.pk])
    client.post(url, data)

    response = client.post(url, data, follow=True)

    assert "ya fue revisado" in response.content.decode()
    assert ServiceRequest.objects.count() == 1


@pytest.mark.django_db
def test_it_attaches_an_email_to_an_existing_request(
    client, administrativa, email, company, pruning
):
    existing = service_request_create(
        company=company,
        category=pruning,
        subject="Poda",
        channel="phone",
        created_by=administrativa,
    )
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": existing.reference.lower()},
    )

    email.refresh_from_db()
    assert (email.triage_state, email.service_request) == (State.ATTACHED, existing)


@pytest.mark.django_db
def test_attaching_to_an_unknown_reference_says_so(client, administrativa, email):
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": "SOL-2026-99999"},
        follow=True,
    )

    assert "No existe la solicitud SOL-2026-99999" in response.content.decode()
    email.refresh_from_db()
    assert email.triage_state == State.NEW


@pytest.mark.django_db
def test_spam_is_set_aside_in_bulk_with_a_reason(client, administrativa, email):
    spam = [new_email(subject=f"Oferta {n}", sender="ventas@spam.example") for n in range(3)]
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:emails_dismiss"),
        {"emails": [item.pk for item in spam], "reason": "Publicidad"},
    )

    assert set(
        InboundEmail.objects.filter(triage_state=State.NOT_A_REQUEST).values_list(
            "triage_note", flat=True
        )
    ) == {"Publicidad"}
    assert InboundEmail.objects.filter(triage_state=State.NEW).get() == email


@pytest.mark.django_db
def test_setting_aside_without_a_reason_changes_nothing(client, administrativa, email):
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:emails_dismiss"), {"emails": [email.pk]}, follow=True
    )

    assert "Indique por qué" in response.content.decode()
    email.refresh_from_db()
    assert email.triage_state == State.NEW


@pytest.mark.django_db
def test_email_html_is_shown_without_scripts(client, administrativa):
    hostile = new_email(
        html_body='<p onclick="x()">Hola</p><script>alert(1)</script>'
        '<a href="javascript:alert(2)">clic</a>'
    )
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[hostile.pk])).content.decode()
    shown = html.split('data-testid="email-html">', 1)[1].split("</div>", 1)[0]

    assert "Hola" in shown
    assert "<script" not in shown and "onclick" not in shown and "javascript:" not in shown


@pytest.mark.django_db
def test_attachments_are_served_as_downloads(client, administrativa, email):
    from django.core.files.base import ContentFile

    from requests_routing.models import EmailAttachment

    attachment = EmailAttachment.objects.create(
        email=email,
        filename="página.html",
        content_type="text/html",
        size=20,
        file=ContentFile(b"<script>alert(1)</script>", name="pagina.html"),
    )
    client.force_login(administrativa)

    response = client.get(reverse("requests_routing:attachment_download", args=[attachment.pk]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_gestora_cannot_triage(client, gestora, email):
    client.force_login(gestora)

    assert client.get(reverse("requests_routing:inbox")).status_code == 403


# Threading -----------------------------------------------------------------------------------


@pytest.fixture
def routed(company, pruning, administrativa, contact):
    sr = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda",
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=1),
    )
    return service_request_route(request=sr, actor=administrativa)


@pytest.mark.django_db
def test_a_department_reply_to_our_message_joins_the_request(routed):
    sent = routed.events.get(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT)
    reply = new_email(
        sender="aseo@example.cl", subject="RE: poda", in_reply_to=sent.outbound_message_id
    )

    event = thread_inbound_email(reply)

    assert event.kind == RequestEvent.Kind.DEPARTMENT_REPLY
    reply.refresh_from_db()
    assert (reply.triage_state, reply.service_request) == (State.ATTACHED, routed)


@pytest.mark.django_db
def test_a_reference_in_the_subject_alone_only_suggests_the_request(routed):
    follow_up = new_email(subject=f"RE: [{routed.reference}] ¿Cuándo vienen?")

    assert thread_inbound_email(follow_up) is None

    follow_up.refresh_from_db()
    assert (follow_up.triage_state, follow_up.suggested_request) == (State.NEW, routed)


@pytest.mark.django_db
def test_a_reply_to_an_earlier_email_of_the_request_joins_it(routed):
    first = new_email(message_id="<primero@bodegas.cl>")
    first.service_request = routed
    first.joined_by = InboundEmail.JoinedBy.PERSON
    first.save()
    second = new_email(references="<otro@x> <primero@bodegas.cl>", subject="Más fotos")

    assert decide(second).request == routed


@pytest.mark.django_db
def test_an_unrelated_email_stays_in_the_queue(routed):
    unrelated = new_email(subject="Consulta por vacantes de grúa horquilla")

    assert thread_inbound_email(unrelated) is None
    unrelated.refresh_from_db()
    assert unrelated.triage_state == State.NEW


@pytest.mark.django_db
def test_a_failed_email_can_be_downloaded_as_received(client, administrativa):
    broken = new_email(
        triage_state=State.FAILED, failure_reason="No es un correo", raw=b"\x00\x01 basura"
    )
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[broken.pk])).content.decode()
    response = client.get(reverse("requests_routing:email_original", args=[broken.pk]))

    assert "No se pudo leer este correo: No es un correo" in html
    assert response.content == b"\x00\x01 basura"
    assert response["Content-Disposition"] == f'attachment; filename="correo-{broken.pk}.eml"'
