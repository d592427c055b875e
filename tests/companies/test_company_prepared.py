"""The company page's large queries run as statements prepared on each database connection:
the page shows the same timeline and balance as when they are sent whole, for each
company, and a connection that lost them (a new session) prepares them again."""

import pytest
from django.db import connection
from django.test import override_settings

from companies.models import Company
from omil_crm.base import statements
from tests.companies.test_company_page import add_history, page_of, timeline_titles

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Las sentencias preparadas son de PostgreSQL."
)


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def shown(client, company, page: int = 1):
    response = client.get(page_of(company), {"page": page})
    shown_page = response.context["timeline"]
    return timeline_titles(response), shown_page.end_index(), shown_page.has_next()


def test_prepared_or_sent_whole_the_page_shows_the_same(logged_in, company, gestora):
    other = Company.objects.create(rut="77425190-3", legal_name="Envases del Pacífico SpA")
    add_history(company, gestora, visits=27, follow_ups=4)
    add_history(other, gestora, visits=3, follow_ups=1)
    with override_settings(DATABASE_PREPARED=False):
        whole = [shown(logged_in, company), shown(logged_in, company, 2), shown(logged_in, other)]
    prepared = [shown(logged_in, company), shown(logged_in, company, 2), shown(logged_in, other)]
    assert prepared == whole
    assert whole[0][1:] == (20, True) and whole[1][1:] == (31, False)
    assert whole[2][1:] == (4, False)
    assert whole[0][0] != whole[2][0]


def test_a_connection_that_lost_its_statements_prepares_them_again(logged_in, company, gestora):
    add_history(company, gestora, visits=2, follow_ups=1)
    first = shown(logged_in, company)
    # As a new session would be: nothing prepared on the server, nothing remembered here.
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    statements._prepared.pop(connection.connection, None)
    assert shown(logged_in, company) == first
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'omil_%%'")
        assert cursor.fetchone()[0] > 0
