"""The panel's «¿Quedó resuelto?» table: per department, for June 2026, worked out by hand.

Aseo y Ornato (companies of the Gulmué park):
- R1 resolved 2 June, answered «sí» 5/5 on 3 June;
- R2 resolved 4 June, answered «no» 2/5 on 5 June (reopened), resolved again 8 June and
  answered «sí» 4/5 on 9 June: one request, in every count once;
- R3 resolved 10 June, not answered;
- R4 resolved 20 May, answered «no» 1/5 on 2 June (reopened in June, sent in May).
  Sent in June: R1 R2 R3 = 3; answered: R1 R2 R4 = 3; «sí»: R1 R2 = 2 (66.7 %);
  notes 5, 2, 4, 1: 3.0; reopened: R2 R4 = 2; reopen rate 2 / 3 = 66.7 %.
Obras (a company of another park):
- R5 resolved 1 June, answered «sí» 3/5 on the portal the same day;
- R6 resolved and answered in May: outside June.
  Sent 1, answered 1, «sí» 100 %, note 3.0, reopened 0, rate 0 %.
"""

import re
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from companies.models import Company, IndustrialPark
from omil_crm.base.periods import period_containing
from omil_crm.dashboard.figures import Scope
from omil_crm.dashboard.survey_figures import surveys_by_department
from requests_routing.models import Department, RequestCategory, ServiceRequest
from requests_routing.selectors import pending_survey
from requests_routing.services import (
    service_request_change_status,
    service_request_create,
    service_request_route,
)
from requests_routing.surveys import survey_answer
from tests.conftest import make_persona
from tests.omil_crm.dashboard_data import NOW, at

JUNE = reverse("dashboard") + "?periodo=mes&fecha=2026-06-01"
Status = ServiceRequest.Status


def resolve(sr, actor, when):
    with time_machine.travel(when, tick=False):
        service_request_change_status(
            request=sr, status=Status.RESOLVED, actor=actor, note="Hecho.", send_emails=False
        )


def reply(sr, when, *, yes: bool, rating: int, via: str = "correo"):
    sr.refresh_from_db()
    with time_machine.travel(when, tick=False):
        survey_answer(
            survey=pending_survey(sr),
            resolved=yes,
            rating=rating,
            comment="" if yes else "Sigue igual.",
            via=via,
        )


@pytest.fixture
def surveyed(db):
    staff = make_persona("administrativa")
    gulmue = IndustrialPark.objects.create(name="Gulmué", comuna="05103")
    other = IndustrialPark.objects.create(name="Otro parque", comuna="05103")
    in_gulmue = Company.objects.create(rut="76086428-5", legal_name="Alfa", park=gulmue)
    elsewhere = Company.objects.create(rut="96790240-3", legal_name="Omega", park=other)
    cleaning = Department.objects.create(name="Aseo y Ornato", email="aseo@example.cl")
    works = Department.objects.create(name="Obras", email="obras@example.cl")
    pruning = RequestCategory.objects.create(name="Poda", department=cleaning)
    paving = RequestCategory.objects.create(name="Veredas", department=works)

    def request(company, category, number):
        sr = service_request_create(
            company=company,
            category=category,
            subject=f"Solicitud {number}",
            channel="phone",
            created_by=staff,
            received_at=at(5, 2),
        )
        return service_request_route(request=sr, actor=staff, at=at(5, 3), send_emails=False)

    r1, r2, r3, r4 = (request(in_gulmue, pruning, n) for n in range(1, 5))
    r5, r6 = (request(elsewhere, paving, n) for n in range(5, 7))
    resolve(r1, staff, at(6, 2))
    reply(r1, at(6, 3), yes=True, rating=5)
    resolve(r2, staff, at(6, 4))
    reply(r2, at(6, 5), yes=False, rating=2)
    resolve(r2, staff, at(6, 8))
    reply(r2, at(6, 9), yes=True, rating=4)
    resolve(r3, staff, at(6, 10))
    resolve(r4, staff, at(5, 20))
    reply(r4, at(6, 2), yes=False, rating=1)
    resolve(r5, staff, at(6, 1, 10))
    reply(r5, at(6, 1, 15), yes=True, rating=3, via="portal")
    resolve(r6, staff, at(5, 12))
    reply(r6, at(5, 25), yes=True, rating=5)
    return {"gulmue": gulmue, "cleaning": cleaning, "works": works}


def figures(park=None):
    scope = Scope(period_containing("mes", NOW.date()), park=park, today=NOW.date())
    return {row["department"]: row for row in surveys_by_department(scope)}


def test_the_figures_per_department_are_those_worked_out_by_hand(
    surveyed, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = figures()

    cleaning, works = rows["Aseo y Ornato"], rows["Obras"]
    assert (cleaning["sent"], cleaning["answered"], cleaning["yes"]) == (3, 3, 2)
    assert (cleaning["yes_share"], cleaning["rating"]) == (66.7, 3.0)
    assert (cleaning["reopened"], cleaning["reopen_rate"]) == (2, 66.7)
    assert (works["sent"], works["answered"], works["yes_share"], works["rating"]) == (
        1,
        1,
        100.0,
        3.0,
    )
    assert (works["reopened"], works["reopen_rate"]) == (0, 0.0)


def test_a_park_counts_only_its_companies(surveyed):
    assert list(figures(surveyed["gulmue"])) == ["Aseo y Ornato"]


@pytest.fixture
def as_encargado(client, surveyed):
    client.force_login(make_persona("encargado"))
    return client


def get(client, url):
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def listed(response) -> int:
    content = response.content.decode()
    return int(re.search(r'data-testid="list-total" data-count="(\d+)"', content).group(1))


def survey_table(content: str) -> str:
    return content.split('data-testid="survey-table"', 1)[1].split("</table>", 1)[0]


def test_the_panel_shows_the_table(as_encargado):
    table = survey_table(get(as_encargado, JUNE).content.decode())

    cleaning = table.split("Aseo y Ornato", 1)[1].split("</tr>", 1)[0]
    assert "66,7 %" in cleaning or "66.7 %" in cleaning
    assert re.search(r'data-testid="rating">3[,.]0<', cleaning)


@pytest.mark.parametrize("park", [False, True], ids=["oficina", "parque"])
def test_every_number_opens_a_list_with_that_many_requests(as_encargado, surveyed, park):
    url = JUNE + (f"&parque={surveyed['gulmue'].pk}" if park else "")
    table = survey_table(get(as_encargado, url).content.decode())
    links = re.findall(r'<a href="([^"]*)" data-testid="([a-z-]+)">\s*(\d+)\s*</a>', table)
    assert len(links) == (3 if park else 6)  # sent, answered, reopened per row
    for href, column, value in links:
        assert listed(get(as_encargado, unescape(href))) == int(value), column
    # The «sí» share opens the requests answered «sí», the part of the share it counts.
    shares = re.findall(r'<a href="([^"]*)" title="(\d+) de \d+">', table)
    assert len(shares) == (1 if park else 2)
    for href, yes in shares:
        assert listed(get(as_encargado, unescape(href))) == int(yes)


def test_the_reopened_link_lists_the_requests_reopened_by_the_survey(as_encargado, surveyed):
    table = survey_table(get(as_encargado, JUNE).content.decode())
    cleaning = table.split("Aseo y Ornato", 1)[1].split("</tr>", 1)[0]
    href = re.search(r'<a href="([^"]*)" data-testid="reopened">', cleaning).group(1)

    response = get(as_encargado, unescape(href))

    subjects = {sr.subject for sr in response.context["page"].object_list}
    assert subjects == {"Solicitud 2", "Solicitud 4"}
    shown = (
        response.content.decode().split('data-testid="active-filters"', 1)[1].split("</span>")[0]
    )
    assert "Reabierta por encuesta" in shown
    assert "Encuesta respondida desde: 01-06-2026" in shown
