"""A list narrowed by a text typed in is counted to a thousand: «más de 1.000 personas»."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from stdnum.cl import rut as stdnum_rut

from omil_crm.base import pagination
from omil_crm.base.pagination import SEARCH_COUNT_LIMIT
from vacancies.models import JobSeeker

PEOPLE = reverse("vacancies:job_seeker_list")


def rut(number: int) -> str:
    return f"{number}-{stdnum_rut.calc_check_digit(str(number))}"


@pytest.fixture
def many_gonzalez(db):
    """More people named González than a search counts, and a few others."""
    people = [
        JobSeeker(rut=rut(15_000_000 + n), first_name="Camila", last_name=f"González Pérez {n}")
        for n in range(SEARCH_COUNT_LIMIT + 5)
    ]
    people += [
        JobSeeker(rut=rut(16_000_000 + n), first_name="Jorge", last_name="Muñoz Rojas")
        for n in range(3)
    ]
    JobSeeker.objects.bulk_create(people)
    return len(people)


@pytest.fixture
def logged_in(client, psicologa):
    client.force_login(psicologa)
    return client


def test_a_name_matching_more_than_a_thousand_says_more_than_a_thousand(logged_in, many_gonzalez):
    content = logged_in.get(PEOPLE, {"q": "gonzález"}).content.decode()

    assert "más de 1.000 personas" in content
    assert "Siguiente" in content
    assert "Última" not in content


def test_the_search_count_stops_reading_at_a_thousand_and_one(logged_in, many_gonzalez):
    with CaptureQueriesContext(connection) as captured:
        logged_in.get(PEOPLE, {"q": "gonzález"})

    counts = [
        query["sql"]
        for query in captured
        if "COUNT(*)" in query["sql"] and "vacancies_jobseeker" in query["sql"]
    ]
    assert counts and all(f"LIMIT {SEARCH_COUNT_LIMIT + 1}" in sql for sql in counts)


def test_a_search_under_a_thousand_is_counted_exactly(logged_in, many_gonzalez):
    content = logged_in.get(PEOPLE, {"q": "muñoz"}).content.decode()

    assert 'data-count="3"' in content
    assert "3 personas" in content


def test_the_list_without_a_text_is_counted_to_ten_thousand(logged_in, many_gonzalez):
    content = logged_in.get(PEOPLE).content.decode()

    assert f'data-count="{many_gonzalez}"' in content
    assert "más de" not in content.split('data-testid="list-total"', 1)[1].split("</div>", 1)[0]


def test_a_blank_search_box_is_no_search(logged_in, many_gonzalez):
    content = logged_in.get(PEOPLE, {"q": "   "}).content.decode()

    assert f'data-count="{many_gonzalez}"' in content


def test_a_search_postgresql_expects_to_match_thousands_is_not_counted(
    logged_in, many_gonzalez, monkeypatch
):
    """Five times the limit and more, the planner's estimate stands for the count."""
    monkeypatch.setattr(pagination, "planner_estimate", lambda rows: 6 * SEARCH_COUNT_LIMIT)

    with CaptureQueriesContext(connection) as captured:
        content = logged_in.get(PEOPLE, {"q": "gonzález"}).content.decode()

    assert "más de 1.000 personas" in content
    assert "Siguiente" in content
    # The list's rows carry a COUNT of their own (referrals in process): the count of the
    # list is the one over its ids.
    assert not any("SELECT COUNT(*) FROM (" in query["sql"] for query in captured)


def test_a_search_estimated_near_the_limit_is_still_counted(logged_in, many_gonzalez, monkeypatch):
    """An estimate can be off by a factor: under five times the limit the rows are counted."""
    monkeypatch.setattr(pagination, "planner_estimate", lambda rows: 4 * SEARCH_COUNT_LIMIT)

    content = logged_in.get(PEOPLE, {"q": "muñoz"}).content.decode()

    assert 'data-count="3"' in content
    assert "3 personas" in content
