"""The job seekers at an event: the Psicóloga Laboral registers them by RUT and marks who
came, was interviewed and was hired; the counts follow."""

import pytest
from django.urls import reverse

from events.models import EventParticipant
from events.services import event_participant_add, event_participants_record
from tests.events.conftest import make_event
from vacancies.models import JobSeeker


@pytest.fixture
def second_person(db):
    return JobSeeker.objects.create(rut="11111111-1", first_name="Rosa", last_name="Vera")


@pytest.mark.django_db
def test_the_counts_follow_what_is_recorded(fair, job_seeker, second_person, psicologa):
    luis = event_participant_add(event=fair, job_seeker=job_seeker, recorded_by=psicologa)
    rosa = event_participant_add(event=fair, job_seeker=second_person, recorded_by=psicologa)

    counts = event_participants_record(
        event=fair,
        rows={luis.pk: (True, True, True), rosa.pk: (True, True, False)},
        acting_user=psicologa,
    )

    assert counts == {"registered": 2, "attended": 2, "interviewed": 2, "hired": 1}


@pytest.mark.django_db
def test_the_psicologa_registers_a_person_by_rut(client, psicologa, fair, job_seeker):
    client.force_login(psicologa)

    response = client.post(
        reverse("events:participant_add", args=[fair.pk]), {"rut": "12.345.678-5"}, follow=True
    )

    assert "Luis Tapia quedó registrada en el evento." in response.content.decode()
    assert EventParticipant.objects.filter(event=fair, job_seeker=job_seeker).exists()


@pytest.mark.django_db
def test_an_unknown_rut_is_refused_in_spanish(client, psicologa, fair):
    client.force_login(psicologa)

    response = client.post(reverse("events:participant_add", args=[fair.pk]), {"rut": "11111111-1"})

    assert response.status_code == 400
    assert "No hay una persona inscrita con ese RUT" in response.content.decode()
    assert not EventParticipant.objects.exists()


@pytest.mark.django_db
def test_a_wrong_check_digit_is_refused_in_spanish(client, psicologa, fair, job_seeker):
    client.force_login(psicologa)

    response = client.post(reverse("events:participant_add", args=[fair.pk]), {"rut": "12345678-9"})

    assert response.status_code == 400
    assert "El dígito verificador del RUT no corresponde." in response.content.decode()


@pytest.mark.django_db
def test_registering_twice_is_refused(client, psicologa, fair, job_seeker):
    event_participant_add(event=fair, job_seeker=job_seeker, recorded_by=psicologa)
    client.force_login(psicologa)

    response = client.post(reverse("events:participant_add", args=[fair.pk]), {"rut": "12345678-5"})

    assert response.status_code == 400
    assert "Esta persona ya está registrada en el evento." in response.content.decode()


@pytest.mark.django_db
def test_nobody_is_registered_before_the_event(client, psicologa, park, job_seeker):
    event = make_event(park=park, days=3, kind="fair", title="Feria de enero")
    client.force_login(psicologa)

    response = client.post(
        reverse("events:participant_add", args=[event.pk]), {"rut": "12345678-5"}
    )

    assert response.status_code == 400
    assert "El evento aún no se realiza" in response.content.decode()


@pytest.mark.django_db
def test_marking_hired_without_attending_is_refused(client, psicologa, fair, job_seeker):
    participant = event_participant_add(event=fair, job_seeker=job_seeker, recorded_by=psicologa)
    client.force_login(psicologa)

    response = client.post(
        reverse("events:participants", args=[fair.pk]), {f"hired_{participant.pk}": "on"}
    )

    assert response.status_code == 400
    assert (
        "solo quien asistió puede quedar con entrevista o contratado" in response.content.decode()
    )
    participant.refresh_from_db()
    assert participant.attended and not participant.hired


@pytest.mark.django_db
def test_the_page_saves_the_three_boxes(client, psicologa, fair, job_seeker):
    participant = event_participant_add(event=fair, job_seeker=job_seeker, recorded_by=psicologa)
    client.force_login(psicologa)

    response = client.post(
        reverse("events:participants", args=[fair.pk]),
        {
            f"attended_{participant.pk}": "on",
            f"interviewed_{participant.pk}": "on",
            f"hired_{participant.pk}": "on",
        },
        follow=True,
    )

    assert "1 asistieron, 1 con entrevista, 1 contratados" in response.content.decode()


@pytest.mark.django_db
def test_the_gestora_does_not_see_the_participants(client, gestora, fair):
    client.force_login(gestora)

    assert client.get(reverse("events:participants", args=[fair.pk])).status_code == 403
    detail = client.get(reverse("events:detail", args=[fair.pk])).content.decode()
    assert "Ver participantes" not in detail


@pytest.mark.django_db
def test_the_encargado_reads_but_does_not_change_them(client, encargado, fair, job_seeker):
    participant = EventParticipant.objects.create(event=fair, job_seeker=job_seeker)
    client.force_login(encargado)

    page = client.get(reverse("events:participants", args=[fair.pk]))
    refused = client.post(
        reverse("events:participants", args=[fair.pk]), {f"attended_{participant.pk}": ""}
    )

    assert "Luis Tapia" in page.content.decode()
    assert refused.status_code == 403
    participant.refresh_from_db()
    assert participant.attended
