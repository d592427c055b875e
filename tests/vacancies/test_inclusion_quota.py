"""Ley 21.015 on the company page: the quota of a company of 100 workers or more, and the
persons with a disability the office placed there (kept after a consent is withdrawn)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.vacancies.conftest import refer
from tests.vacancies.inclusion_data import give_inclusion_consent, withdraw_inclusion_consent
from vacancies.inclusion_services import inclusion_profile_save, legal_quota
from vacancies.models import Referral


@pytest.mark.parametrize(
    "workers, quota",
    [(None, 0), (99, 0), (100, 1), (199, 1), (200, 2), (250, 2), (1000, 10)],
)
def test_the_quota_is_one_percent_in_whole_persons(workers, quota):
    assert legal_quota(workers) == quota


def company_page(client, company):
    return client.get(reverse("companies:detail", args=[company.pk])).content.decode()


def test_a_company_of_99_workers_has_no_quota_section(client, gestora, company):
    company.workforce_size = 99
    company.save()
    client.force_login(gestora)

    assert 'data-testid="inclusion-quota"' not in company_page(client, company)


@pytest.mark.parametrize("workers, positions", [(100, "1 puesto"), (250, "2 puestos")])
def test_the_company_page_states_the_quota(client, gestora, company, workers, positions):
    company.workforce_size = workers
    company.save()
    client.force_login(gestora)

    shown = company_page(client, company)

    assert (
        f"Ley 21.015: al menos {positions} para personas con discapacidad "
        f"(1 % de {workers} trabajadores)."
    ) in shown
    assert 'data-testid="quota-placed"' not in shown


@pytest.fixture
def placed_with_profile(consenting, vacancy, psicologa):
    give_inclusion_consent(consenting, psicologa)
    inclusion_profile_save(job_seeker=consenting, acting_user=psicologa, has_credential=True)
    refer(
        consenting,
        vacancy,
        psicologa,
        Referral.Stage.HIRED,
        start_date=timezone.localdate(),
        contract_type="indefinite",
    )
    return consenting


def test_the_encargado_sees_the_persons_placed_even_after_a_withdrawal(
    client, encargado, company, psicologa, placed_with_profile
):
    company.workforce_size = 250
    company.save()
    withdraw_inclusion_consent(placed_with_profile, psicologa)
    client.force_login(encargado)

    shown = company_page(client, company)

    placed = shown.split('data-testid="quota-placed">', 1)[1].split("<", 1)[0]
    assert placed == "1"
    listed = client.get(
        reverse("vacancies:placement_list") + f"?company={company.pk}&pcd=1"
    ).content.decode()
    assert 'data-count="1"' in listed
    assert "1 persona distinta" in listed
