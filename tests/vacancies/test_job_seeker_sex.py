"""«Sexo registral» of a person: optional on the form, shown on the page, in the export of
their data, and wiped by an erasure."""

import json

from django.urls import reverse

from tests.vacancies.conftest import make_person
from tests.vacancies.test_job_seeker_form import person_data
from vacancies.models import JobSeeker, Sex
from vacancies.people_services import job_seeker_erase

CREATE = reverse("vacancies:job_seeker_create")


def test_the_sex_is_recorded_and_shown(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(sex=Sex.FEMALE))
    person = JobSeeker.objects.get()
    assert person.sex == Sex.FEMALE
    content = as_psicologa.get(response["Location"]).content.decode()
    assert 'data-testid="person-sex">Mujer<' in content


def test_the_sex_is_never_required(as_psicologa):
    as_psicologa.post(CREATE, person_data())
    person = JobSeeker.objects.get()
    assert person.sex == Sex.NOT_STATED
    page = reverse("vacancies:job_seeker_detail", args=[person.pk])
    assert 'data-testid="person-sex">No informado<' in as_psicologa.get(page).content.decode()


def test_an_unknown_value_is_refused_and_nothing_is_saved(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(sex="otro"))
    assert response.status_code == 200
    assert "Escoja una opción válida" in response.content.decode()
    assert not JobSeeker.objects.exists()


def test_editing_changes_the_sex(as_psicologa, psicologa):
    person = make_person(13444555, "Ignacio", "Morales", consent_by=psicologa)
    edit = reverse("vacancies:job_seeker_edit", args=[person.pk])
    data = person_data(rut=person.rut, first_name="Ignacio", last_name="Morales", sex=Sex.MALE)
    assert as_psicologa.post(edit, data).status_code == 302
    person.refresh_from_db()
    assert person.sex == Sex.MALE


def test_the_export_of_personal_data_carries_it_and_erasure_wipes_it(
    as_encargado, encargado, psicologa
):
    person = make_person(13444555, "Ignacio", "Morales", consent_by=psicologa, sex=Sex.MALE)
    response = as_encargado.get(reverse("vacancies:data_export", args=[person.pk]))
    assert json.loads(response.content)["persona"]["sexo_registral"] == "Hombre"
    job_seeker_erase(job_seeker=person, erased_by=encargado)
    person.refresh_from_db()
    assert person.sex == Sex.NOT_STATED
