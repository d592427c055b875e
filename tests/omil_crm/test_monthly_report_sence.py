"""The monthly report's SENCE sections: placements by sex and age group and the placements SENCE
may not confirm, each number equal to the list it links to; the workbook's «Resumen» carries
them. The counters are computed by hand from the fixture below."""

import html
import re
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Company
from tests.vacancies.conftest import make_person, refer
from vacancies.models import Referral, Sex
from vacancies.services import vacancy_create

SANTIAGO = ZoneInfo("America/Santiago")
REPORT = reverse("monthly_report") + "?mes=2026-09"


def at(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=SANTIAGO))


@pytest.fixture
def september(db, company, gestora, psicologa):
    """Five September placements (and one in August, counted nowhere here):
    Marta (woman, 19, complete); Pedro (man, 45, fixed term without length, no written
    contract); Ana (woman, 60 on her start, at a company without RUT); Joaquín (sex not stated,
    no birth date, complete); Sofía (woman, 17, starts on 28 September: later than «today»)."""
    with at(date(2026, 8, 3)):
        warehouse = vacancy_create(
            company=company, title="Operario de bodega", positions=9, captured_by=gestora
        )
        no_rut = Company.objects.create(legal_name="Amasandería Los Aromos")
        bakery = vacancy_create(company=no_rut, title="Ayudante de panadería", captured_by=gestora)
        woman, man, unstated = Sex.FEMALE, Sex.MALE, Sex.NOT_STATED
        people = [
            ("Marta", woman, date(2007, 1, 10), warehouse, date(2026, 9, 1), "indefinite", None, 1),
            ("Pedro", man, date(1981, 5, 5), warehouse, date(2026, 9, 7), "fixed_term", None, 0),
            ("Ana", woman, date(1966, 9, 14), bakery, date(2026, 9, 14), "indefinite", None, 1),
            ("Joaquín", unstated, None, warehouse, date(2026, 9, 15), "fixed_term", 6, 1),
            ("Sofía", woman, date(2009, 3, 3), warehouse, date(2026, 9, 28), "per_job", None, 1),
            ("Elena", woman, date(1990, 1, 1), warehouse, date(2026, 8, 20), "indefinite", None, 0),
        ]  # fmt: skip
        for number, (name, sex, born, vacancy, start, contract, months, written) in enumerate(
            people, start=20111000
        ):
            person = make_person(
                number, name, "Prueba", consent_by=psicologa, sex=sex, birth_date=born
            )
            refer(
                person, vacancy, psicologa, Referral.Stage.HIRED, start_date=start,
                contract_type=contract, contract_months=months, written_contract=bool(written),
            )  # fmt: skip


@pytest.fixture
def reader(client, encargado):
    client.force_login(encargado)
    return client


def table_links(content: str, testid: str) -> dict[str, tuple[int, str]]:
    table = content.split(f'data-testid="{testid}"')[1].split("</table>")[0]
    cell = r'fw-normal pe-4">([^<]+)</th><td class="text-end"><a href="([^"]+)">(\d+)<'
    rows = re.findall(cell, table)
    return {html.unescape(label): (int(value), html.unescape(url)) for label, url, value in rows}


def list_total(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_placements_by_sex_and_age_each_equal_to_the_list_it_opens(reader, september):
    with at(date(2026, 10, 20)):
        content = reader.get(REPORT).content.decode()
        by_sex = table_links(content, "placements-by-sex")
        by_age = table_links(content, "placements-by-age")
        assert {label: value for label, (value, _) in by_sex.items()} == {
            "Mujeres": 3,
            "Hombres": 1,
            "Sexo no informado": 1,
        }
        assert {label: value for label, (value, _) in by_age.items()} == {
            "Menos de 18 años": 1,
            "18 a 24 años": 1,
            "25 a 59 años": 1,
            "60 años y más": 1,
            "Sin fecha de nacimiento": 1,
        }
        for value, url in [*by_sex.values(), *by_age.values()]:
            assert list_total(reader, url) == value, url


def test_before_the_month_closes_the_report_lists_what_sence_may_not_confirm(reader, september):
    with at(date(2026, 9, 20)):
        content = reader.get(REPORT).content.decode()
        section = content.split('data-testid="sence-pending"')[1].split("</section>")[0]
        total = re.search(r'href="([^"]+)" data-testid="sence-pending-total">(\d+)<', section)
        # Pedro (two reasons), Ana (no employer RUT), Sofía (starts later).
        assert int(total.group(2)) == 3
        assert section.count('data-testid="sence-pending-row"') == 3
        assert "Plazo fijo sin duración en meses" in section
        assert "Sin contrato escrito" in section
        assert "La empresa no tiene RUT registrado" in section
        assert "La fecha de inicio aún no llega" in section
        assert "Marta" not in section and "Joaquín" not in section
        assert list_total(reader, html.unescape(total.group(1))) == 3
        first_link = re.search(r'href="(/colocaciones/\d+/)"', section).group(1)
        assert reader.get(first_link).status_code == 200


def test_the_last_month_is_still_open_but_not_an_older_one(reader, september):
    with at(date(2026, 10, 4)):
        content = reader.get(REPORT).content.decode()
        # Sofía's start has come: two remain.
        assert re.search(r'data-testid="sence-pending-total">2<', content)
    with at(date(2026, 11, 4)):
        assert 'data-testid="sence-pending"' not in reader.get(REPORT).content.decode()


def test_the_workbook_summary_carries_each_counter(reader, september):
    with at(date(2026, 9, 20)):
        response = reader.get(reverse("monthly_report_xlsx") + "?mes=2026-09")
    sheet = load_workbook(BytesIO(response.content))["Resumen"]
    rows = [row for row in sheet.iter_rows(values_only=True) if row and row[0]]
    summary = {row[0]: row[1] for row in rows}
    assert summary["Mujeres"] == 3
    assert summary["Hombres"] == 1
    assert summary["Sexo no informado"] == 1
    assert summary["18 a 24 años"] == 1
    assert summary["60 años y más"] == 1
    assert summary["Sin fecha de nacimiento"] == 1
    assert summary["Colocaciones que el SENCE podría no confirmar"] == 3
