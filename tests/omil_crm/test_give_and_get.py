"""The give-and-get balance: figures worked out by hand (tests/omil_crm/balance_data.py), its
cost in queries, the period choices and the company page's «Balance de colaboración» (the
park's page and the monthly meeting's section: test_park_balance.py)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from companies.models import Company
from omil_crm.balance.periods import balance_period
from omil_crm.balance.selectors import give_and_get, give_and_get_for_company
from omil_crm.base.periods import Period
from requests_routing.models import RequestEvent, ResolutionSurvey, ServiceRequest
from tests.conftest import make_persona
from tests.omil_crm.balance_data import (
    NOW,
    OCTOBER,
    OCTOBER_QUERY,
    at,
    balance_section,
    figure,
    figure_link,
)

OCTOBER_PERIOD = Period("rango", *OCTOBER)


def figures(balance) -> dict:
    return {
        "received": balance.requests_received,
        "resolved": balance.requests_resolved,
        "median": balance.median_days,
        "vacancies": balance.vacancies,
        "positions": balance.positions,
        "referrals": balance.referrals,
        "placements": balance.placements,
    }


# The selector


def test_a_company_balance_counts_only_what_happened_in_the_period(parks):
    balance = give_and_get_for_company(parks.aromos, OCTOBER_PERIOD)

    assert figures(balance) == {
        "received": 3,
        "resolved": 3,
        "median": 6.0,
        "vacancies": 1,
        "positions": 3,
        "referrals": 3,
        "placements": 1,
    }


def test_a_request_received_on_the_last_evening_of_the_month_counts_in_that_month(parks):
    balance = give_and_get(period=OCTOBER_PERIOD, company=parks.boldo)

    assert (balance.requests_received, balance.requests_resolved) == (2, 1)
    assert balance.median_days == 5.0
    assert (balance.vacancies, balance.positions, balance.referrals) == (2, 5, 1)


def test_the_park_balance_adds_up_its_companies_and_lists_those_with_movement(parks):
    balance = give_and_get(period=OCTOBER_PERIOD, park=parks.gulmue)

    assert figures(balance) == {
        "received": 5,
        "resolved": 4,
        "median": 5.5,
        "vacancies": 3,
        "positions": 8,
        "referrals": 4,
        "placements": 1,
    }
    assert [row.company.legal_name for row in balance.rows] == [
        "Frutícola El Boldo Ltda.",
        "Maestranza Los Aromos SpA",
    ]
    assert [row.median_days for row in balance.rows] == [5.0, 6.0]
    assert balance.idle_companies == 1


def test_another_parks_companies_never_enter_the_balance(parks):
    balance = give_and_get(period=OCTOBER_PERIOD, park=parks.quintero)

    assert figures(balance) == {
        "received": 1,
        "resolved": 1,
        "median": 1.0,
        "vacancies": 1,
        "positions": 2,
        "referrals": 1,
        "placements": 1,
    }
    assert [row.company for row in balance.rows] == [parks.ritoque]


def test_a_company_without_movement_has_an_empty_balance_and_no_median(parks):
    balance = give_and_get_for_company(parks.envases, OCTOBER_PERIOD)

    assert balance.is_empty
    assert balance.median_days is None


def test_satisfaction_is_absent_until_companies_answer_surveys(parks):
    assert give_and_get_for_company(parks.aromos, OCTOBER_PERIOD).satisfaction is None
    assert give_and_get(period=OCTOBER_PERIOD, park=parks.gulmue).satisfaction is None


def answer_survey(sr, *, answered_on, resolved: bool, rating: int) -> None:
    event = RequestEvent.objects.create(
        request=sr, kind=RequestEvent.Kind.STATUS_CHANGE, created_at=sr.resolved_at
    )
    ResolutionSurvey.objects.create(
        request=sr,
        resolution_event=event,
        sent_at=sr.resolved_at,
        expires_at=at(12, 30),
        answered_at=answered_on,
        answered_via=ResolutionSurvey.Via.EMAIL,
        resolved=resolved,
        rating=rating,
    )


def test_satisfaction_counts_the_answers_given_in_the_period(parks):
    aromos = ServiceRequest.objects.filter(company=parks.aromos, resolved_at__isnull=False)
    boldo = ServiceRequest.objects.get(company=parks.boldo, resolved_at__month=10)
    first, second, _, september = aromos.order_by("received_at")[:4]
    answer_survey(first, answered_on=at(10, 20), resolved=True, rating=5)
    answer_survey(second, answered_on=at(10, 21), resolved=False, rating=2)
    answer_survey(september, answered_on=at(9, 6), resolved=True, rating=4)  # not October
    answer_survey(boldo, answered_on=at(10, 8), resolved=True, rating=4)

    company = give_and_get_for_company(parks.aromos, OCTOBER_PERIOD).satisfaction
    park = give_and_get(period=OCTOBER_PERIOD, park=parks.gulmue)

    assert (company.answered, company.resolved_yes, company.average_rating) == (2, 1, 3.5)
    assert company.yes_share == 50.0
    assert (park.satisfaction.answered, park.satisfaction.resolved_yes) == (3, 2)
    assert park.satisfaction.average_rating == round(11 / 3, 1)
    by_company = {row.company.pk: row.satisfaction for row in park.rows}
    assert by_company[parks.boldo.pk].average_rating == 4.0


def test_the_balance_asks_for_a_company_or_a_park(parks):
    with pytest.raises(ValueError):
        give_and_get(period=OCTOBER_PERIOD)
    with pytest.raises(ValueError):
        give_and_get(period=OCTOBER_PERIOD, company=parks.aromos, park=parks.gulmue)


def add_busy_companies(park, how_many: int) -> None:
    """More companies in the park, each with a resolved request: more rows, same queries."""
    template = ServiceRequest.objects.filter(company__park=park).first()
    for index in range(how_many):
        company = Company.objects.create(legal_name=f"Empresa Extra {index} SpA", park=park)
        template.pk = None
        template.reference = f"SOL-2026-{500 + index:05d}"
        template.company = company
        template.received_at, template.resolved_at = at(10, 3), at(10, 4 + index % 5)
        template.save()


def test_a_park_costs_four_queries_whatever_the_number_of_its_companies(
    parks, django_assert_num_queries
):
    with django_assert_num_queries(4):
        small = give_and_get(period=OCTOBER_PERIOD, park=parks.gulmue)
    add_busy_companies(parks.gulmue, 12)
    with django_assert_num_queries(4):
        large = give_and_get(period=OCTOBER_PERIOD, park=parks.gulmue)

    assert (len(small.rows), len(large.rows)) == (2, 14)


def test_a_company_costs_three_queries(parks, django_assert_num_queries):
    with django_assert_num_queries(3):
        give_and_get_for_company(parks.aromos, OCTOBER_PERIOD)


# The period choices


@pytest.mark.parametrize(
    ("query", "first", "last"),
    [
        ({}, date(2026, 1, 1), date(2026, 12, 6)),
        ({"periodo": "mes"}, date(2026, 12, 1), date(2026, 12, 31)),
        ({"periodo": "3meses"}, date(2026, 10, 1), date(2026, 12, 6)),
        ({"periodo": "12meses"}, date(2026, 1, 1), date(2026, 12, 6)),
        ({"periodo": "anio"}, date(2026, 1, 1), date(2026, 12, 31)),
        (
            {"periodo": "rango", "desde": "2026-03-02", "hasta": "2026-04-15"},
            date(2026, 3, 2),
            date(2026, 4, 15),
        ),
        ({"periodo": "mes", "fecha": "2026-10-01"}, date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_each_period_choice_covers_its_days(query, first, last):
    chosen = balance_period(query, today=date(2026, 12, 6))

    assert (chosen.period.first_day, chosen.period.last_day, chosen.error) == (first, last, "")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"periodo": "siempre"}, "Elija un período de la lista"),
        ({"periodo": "rango", "desde": "2026-05-01"}, "indique «desde» y «hasta»"),
        ({"periodo": "rango", "desde": "2026-05-01", "hasta": "2026-04-01"}, "posterior"),
        ({"periodo": "rango", "desde": "9999-12-31", "hasta": "9999-12-31"}, "años 2000"),
    ],
)
def test_a_period_that_cannot_be_used_shows_the_last_year_and_says_why(query, message):
    chosen = balance_period(query, today=date(2026, 12, 6))

    assert message in chosen.error
    assert (chosen.choice, chosen.period.first_day) == ("12meses", date(2026, 1, 1))


# The company page


def company_page(client, company, query=None) -> str:
    response = client.get(reverse("companies:detail", args=[company.pk]), query or {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_company_page_shows_the_balance_of_the_chosen_period(client, parks):
    client.force_login(make_persona("encargado"))

    section = balance_section(company_page(client, parks.aromos, OCTOBER_QUERY))

    assert "Balance de colaboración" in section
    assert "1 al 31 de octubre de 2026" in section
    shown = {name: figure(section, name) for name in ("received", "resolved", "median")}
    assert shown == {"received": "3", "resolved": "3", "median": "6,0 días"}
    assert figure(section, "satisfaction") == "sin encuestas"
    assert [figure(section, name) for name in ("vacancies", "positions", "referrals")] == [
        "1",
        "3",
        "3",
    ]
    assert figure(section, "placements") == "1"
    assert "días corridos" in section


def test_the_company_page_shows_the_last_twelve_months_by_default(client, parks):
    client.force_login(make_persona("encargado"))

    with time_machine.travel(NOW, tick=False):
        section = balance_section(company_page(client, parks.aromos))

    assert "1 de diciembre de 2025 al 20 de noviembre de 2026" in section
    # Every request of Los Aromos falls in those months: 1 and 20 September, 1, 5 and
    # 30 October, 1 November.
    assert figure(section, "received") == "6"


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("received", 3),
        ("resolved", 3),
        ("vacancies", 1),
        ("referrals", 3),
        ("placements", 1),
    ],
)
def test_each_figure_opens_a_list_with_exactly_that_many_rows(client, parks, name, count):
    client.force_login(make_persona("encargado"))
    section = balance_section(company_page(client, parks.aromos, OCTOBER_QUERY))

    listed = client.get(figure_link(section, name))

    assert listed.status_code == 200
    assert listed.context["page"].paginator.count == count == int(figure(section, name))


def test_the_gestora_sees_every_figure_but_no_link_to_lists_she_cannot_open(client, parks):
    client.force_login(parks.gulmue.gestora)

    section = balance_section(company_page(client, parks.aromos, OCTOBER_QUERY))

    assert figure_link(section, "received") is not None
    assert figure_link(section, "vacancies") is not None
    assert figure_link(section, "referrals") is None
    assert figure_link(section, "placements") is None
    assert figure(section, "referrals") == "3"


def test_a_bad_period_keeps_the_page_and_says_why_in_spanish(client, parks):
    client.force_login(make_persona("encargado"))

    query = {"periodo": "rango", "desde": "ayer", "hasta": "2026-10-31"}
    html = company_page(client, parks.aromos, query)

    assert "La fecha «desde» no es válida" in html
    assert "Se muestran los últimos 12 meses." in html


def test_the_company_page_links_to_its_parks_balance_for_the_same_period(client, parks):
    client.force_login(make_persona("encargado"))

    section = balance_section(company_page(client, parks.aromos, {"periodo": "3meses"}))

    park_url = reverse("balance:park", args=[parks.gulmue.pk])
    assert f'href="{park_url}?periodo=3meses"' in section


def test_the_timeline_pages_keep_the_chosen_period(client, parks):
    from companies.services import log_visit

    for index in range(21):
        log_visit(company=parks.aromos, staff=parks.gulmue.gestora, summary=f"Visita {index}")
    client.force_login(make_persona("encargado"))

    html = company_page(client, parks.aromos, {"periodo": "12meses"})

    assert "?periodo=12meses&amp;page=2" in html


def test_a_past_month_is_offered_again_as_a_custom_range(client, parks):
    client.force_login(make_persona("encargado"))

    section = balance_section(
        company_page(client, parks.aromos, {"periodo": "mes", "fecha": "2026-10-01"})
    )

    assert "Octubre de 2026" in section
    assert '<option value="rango" selected>' in section
    assert 'name="desde" value="2026-10-01"' in section
    assert 'name="hasta" value="2026-10-31"' in section
