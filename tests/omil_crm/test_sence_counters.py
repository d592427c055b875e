"""SENCE's counters in the monthly report, computed by hand, each linked to its list.

On top of the office of dashboard_data, June gets two more referrals: J2 to V4 on 14 June and
J1 to V4 on 12 June, hired and placed on 14 June. So in June:
- referrals: J1->V1, J2->V1, J3->V2, J4->V4, J2->V4, J1->V4 = 6, of 4 distinct persons;
  in Gulmué (V1 at Alfa): J1, J2 = 2 persons;
- placements: J1 (V1), J3 (V2), J4 (V4), J1 (V4) = 4, of 3 distinct persons; Gulmué: J1 = 1;
- contacts with companies (visits done): 4; Gulmué: 3;
- persons attended: the 6 of the office (nobody new); registered in June: J5 = 1.
"""

import re
from datetime import date
from html import unescape
from io import BytesIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from tests.omil_crm.dashboard_data import NOW, at
from vacancies.models import JobSeeker, Placement, Referral, Vacancy
from vacancies.people_services import job_seeker_erase

REPORT = reverse("monthly_report") + "?mes=2026-06"


@pytest.fixture
def more_referrals(office):
    psicologa = get_user_model().objects.get(username="psicologa")
    v4 = Vacancy.objects.get(company__legal_name="Delta")
    j1 = JobSeeker.objects.get(rut="12345678-5")
    j2 = JobSeeker.objects.get(rut="11111111-1")
    for person, day, stage in ((j2, 14, "referred"), (j1, 12, "hired")):
        referral = Referral.objects.create(
            job_seeker=person,
            vacancy=v4,
            referred_by=psicologa,
            referred_at=at(6, day),
            stage=stage,
            stage_changed_at=at(6, day),
        )
    Placement.objects.create(
        referral=referral,
        start_date=date(2026, 6, 14),
        contract_type="indefinite",
        recorded_by=psicologa,
    )
    return office


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def agreement_rows(content: str) -> dict[str, tuple[int, str]]:
    table = content.split('data-testid="agreement-table"', 1)[1].split("</table>", 1)[0]
    rows = {}
    row = r'<th scope="row"[^>]*>([^<]+)</th>\s*<td[^>]*>(.*?)</td>'
    for label, cell in re.findall(row, table):
        link = re.search(r'<a href="([^"]*)" data-testid="agreement-link">(\d+)</a>', cell)
        rows[label] = (int(link.group(2)), unescape(link.group(1))) if link else (int(cell), "")
    return rows


def test_the_counters_come_in_senses_order_with_the_figures_by_hand(as_encargado, more_referrals):
    rows = agreement_rows(get(as_encargado, REPORT).content.decode())

    assert list(rows)[:10] == [
        "Personas atendidas",
        "Personas con orientación laboral",
        "Personas derivadas a ofertas laborales",
        "Contactos con empresas",
        "Encuentros empresariales",
        "Ferias laborales",
        "Evaluaciones funcionales",
        "Análisis de puestos de trabajo",
        "Personas colocadas",
        "Personas con discapacidad colocadas",
    ]
    figures = {label: value for label, (value, _link) in rows.items()}
    assert figures["Personas atendidas"] == 6
    assert figures["Personas inscritas en el mes"] == 1
    assert figures["Personas derivadas a ofertas laborales"] == 4
    assert figures["Derivaciones a vacantes"] == 6
    assert figures["Contactos con empresas"] == 4
    assert figures["Personas colocadas"] == 3
    assert figures["Colocaciones"] == 4


def test_every_counter_links_to_a_list_holding_what_it_counts(as_encargado, more_referrals):
    rows = agreement_rows(get(as_encargado, REPORT).content.decode())
    assert all(link for _value, link in rows.values()), rows

    def listed(label):
        return get(as_encargado, rows[label][1]).content.decode()

    attended = listed("Personas atendidas")
    assert 'data-count="6"' in attended
    assert len(re.findall(r'data-testid="person-row"', attended)) == 6
    assert 'data-count="1"' in listed("Personas inscritas en el mes")

    referrals = listed("Personas derivadas a ofertas laborales")
    assert 'data-people="4"' in referrals and 'data-count="6"' in referrals
    assert "4 personas distintas" in referrals

    placements = listed("Personas colocadas")
    assert 'data-people="3"' in placements and 'data-count="4"' in placements

    assert 'data-count="4"' in listed("Contactos con empresas")


def test_a_parks_report_counts_only_its_companies(as_encargado, more_referrals):
    gulmue = more_referrals.gulmue
    rows = agreement_rows(get(as_encargado, f"{REPORT}&parque={gulmue.pk}").content.decode())

    assert rows["Personas derivadas a ofertas laborales"][0] == 2
    assert rows["Personas colocadas"][0] == 1
    assert rows["Contactos con empresas"][0] == 3
    referrals = get(as_encargado, rows["Personas derivadas a ofertas laborales"][1])
    assert 'data-people="2"' in referrals.content.decode()


def test_the_summary_sheet_carries_each_counter(as_encargado, more_referrals):
    response = get(as_encargado, reverse("monthly_report_xlsx") + "?mes=2026-06")
    book = load_workbook(BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Resumen"].iter_rows(values_only=True) if row}

    assert summary["Personas atendidas"] == 6
    assert summary["Personas derivadas a ofertas laborales"] == 4
    assert summary["Contactos con empresas"] == 4
    assert summary["Personas colocadas"] == 3


def test_a_list_without_a_period_does_not_count_persons(as_encargado, more_referrals):
    content = get(as_encargado, reverse("vacancies:referral_list")).content.decode()

    assert "personas distintas" not in content


def test_the_people_list_refuses_a_bad_date_in_spanish(as_encargado, more_referrals):
    url = reverse("vacancies:job_seeker_list") + "?attended_from=31-13-2026"
    content = get(as_encargado, url).content.decode()

    assert "Introduzca una fecha válida" in content or "fecha válida" in content


def test_an_erased_person_still_counts_and_the_list_says_so(as_encargado, more_referrals):
    encargado = get_user_model().objects.get(username="encargado")
    with time_machine.travel(NOW, tick=False):
        job_seeker_erase(job_seeker=JobSeeker.objects.get(rut="22222222-2"), erased_by=encargado)
    rows = agreement_rows(get(as_encargado, REPORT).content.decode())

    listed = get(as_encargado, rows["Personas atendidas"][1]).content.decode()

    assert rows["Personas atendidas"][0] == 6
    assert 'data-count="5"' in listed
    assert "además 1 persona con datos eliminados" in listed
