"""The Encargado with the dashboard in a real browser: he opens it, moves to June 2026, follows
the placements figure to the list behind it, and downloads June's report as a workbook."""

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import log_in
from tests.omil_crm.dashboard_data import build_office

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_encargado_reads_june_follows_a_figure_and_downloads_the_report(page_factory):
    build_office()
    make_persona("encargado")
    page = page_factory()
    log_in(page, "encargado", PASSWORD)

    page.get_by_test_id("main-menu").get_by_role("link", name="Panel").click()
    expect(page.get_by_role("heading", name="Panel de la oficina")).to_be_visible()
    # The heading shows while the page is still parsing; the charts' scripts come last.
    page.wait_for_function("() => window.Chart && Chart.getChart('chart-companies') !== undefined")

    form = page.get_by_test_id("period-form")
    form.get_by_label("Período").select_option("mes")
    form.get_by_label("Que incluya el día").fill("2026-06-15")
    form.get_by_role("button", name="Ver").click()
    expect(page.get_by_test_id("period-label")).to_have_text("Junio de 2026")
    expect(page.get_by_test_id("card-visits").get_by_test_id("value")).to_have_text("4")
    expect(page.get_by_test_id("card-placements").get_by_test_id("value")).to_have_text("3")

    page.get_by_test_id("card-placements").click()
    expect(page.get_by_test_id("list-total")).to_contain_text("3 colocaciones")
    page.go_back()

    page.get_by_role("link", name="Informe mensual").click()
    page.get_by_label("Mes", exact=True).fill("2026-06")
    page.get_by_role("button", name="Ver").click()
    expect(page.get_by_test_id("report-period")).to_have_text("Junio de 2026")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-xlsx").click()
    download = download_info.value
    assert download.suggested_filename == "informe-omil-2026-06.xlsx"
    # Playwright keeps the download under a name without extension, which openpyxl refuses.
    book = load_workbook(BytesIO(Path(download.path()).read_bytes()))
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row}
    assert summary["Personas atendidas"] == 6
    assert len(list(book["Colocaciones"].iter_rows(min_row=2))) == 3
