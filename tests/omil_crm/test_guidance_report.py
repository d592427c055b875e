"""«Personas con orientación laboral» in the monthly report, computed by hand.

On top of the office of dashboard_data (6 persons attended in June), June has an individual
session with J1 (already attended), a group one with J7 and J8 and, on its first day, an
individual one with J9; J10 was guided on 31 May only. Guided in June: J1, J7, J8, J9 -> 4
distinct persons in 3 sessions; attended in June: the 6 plus J7, J8, J9 -> 9.
"""

import re
from datetime import date, datetime
from html import unescape
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from omil_crm.base.periods import period_containing
from omil_crm.dashboard.figures import Scope
from omil_crm.dashboard.monthly_report import people_attended, people_guided
from tests.omil_crm.dashboard_data import NOW
from vacancies.guidance_models import GuidanceSession
from vacancies.models import JobSeeker

REPORT = reverse("monthly_report") + "?mes=2026-06"


@pytest.fixture
def guided(office):
    psicologa = get_user_model().objects.get(username="psicologa")
    j1 = JobSeeker.objects.get(rut="12345678-5")
    j7, j8, j9, j10 = (
        JobSeeker.objects.create(first_name=name, last_name="Orientada")
        for name in ("Julia", "Tomás", "Inés", "Raúl")
    )
    JobSeeker.objects.filter(last_name="Orientada").update(
        created_at=datetime(2025, 1, 10, tzinfo=ZoneInfo("America/Santiago"))
    )

    def session(held_on, mode, people):
        created = GuidanceSession.objects.create(
            held_on=held_on, staff=psicologa, mode=mode, topics=["cv"]
        )
        created.participants.set(people)

    session(date(2026, 6, 3), "individual", [j1])
    session(date(2026, 6, 10), "group", [j1, j7, j8])
    session(date(2026, 6, 1), "individual", [j9])
    session(date(2026, 5, 31), "individual", [j10])


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_the_counter_and_people_attended_by_hand(guided):
    with time_machine.travel(NOW, tick=False):
        scope = Scope(period_containing("mes", date(2026, 6, 1)))
        assert people_guided(scope) == 4
        assert people_attended(scope) == {"attended": 9, "registered": 1}


def test_the_report_links_the_counter_to_the_list_that_shows_it(as_encargado, guided):
    content = get(as_encargado, REPORT).content.decode()
    table = content.split('data-testid="agreement-table"', 1)[1].split("</table>", 1)[0]
    row = table.split("Personas con orientación laboral", 1)[1].split("</tr>", 1)[0]
    link = re.search(r'<a href="([^"]*)" data-testid="agreement-link">(\d+)</a>', row)
    href, value = link.groups()
    assert value == "4"

    listed = get(as_encargado, unescape(href)).content.decode()

    assert int(re.search(r'data-people="(\d+)"', listed).group(1)) == 4
    assert 'data-count="3"' in listed
    assert "Desde: 01-06-2026" in listed and "Hasta: 30-06-2026" in listed


def test_the_summary_sheet_carries_the_counter(as_encargado, guided):
    response = get(as_encargado, reverse("monthly_report_xlsx") + "?mes=2026-06")
    book = load_workbook(BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row}

    assert summary["Personas con orientación laboral"] == 4
    assert summary["Personas atendidas"] == 9
