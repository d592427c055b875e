"""The list of referrals (/derivaciones/): filters, full names and dates, export, who may open
it, erased people, and a cost that does not grow with the rows."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from companies.models import Company, IndustrialPark
from tests.conftest import make_persona
from tests.vacancies.conftest import count_queries, make_person, refer
from vacancies.models import Referral
from vacancies.people_services import job_seeker_erase
from vacancies.services import vacancy_create

LIST = reverse("vacancies:referral_list")
SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def referrals(vacancy, gestora, psicologa):
    """Three people referred to the test park's vacancy (one interviewed, one not selected) and
    one to a vacancy outside any park, referred on 2 March."""
    outside = Company.objects.create(rut="96790240-3", legal_name="Conservas Quintero Ltda.")
    cook = vacancy_create(company=outside, title="Ayudante de cocina", captured_by=gestora)
    people = [
        make_person(15111222, "Camila", "Araya Pizarro", consent_by=psicologa),
        make_person(16222333, "Jorge", "Muñoz", consent_by=psicologa),
        make_person(17333444, "Rosa", "Tapia", consent_by=psicologa),
        make_person(18444555, "Luis", "Vera", consent_by=psicologa),
    ]
    refer(people[0], vacancy, psicologa, Referral.Stage.INTERVIEW)
    refer(people[1], vacancy, psicologa)
    refer(people[2], vacancy, psicologa, Referral.Stage.NOT_SELECTED)
    late = refer(people[3], cook, psicologa)
    march = datetime(2026, 3, 2, 10, tzinfo=SANTIAGO)
    Referral.objects.filter(pk=late.pk).update(referred_at=march, stage_changed_at=march)
    return people


def total(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", 4),
        ("stage=en_proceso", 3),
        ("stage=not_selected", 1),
        ("referred_from=2026-03-02&referred_until=2026-03-02", 1),
        ("company_name=quintero", 1),
        ("park=ninguno", 1),
        ("person=araya", 1),
        ("person=15.111.222", 1),
    ],
)
def test_it_filters_the_referrals(as_psicologa, referrals, query, expected):
    assert total(as_psicologa.get(f"{LIST}?{query}")) == expected


def test_it_filters_by_park_and_by_who_referred(as_psicologa, referrals, park, psicologa):
    assert total(as_psicologa.get(f"{LIST}?park={park.pk}")) == 3
    assert total(as_psicologa.get(f"{LIST}?referred_by={psicologa.pk}")) == 4


def test_it_shows_people_by_full_name_and_dates_in_full(as_psicologa, referrals):
    content = as_psicologa.get(f"{LIST}?park=ninguno").content.decode()
    assert "Luis Vera" in content
    assert "02-03-2026 10:00" in content
    assert "Conservas Quintero Ltda." in content


def test_it_keeps_an_erased_person_in_the_count_without_her_name(
    as_psicologa, referrals, encargado
):
    job_seeker_erase(job_seeker=referrals[1], erased_by=encargado)
    response = as_psicologa.get(f"{LIST}?stage=en_proceso")
    assert total(response) == 3
    assert "Datos eliminados" in response.content.decode()
    assert "Muñoz" not in response.content.decode()


def test_it_exports_what_is_filtered(as_psicologa, referrals):
    response = as_psicologa.get(
        reverse("vacancies:referral_export", args=["csv"]) + "?park=ninguno"
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Fecha de derivación", "Persona", "RUT"]
    assert rows[1][:2] == ["02-03-2026 10:00", "Luis Vera"]
    assert len(rows) == 2


@pytest.mark.parametrize("persona", ["psicologa", "encargado"])
def test_the_roles_that_see_referrals_open_it(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "alcaldia"])
def test_it_refuses_the_roles_that_do_not_see_referrals(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("vacancies:referral_export", args=["csv"])).status_code == 403


def test_it_costs_the_same_queries_for_many_referrals(as_psicologa, referrals, gestora, psicologa):
    few = count_queries(as_psicologa, LIST)
    north = IndustrialPark.objects.create(name="Parque Norte", comuna="05107")
    for number in range(15):
        company = Company.objects.create(legal_name=f"Empresa {number}", park=north)
        vacancy = vacancy_create(
            company=company, title="Operario", captured_by=gestora, opened_on=date(2026, 6, 1)
        )
        person = make_person(20000000 + number, "Persona", f"N.º {number}", consent_by=psicologa)
        refer(person, vacancy, psicologa)
    assert count_queries(as_psicologa, LIST) == few


def test_every_filter_and_ordering_is_backed_by_an_index():
    indexed = {tuple(index.fields) for index in Referral._meta.indexes}
    assert {("-referred_at",), ("stage", "-referred_at"), ("-stage_changed_at",)} <= indexed
    # The person, the vacancy and who referred are foreign keys, indexed by Django.
    assert all(Referral._meta.get_field(name).db_index for name in ("job_seeker", "referred_by"))
