"""A company contact on a 375 px phone, signed in to the portal: proposes a vacancy, sees it
pending, finds it open once the gestora confirms it, and confirms attendance to the park's
next meeting; no portal page scrolls sideways."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, Meeting
from omil_crm.portal import sessions
from tests.e2e.conftest import PHONE, page_width
from tests.e2e.test_phone_lists import SIDEWAYS
from vacancies.models import Vacancy
from vacancies.proposal_services import vacancy_proposal_confirm

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def next_meeting(park):
    starts_at = (timezone.localtime() + timedelta(days=8)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.BREAKFAST,
        title="Desayuno empresarial de invierno",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Sala de la asociación",
        agenda="Seguridad en el acceso norte",
    )


def signed_in_phone(page_factory, live_server, contact):
    page = page_factory(PHONE)
    _, raw_key = sessions.start_session(contact=contact)
    page.context.add_cookies(
        [
            {
                "name": sessions.COOKIE_NAME,
                "value": raw_key,
                "domain": urlparse(live_server.url).hostname,
                "path": sessions.COOKIE_PATH,
            }
        ]
    )
    return page


def test_a_contact_proposes_a_vacancy_and_confirms_attendance_on_a_phone(
    page_factory, live_server, contact, gestora, next_meeting
):
    page = signed_in_phone(page_factory, live_server, contact)
    page.goto("/portal/")
    page.get_by_test_id("portal-menu").get_by_role("link", name="Vacantes").click()
    page.get_by_test_id("propose-link").click()

    form = page.get_by_test_id("propose-form")
    form.get_by_label("Cargo").fill("Operaria de envasado")
    form.get_by_label("Cupos").fill("2")
    form.get_by_label("Jornada / turno").fill("Turno rotativo 4x4")
    form.get_by_label("Renta mínima ($)").fill("600000")
    form.get_by_label("Renta máxima ($)").fill("500000")
    form.get_by_role("button", name="Enviar propuesta").click()
    expect(page.get_by_text("La renta máxima no puede ser menor que la mínima.")).to_be_visible()
    assert not Vacancy.objects.exists()

    page.get_by_test_id("propose-form").get_by_label("Renta máxima ($)").fill("750000")
    page.get_by_test_id("propose-form").get_by_role("button", name="Enviar propuesta").click()
    expect(page.get_by_text("Recibimos la vacante «Operaria de envasado».")).to_be_visible()
    card = page.get_by_test_id("portal-vacancy").filter(has_text="Operaria de envasado")
    expect(card.get_by_test_id("portal-vacancy-status")).to_have_text("Pendiente de confirmación")
    assert page.evaluate(SIDEWAYS) == []

    # The gestora confirms it on her side.
    vacancy_proposal_confirm(vacancy=Vacancy.objects.get(), user=gestora)
    page.reload()
    card = page.get_by_test_id("portal-vacancy").filter(has_text="Operaria de envasado")
    expect(card.get_by_test_id("portal-vacancy-status")).to_have_text("Abierta")
    expect(card.get_by_test_id("portal-vacancy-counts")).to_be_visible()

    page.get_by_test_id("portal-menu").get_by_role("link", name="Reuniones").click()
    expect(page.get_by_test_id("next-meeting")).to_contain_text("Seguridad en el acceso norte")
    assert page.evaluate(SIDEWAYS) == []
    page.get_by_test_id("attend-yes").click()
    expect(page.get_by_text("Gracias: confirmó su asistencia a la reunión.")).to_be_visible()
    expect(page.get_by_test_id("my-response")).to_contain_text("Confirmó su asistencia")
    attendance = Attendance.objects.get(meeting=next_meeting, contact=contact)
    assert attendance.portal_response == Attendance.Response.ATTENDING
    assert page_width(page) <= PHONE["width"]
