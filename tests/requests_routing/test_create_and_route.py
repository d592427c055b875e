"""«Crear y derivar»: an email becomes a request sent to its department in one step."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from requests_routing import services
from requests_routing.models import EmailAttachment, InboundEmail, RequestEvent, ServiceRequest

State = InboundEmail.TriageState
Kind = RequestEvent.Kind


@pytest.fixture
def email(company, contact, pruning):
    return InboundEmail.objects.create(
        message_id="<poda-acceso@bodegas.cl>",
        content_hash="h-poda-acceso",
        raw=b"raw",
        sender=contact.email,
        subject="Poda urgente en el acceso",
        text_body="Las ramas del árbol tocan el cable.",
        sent_at=timezone.now() - timedelta(hours=2),
        matched_company=company,
        matched_contact=contact,
        suggested_category=pruning,
    )


@pytest.fixture
def form_data(company, contact, pruning):
    return {
        "company": company.pk,
        "contact": contact.pk,
        "category": pruning.pk,
        "subject": "Poda en el acceso",
        "description": "Ramas sobre el cable",
        "place": "Acceso norte",
        "derivar": "1",
    }


def post(client, email, data, **kwargs):
    return client.post(reverse("requests_routing:email_detail", args=[email.pk]), data, **kwargs)


@pytest.mark.django_db
def test_it_creates_the_request_and_routes_it_to_the_categorys_department(
    client, administrativa, email, form_data, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, email, form_data, follow=True)

    request = ServiceRequest.objects.get()
    assert request.status == ServiceRequest.Status.ROUTED
    assert request.department.name == "Aseo y Ornato"
    assert f"Solicitud {request.reference} creada y derivada a Aseo y Ornato" in (
        response.content.decode()
    )
    email.refresh_from_db()
    assert (email.triage_state, email.service_request) == (State.REQUEST_CREATED, request)
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == [
        Kind.CREATED,
        Kind.EMAIL_RECEIVED,
        Kind.STATUS_CHANGE,
        Kind.SENT_TO_DEPARTMENT,
        Kind.ACKNOWLEDGEMENT,
    ]
    to_department, to_company = mail.outbox
    assert to_department.to == ["aseo@example.cl"]
    assert to_company.to == ["ana@bodegas.cl"]


@pytest.mark.django_db
def test_the_emails_leave_only_once_everything_is_saved(
    client, administrativa, email, form_data, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, email, form_data)
        assert mail.outbox == []

    assert len(callbacks) == 2


@pytest.mark.django_db
def test_if_routing_fails_nothing_is_saved(client, administrativa, email, form_data, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("El departamento no tiene correo.")

    monkeypatch.setattr(services, "service_request_route", refuse)
    client.force_login(administrativa)

    response = post(client, email, form_data)

    assert response.status_code == 200
    assert "El departamento no tiene correo." in response.content.decode()
    assert not ServiceRequest.objects.exists()
    email.refresh_from_db()
    assert email.triage_state == State.NEW


@pytest.mark.django_db
def test_the_department_gets_the_safe_attachments_but_never_a_dangerous_one(
    client, administrativa, email, form_data, media_root, django_capture_on_commit_callbacks
):
    EmailAttachment.objects.create(
        email=email,
        filename="foto del árbol.jpg",
        content_type="image/jpeg",
        size=4,
        file=ContentFile(b"\xff\xd8\xff\xe0", name="foto.jpg"),
    )
    EmailAttachment.objects.create(
        email=email,
        filename="factura.exe",
        content_type="application/octet-stream",
        size=2,
        file=ContentFile(b"MZ", name="factura.exe"),
        danger="Programa ejecutable",
    )
    client.force_login(administrativa)

    with django_capture_on_commit_callbacks(execute=True):
        post(client, email, form_data)

    to_department = mail.outbox[0]
    assert [name for name, _content, _type in to_department.attachments] == ["foto del árbol.jpg"]


@pytest.mark.django_db
def test_a_missing_category_is_refused_next_to_the_field_and_nothing_is_saved(
    client, administrativa, email, form_data
):
    client.force_login(administrativa)
    form_data["category"] = ""

    response = post(client, email, form_data)

    assert response.status_code == 200
    assert "Este campo es obligatorio" in response.content.decode()
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_the_email_page_offers_the_button_to_whoever_may_route(client, administrativa, email):
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    assert "Crear y derivar" in html


@pytest.mark.django_db
@pytest.mark.parametrize("and_route", [True, False])
def test_the_encargado_reads_the_email_but_cannot_create_from_it(
    client, encargado, email, form_data, and_route
):
    if not and_route:
        del form_data["derivar"]
    client.force_login(encargado)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()
    response = post(client, email, form_data)

    assert "Crear y derivar" not in html
    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_the_gestora_cannot_create_and_route_from_an_email(client, gestora, email, form_data):
    client.force_login(gestora)

    response = post(client, email, form_data)

    assert response.status_code == 403
    assert not ServiceRequest.objects.exists()
