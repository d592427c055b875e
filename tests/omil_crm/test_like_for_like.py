"""A period in progress is compared with the same span of the one before it, and says so."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Company, Visit
from omil_crm.base.periods import period_containing
from tests.conftest import make_persona

SANTIAGO = ZoneInfo("America/Santiago")
SIXTH_OF_DECEMBER = datetime(2026, 12, 6, 11, 0, tzinfo=SANTIAGO)


def test_it_compares_the_first_days_of_a_month_with_the_same_days_of_the_previous():
    december = period_containing("mes", date(2026, 12, 1))
    comparison = december.comparison(date(2026, 12, 6))
    assert (comparison.first_day, comparison.last_day) == (date(2026, 11, 1), date(2026, 11, 6))
    assert comparison.span_label == "1 al 6 de noviembre de 2026"


def test_it_compares_a_year_to_date_with_the_same_days_of_last_year():
    year = period_containing("anio", date(2026, 1, 1))
    comparison = year.comparison(date(2026, 12, 6))
    assert (comparison.first_day, comparison.last_day) == (date(2025, 1, 1), date(2025, 12, 6))
    assert comparison.span_label == "1 de enero al 6 de diciembre de 2025"


def test_it_compares_a_completed_period_with_the_whole_previous_one():
    november = period_containing("mes", date(2026, 11, 1))
    comparison = november.comparison(date(2026, 12, 6))
    assert (comparison.first_day, comparison.last_day) == (date(2026, 10, 1), date(2026, 10, 31))


def test_it_stops_the_span_at_the_end_of_a_shorter_previous_month():
    march = period_containing("mes", date(2026, 3, 1))
    comparison = march.comparison(date(2026, 3, 31))
    assert (comparison.first_day, comparison.last_day) == (date(2026, 2, 1), date(2026, 2, 28))


@pytest.fixture
def visits_around_december(db):
    gestora = make_persona("gestora")
    company = Company.objects.create(rut="76086428-5", legal_name="Maestranza Los Aromos")

    def visit(month, day):
        Visit.objects.create(
            company=company,
            staff=gestora,
            status=Visit.Status.DONE,
            happened_at=datetime(2026, month, day, 10, tzinfo=SANTIAGO),
            summary="Visita de seguimiento",
        )

    # 1-6 December: 2 visits. 1-6 November: 1 visit; all of November: 5.
    for day in (2, 5):
        visit(12, day)
    for day in (3, 10, 17, 24, 28):
        visit(11, day)


def _card_text(content: str, key: str) -> str:
    return content.split(f'data-testid="card-{key}"', 1)[1].split("</a>", 1)[0]


def test_the_panel_compares_december_so_far_with_the_same_days_of_november(
    client, visits_around_december
):
    encargado = make_persona("encargado")
    with time_machine.travel(SIXTH_OF_DECEMBER, tick=False):
        client.force_login(encargado)
        content = client.get(reverse("dashboard")).content.decode()

    assert (
        "Comparado con el mismo tramo del período anterior: 1 al 6 de noviembre de 2026" in content
    )
    visits = _card_text(content, "visits")
    assert "antes 1 (100 %)" in visits
    assert "-60 %" not in visits


def test_the_panel_compares_a_completed_month_whole_with_whole(client, visits_around_december):
    encargado = make_persona("encargado")
    with time_machine.travel(SIXTH_OF_DECEMBER, tick=False):
        client.force_login(encargado)
        content = client.get(reverse("dashboard") + "?periodo=mes&fecha=2026-11-01").content
    content = content.decode()

    assert "Comparado con el período anterior completo: 1 al 31 de octubre de 2026" in content
    assert "antes 0" in _card_text(content, "visits")


def test_the_monthly_report_says_what_it_compares_with(client, visits_around_december):
    encargado = make_persona("encargado")
    with time_machine.travel(SIXTH_OF_DECEMBER, tick=False):
        client.force_login(encargado)
        content = client.get(reverse("monthly_report") + "?mes=2026-12").content.decode()

    assert "mismo tramo del período anterior: 1 al 6 de noviembre de 2026" in content


def test_the_report_workbook_says_what_it_compares_with(client, visits_around_december):
    encargado = make_persona("encargado")
    with time_machine.travel(SIXTH_OF_DECEMBER, tick=False):
        client.force_login(encargado)
        response = client.get(reverse("monthly_report_xlsx") + "?mes=2026-12")

    summary = load_workbook(io.BytesIO(response.content))["Resumen"]
    rows = {row[0]: row[1:] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert rows["Comparación"][0].endswith("1 al 6 de noviembre de 2026")
    assert rows["Indicador"][:2] == ("Mes", "Mismo tramo del mes anterior")
    assert rows["Visitas y contactos realizados"][:2] == (2, 1)
