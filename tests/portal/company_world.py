"""Builders for the portal's company pages: the park's representative (a contact of a third
company), a contact of a company in another park, a candidate who shares their profile."""

from datetime import time

from companies.models import Company, Contact, IndustrialPark
from tests.vacancies.conftest import make_person, refer
from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give


def make_representative(park, gestora) -> Contact:
    company = Company.objects.create(
        rut="77.777.777-7",
        legal_name="Transportes del Parque Ltda.",
        park=park,
        owner=gestora,
    )
    representative = Contact.objects.create(
        company=company, name="Marcela Soto Ibáñez", email="msoto@transparque.cl"
    )
    park.representative = representative
    park.save(update_fields=["representative"])
    return representative


def make_far_contact(gestora) -> Contact:
    """A contact of a company in another park."""
    far_park = IndustrialPark.objects.create(
        name="Parque Lejano", comuna="05109", gestora=gestora, meeting_time=time(10, 0)
    )
    company = Company.objects.create(
        rut="96.511.460-2", legal_name="Metalúrgica Lejana S.A.", park=far_park, owner=gestora
    )
    return Contact.objects.create(company=company, name="Pedro Lagos", email="plagos@lejana.cl")


def share_with(person, company, psicologa) -> Consent:
    return consent_give(
        job_seeker=person,
        purpose=Consent.Purpose.SHARE_PROFILE,
        company=company,
        method=Consent.Method.IN_PERSON,
        recorded_by=psicologa,
    )


def candidate(number, first, last, vacancy, psicologa, **fields):
    """A person with data-processing consent, referred to `vacancy`."""
    person = make_person(number, first, last, consent_by=psicologa, **fields)
    refer(person, vacancy, psicologa)
    return person
