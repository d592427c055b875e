"""The Encargado on a phone follows the panel's figures to the lists behind them: each list
holds as many rows as the figure said, says which filters made it, and fits a 375 px screen."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import PHONE, log_in, page_width
from tests.omil_crm.dashboard_data import build_office

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A completed June: its figures and its comparison stay the same whatever day the test runs.
JUNE = "/panel/?periodo=mes&fecha=2026-06-01"
FIGURES = {
    "visits": ("4", "4 visitas y contactos"),
    "never_contacted": ("1", "1 empresa"),
    "referrals": ("4", "4 derivaciones"),
    "placements": ("3", "3 colocaciones"),
    "requests_overdue": ("1", "1 solicitud"),
}


def test_the_encargado_follows_each_figure_to_a_list_of_that_many_rows(page_factory):
    build_office()
    make_persona("encargado")
    page = page_factory(PHONE)
    log_in(page, "encargado", PASSWORD)

    for key, (figure, rows) in FIGURES.items():
        page.goto(JUNE)
        card = page.get_by_test_id(f"card-{key}")
        expect(card.get_by_test_id("value")).to_have_text(figure)
        card.click()
        total = page.get_by_test_id("list-total")
        expect(total).to_contain_text(rows)
        expect(total.get_by_test_id("active-filters")).to_be_visible()
        assert page_width(page) <= PHONE["width"], key
