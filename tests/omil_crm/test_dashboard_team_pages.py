"""The dashboard's team table shows fifty people a page; the printed monthly report all."""

import re
from dataclasses import replace
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from companies.models import Visit
from omil_crm.base.periods import period_from_query
from omil_crm.dashboard.rollups import coverage
from omil_crm.dashboard.scope import Scope
from omil_crm.dashboard.staff_figures import staff_page
from tests.conftest import make_persona

MAY = "?periodo=mes&fecha=2026-05-01"


@pytest.fixture
def team(db, company):
    """52 gestoras who each made one visit in May 2026."""
    when = timezone.make_aware(datetime(2026, 5, 12, 10, 30))
    people = get_user_model().objects.bulk_create(
        get_user_model()(
            username=f"gestora{number:02d}", first_name="Gestora", last_name=f"{number:02d}"
        )
        for number in range(52)
    )
    Visit.objects.bulk_create(
        Visit(company=company, staff=person, status=Visit.Status.DONE, happened_at=when)
        for person in people
    )
    return people


@pytest.fixture
def as_encargado(client, db):
    client.force_login(make_persona("encargado"))
    return client


def team_names(response) -> list[str]:
    table = response.content.decode().split('data-testid="staff-table"', 1)[1].split("</table>")[0]
    return re.findall(r'<th scope="row" class="fw-normal">([^<]*)</th>', table)


def test_the_team_table_shows_fifty_people_a_page(as_encargado, team):
    first = as_encargado.get(reverse("dashboard") + MAY)
    assert team_names(first) == [f"Gestora {number:02d}" for number in range(50)]
    assert "1–50 de 52 personas" in first.content.decode()

    second = as_encargado.get(reverse("dashboard") + MAY + "&personal=2")
    assert team_names(second) == ["Gestora 50", "Gestora 51"]
    assert "« Anteriores" in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1", "1e9"])
def test_a_bad_team_page_shows_a_valid_one(as_encargado, team, page):
    response = as_encargado.get(reverse("dashboard") + MAY + f"&personal={page}")
    assert response.status_code == 200
    assert len(team_names(response)) in (50, 2)


def test_the_monthly_report_lists_the_whole_team(as_encargado, team):
    response = as_encargado.get(reverse("monthly_report") + "?mes=2026-05")
    assert len(team_names(response)) == 52
    assert 'data-testid="staff-pages"' not in response.content.decode()


def test_the_pages_follow_the_report_in_its_order_of_names(as_encargado, team):
    """The dashboard's pages are cut by the database; the report's list is the same order,
    whatever the case of the names."""
    for person, first_name in ((team[3], "ana"), (team[40], "Zoila"), (team[7], "beatriz")):
        person.first_name = first_name
        person.save(update_fields=["first_name"])
    report = team_names(as_encargado.get(reverse("monthly_report") + "?mes=2026-05"))
    first = team_names(as_encargado.get(reverse("dashboard") + MAY))
    second = team_names(as_encargado.get(reverse("dashboard") + MAY + "&personal=2"))

    assert first + second == report
    assert report[:2] == ["ana 03", "beatriz 07"]
    assert report[-1] == "Zoila 40"


def test_a_page_of_the_team_is_one_query(team, django_assert_num_queries):
    scope = Scope(period_from_query({"periodo": "mes", "fecha": "2026-05-01"}))
    scope = replace(scope, coverage=coverage())
    with django_assert_num_queries(1):
        page = staff_page(scope, "2", 50)
    assert [row["name"] for row in page.object_list] == ["Gestora 50", "Gestora 51"]
    assert (page.paginator.count, page.number, page.has_previous()) == (52, 2, True)


def test_a_page_asked_without_the_coverage_reads_it_first(team, django_assert_num_queries):
    """The view's scope has not read which months the roll-ups answer for: the page reads
    it, or it would count every day of the period live."""
    scope = Scope(period_from_query({"periodo": "mes", "fecha": "2026-05-01"}))
    with django_assert_num_queries(2):
        page = staff_page(scope, "1", 50)
    assert page.paginator.count == 52
