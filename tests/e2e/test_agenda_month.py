"""On a phone, the Gestora plans a visit four weeks out, lands on the month that shows it, and
moves it to 8 December after confirming the holiday warning."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from companies.models import Visit, VisitChange
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SANTIAGO = ZoneInfo("America/Santiago")
# Thursday 3 December 2026; the clock keeps running from there.
START = datetime(2026, 12, 3, 10, 0, tzinfo=SANTIAGO)


@pytest.fixture
def early_december(settings):
    # The browser judges cookie expiry by its own clock, not the server's travelled one: a
    # cookie that ends with the browser keeps the session whatever the real date is.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(START, tick=True):
        yield


def no_sideways_scroll(page) -> bool:
    return page_width(page) <= PHONE["width"]


def test_a_visit_four_weeks_out_is_shown_and_moved_on_a_phone(
    page_factory, early_december, company, gestora
):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/empresas/{company.pk}/")
    page.get_by_role("link", name="Planificar visita").click()
    page.get_by_label("Fecha y hora").fill("2026-12-31T10:00")
    page.get_by_label("Objetivo").fill("Presentar a las egresadas del taller de grúa horquilla")
    page.get_by_role("button", name="Planificar").click()

    page.wait_for_url("**/agenda/?vista=mes&fecha=2026-12-01")
    expect(page.get_by_test_id("agenda-span")).to_have_text("Diciembre de 2026")
    day = page.get_by_test_id("agenda-day").filter(has_text="jueves 31 de diciembre")
    expect(day).to_contain_text("Presentar a las egresadas del taller de grúa horquilla")
    assert no_sideways_scroll(page)

    day.get_by_role("link", name="Reprogramar o cancelar").click()
    page.get_by_label("Nueva fecha y hora").fill("2026-12-08T10:00")
    page.get_by_label("Motivo (opcional)").fill("La gerenta adelanta la reunión")
    page.get_by_role("button", name="Reprogramar").click()

    expect(page.get_by_test_id("planning-warning")).to_contain_text(
        "El 8 de diciembre es feriado: La Inmaculada Concepción."
    )
    assert no_sideways_scroll(page)
    confirm = page.get_by_label("Igual ese día, aunque sea feriado o fin de semana")
    expect(confirm).to_be_in_viewport()
    confirm.check()
    page.get_by_role("button", name="Reprogramar").click()

    page.wait_for_url("**/agenda/?vista=mes&fecha=2026-12-01")
    moved = page.get_by_test_id("agenda-day").filter(has_text="martes 8 de diciembre")
    expect(moved).to_contain_text("Feriado: La Inmaculada Concepción")
    expect(moved).to_contain_text("Presentar a las egresadas del taller de grúa horquilla")
    expect(page.get_by_text("jueves 31 de diciembre")).to_have_count(0)
    assert no_sideways_scroll(page)
    visit = Visit.objects.get(company=company)
    assert visit.planned_for == datetime(2026, 12, 8, 10, 0, tzinfo=SANTIAGO)
    assert VisitChange.objects.get(visit=visit).previous_planned_for == datetime(
        2026, 12, 31, 10, 0, tzinfo=SANTIAGO
    )
