"""Lists past ten thousand rows: «más de 10.000» instead of an exact count, and every page
still reachable one after another."""

import re
from datetime import timedelta

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Visit
from omil_crm.base import pagination
from omil_crm.base.pagination import COUNT_LIMIT, BoundedPaginator
from tests.query_plans import plans_of
from vacancies.filters import search_people
from vacancies.models import JobSeeker

LIST = reverse("companies:visit_list")


def add_visits(company, staff, number):
    start = timezone.now() - timedelta(days=1)
    Visit.objects.bulk_create(
        Visit(
            company=company,
            staff=staff,
            status=Visit.Status.DONE,
            happened_at=start - timedelta(minutes=minute),
            summary=f"Visita {minute}",
        )
        for minute in range(number)
    )


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def test_past_ten_thousand_the_list_says_more_than_ten_thousand(logged_in, company, gestora):
    add_visits(company, gestora, COUNT_LIMIT + 1)

    content = logged_in.get(LIST).content.decode()

    assert "más de 10.000 visitas" in content
    assert "más de 10.000 en total" in content
    assert "Última" not in content
    assert "Siguiente" in content


def test_the_count_stops_reading_at_ten_thousand_and_one(logged_in, company, gestora):
    add_visits(company, gestora, COUNT_LIMIT + 1)

    with CaptureQueriesContext(connection) as captured:
        logged_in.get(LIST)

    counts = [query["sql"] for query in captured if "COUNT(*)" in query["sql"]]
    assert any(f"LIMIT {COUNT_LIMIT + 1}" in sql for sql in counts)


def test_a_page_past_the_counted_rows_is_still_shown(logged_in, company, gestora):
    add_visits(company, gestora, COUNT_LIMIT + 60)
    last = (COUNT_LIMIT + 60 + 49) // 50

    response = logged_in.get(LIST, {"page": last})

    page = response.context["page"]
    assert page.number == last
    assert len(page.object_list) == 10
    assert not page.has_next()
    assert "Visita 10059" in response.content.decode()


def test_a_page_number_past_the_end_shows_a_page_with_rows(logged_in, company, gestora):
    add_visits(company, gestora, COUNT_LIMIT + 1)

    response = logged_in.get(LIST, {"page": "99999999999999999999999"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) > 0


def test_a_page_typed_past_the_end_of_an_uncounted_list_shows_its_first_page(
    logged_in, company, gestora, monkeypatch
):
    """Where an uncounted list ends is not known: a page number typed past it gives the
    first page, not an error."""
    monkeypatch.setattr(BoundedPaginator, "limit", 4)
    add_visits(company, gestora, 6)

    response = logged_in.get(LIST, {"page": "300"})

    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == 1
    assert "Visita 0" in response.content.decode()
    assert "más de 4 visitas" in response.content.decode()


def test_below_ten_thousand_the_count_is_exact(logged_in, company, gestora):
    add_visits(company, gestora, 3)

    content = logged_in.get(LIST).content.decode()

    assert 'data-count="3"' in content
    assert "3 visitas" in content
    assert "más de" not in content


def test_the_paginator_counts_exactly_up_to_its_limit(company, gestora):
    add_visits(company, gestora, 5)
    visits = Visit.objects.order_by("-happened_at")

    class SmallLimit(BoundedPaginator):
        limit = 4

    assert SmallLimit(visits, 2).count_display == "más de 4"
    assert SmallLimit(visits.filter(summary__in=["Visita 0", "Visita 1"]), 2).count_display == "2"
    assert BoundedPaginator(visits, 2).count == 5


def test_rows_read_another_way_are_counted_without_their_joins(company, gestora):
    """A list shown as named rows of a few joined columns is counted off its plain
    queryset: the joins of the rows shown made the count of overdue requests five times
    slower on the benchmark's data."""
    add_visits(company, gestora, 3)
    visits = Visit.objects.order_by("-happened_at")
    rows = visits.values_list("pk", "summary", "company__legal_name", named=True)
    paginator = BoundedPaginator(rows, 2, counted=visits)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
        shown_rows = [(row.summary, row.company__legal_name) for row in paginator.get_page(2)]
    assert shown_rows == [("Visita 2", "Bodegas de Prueba SpA")]
    count, shown = (query["sql"] for query in queries if "EXPLAIN" not in query["sql"])
    assert "COUNT(" in count and "companies_company" not in count
    assert "companies_company" in shown


def test_far_past_the_limit_the_planners_estimate_stands_for_the_count(
    company, gestora, monkeypatch
):
    """A search PostgreSQL expects to match many times the limit is not counted at all."""
    add_visits(company, gestora, 3)
    monkeypatch.setattr(pagination, "planner_estimate", lambda rows: 3 * COUNT_LIMIT)
    paginator = BoundedPaginator(Visit.objects.order_by("-happened_at"), 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count_display == "más de 10.000"
    assert not any("COUNT(" in query["sql"] for query in queries)
    # The pages are still read one by one, and the last one says no other follows.
    assert [visit.summary for visit in paginator.get_page(2)] == ["Visita 2"]
    assert not paginator.get_page(2).has_next()


def test_near_the_limit_the_rows_are_counted(company, gestora, monkeypatch):
    add_visits(company, gestora, 3)
    monkeypatch.setattr(pagination, "planner_estimate", lambda rows: 1.5 * COUNT_LIMIT)
    assert BoundedPaginator(Visit.objects.all(), 2).count == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Estimación del planificador.")
def test_the_estimate_is_postgresqls_own(company, gestora):
    add_visits(company, gestora, 40)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE companies_visit")
    assert 20 <= pagination.planner_estimate(Visit.objects.values("pk")) <= 80


def index_scans() -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_indexscan")
        plain = cursor.fetchone()[0]
        cursor.execute("SHOW enable_indexonlyscan")
        return plain, cursor.fetchone()[0]


def count_plans(paginator) -> list[str]:
    """The plan of each count `paginator` runs, as PostgreSQL made it then."""
    _count, plans = plans_of(
        lambda: paginator.count,
        turned_off=(),
        keep=lambda sql: sql.startswith("SELECT COUNT(*) FROM ("),
    )
    return plans


WALKS_AN_INDEX = re.compile(r"(?<!Bitmap )Index (Only )?Scan")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Planificador de PostgreSQL.")
def test_a_typed_search_is_counted_without_walking_an_index_and_the_rest_plans_as_before(db):
    """The people's search by name, as on the benchmark's data: the name index holds both
    names, so PostgreSQL could walk it testing each one instead of using the text index."""
    JobSeeker.objects.bulk_create(
        JobSeeker(rut=rut, first_name=first, last_name=last)
        for rut, first, last in [
            ("11111111-1", "María", "González Rojas"),
            ("22222222-2", "Pedro", "Soto"),
            ("33333333-3", "Ana", "Gonzalez Vera"),
        ]
    )
    people = search_people(JobSeeker.objects.filter(erased_at__isnull=True), "gonzález")
    people = people.order_by("last_name", "first_name")
    with connection.cursor() as cursor:
        # On three rows the table is read whole anyway; this makes an index look cheaper.
        cursor.execute("SET enable_seqscan = off")
    try:
        searched = count_plans(BoundedPaginator(people, 2, limit=pagination.SEARCH_COUNT_LIMIT))
        listed = count_plans(BoundedPaginator(people, 2))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET enable_seqscan")

    assert len(searched) == 1 and not WALKS_AN_INDEX.search(searched[0])
    assert len(listed) == 1 and WALKS_AN_INDEX.search(listed[0])
    assert index_scans() == ("on", "on")
    assert BoundedPaginator(people, 2, limit=pagination.SEARCH_COUNT_LIMIT).count == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Planificador de PostgreSQL.")
def test_a_count_that_fails_in_a_transaction_raises_its_own_error(company, gestora):
    with (
        pytest.raises(DataError),
        transaction.atomic(),
        pagination.unordered_scans(),
        connection.cursor() as cursor,
    ):
        assert index_scans() == ("off", "off")
        cursor.execute("SELECT 1 / 0")
    assert index_scans() == ("on", "on")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Planificador de PostgreSQL.")
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_setting_lives_only_in_the_counts_own():
    """Behind a pooler in transaction mode the next transaction may be another client's: the
    setting must end with the count's."""
    assert not connection.in_atomic_block
    with pagination.unordered_scans():
        assert connection.in_atomic_block
        assert index_scans() == ("off", "off")
    assert not connection.in_atomic_block
    assert index_scans() == ("on", "on")


def test_several_lists_are_counted_up_to_the_limit_in_one_query(company, gestora):
    add_visits(company, gestora, 5)
    visits = Visit.objects.order_by("-happened_at")
    two = visits.filter(summary__in=["Visita 0", "Visita 1"])

    with CaptureQueriesContext(connection) as queries:
        counts = pagination.bounded_counts([visits, two, visits.none()], limit=4)

    assert counts == [5, 2, 0]
    assert len(queries) == 1
    assert [pagination.count_text(count, limit=4) for count in counts] == ["más de 4", "2", "0"]
    assert pagination.count_text(1234) == "1.234"
