"""The company page: its header, the merged timeline of the relationship, and its contacts."""

import html
import re
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact, FollowUp, Visit
from companies.services import follow_up_complete, follow_up_create, log_visit
from meetings.models import Attendance
from meetings.services import schedule_monthly_meeting
from requests_routing.services import service_request_create
from vacancies.models import Programme, ProgrammeOffer
from vacancies.services import vacancy_create


def page_of(company) -> str:
    return reverse("companies:detail", args=[company.pk])


def section(page: str, testid: str, end: str) -> str:
    return page.split(f'data-testid="{testid}"', 1)[1].split(end, 1)[0]


def timeline_titles(response) -> list[str]:
    assert response.status_code == 200
    timeline = section(response.content.decode(), "timeline", "</ol>")
    titles = re.findall(r'<div class="fw-semibold">(?:<a href="[^"]*">)?([^<]*)', timeline)
    return [html.unescape(title).strip() for title in titles]


def add_history(company, staff, visits: int, follow_ups: int) -> None:
    """Done visits and open follow-ups, each a timeline entry."""
    now = timezone.now()
    Visit.objects.bulk_create(
        Visit(
            company=company,
            staff=staff,
            happened_at=now - timedelta(days=number + 1),
            summary=f"Visita número {number}",
        )
        for number in range(visits)
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            company=company,
            title=f"Seguimiento {number}",
            assigned_to=staff,
            due_date=timezone.localdate() + timedelta(days=3),
        )
        for number in range(follow_ups)
    )


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


# Header


def test_the_header_shows_the_rut_with_dots(logged_in, company):
    assert "76.086.428-5" in logged_in.get(page_of(company)).content.decode()


def test_the_header_shows_the_park_and_the_owner(logged_in, company, gestora):
    gestora.first_name, gestora.last_name = "Carolina", "Muñoz"
    gestora.save()

    page = logged_in.get(page_of(company)).content.decode()

    assert "Parque de Prueba" in page
    assert "Carolina Muñoz" in page


def test_the_header_shows_the_visiting_hours(logged_in, company):
    company.visiting_weekdays = "024"
    company.visiting_from, company.visiting_until = time(9, 0), time(13, 30)
    company.save()

    page = logged_in.get(page_of(company)).content.decode()

    assert "lunes, miércoles y viernes, de 09:00 a 13:30" in page


def test_the_park_representative_is_marked(logged_in, company, contact, park):
    Contact.objects.create(company=company, name="Bruno Soto")
    park.representative = contact
    park.save()

    contacts = section(logged_in.get(page_of(company)).content.decode(), "contacts", "</ul>")

    assert contacts.count("Representante del parque") == 1
    ana = contacts.index("Ana Pérez")
    assert contacts.index("Representante del parque", ana) < contacts.index("Bruno Soto")


def test_no_contact_is_marked_representative_when_the_park_has_none(logged_in, company, contact):
    assert "Representante del parque" not in logged_in.get(page_of(company)).content.decode()


def test_open_follow_ups_are_listed_and_done_ones_are_not(logged_in, company, gestora):
    due = timezone.localdate() + timedelta(days=2)
    follow_up_create(company=company, title="Enviar perfiles", assigned_to=gestora, due_date=due)
    done = follow_up_create(
        company=company, title="Llamar a gerencia", assigned_to=gestora, due_date=due
    )
    follow_up_complete(follow_up=done, user=gestora)

    listed = section(logged_in.get(page_of(company)).content.decode(), "open-follow-ups", "</ul>")

    assert "Enviar perfiles" in listed
    assert "Llamar a gerencia" not in listed


def test_a_missing_company_is_not_found(logged_in, db):
    assert logged_in.get(reverse("companies:detail", args=[987654])).status_code == 404


# Timeline


@pytest.fixture
def rich_history(company, contact, gestora, pruning):
    """One entry of each kind, each older than the one before."""
    today, now = timezone.localdate(), timezone.now()
    attended, _ = schedule_monthly_meeting(park=company.park, month=today - timedelta(days=60))
    Attendance.objects.create(meeting=attended, contact=contact, attended=True)
    missed, _ = schedule_monthly_meeting(park=company.park, month=today - timedelta(days=120))
    Attendance.objects.create(meeting=missed, contact=contact, attended=False)
    ProgrammeOffer.objects.create(
        company=company,
        programme=Programme.objects.create(name="Grúa horquilla", kind="training"),
        offered_on=today - timedelta(days=20),
        offered_by=gestora,
    )
    vacancy_create(
        company=company,
        title="Operario de bodega",
        captured_by=gestora,
        opened_on=today - timedelta(days=10),
    )
    request = service_request_create(
        company=company,
        category=pruning,
        subject="Poda en el acceso",
        channel="visit",
        created_by=gestora,
        received_at=now - timedelta(days=5),
    )
    log_visit(
        company=company, staff=gestora, happened_at=now - timedelta(days=2), summary="Recorrido"
    )
    follow_up_create(
        company=company,
        title="Llamar a RR.HH.",
        assigned_to=gestora,
        due_date=today + timedelta(days=3),
    )
    return {"attended": attended, "missed": missed, "request": request}


def test_the_timeline_merges_every_kind_of_entry_newest_first(logged_in, company, rich_history):
    titles = timeline_titles(logged_in.get(page_of(company)))

    assert titles == [
        "Llamar a RR.HH.",
        "Visita en terreno — Gestora",
        f"{rich_history['request'].reference} — Poda en el acceso",
        "Vacante: Operario de bodega",
        "Programa SENCE: Grúa horquilla",
        rich_history["attended"].title,
    ]


def test_a_meeting_the_company_did_not_attend_is_not_in_the_timeline(
    logged_in, company, rich_history
):
    page = logged_in.get(page_of(company)).content.decode()

    assert rich_history["missed"].title not in page


def test_a_visit_entry_links_to_the_visit(logged_in, company, gestora):
    visit = log_visit(company=company, staff=gestora, summary="Recorrido")

    timeline = section(logged_in.get(page_of(company)).content.decode(), "timeline", "</ol>")

    assert reverse("companies:visit_detail", args=[visit.pk]) in timeline


def test_the_timeline_shows_twenty_entries_a_page(logged_in, company, gestora):
    add_history(company, gestora, visits=25, follow_ups=0)

    first = timeline_titles(logged_in.get(page_of(company)))
    second = timeline_titles(logged_in.get(page_of(company), {"page": "2"}))

    assert (len(first), len(second)) == (20, 5)


def test_the_second_page_of_the_timeline_continues_with_older_entries(logged_in, company, gestora):
    add_history(company, gestora, visits=25, follow_ups=0)

    second = section(
        logged_in.get(page_of(company), {"page": "2"}).content.decode(), "timeline", "</ol>"
    )

    assert "Visita número 24" in second
    assert "Visita número 19" not in second


def test_the_timeline_is_read_page_by_page_without_a_count(logged_in, company, gestora):
    add_history(company, gestora, visits=30, follow_ups=15)

    middle = logged_in.get(page_of(company), {"page": "2"}).content.decode()
    last = logged_in.get(page_of(company), {"page": "3"})

    assert "Entradas 21–40" in middle
    assert "‹ Anterior" in middle and "Siguiente ›" in middle
    assert "en total" not in middle and "2 de 3" not in middle
    assert len(timeline_titles(last)) == 5
    assert "Entradas 41–45" in last.content.decode()
    assert "Siguiente ›" not in last.content.decode()


def test_a_timeline_page_past_its_end_shows_the_newest_entries(logged_in, company, gestora):
    add_history(company, gestora, visits=25, follow_ups=0)

    response = logged_in.get(page_of(company), {"page": "9"})

    assert response.status_code == 200
    assert timeline_titles(response)[0] == timeline_titles(logged_in.get(page_of(company)))[0]
    assert "Entradas 1–20" in response.content.decode()


def test_each_company_page_shows_its_own_timeline(logged_in, company, park, gestora):
    other = Company.objects.create(
        rut="96511460-2", legal_name="Metalúrgica Vecina Ltda.", park=park
    )
    log_visit(company=company, staff=gestora, summary="Reunión en Bodegas")
    log_visit(company=other, staff=gestora, summary="Recorrido por la Metalúrgica")

    first = logged_in.get(page_of(company)).content.decode()
    second = logged_in.get(page_of(other)).content.decode()

    assert "Reunión en Bodegas" in section(first, "timeline", "</ol>")
    assert "Recorrido por la Metalúrgica" not in section(first, "timeline", "</ol>")
    assert "Recorrido por la Metalúrgica" in section(second, "timeline", "</ol>")
    assert "Reunión en Bodegas" not in section(second, "timeline", "</ol>")


def test_the_page_costs_the_same_queries_with_3_or_60_entries(logged_in, company, gestora):
    def queries_for_the_page():
        with CaptureQueriesContext(connection) as captured:
            response = logged_in.get(page_of(company))
        assert response.status_code == 200
        return len(captured)

    add_history(company, gestora, visits=2, follow_ups=1)
    with_three = queries_for_the_page()
    add_history(company, gestora, visits=28, follow_ups=29)
    with_sixty = queries_for_the_page()

    assert with_sixty == with_three


# Contacts


def test_a_contact_with_an_invalid_email_is_refused_in_spanish(logged_in, company):
    response = logged_in.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "Pedro Rojas", "email": "no-es-un-correo", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "Introduzca una dirección de correo electrónico válida." in response.content.decode()
    assert not Contact.objects.filter(company=company).exists()


def test_a_contact_is_added_to_the_company(logged_in, company):
    response = logged_in.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "Pedro Rojas", "position": "Jefe de RR.HH.", "is_active": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == page_of(company)
    assert Contact.objects.get(company=company).name == "Pedro Rojas"


def test_a_contact_is_edited(logged_in, company, contact):
    response = logged_in.post(
        reverse("companies:contact_edit", args=[contact.pk]),
        {"name": "Ana María Pérez", "email": "ana.maria@bodegas.cl", "is_active": "on"},
        follow=True,
    )

    contact.refresh_from_db()
    assert (contact.name, contact.email) == ("Ana María Pérez", "ana.maria@bodegas.cl")
    assert "Se guardaron los datos de Ana María Pérez." in response.content.decode()


def test_the_administrativa_may_not_add_a_contact(client, administrativa, company):
    client.force_login(administrativa)

    response = client.post(
        reverse("companies:contact_add", args=[company.pk]), {"name": "Pedro Rojas"}
    )

    assert response.status_code == 403
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_the_gestora_can_go_on_from_the_company_page(client, gestora, company):
    client.force_login(gestora)

    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    assert f"{reverse('requests_routing:request_create')}?empresa={company.pk}" in html
    assert f"{reverse('vacancies:vacancy_create')}?empresa={company.pk}" in html
    assert f"{reverse('vacancies:offer_create')}?empresa={company.pk}" in html


@pytest.mark.django_db
def test_the_administrativa_is_not_offered_to_capture_vacancies(client, administrativa, company):
    client.force_login(administrativa)

    html = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    assert reverse("vacancies:vacancy_create") not in html
    assert f"{reverse('requests_routing:request_create')}?empresa={company.pk}" in html


@pytest.mark.django_db
def test_a_new_contact_is_saved_trimmed(client, gestora, company):
    client.force_login(gestora)

    client.post(
        reverse("companies:contact_add", args=[company.pk]),
        {"name": "  Ana   María  Soto ", "email": " Ana.Soto@Bodegas.CL ", "is_active": "on"},
    )

    contact = Contact.objects.get(company=company, name="Ana María Soto")
    assert contact.email == "ana.soto@bodegas.cl"


def test_a_website_is_a_link_only_when_it_is_an_http_address(logged_in, company):
    company.website = "javascript:alert(1)"
    company.save()

    page = logged_in.get(page_of(company)).content.decode()

    assert 'href="javascript:' not in page
    assert "javascript:alert(1)" in page
    company.website = "https://frionueve.cl"
    company.save()
    assert 'href="https://frionueve.cl"' in logged_in.get(page_of(company)).content.decode()
