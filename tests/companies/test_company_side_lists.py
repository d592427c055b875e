"""The company page's side lists (contacts, pending follow-ups, planned visits) show the first
ten and say when there are more, so a company with years of history opens as fast as a new one;
every contact is on the company's contacts page."""

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact, FollowUp, Visit
from tests.companies.test_company_page import add_history, page_of, section


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def add_contacts(company, count: int) -> None:
    Contact.objects.bulk_create(
        Contact(company=company, name=f"Contacto {number:02d} Pérez", position="Jefa de turno")
        for number in range(count)
    )


def names(listing: str) -> list[str]:
    return re.findall(r'<span class="fw-semibold">([^<]*)</span>', listing)


def test_a_few_contacts_are_all_on_the_page(logged_in, company):
    add_contacts(company, 4)
    page = logged_in.get(page_of(company)).content.decode()
    assert len(names(section(page, "contacts", "</ul>"))) == 4
    assert 'data-testid="all-contacts"' not in page


def test_past_ten_contacts_the_page_links_to_all_of_them(logged_in, company):
    add_contacts(company, 23)
    Contact.objects.filter(name="Contacto 00 Pérez").update(is_active=False)

    page = logged_in.get(page_of(company)).content.decode()
    shown = names(section(page, "contacts", "</ul>"))
    assert shown == [f"Contacto {number:02d} Pérez" for number in range(1, 11)]
    assert "Ver todos los contactos" in page

    contacts = reverse("companies:contact_list", args=[company.pk])
    every = logged_in.get(contacts).content.decode()
    listed = names(section(every, "contacts", "</ul>"))
    # The current ones first, by name; the one no longer there last.
    assert listed == [f"Contacto {number:02d} Pérez" for number in [*range(1, 23), 0]]
    assert "No vigente" in every


def test_the_ten_soonest_follow_ups_are_shown_with_how_many_are_pending(
    logged_in, company, gestora
):
    today = timezone.localdate()
    FollowUp.objects.bulk_create(
        FollowUp(
            company=company,
            title=f"Llamar por la vacante {day:02d}",
            assigned_to=gestora,
            created_by=gestora,
            due_date=today + timedelta(days=day),
        )
        for day in range(14, 0, -1)
    )

    listed = section(logged_in.get(page_of(company)).content.decode(), "open-follow-ups", "</ul>")

    shown = re.findall(r"Llamar por la vacante (\d+)", listed)
    assert shown == [f"{day:02d}" for day in range(1, 11)]
    assert "Se muestran los 10 más próximos; hay más pendientes." in listed


def test_past_ten_planned_visits_the_page_links_to_the_visit_list(logged_in, company, gestora):
    start = datetime.combine(timezone.localdate() + timedelta(days=1), time(10))
    Visit.objects.bulk_create(
        Visit(
            company=company,
            staff=gestora,
            status=Visit.Status.PLANNED,
            planned_for=timezone.make_aware(start + timedelta(days=day)),
        )
        for day in range(12)
    )

    page = logged_in.get(page_of(company)).content.decode()

    assert page.count(">Realizar</a>") == 10
    assert "Ver todas las visitas planificadas" in page
    link = f"/visitas/?company={company.pk}&amp;status=planned"
    assert link in page
    visits = logged_in.get(link.replace("&amp;", "&")).content.decode()
    assert visits.count(f'href="/visitas/{Visit.objects.order_by("pk").last().pk}/"') == 1


def test_the_page_costs_the_same_queries_with_2_or_40_of_each(logged_in, company, gestora):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert logged_in.get(page_of(company)).status_code == 200
        return len(captured)

    add_contacts(company, 2)
    add_history(company, gestora, visits=2, follow_ups=2)
    few = queries()
    add_contacts(company, 38)
    add_history(company, gestora, visits=38, follow_ups=38)
    assert queries() == few
