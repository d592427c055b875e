"""On a phone, the Gestora postpones a follow-up with a reason, marks it done and reopens it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from companies.models import FollowUpChange
from companies.services import follow_up_create
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SANTIAGO = ZoneInfo("America/Santiago")
START = datetime(2026, 12, 3, 10, 0, tzinfo=SANTIAGO)


@pytest.fixture
def early_december(settings):
    # The browser judges cookie expiry by its own clock, not the server's travelled one.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(START, tick=True):
        yield


def test_a_follow_up_is_postponed_done_and_reopened_on_a_phone(
    page_factory, early_december, company, gestora
):
    follow_up_create(
        company=company,
        title="Enviar perfiles de operarios de bodega",
        assigned_to=gestora,
        due_date=date(2026, 12, 4),
    )
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto("/seguimientos/")
    row = page.get_by_test_id("follow-up").filter(has_text="Enviar perfiles de operarios")
    row.get_by_role("link", name="Posponer").click()

    page.get_by_label("Nueva fecha").fill("2026-12-03")
    page.get_by_label("Motivo").fill("La jefa de RR.HH. está de vacaciones")
    page.get_by_role("button", name="Posponer").click()
    error = page.get_by_text("La nueva fecha debe ser posterior a hoy.")
    expect(error).to_be_in_viewport()

    page.get_by_label("Nueva fecha").fill("2026-12-10")
    page.get_by_role("button", name="Posponer").click()
    expect(page.get_by_test_id("follow-up-status")).to_contain_text("vence el 10-12-2026")
    expect(page.get_by_test_id("follow-up-changes")).to_contain_text("del 04-12-2026 al 10-12-2026")
    assert page_width(page) <= PHONE["width"]

    page.get_by_role("button", name="Hecho").click()
    expect(page.get_by_test_id("follow-up-status")).to_contain_text("Hecho")
    page.get_by_role("button", name="Reabrir").click()
    expect(page.get_by_role("alert")).to_contain_text("reabierto")
    expect(page.get_by_test_id("follow-up-status")).to_contain_text("Pendiente")
    assert list(FollowUpChange.objects.values_list("kind", flat=True).order_by("pk")) == [
        FollowUpChange.Kind.POSTPONED,
        FollowUpChange.Kind.REOPENED,
    ]
