"""Job seekers, referrals and evaluations (Psicóloga) and vacancies (Gestora), fed hostile
input through the real views."""

from datetime import date

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Company
from tests.hostile import strategies as s
from tests.hostile.conftest import client_for, hostile
from tests.hostile.support import rolled_back, submit
from vacancies.models import EducationLevel, Evaluation, JobSeeker, Referral, Vacancy
from vacancies.people_services import job_seeker_record_consent
from vacancies.services import referral_create, vacancy_create

pytestmark = pytest.mark.django_db


def limit(model, name):
    return model._meta.get_field(name).max_length


@pytest.fixture
def consenting(job_seeker, psicologa):
    job_seeker_record_consent(
        job_seeker=job_seeker, purpose="Intermediación", recorded_by=psicologa
    )
    return job_seeker


@pytest.fixture
def vacancy(company, gestora):
    return vacancy_create(company=company, title="Operario de bodega", captured_by=gestora)


@pytest.fixture
def referral(consenting, vacancy, psicologa):
    return referral_create(job_seeker=consenting, vacancy=vacancy, referred_by=psicologa)


def person_fields(job_seeker):
    return {
        "rut": s.rut_field(job_seeker.rut),
        "first_name": s.text_field(limit(JobSeeker, "first_name")),
        "last_name": s.text_field(limit(JobSeeker, "last_name")),
        "email": s.Field(
            st.one_of(st.just(""), st.emails().filter(lambda e: len(e) <= 254)), s.hostile_text()
        ),
        "phone": s.text_field(limit(JobSeeker, "phone"), optional=True),
        "comuna": s.choice_field(["", "05103", "13120"]),
        "address": s.text_field(limit(JobSeeker, "address"), optional=True),
        "birth_date": s.date_field(low=date(1940, 1, 1), high=date(2008, 12, 31)),
        "education": s.choice_field(["", *EducationLevel.values]),
        "experience": s.text_field(optional=True),
        "skills": s.text_field(optional=True),
        "availability": s.text_field(limit(JobSeeker, "availability"), optional=True),
    }


@hostile(max_examples=40)
@given(data=st.data())
def test_registering_a_job_seeker(client, psicologa, job_seeker, data):
    fields = person_fields(job_seeker) | {
        "consent": s.boolean_field(),
        "consent_purpose": s.text_field(limit(JobSeeker, "consent_purpose"), optional=True),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, psicologa)
        outcome = submit(client, reverse("vacancies:job_seeker_create"), body)
        if not outcome.refused:
            person = JobSeeker.objects.exclude(pk=job_seeker.pk).get()
            assert person.rut != job_seeker.rut
            person.full_clean()


@hostile(max_examples=40)
@given(data=st.data())
def test_editing_a_job_seeker(client, psicologa, job_seeker, data):
    with rolled_back():
        other = JobSeeker.objects.create(rut="11111111-1", first_name="Otra", last_name="Persona")
        body = data.draw(s.form_data(person_fields(other)))
        client_for(client, psicologa)
        url = reverse("vacancies:job_seeker_edit", args=[job_seeker.pk])
        outcome = submit(client, url, body)
        if not outcome.refused:
            job_seeker.refresh_from_db()
            assert job_seeker.rut != other.rut
            job_seeker.full_clean()


@hostile()
@given(data=st.data())
def test_referring_a_job_seeker_to_a_vacancy(client, psicologa, consenting, vacancy, data):
    with rolled_back():
        unconsenting = JobSeeker.objects.create(rut="11111111-1", first_name="Sin", last_name="F")
        fields = {
            "vacancy": s.id_field(vacancy.pk),
            "job_seeker": s.id_field(consenting.pk, wrong_ids=[unconsenting.pk]),
            "back": s.Field(st.sampled_from(["person", ""]), s.hostile_text()),
        }
        body = data.draw(s.form_data(fields))
        client_for(client, psicologa)
        outcome = submit(client, reverse("vacancies:referral_add"), body)
        if not outcome.refused:
            assert Referral.objects.get().job_seeker == consenting


@hostile(max_examples=40)
@given(data=st.data())
def test_moving_a_referral_between_stages(client, psicologa, referral, data):
    prefix = f"r{referral.pk}"
    fields = {
        f"{prefix}-stage": s.choice_field(Referral.Stage.values),
        f"{prefix}-start_date": s.date_field(),
        f"{prefix}-contract_type": s.choice_field(["", *Vacancy.Contract.values]),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, psicologa)
        outcome = submit(client, reverse("vacancies:referral_move", args=[referral.pk]), body)
        if not outcome.refused:
            assert Referral.objects.get().stage == body[f"{prefix}-stage"]


@hostile(max_examples=40)
@given(data=st.data())
def test_recording_an_evaluation(client, psicologa, referral, gestora, data):
    with rolled_back():
        other_person = JobSeeker.objects.create(rut="11111111-1", first_name="Otra", last_name="P")
        job_seeker_record_consent(job_seeker=other_person, purpose="x", recorded_by=psicologa)
        others = referral_create(
            job_seeker=other_person, vacancy=referral.vacancy, referred_by=gestora
        )
        fields = {
            "evaluated_on": s.date_field(low=date(2024, 1, 1), high=date.today()),
            "referral": s.id_field(referral.pk, wrong_ids=[others.pk]),
            "result": s.choice_field(Evaluation.Result.values),
            "notes": s.text_field(optional=True),
        }
        body = data.draw(s.form_data(fields))
        client_for(client, psicologa)
        url = reverse("vacancies:evaluation_create", args=[referral.job_seeker_id])
        outcome = submit(client, url, body)
        if not outcome.refused:
            evaluation = Evaluation.objects.get()
            assert evaluation.job_seeker_id == referral.job_seeker_id
            assert evaluation.referral_id in (None, referral.pk)


def vacancy_fields():
    return {
        "title": s.text_field(limit(Vacancy, "title")),
        "positions": s.integer_field(1, 50),
        "requirements": s.text_field(optional=True),
        "shift": s.text_field(limit(Vacancy, "shift"), optional=True),
        "contract_type": s.choice_field(Vacancy.Contract.values),
        "salary_min": s.integer_field(0, 2_000_000),
        "salary_max": s.integer_field(0, 5_000_000),
        "closing_date": s.date_field(low=date.today(), high=date(date.today().year + 2, 12, 31)),
    }


@hostile(max_examples=40)
@given(data=st.data())
def test_capturing_a_vacancy(client, gestora, company, data):
    with rolled_back():
        other = Company.objects.create(rut="77123456-2", legal_name="Otra Empresa Ltda")
        fields = vacancy_fields() | {"company": s.id_field(company.pk, other.pk)}
        body = data.draw(s.form_data(fields))
        client_for(client, gestora)
        outcome = submit(client, reverse("vacancies:vacancy_create"), body)
        if not outcome.refused:
            captured = Vacancy.objects.get()
            assert captured.title == body["title"].strip()
            captured.full_clean()


@hostile(max_examples=40)
@given(data=st.data())
def test_editing_a_vacancy(client, gestora, vacancy, data):
    fields = vacancy_fields() | {"status": s.choice_field(Vacancy.Status.values)}
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("vacancies:vacancy_edit", args=[vacancy.pk]), body)
        if not outcome.refused:
            vacancy.refresh_from_db()
            assert vacancy.title == body["title"].strip()
            vacancy.full_clean()
