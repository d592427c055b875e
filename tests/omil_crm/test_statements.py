"""Statements compiled once per process: each call gets the rows of its own id."""

import pytest

from omil_crm.base.statements import fetch_for_id

pytestmark = pytest.mark.django_db


def test_a_statement_kept_is_bound_to_each_call_s_id():
    def build(company_id):
        return "SELECT %s + 1, %s", [company_id, "fijo"]

    key = ("prueba-misma-sql",)

    assert fetch_for_id(key, build, 5) == [(6, "fijo")]
    assert fetch_for_id(key, build, 41) == [(42, "fijo")]


def test_a_query_whose_sql_changes_with_the_id_is_compiled_on_every_call():
    def build(company_id):
        return f"SELECT {int(company_id)} * 2", []

    key = ("prueba-sql-distinta",)

    assert fetch_for_id(key, build, 5) == [(10,)]
    assert fetch_for_id(key, build, 41) == [(82,)]
