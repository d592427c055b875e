"""Portal fixtures: two companies of one park, a contact of each, and a browser client signed
in to the portal as any contact."""

from datetime import time

import pytest
from django.test import Client

from companies.models import Company, Contact
from omil_crm.portal import sessions


@pytest.fixture
def other_company(db, park, gestora):
    return Company.objects.create(
        rut="76.543.210-3",
        legal_name="Envases del Pacífico SpA",
        trade_name="Envapac",
        park=park,
        owner=gestora,
    )


@pytest.fixture
def other_contact(other_company):
    return Contact.objects.create(
        company=other_company,
        name="Rodrigo Valdés Muñoz",
        position="Jefe de planta",
        email="rvaldes@envapac.cl",
    )


@pytest.fixture
def portal_client():
    """portal_client(contact) → a Client carrying a live portal session of that contact."""

    def signed_in(contact) -> Client:
        client = Client()
        session, raw_key = sessions.start_session(contact=contact)
        client.cookies[sessions.COOKIE_NAME] = raw_key
        client.portal_session = session
        return client

    return signed_in


# The requests' side (tests/portal/test_request*.py, test_park_requests.py, the isolation
# matrix): a request of company A, a company of another park, and the park's representative.


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def own_request(company, contact, pruning, administrativa):
    """Company A's open request, filed by Ana Pérez and taken by the Administrativa."""
    from requests_routing.services import service_request_create

    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda del árbol del portón norte",
        description="Las ramas tocan el tendido eléctrico.",
        place="Portón norte",
        channel="phone",
        created_by=administrativa,
    )


@pytest.fixture
def far_contact(db, gestora):
    """A contact of a company in another park."""
    from companies.models import IndustrialPark

    far_park = IndustrialPark.objects.create(
        name="Parque Costero", comuna="05103", gestora=gestora, meeting_time=time(10, 0)
    )
    far_company = Company.objects.create(
        rut="77.111.222-6", legal_name="Pesquera Costera Ltda.", park=far_park, owner=gestora
    )
    return Contact.objects.create(
        company=far_company, name="Marcela Soto Rivas", email="msoto@costera.cl"
    )


@pytest.fixture
def representative(park, other_contact):
    """Company B's contact speaks for the park."""
    park.representative = other_contact
    park.save(update_fields=["representative"])
    return other_contact
