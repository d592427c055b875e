"""The dashboard figures against a small office computed by hand (see dashboard_data)."""

from datetime import date

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum.cl.rut import calc_check_digit

from companies.models import Company, Contact, IndustrialPark, Visit
from omil_crm.base.periods import period_containing
from omil_crm.dashboard.figures import Scope, dashboard_figures
from omil_crm.dashboard.monthly_report import people_attended
from requests_routing.models import Department, RequestCategory, ServiceRequest
from tests.omil_crm.dashboard_data import NOW
from vacancies.proposal_services import vacancy_proposal_decline, vacancy_propose

JUNE = period_containing("mes", date(2026, 6, 1))
# The hand-computed comparisons are with the whole of May: June seen once it is over. (On 15
# June itself, June is compared with 1-15 May: see test_like_for_like.py.)
JUNE_OVER = date(2026, 7, 1)


@pytest.fixture
def figures(office):
    with time_machine.travel(NOW, tick=False):
        return dashboard_figures(Scope(JUNE, today=JUNE_OVER))


@pytest.fixture
def gulmue_figures(office):
    with time_machine.travel(NOW, tick=False):
        return dashboard_figures(Scope(JUNE, office.gulmue, today=JUNE_OVER))


EXPECTED_OFFICE = {
    "visits": (4, 2),
    "companies_contacted": (2, 2),
    "companies": (4, 0),
    "never_contacted": (1, 0),
    "long_not_contacted": (1, 0),
    "vacancies": (3, 1),
    "positions": (6, 1),
    "referrals": (4, 1),
    "placements": (3, 1),
    "placements_office": (3, 1),
    "placements_in_parks": (2, 1),
    "requests_received": (5, 2),
    "requests_resolved": (5, 1),
    "requests_overdue": (1, 0),
    "workshops": (1, 1),
    "attendees": (3, 1),
}


def test_every_counter_of_the_whole_office(figures):
    assert figures.counters == EXPECTED_OFFICE


def test_visits_count_by_santiago_dates_across_midnight(figures):
    # 1 June 00:30 and 31 May 23:30 in Santiago fall in different months (04:30 / 03:30 UTC).
    assert figures.current("visits") == 4
    assert figures.previous("visits") == 2


def test_counters_of_one_park(gulmue_figures):
    counters = gulmue_figures.counters
    assert counters["visits"] == (3, 1)
    assert counters["companies_contacted"] == (1, 1)
    assert counters["companies"][0] == 2  # the inactive company is not counted
    assert counters["never_contacted"][0] == 1
    assert counters["long_not_contacted"][0] == 0
    assert counters["vacancies"] == (1, 1)
    assert counters["positions"] == (3, 1)
    assert counters["referrals"] == (2, 1)
    assert counters["placements"] == (1, 1)
    assert counters["placements_office"] == (3, 1)
    assert counters["requests_received"] == (4, 1)
    assert counters["requests_resolved"] == (3, 1)
    assert counters["requests_overdue"][0] == 1


def test_programme_offers_by_status(figures):
    assert figures.offers_by_status == {
        "offered": (1, 0),
        "enrolled": (1, 0),
        "declined": (0, 1),
    }


def test_requests_by_department_with_resolution_percentiles(figures):
    rows = {row["department"]: row for row in figures.requests_by_department}
    assert rows["Obras"]["received"] == (3, 1)
    assert rows["Obras"]["resolved"] == (4, 0)
    assert rows["Obras"]["overdue"] == 0
    # 2, 4, 10 and 21 days: median between 4 and 10; 90th at 2.7 of 3 -> 10 + 0.7 * 11.
    assert rows["Obras"]["median"] == 7.0
    assert rows["Obras"]["p90"] == 17.7
    assert rows["Aseo"]["received"] == (2, 1)
    assert rows["Aseo"]["resolved"] == (1, 1)
    assert rows["Aseo"]["overdue"] == 1
    assert rows["Aseo"]["median"] == 2.5
    assert rows["Aseo"]["p90"] == 2.5


def test_percentiles_follow_the_park(gulmue_figures):
    rows = {row["department"]: row for row in gulmue_figures.requests_by_department}
    # Only Alfa's two requests: 2 and 4 days.
    assert rows["Obras"]["median"] == 3.0
    assert rows["Obras"]["p90"] == 3.8


def test_each_parks_share_of_all_placements(figures):
    shares = {row["park"]: (row["placements"], row["share"]) for row in figures.placements_by_park}
    assert shares == {
        "Gulmué": (1, 33.3),
        "Otro": (1, 33.3),
        "Fuera de parques": (1, 33.3),
    }


def test_staff_activity(figures):
    rows = {row["name"]: row for row in figures.staff_activity}
    assert rows["Gestora"]["visits"] == 3
    assert rows["Gestora"]["vacancies"] == 3
    assert rows["Gestora"]["follow_ups"] == 1
    assert rows["Segunda Gestora"]["visits"] == 1
    assert rows["Psicologa"]["referrals"] == 4
    assert rows["Psicologa"]["placements"] == 3
    assert rows["Administrativa"]["requests"] == 5


def test_monthly_trend_covers_the_twelve_months_up_to_the_period(figures):
    assert figures.trend_months[0] == date(2025, 7, 1)
    assert figures.trend_months[-1] == date(2026, 6, 1)
    assert figures.trend["visits"][-2:] == [2, 4]
    assert figures.trend["placements"][-2:] == [1, 3]
    assert figures.trend["requests_resolved"][-2:] == [1, 5]
    assert figures.trend["vacancies"][-2:] == [1, 3]
    assert sum(figures.trend["referrals"]) == 5


def test_people_attended_for_the_agreement_report(office):
    with time_machine.travel(NOW, tick=False):
        people = people_attended(Scope(JUNE))
    # J1-J4 referred, J1, J2 and J5 at the workshop, J6 evaluated; only J5 registered in June.
    assert people == {"attended": 6, "registered": 1}


def test_a_year_and_a_quarter_add_up_the_months(office):
    with time_machine.travel(NOW, tick=False):
        year = dashboard_figures(Scope(period_containing("anio", date(2026, 1, 1))))
        quarter = dashboard_figures(Scope(period_containing("trimestre", date(2026, 5, 1))))
    assert year.counters["visits"] == (6, 0)
    assert quarter.counters["visits"] == (6, 0)
    assert quarter.counters["placements"] == (4, 0)
    assert len(year.trend_months) == 12


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        dashboard_figures(scope)
    return len(queries)


def test_the_figures_cost_the_same_queries_with_more_rows(office):
    with time_machine.travel(NOW, tick=False):
        before = _queries(Scope(JUNE))
        third_park = IndustrialPark.objects.create(name="Tercero", comuna="05103")
        department = Department.objects.create(name="Tránsito", email="transito@example.cl")
        category = RequestCategory.objects.create(name="Semáforo", department=department)
        for number in range(20):
            company = Company.objects.create(
                rut=f"{7000000 + number}-{calc_check_digit(str(7000000 + number))}",
                legal_name=f"Empresa {number}",
                park=third_park,
            )
            Visit.objects.create(
                company=company,
                staff=get_user_model().objects.create_user(f"staff{number}"),
                status=Visit.Status.DONE,
                happened_at=NOW,
            )
            ServiceRequest.objects.create(
                reference=f"SOL-2026-{500 + number:05d}",
                company=company,
                category=category,
                department=department,
                subject="Semáforo apagado",
                received_at=NOW,
                resolved_at=NOW,
                status=ServiceRequest.Status.RESOLVED,
                due_date=NOW.date(),
            )
        after = _queries(Scope(JUNE))
        with_park = _queries(Scope(JUNE, third_park))
    # The survey table (survey_figures) is one grouped query of its own; on PostgreSQL the
    # percentiles of days to resolution travel in the department table's query.
    assert before == after == with_park == (8 if connection.vendor == "postgresql" else 9)


def test_a_companys_proposals_count_nowhere_until_confirmed(office):
    """Vacancies proposed on the portal, pending or declined, leave every figure as it was."""
    contact = Contact.objects.create(
        company=Company.objects.get(legal_name="Alfa"), name="Ana Pérez", email="ana@alfa.cl"
    )
    with time_machine.travel(NOW, tick=False):
        vacancy_propose(contact=contact, title="Operaria de envasado", positions=4)
        declined = vacancy_propose(contact=contact, title="Guardia", positions=2)
        vacancy_proposal_decline(vacancy=declined, user=office.users["gestora"], reason="Duplicada")
        counted = dashboard_figures(Scope(JUNE, today=JUNE_OVER))

    assert counted.counters == EXPECTED_OFFICE
