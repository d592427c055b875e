"""On a 375 px phone: every list reads as cards with its key fields in view, nothing scrolls
sideways, the directory's search is at hand, a refused form shows its first error, and people
to invite to a meeting are found by typing."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from companies.models import Company, Contact, Visit
from companies.services import follow_up_create, log_visit
from meetings.services import schedule_next_meetings
from requests_routing.services import service_request_create
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width
from tests.vacancies.conftest import make_person, refer
from vacancies.services import vacancy_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LISTS = {
    "gestora": [
        "/empresas/",
        "/solicitudes/",
        "/seguimientos/",
        "/seguimientos/realizados/",
        "/visitas/",
        "/agenda/?vista=mes",
        "/vacantes/",
        "/programas/ofertas/",
        "/reuniones/",
    ],
    "administrativa": ["/bandeja/", "/solicitudes/", "/empresas/", "/visitas/"],
    "psicologa": ["/personas/", "/derivaciones/", "/colocaciones/", "/talleres/", "/vacantes/"],
    "encargado": [
        "/panel/",
        "/panel/informe/",
        "/equipo/",
        "/derechos/",
        "/solicitudes/derivacion/",
    ],
}

# Any element of the page that scrolls sideways, or sticks out of the screen.
SIDEWAYS = """() => Array.from(document.querySelectorAll('main, main *'))
  .filter((el) => el.scrollWidth > el.clientWidth + 1
    && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
  .map((el) => el.tagName + '.' + el.className)"""


@pytest.fixture
def a_working_week(company, contact, gestora, administrativa, psicologa, pruning, park):
    """One of everything the lists show, written through the services."""
    Company.objects.filter(pk=company.pk).update(comuna="05103")
    park.representative = contact
    park.save()
    log_visit(
        company=company,
        staff=gestora,
        kind=Visit.Kind.FIELD,
        summary="Revisión de vacantes del trimestre",
        happened_at=timezone.now() - timedelta(days=3),
    )
    follow_up_create(
        company=company,
        title="Enviar programa de Subsidio al Empleo Joven",
        assigned_to=gestora,
        due_date=timezone.localdate() - timedelta(days=1),
        created_by=gestora,
    )
    service_request_create(
        company=company,
        category=pruning,
        subject="Poda de ramas sobre el cerco eléctrico del acceso norte",
        channel="email",
        created_by=administrativa,
    )
    vacancy = vacancy_create(
        company=company, title="Operador de grúa horquilla", positions=2, captured_by=gestora
    )
    person = make_person(15111222, "Camila", "Araya", comuna="05103", consent_by=psicologa)
    refer(person, vacancy, psicologa)
    schedule_next_meetings()
    return vacancy


@pytest.mark.parametrize("role", sorted(LISTS))
def test_every_list_fits_a_phone(page_factory, role, a_working_week, encargado, request):
    request.getfixturevalue(role)
    page = page_factory(PHONE)
    log_in(page, role, PASSWORD)

    for url in LISTS[role]:
        response = page.goto(url)
        assert response.status == 200, url
        assert page_width(page) <= PHONE["width"], url
        assert page.evaluate(SIDEWAYS) == [], url


def test_a_company_card_shows_its_last_contact_and_owner(page_factory, a_working_week):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)

    page.goto("/empresas/")

    row = page.get_by_test_id("company-table").locator("tbody tr").first
    expect(row.locator('[data-label="Último contacto"]')).to_be_visible()
    expect(row.locator('[data-label="Responsable"]')).to_contain_text("Gestora")
    expect(page.get_by_test_id("company-table").locator("thead")).to_be_hidden()


def test_a_request_card_shows_its_company_and_due_date(
    page_factory, a_working_week, administrativa
):
    page = page_factory(PHONE)
    log_in(page, "administrativa", PASSWORD)

    page.goto("/solicitudes/")

    row = page.get_by_test_id("request-table").locator("tbody tr").first
    expect(row.locator('[data-label="Empresa"]')).to_contain_text("Bodegas de Prueba SpA")
    expect(row.locator('[data-label="Plazo"]')).to_be_visible()


def test_the_directory_search_is_at_hand_without_opening_the_filters(
    page_factory, company, gestora
):
    Company.objects.create(rut="77123456-9", legal_name="Frigorífico Lote Nueve SpA")
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto("/empresas/")

    expect(page.get_by_test_id("company-filters")).to_be_hidden()
    page.get_by_placeholder("Nombre o RUT").fill("frigorífico")
    page.get_by_role("button", name="Buscar").click()

    rows = page.get_by_test_id("company-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Frigorífico Lote Nueve SpA")


def test_a_refused_agreement_brings_its_error_into_view(page_factory, a_working_week, park):
    meeting = park.meetings.get()
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/reuniones/{meeting.pk}/")

    form = page.get_by_test_id("agreement-form")
    form.get_by_role("button", name="Registrar acuerdo").click()

    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile(r"(^|\s)is-invalid(\s|$)"))
    expect(focused).to_be_in_viewport()


def test_a_refused_hire_brings_its_error_into_view(page_factory, a_working_week):
    vacancy = a_working_week
    page = page_factory(PHONE)
    log_in(page, "psicologa", PASSWORD)
    page.goto(f"/vacantes/{vacancy.pk}/")

    card = page.get_by_test_id("stage-referred").get_by_test_id("candidate")
    card.get_by_label("Nueva etapa").select_option(label="Contratado")
    card.get_by_role("button", name="Mover").click()

    expect(page.get_by_text("Indique la fecha de inicio del contrato.")).to_be_in_viewport()
    expect(page.locator(":focus")).to_have_attribute("name", re.compile(r"-start_date$"))


def test_people_to_invite_are_found_by_typing(page_factory, a_working_week, company, park):
    for name in ("Bruno Soto", "Carla Díaz", "Diego Fuentes"):
        Contact.objects.create(company=company, name=name, email=f"{name[:5].lower()}@b.cl")
    meeting = park.meetings.get()
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/reuniones/{meeting.pk}/")

    page.get_by_label("Buscar entre los contactos").fill("carla")
    contacts = page.get_by_test_id("invite-contacts")
    expect(
        contacts.get_by_role("checkbox", name="Bodegas de Prueba SpA — Carla Díaz")
    ).to_be_visible()
    expect(
        contacts.get_by_role("checkbox", name="Bodegas de Prueba SpA — Bruno Soto")
    ).to_be_hidden()
    contacts.get_by_role("checkbox", name="Bodegas de Prueba SpA — Carla Díaz").check()
    page.get_by_test_id("invite-form").get_by_role("button", name="Agregar").click()

    expect(page.get_by_text("Carla Díaz — Bodegas de Prueba SpA")).to_be_visible()
    assert meeting.attendances.filter(contact__name="Carla Díaz").exists()
