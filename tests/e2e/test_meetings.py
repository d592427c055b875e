"""The Gestora at the monthly park meeting, in a real browser: she opens the next meeting,
records who came and an agreement, finds the agreement among her follow-ups, and the next
morning's digest shows up in the notification count."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Agreement, Attendance
from meetings.services import schedule_next_meetings
from omil_crm.reminders.digest import digest_send
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def next_meeting(park, contact, gestora):
    park.representative = contact
    park.save()
    schedule_next_meetings()
    return park.meetings.get()


def test_the_gestora_records_attendance_and_an_agreement_that_becomes_her_follow_up(
    page_factory, gestora, company, contact, next_meeting
):
    page = page_factory()
    log_in(page, "gestora", PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_have_count(0)

    page.get_by_test_id("main-menu").get_by_role("link", name="Reuniones").click()
    page.get_by_test_id("upcoming-meetings").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=next_meeting.title)).to_be_visible()

    page.get_by_role("checkbox", name="Ana Pérez — Bodegas de Prueba SpA").check()
    page.get_by_role("checkbox", name="Gestora (OMIL)").check()
    page.get_by_role("button", name="Guardar asistencia").click()
    expect(page.get_by_text("Asistencia guardada: 2 de 2.")).to_be_visible()

    form = page.get_by_test_id("agreement-form")
    form.get_by_label("Acuerdo").fill("Gestionar con Obras las luminarias del acceso")
    form.get_by_label("Empresa").select_option(label="Bodegas de Prueba SpA")
    form.get_by_label("Responsable").select_option(label="Gestora")
    form.get_by_label("Fecha comprometida").fill(timezone.localdate().isoformat())
    form.get_by_role("button", name="Registrar acuerdo").click()

    expect(
        page.get_by_text("Acuerdo registrado; quedó como seguimiento de Gestora.")
    ).to_be_visible()
    expect(page.get_by_test_id("agreement")).to_contain_text("Gestionar con Obras las luminarias")
    assert set(Attendance.objects.filter(attended=True).values_list("contact", "staff")) == {
        (contact.pk, None),
        (None, gestora.pk),
    }
    agreement = Agreement.objects.get()
    assert agreement.follow_up.assigned_to == gestora

    page.get_by_test_id("main-menu").get_by_role("link", name="Seguimientos").click()
    today = page.get_by_test_id("bucket-today")
    expect(today.get_by_test_id("follow-up")).to_contain_text(
        "Acuerdo de reunión: Gestionar con Obras las luminarias del acceso"
    )

    # The next morning's digest (beat at 08:00) lists the agreement due.
    digest_send(user=gestora, day=timezone.localdate())
    page.reload()
    expect(page.get_by_test_id("unread-count")).to_contain_text("1")
    page.get_by_test_id("notifications-link").click()
    expect(page.get_by_text("1 acuerdo de reunión por cumplir.")).to_be_visible()


def test_the_meeting_page_fits_a_phone(page_factory, gestora, next_meeting):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)

    page.goto(f"/reuniones/{next_meeting.pk}/")

    expect(page.get_by_role("button", name="Guardar asistencia")).to_be_visible()
    assert page_width(page) <= PHONE["width"]
