"""The Encargado filters the directory by a colleague, choosing her among the names suggested
as he types (no select of every staff member)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from companies.models import Company
from omil_crm.accounts import roles
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_encargado_filters_the_directory_by_a_suggested_name(
    page_factory, encargado, gestora, park
):
    marta = get_user_model().objects.create_user(
        username="mlagos", first_name="Marta", last_name="Lagos Pizarro"
    )
    marta.groups.add(Group.objects.get(name=roles.GESTORA))
    Company.objects.create(legal_name="Bodegas del Pacífico", owner=marta, park=park)
    Company.objects.create(legal_name="Transportes Costa", owner=gestora, park=park)
    page = page_factory(DESKTOP)
    log_in(page, "encargado", PASSWORD)

    page.goto("/empresas/")
    box = page.get_by_test_id("company-filters").get_by_label("Responsable")
    box.press_sequentially("lagos", delay=50)
    expect(page.locator("datalist option[value='Marta Lagos Pizarro']")).to_have_count(1)
    box.fill("Marta Lagos Pizarro")
    page.get_by_role("button", name="Filtrar").click()

    expect(page.get_by_test_id("company-table")).to_contain_text("Bodegas del Pacífico")
    expect(page.get_by_test_id("company-table")).not_to_contain_text("Transportes Costa")
    # The suggestion sent the person's id, as the panel's links do.
    assert f"owner={marta.pk}" in page.url
