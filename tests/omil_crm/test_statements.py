"""Statements compiled once per process: each call gets the rows of its own id."""

import pytest

from companies.models import Company
from omil_crm.base.statements import fetch_for_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_companies():
    return [
        Company.objects.create(legal_name=name, rut=rut)
        for name, rut in (
            ("Bodegas Uno SpA", "76086428-5"),
            ("Transportes Dos Ltda.", "77123456-9"),
        )
    ]


def test_a_statement_kept_is_bound_to_each_call_s_id(two_companies):
    def build(company_id):
        return Company.objects.filter(pk=company_id).values_list("legal_name", "rut")

    first, second = two_companies

    assert fetch_for_id(("prueba-nombre",), build, first.pk) == [("Bodegas Uno SpA", "76086428-5")]
    assert fetch_for_id(("prueba-nombre",), build, second.pk) == [
        ("Transportes Dos Ltda.", "77123456-9")
    ]


def test_a_query_that_uses_the_id_otherwise_is_compiled_on_every_call(two_companies):
    def build(company_id):
        return Company.objects.filter(legal_name__startswith=str(company_id)[:1]).values_list(
            "legal_name"
        )

    assert fetch_for_id(("prueba-texto",), build, 1) == []
    assert fetch_for_id(("prueba-texto",), build, 7) == []
    Company.objects.create(legal_name="7 Hermanos SpA")
    assert fetch_for_id(("prueba-texto",), build, 7) == [("7 Hermanos SpA",)]
