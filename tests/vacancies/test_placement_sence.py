"""What SENCE verifies of a placement: its page, completing it, the reasons SENCE may not
confirm it, and the placement list's filters for SENCE, sex and age group."""

import io
from datetime import date

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from companies.models import Company
from omil_crm.base.periods import Period
from tests.vacancies.conftest import make_person, refer
from vacancies.models import Placement, Referral, Sex, Vacancy
from vacancies.sence import SENCE_REASONS, placements_sence_may_not_confirm
from vacancies.services import vacancy_create

LIST = reverse("vacancies:placement_list")
TODAY = date(2026, 6, 20)
JUNE = {"start_from": "2026-06-01", "start_until": "2026-06-30"}


def page_of(placement) -> str:
    return reverse("vacancies:placement_detail", args=[placement.pk])


def hire(person, vacancy, psicologa, start, **extra):
    referral = refer(person, vacancy, psicologa, Referral.Stage.HIRED, start_date=start, **extra)
    return Placement.objects.get(referral=referral)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(date(2026, 6, 20), tick=False):
        yield


@pytest.fixture
def june(company, gestora, psicologa):
    """Four June placements, each built to carry known reasons:
    - Valentina (woman, 23 on her start): complete, indefinite, written contract;
    - Héctor (man, 61): fixed-term without length, no written contract;
    - Francisca (no sex stated, no birth date): at a company without RUT;
    - Luis (man, 25 the day he starts): starts on 25 June, after «today»."""
    warehouse = vacancy_create(
        company=company, title="Operario de bodega", positions=5, captured_by=gestora
    )
    no_rut = Company.objects.create(legal_name="Panadería Sin Papeles")
    bakery = vacancy_create(company=no_rut, title="Panadero", captured_by=gestora)
    valentina = make_person(
        15111222, "Valentina", "Rojas", consent_by=psicologa, sex=Sex.FEMALE,
        birth_date=date(2002, 12, 1),
    )  # fmt: skip
    hector = make_person(
        16222333, "Héctor", "Soto", consent_by=psicologa, sex=Sex.MALE,
        birth_date=date(1964, 6, 1),
    )  # fmt: skip
    francisca = make_person(17333444, "Francisca", "Vidal", consent_by=psicologa)
    luis = make_person(
        18444555, "Luis", "Pérez", consent_by=psicologa, sex=Sex.MALE,
        birth_date=date(2001, 6, 25),
    )  # fmt: skip
    return {
        "valentina": hire(
            valentina, warehouse, psicologa, date(2026, 6, 2),
            contract_type=Vacancy.Contract.INDEFINITE, written_contract=True,
        ),
        "hector": hire(
            hector, warehouse, psicologa, date(2026, 6, 8),
            contract_type=Vacancy.Contract.FIXED_TERM,
        ),
        "francisca": hire(
            francisca, bakery, psicologa, date(2026, 6, 10),
            contract_type=Vacancy.Contract.INDEFINITE, written_contract=True,
        ),
        "luis": hire(
            luis, warehouse, psicologa, date(2026, 6, 25),
            contract_type=Vacancy.Contract.FIXED_TERM, contract_months=3, written_contract=True,
        ),
    }  # fmt: skip


def total(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_the_selector_gives_each_placement_its_reasons(june):
    month = Period("mes", date(2026, 6, 1), date(2026, 6, 30))
    count, rows = placements_sence_may_not_confirm(month)
    reasons = {row.placement.referral.job_seeker.first_name: row.reasons for row in rows}
    assert count == 3
    assert reasons == {
        "Héctor": [SENCE_REASONS["no_written_contract"], SENCE_REASONS["no_length"]],
        "Francisca": [SENCE_REASONS["no_employer_rut"]],
        "Luis": [SENCE_REASONS["future_start"]],
    }


def test_the_list_filter_reproduces_the_selector(as_psicologa, june):
    query = "&".join(f"{key}={value}" for key, value in JUNE.items())
    assert total(as_psicologa.get(f"{LIST}?{query}")) == 4
    assert total(as_psicologa.get(f"{LIST}?{query}&sence=1")) == 3


@pytest.mark.parametrize(
    "query, expected",
    [
        ("sexo=mujer", 1),
        ("sexo=hombre", 2),
        ("sexo=no-informado", 1),
        ("edad=18-24", 1),
        # Luis turns 25 the day he starts.
        ("edad=25-59", 1),
        ("edad=60-mas", 1),
        ("edad=sin-fecha", 1),
        ("edad=menos-18", 0),
    ],
)
def test_the_list_filters_by_sex_and_by_age_on_the_start_date(as_psicologa, june, query, expected):
    assert total(as_psicologa.get(f"{LIST}?{query}")) == expected


def test_an_unknown_group_is_explained(as_psicologa, june):
    response = as_psicologa.get(f"{LIST}?edad=99-100")
    assert response.status_code == 200
    assert "Revise los filtros marcados." in response.content.decode()


def test_the_page_shows_run_employer_rut_and_reasons(as_psicologa, june):
    content = as_psicologa.get(page_of(june["hector"])).content.decode()
    assert "16.222.333-" in content
    assert "76.086.428-5" in content
    assert "Sin contrato escrito" in content
    assert "Plazo fijo sin duración en meses" in content
    assert 'data-testid="no-employer-rut"' not in content


def test_the_page_warns_when_the_company_has_no_rut(as_psicologa, june):
    content = as_psicologa.get(page_of(june["francisca"])).content.decode()
    assert "La empresa no tiene RUT registrado: el SENCE no podrá confirmar" in content


def test_a_complete_placement_says_so(as_psicologa, june):
    content = as_psicologa.get(page_of(june["valentina"])).content.decode()
    assert 'data-testid="sence-complete"' in content


def test_completing_a_placement_saves_what_sence_verifies(as_psicologa, june):
    placement = june["hector"]
    response = as_psicologa.post(
        page_of(placement),
        {
            "start_date": "2026-06-08",
            "contract_type": Vacancy.Contract.FIXED_TERM,
            "contract_months": "6",
            "written_contract": "on",
            "bne_code": " 4512873 ",
        },
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert (placement.contract_months, placement.written_contract) == (6, True)
    assert placement.referral.vacancy.bne_code == "4512873"
    content = as_psicologa.get(page_of(placement)).content.decode()
    assert 'data-testid="sence-complete"' in content
    assert "4512873" in content


def test_a_fixed_term_without_length_is_refused_and_nothing_changes(as_psicologa, june):
    placement = june["hector"]
    response = as_psicologa.post(
        page_of(placement),
        {"start_date": "2026-06-08", "contract_type": "fixed_term", "written_contract": "on"},
    )
    assert response.status_code == 200
    assert "Indique cuántos meses dura el contrato a plazo fijo." in response.content.decode()
    placement.refresh_from_db()
    assert placement.written_contract is False


def test_a_length_for_an_indefinite_contract_is_refused(as_psicologa, june):
    placement = june["valentina"]
    response = as_psicologa.post(
        page_of(placement),
        {"start_date": "2026-06-02", "contract_type": "indefinite", "contract_months": "3"},
    )
    assert response.status_code == 200
    assert "solo para un contrato a plazo fijo" in response.content.decode()
    placement.refresh_from_db()
    assert placement.contract_months is None and placement.written_contract is True


def test_the_database_refuses_a_length_outside_a_fixed_term(june):
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=june["valentina"].pk).update(contract_months=4)


def test_the_encargado_reads_the_page_but_cannot_change_it(as_encargado, june):
    placement = june["hector"]
    content = as_encargado.get(page_of(placement)).content.decode()
    assert 'data-testid="placement-form"' not in content
    response = as_encargado.post(
        page_of(placement),
        {"start_date": "2026-06-08", "contract_type": "indefinite", "written_contract": "on"},
    )
    assert response.status_code == 403
    placement.refresh_from_db()
    assert placement.contract_type == Vacancy.Contract.FIXED_TERM


def test_a_hire_on_the_board_records_length_and_written_contract(as_psicologa, vacancy, psicologa):
    person = make_person(19555666, "Daniela", "Fuentes", consent_by=psicologa)
    referral = refer(person, vacancy, psicologa)
    prefix = f"r{referral.pk}"
    response = as_psicologa.post(
        reverse("vacancies:referral_move", args=[referral.pk]),
        {
            f"{prefix}-stage": Referral.Stage.HIRED,
            f"{prefix}-start_date": "2026-06-15",
            f"{prefix}-contract_type": Vacancy.Contract.FIXED_TERM,
            f"{prefix}-contract_months": "4",
            f"{prefix}-written_contract": "on",
        },
    )
    assert response.status_code == 302
    placement = Placement.objects.get(referral=referral)
    assert (placement.contract_months, placement.written_contract) == (4, True)


def test_the_export_carries_what_sence_verifies(as_encargado, june):
    url = reverse("vacancies:placement_export", args=["xlsx"]) + "?sence=1&order=start"
    rows = list(
        load_workbook(io.BytesIO(as_encargado.get(url).content)).active.iter_rows(values_only=True)
    )
    header = ("RUT del empleador", "Duración (meses)", "Contrato escrito", "Código BNE")
    assert rows[0][-4:] == header
    assert [row[1] for row in rows[1:]] == ["Héctor Soto", "Francisca Vidal", "Luis Pérez"]
    assert rows[1][-4:-1] == ("76.086.428-5", None, "No")
    assert rows[3][-3:-1] == (3, "Sí")
