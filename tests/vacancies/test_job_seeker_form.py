"""Registering a job seeker (RUT, consent) and editing their record."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from vacancies.models import JobSeeker

CREATE = reverse("vacancies:job_seeker_create")


def person_data(**overrides) -> dict:
    data = {
        "rut": "9.876.543-3",
        "first_name": "María José",
        "last_name": "González Rivas",
        "email": "mj.gonzalez@example.cl",
        "phone": "+56 9 8765 4321",
        "comuna": "05103",
        "education": "technical",
        "skills": "Grúa horquilla, bodega",
        "availability": "Turnos",
        "consent": "on",
        "consent_purpose": "Intermediación laboral",
    }
    data.update(overrides)
    return data


# Registering


def test_a_person_is_registered_with_a_normalised_rut(as_psicologa, psicologa):
    response = as_psicologa.post(CREATE, person_data())

    person = JobSeeker.objects.get()
    assert response["Location"] == reverse("vacancies:job_seeker_detail", args=[person.pk])
    assert (person.rut, person.full_name, person.comuna, person.registered_by) == (
        "9876543-3",
        "María José González Rivas",
        "05103",
        psicologa,
    )


def test_consent_given_at_registration_records_when_what_for_and_by_whom(as_psicologa, psicologa):
    as_psicologa.post(CREATE, person_data())

    person = JobSeeker.objects.get()
    assert person.has_consent
    assert (person.consent_purpose, person.consent_recorded_by) == (
        "Intermediación laboral",
        psicologa,
    )
    assert timezone.now() - person.consent_given_at < timedelta(minutes=1)


def test_without_the_consent_box_no_consent_is_recorded(as_psicologa):
    as_psicologa.post(CREATE, person_data(consent=""))

    person = JobSeeker.objects.get()
    assert not person.has_consent
    assert person.consent_purpose == ""


def test_the_person_page_confirms_the_registration(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(), follow=True)

    assert "Se inscribió a María José González Rivas." in response.content.decode()


def test_the_comuna_is_chosen_from_the_official_list_grouped_by_region(as_psicologa):
    content = as_psicologa.get(CREATE).content.decode()

    assert '<optgroup label="Región de Valparaíso">' in content
    assert '<option value="05103">Concón</option>' in content


def test_the_person_page_shows_the_comuna_by_its_name(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(), follow=True)

    assert "Concón" in response.content.decode()


# Refusals


def test_a_comuna_outside_the_list_is_refused_and_nothing_is_saved(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(comuna="Narnia"))

    assert "Narnia no es una de las opciones disponibles" in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
def test_a_wrong_check_digit_is_refused(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(rut="9.876.543-4"))

    assert response.status_code == 200
    assert "El dígito verificador del RUT no corresponde." in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
def test_a_rut_that_is_not_one_is_refused(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(rut="hola"))

    assert "El RUT no es válido: escríbalo como 12.345.678-5." in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
def test_the_rut_is_required(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(rut=""))

    assert "Indique el RUT de la persona." in response.content.decode()
    assert not JobSeeker.objects.exists()


def test_a_duplicate_says_who_already_holds_the_rut(as_psicologa, job_seeker):
    response = as_psicologa.post(CREATE, person_data(rut="12.345.678-5"))

    assert response.status_code == 200
    assert (
        "Ya hay una persona inscrita con el RUT 12.345.678-5: Luis Tapia."
        in response.content.decode()
    )
    assert list(JobSeeker.objects.all()) == [job_seeker]


def test_the_duplicate_message_sits_next_to_the_rut_field(as_psicologa, job_seeker):
    content = as_psicologa.post(CREATE, person_data(rut="12345678-5")).content.decode()

    rut_field = content.split('id="div_id_rut"', 1)[1].split('id="div_id_first_name"', 1)[0]
    assert "Ya hay una persona inscrita" in rut_field


@pytest.mark.django_db
def test_consent_without_a_purpose_is_refused(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(consent_purpose=" "))

    assert "Indique para qué se otorga el consentimiento." in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
def test_a_birth_date_in_the_future_is_refused(as_psicologa):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_psicologa.post(CREATE, person_data(birth_date=tomorrow.isoformat()))

    assert "La fecha de nacimiento debe ser pasada." in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
def test_a_child_is_refused(as_psicologa):
    ten_years_ago = timezone.localdate() - timedelta(days=365 * 10)

    response = as_psicologa.post(CREATE, person_data(birth_date=ten_years_ago.isoformat()))

    assert "La persona debe tener al menos 15 años." in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
def test_a_bad_email_is_refused(as_psicologa):
    response = as_psicologa.post(CREATE, person_data(email="no-es-correo"))

    assert "Introduzca una dirección de correo electrónico válida." in response.content.decode()
    assert not JobSeeker.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa", "encargado"])
def test_only_the_psicologa_registers_people(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(CREATE, person_data())

    assert response.status_code == 403
    assert not JobSeeker.objects.exists()


# Editing


def edit_url(person) -> str:
    return reverse("vacancies:job_seeker_edit", args=[person.pk])


def test_the_record_can_be_corrected(as_psicologa, job_seeker):
    response = as_psicologa.post(
        edit_url(job_seeker),
        person_data(rut="12.345.678-5", first_name="Luis Alberto", skills="Soldadura"),
    )

    assert response.status_code == 302
    job_seeker.refresh_from_db()
    assert (job_seeker.first_name, job_seeker.skills) == ("Luis Alberto", "Soldadura")


def test_an_edit_cannot_take_another_persons_rut(as_psicologa, job_seeker):
    other = JobSeeker.objects.create(rut="9876543-3", first_name="Ana", last_name="Soto")

    response = as_psicologa.post(edit_url(other), person_data(rut="12345678-5"))

    assert "Ya hay una persona inscrita con el RUT 12.345.678-5" in response.content.decode()
    other.refresh_from_db()
    assert (other.rut, other.first_name) == ("9876543-3", "Ana")


def test_a_refused_edit_shows_the_stored_name_in_the_title(as_psicologa, job_seeker):
    response = as_psicologa.post(edit_url(job_seeker), person_data(first_name="", rut="1-9"))

    assert '<h1 class="h4 mb-3">Datos de Luis Tapia</h1>' in response.content.decode()


def test_the_encargado_may_not_edit(client, encargado, job_seeker):
    client.force_login(encargado)

    response = client.post(edit_url(job_seeker), person_data(rut="12.345.678-5"))

    assert response.status_code == 403
    job_seeker.refresh_from_db()
    assert job_seeker.first_name == "Luis"
