"""A filing from the companies' portal in the Administrativa's inbox: listed with the mail,
turned into a request, joined to one or dismissed with the same actions."""

import pytest
from django.urls import reverse

from companies.models import Company
from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest
from requests_routing.portal_intake import portal_request_file
from requests_routing.services import inbound_email_attach, service_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def filing(contact, pruning):
    return portal_request_file(
        contact=contact,
        category=pruning,
        subject="Rama caída en el acceso",
        description="Bloquea el paso de camiones.",
        place="Los Aromos 1450",
    )


def test_the_inbox_lists_the_filing_marked_as_from_the_portal(client, administrativa, filing):
    client.force_login(administrativa)

    page = client.get(reverse("requests_routing:inbox")).content.decode()

    assert "Rama caída en el acceso" in page
    assert 'data-testid="from-portal"' in page
    assert "Bodegas de Prueba SpA" in page


def test_the_email_page_prefills_company_contact_category_and_place(
    client, administrativa, filing, contact, pruning
):
    client.force_login(administrativa)

    page = client.get(reverse("requests_routing:email_detail", args=[filing.pk])).content.decode()

    assert "Categoría elegida por la empresa" in page
    assert f'<option value="{contact.company_id}" selected>' in page
    assert f'<option value="{pruning.pk}" selected>' in page
    assert 'value="Los Aromos 1450"' in page


def test_creating_the_request_makes_a_portal_request_the_company_sees(
    client, administrativa, filing, contact, pruning
):
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:email_detail", args=[filing.pk]),
        {
            "company": contact.company_id,
            "contact": contact.pk,
            "category": pruning.pk,
            "subject": filing.subject,
            "description": "Bloquea el paso de camiones.",
            "place": "Los Aromos 1450",
        },
    )

    created = ServiceRequest.objects.get()
    assert created.channel == ServiceRequest.Channel.PORTAL
    filing.refresh_from_db()
    assert filing.service_request == created
    portal_event = created.events.get(kind=RequestEvent.Kind.EMAIL_RECEIVED)
    assert portal_event.public
    assert portal_event.contact == contact


def test_dismissing_the_filing_works_as_for_a_mail(client, administrativa, filing):
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:emails_dismiss"), {"emails": [filing.pk], "reason": "Repetida"}
    )

    filing.refresh_from_db()
    assert filing.triage_state == InboundEmail.TriageState.NOT_A_REQUEST


def test_joining_the_filing_to_another_companys_request_keeps_it_internal(
    administrativa, filing, park, gestora, pruning
):
    other_company = Company.objects.create(
        rut="76.543.210-3", legal_name="Envases del Pacífico SpA", park=park, owner=gestora
    )
    elsewhere = service_request_create(
        company=other_company,
        category=pruning,
        subject="Otra",
        channel="phone",
        created_by=administrativa,
    )

    event = inbound_email_attach(email=filing, request=elsewhere, actor=administrativa)

    assert not event.public
