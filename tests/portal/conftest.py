"""Portal fixtures: two companies of one park, a contact of each, and a browser client signed
in to the portal as any contact."""

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
