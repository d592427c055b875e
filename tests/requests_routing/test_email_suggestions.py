"""On an email from a known company, its open requests are offered to attach with one click:
those of the suggested category first, then the most recent."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_routing.models import Department, InboundEmail, RequestCategory, ServiceRequest
from requests_routing.services import service_request_change_status, service_request_create

State = InboundEmail.TriageState


@pytest.fixture
def lighting(db):
    department = Department.objects.create(name="Alumbrado Público", email="luz@example.cl")
    return RequestCategory.objects.create(name="Luminaria apagada", department=department)


def file_request(company, category, user, subject, days_ago):
    return service_request_create(
        company=company,
        category=category,
        subject=subject,
        channel="phone",
        created_by=user,
        received_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def email(company, contact, pruning):
    return InboundEmail.objects.create(
        message_id="<ramas-otra-vez@bodegas.cl>",
        content_hash="h-ramas",
        raw=b"raw",
        sender=contact.email,
        subject="Siguen las ramas sobre el cable",
        text_body="La poda no se ha hecho.",
        sent_at=timezone.now() - timedelta(hours=1),
        matched_company=company,
        matched_contact=contact,
        suggested_category=pruning,
    )


def suggestions(html: str) -> str:
    start = html.index('data-testid="open-requests"')
    return html[start : html.index("</ul>", start)]


@pytest.mark.django_db
def test_it_lists_the_companys_open_requests_same_category_first(
    client, administrativa, email, company, pruning, lighting, park
):
    from companies.models import Company

    newest_light = file_request(company, lighting, administrativa, "Foco apagado", days_ago=1)
    old_pruning = file_request(company, pruning, administrativa, "Poda del acceso", days_ago=20)
    new_pruning = file_request(company, pruning, administrativa, "Poda del patio", days_ago=5)
    closed = file_request(company, pruning, administrativa, "Poda antigua", days_ago=2)
    service_request_change_status(
        request=closed, status="rejected", actor=administrativa, note="No corresponde"
    )
    other = Company.objects.create(legal_name="Vecina SpA", park=park)
    file_request(other, pruning, administrativa, "Poda de la vecina", days_ago=1)
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    listed = suggestions(html)
    order = [new_pruning.reference, old_pruning.reference, newest_light.reference]
    positions = [listed.index(reference) for reference in order]
    assert positions == sorted(positions)
    assert closed.reference not in listed
    assert "Poda de la vecina" not in listed
    assert listed.count('name="reference"') == 3


@pytest.mark.django_db
def test_one_click_attaches_the_email_to_the_chosen_request(
    client, administrativa, email, company, pruning
):
    existing = file_request(company, pruning, administrativa, "Poda del acceso", days_ago=3)
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": existing.reference},
    )

    email.refresh_from_db()
    assert (email.triage_state, email.service_request) == (State.ATTACHED, existing)


@pytest.mark.django_db
def test_it_suggests_at_most_five_whatever_the_company_has(
    client, administrativa, email, company, pruning
):
    for index in range(8):
        file_request(company, pruning, administrativa, f"Poda número {index}", days_ago=index + 1)
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    assert suggestions(html).count('name="reference"') == 5


@pytest.mark.django_db
def test_the_email_page_costs_the_same_queries_for_few_and_many_requests(
    client, administrativa, email, company, pruning
):
    client.force_login(administrativa)
    url = reverse("requests_routing:email_detail", args=[email.pk])
    file_request(company, pruning, administrativa, "Poda uno", days_ago=1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(20):
        file_request(company, pruning, administrativa, f"Poda {index}", days_ago=index + 2)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)
    assert len(many) <= 20


@pytest.mark.django_db
def test_an_unknown_sender_gets_no_suggestions(client, administrativa, email, company, pruning):
    file_request(company, pruning, administrativa, "Poda del acceso", days_ago=3)
    email.matched_company = None
    email.matched_contact = None
    email.save()
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    assert 'data-testid="open-requests"' not in html


@pytest.mark.django_db
def test_a_triaged_email_gets_no_suggestions(client, administrativa, email, company, pruning):
    file_request(company, pruning, administrativa, "Poda del acceso", days_ago=3)
    InboundEmail.objects.filter(pk=email.pk).update(triage_state=State.NOT_A_REQUEST)
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    assert 'data-testid="open-requests"' not in html


@pytest.mark.django_db
def test_the_encargado_sees_the_suggestions_without_the_buttons(
    client, encargado, email, company, pruning, administrativa
):
    existing = file_request(company, pruning, administrativa, "Poda del acceso", days_ago=3)
    client.force_login(encargado)

    html = client.get(reverse("requests_routing:email_detail", args=[email.pk])).content.decode()

    assert existing.reference in suggestions(html)
    assert "Agregar a esta" not in html
    response = client.post(
        reverse("requests_routing:email_attach", args=[email.pk]),
        {"reference": existing.reference},
    )
    assert response.status_code == 403
    assert not ServiceRequest.objects.filter(emails=email).exists()
