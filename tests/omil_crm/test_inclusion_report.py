"""The monthly report's inclusion counters (Ley 21.015), computed by hand.

On top of the office of dashboard_data (June placements: J1 in Alfa/Gulmué on 10 June, J3 in
Gamma/Otro on 14 June, J4 in Delta on 11 June; May: J1 on 20 May):
- inclusion profiles: J1 (consent live), J3 (consent withdrawn on 15 June: sealed), J2 (never
  placed); J4 has none. Persons with a disability placed in June: J1, J3 -> 2 (Gulmué: 1);
  in May: J1 -> 1.
- functional evaluations: J1 on 1 June, J3 on 14 June (sealed), J2 on 31 May -> June: 2.
- job analyses: V1 (Alfa, Gulmué) on 5 June, V2 (Gamma) on 12 June, V3 on 31 May -> June: 2
  (Gulmué: 1).
"""

import re
from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from companies.models import IndustrialPark
from omil_crm.base.periods import period_containing
from omil_crm.dashboard.figures import Scope
from omil_crm.dashboard.links import FigureLinks
from omil_crm.dashboard.monthly_report import inclusion_figures
from tests.omil_crm.dashboard_data import NOW
from vacancies.consent_models import Consent
from vacancies.inclusion_models import FunctionalEvaluation, InclusionProfile, JobAnalysis
from vacancies.models import JobSeeker, Placement, Referral, Vacancy

SANTIAGO = ZoneInfo("America/Santiago")
REPORT = reverse("monthly_report") + "?mes=2026-06"


@pytest.fixture
def inclusion(office):
    psicologa = get_user_model().objects.get(username="psicologa")
    ruts = ("12345678-5", "11111111-1", "22222222-2")
    j1, j2, j3 = (JobSeeker.objects.get(rut=rut) for rut in ruts)
    given = datetime(2026, 5, 2, 10, tzinfo=SANTIAGO)
    for person in (j1, j2, j3):
        Consent.objects.create(
            job_seeker=person,
            purpose=Consent.Purpose.INCLUSION_DATA,
            method=Consent.Method.WRITTEN,
            recorded_by=psicologa,
            given_at=given,
        )
        InclusionProfile.objects.create(job_seeker=person, recorded_by=psicologa)
    Consent.objects.filter(job_seeker=j3).update(
        withdrawn_at=datetime(2026, 6, 15, 9, tzinfo=SANTIAGO), withdrawn_by=psicologa
    )
    for person, day in ((j1, date(2026, 6, 1)), (j3, date(2026, 6, 14)), (j2, date(2026, 5, 31))):
        FunctionalEvaluation.objects.create(
            job_seeker=person, evaluator=psicologa, evaluated_on=day, findings="Evaluada"
        )
    v1, v2, v3 = (
        Vacancy.objects.get(opened_on=day)
        for day in (date(2026, 6, 2), date(2026, 6, 12), date(2026, 5, 15))
    )
    for vacancy, day in ((v1, date(2026, 6, 5)), (v2, date(2026, 6, 12)), (v3, date(2026, 5, 31))):
        JobAnalysis.objects.create(
            vacancy=vacancy, analyst=psicologa, analysed_on=day, suitable=True
        )


def figures(month: date, park=None) -> dict[str, int]:
    with time_machine.travel(NOW, tick=False):
        scope = Scope(period_containing("mes", month), park=park)
        counters = inclusion_figures(scope, FigureLinks(scope))
    return {label: value for label, value, _link in counters}


def test_the_counters_by_hand(inclusion):
    assert figures(date(2026, 6, 1)) == {
        "Evaluaciones funcionales": 2,
        "Análisis de puestos de trabajo": 2,
        "Personas con discapacidad colocadas": 2,
    }
    assert figures(date(2026, 5, 1)) == {
        "Evaluaciones funcionales": 1,
        "Análisis de puestos de trabajo": 1,
        "Personas con discapacidad colocadas": 1,
    }


def test_a_park_counts_its_own_analyses_and_placements(inclusion):
    gulmue = IndustrialPark.objects.get(name="Gulmué")

    counted = figures(date(2026, 6, 1), park=gulmue)

    assert counted["Análisis de puestos de trabajo"] == 1
    assert counted["Personas con discapacidad colocadas"] == 1


def test_a_person_placed_twice_in_the_month_counts_once(inclusion):
    j1 = JobSeeker.objects.get(rut="12345678-5")
    Placement.objects.filter(referral__job_seeker=j1, start_date__month=5).update(
        start_date=date(2026, 6, 20)
    )
    assert Referral.objects.filter(job_seeker=j1).count() == 2

    assert figures(date(2026, 6, 1))["Personas con discapacidad colocadas"] == 2


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def report_link(content: str, label: str) -> tuple[str, str]:
    table = content.split('data-testid="agreement-table"', 1)[1].split("</table>", 1)[0]
    row = table.split(label, 1)[1].split("</tr>", 1)[0]
    link = re.search(r'<a href="([^"]*)" data-testid="agreement-link">(\d+)</a>', row)
    return unescape(link.group(1)), link.group(2)


@pytest.mark.parametrize(
    "label, rows",
    [
        ("Evaluaciones funcionales", 2),
        ("Análisis de puestos de trabajo", 2),
        ("Personas con discapacidad colocadas", 2),
    ],
)
def test_each_counter_opens_the_list_that_shows_it(as_encargado, inclusion, label, rows):
    href, value = report_link(get(as_encargado, REPORT).content.decode(), label)

    assert value == str(rows)
    listed = get(as_encargado, href).content.decode()
    assert f'data-count="{rows}"' in listed


def test_the_sealed_evaluation_is_listed_without_the_person(as_encargado, inclusion):
    content = get(as_encargado, REPORT).content.decode()
    href, _value = report_link(content, "Evaluaciones funcionales")

    listed = get(as_encargado, href).content.decode()

    assert listed.count('data-testid="sealed-row"') == 1
    assert "Persona3" not in listed
    assert "Persona1" in listed


def test_the_placements_link_counts_persons(as_encargado, inclusion):
    href, _value = report_link(
        get(as_encargado, REPORT).content.decode(), "Personas con discapacidad colocadas"
    )

    assert "2 personas distintas" in get(as_encargado, href).content.decode()
