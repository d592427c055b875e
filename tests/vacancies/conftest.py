"""Builders shared by the employment tests: people with and without consent, a vacancy,
referrals moved to a stage, and a way to read the names a list page shows."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from stdnum.cl import rut as stdnum_rut

from vacancies.models import JobSeeker, Referral
from vacancies.people_services import job_seeker_record_consent
from vacancies.services import referral_create, referral_move, vacancy_create

PURPOSE = "Intermediación laboral"


def make_rut(number: int) -> str:
    return f"{number}-{stdnum_rut.calc_check_digit(str(number))}"


def make_person(number: int, first_name: str, last_name: str, *, consent_by=None, **fields):
    person = JobSeeker.objects.create(
        rut=make_rut(number), first_name=first_name, last_name=last_name, **fields
    )
    if consent_by is not None:
        job_seeker_record_consent(job_seeker=person, purpose=PURPOSE, recorded_by=consent_by)
    return person


def refer(person, vacancy, user, stage=Referral.Stage.REFERRED, **hire):
    referral = referral_create(job_seeker=person, vacancy=vacancy, referred_by=user)
    if stage != Referral.Stage.REFERRED:
        referral = referral_move(referral=referral, stage=stage, changed_by=user, **hire)
    return referral


def rows_of(response, testid: str) -> str:
    """The HTML of the table (or list) marked with data-testid=testid."""
    assert response.status_code == 200
    content = response.content.decode()
    found = re.search(rf'<(\w+)[^>]*data-testid="{testid}"', content)
    return content[found.end() :].split(f"</{found.group(1)}>", 1)[0]


def linked_names(response, testid: str) -> list[str]:
    table = rows_of(response, testid)
    return [html.unescape(name) for name in re.findall(r'class="fw-semibold">([^<]*)</a>', table)]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def vacancy(company, gestora):
    return vacancy_create(
        company=company, title="Operario de bodega", positions=2, captured_by=gestora
    )


@pytest.fixture
def consenting(job_seeker, psicologa):
    return job_seeker_record_consent(job_seeker=job_seeker, purpose=PURPOSE, recorded_by=psicologa)


@pytest.fixture
def as_psicologa(client, psicologa):
    client.force_login(psicologa)
    return client


@pytest.fixture
def as_encargado(client, encargado):
    client.force_login(encargado)
    return client


@pytest.fixture
def as_gestora(client, gestora):
    client.force_login(gestora)
    return client
