"""Who sent an email, and who may enter the portal with an address, are looked up by index.

Each email received is matched to its sender by address (any case) and then by domain; each
portal sign-in looks its address up the same way. Without an index on the address in upper
case, each of those read every contact and company: on the benchmark's 60,000 contacts, 70 ms
per email received, the most of a mail import's time.
"""

import pytest
from django.db import connection

from companies.models import Company, Contact
from omil_crm.portal.sign_in import contacts_for_address
from requests_routing.triage_hints import match_sender
from tests.query_plans import plans_of

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Planificador de PostgreSQL."
)


@pytest.fixture
def directory(park):
    companies = Company.objects.bulk_create(
        [
            Company(rut="76086428-5", legal_name="Maestranza Los Aromos SpA", park=park),
            Company(
                rut="77425190-3",
                legal_name="Envases del Pacífico SpA",
                email="contacto@envasespacifico.cl",
                park=park,
            ),
        ]
    )
    Contact.objects.bulk_create(
        [
            Contact(company=companies[0], name="Rosa Tapia", email="Rosa.Tapia@losaromos.cl"),
            Contact(company=companies[0], name="Iván Muñoz", email="imunoz@losaromos.cl"),
            Contact(company=companies[1], name="Carla Soto", email="csoto@envasespacifico.cl"),
        ]
    )
    return companies


def address_plans(lookup) -> tuple[object, list[str]]:
    """What `lookup()` returns, and the plan of each of its queries that compares addresses;
    with a whole index walked out of the way too, an address compared in an index is what
    is left."""
    found, plans = plans_of(lookup, turned_off=("seqscan", "indexscan"))
    return found, [plan for plan in plans if "(email)" in plan]


def by_index(plans: list[str]) -> bool:
    """Every address is looked up in an index, not tested row by row (a filter)."""
    return bool(plans) and all(
        "Index Cond: (upper((email)::text)" in plan and "Filter: (upper((email)" not in plan
        for plan in plans
    )


def test_a_contact_s_address_is_found_by_index_in_any_case(directory):
    (company, contact), plans = address_plans(lambda: match_sender("ROSA.TAPIA@LosAromos.cl"))

    assert (company, contact.name) == (directory[0], "Rosa Tapia")
    assert by_index(plans), plans


def test_a_company_s_own_address_is_found_by_index(directory):
    (company, contact), plans = address_plans(lambda: match_sender("contacto@envasespacifico.cl"))

    assert (company, contact) == (directory[1], None)
    assert by_index(plans), plans


def test_an_unknown_address_at_a_known_domain_is_matched_by_index(directory):
    (company, contact), plans = address_plans(lambda: match_sender("bodega@losaromos.cl"))

    assert (company, contact) == (directory[0], None)
    assert by_index(plans), plans


def test_the_portal_finds_a_contact_s_address_by_index(directory):
    Contact.objects.filter(email="imunoz@losaromos.cl").update(portal_enabled=True)

    found, plans = address_plans(lambda: list(contacts_for_address(" IMunoz@losaromos.cl ")))

    assert [contact.name for contact in found] == ["Iván Muñoz"]
    assert by_index(plans), plans
