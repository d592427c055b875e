"""The park's meetings on the portal: the next one with its agenda, «Confirmar asistencia» /
«No podré asistir» stored on the contact's invitation (the staff page says «confirmó por el
portal»), a calendar file, the agreements that concern the company; the representative also
sees past meetings with their minutes and every agreement of the park. Another park's meeting
answers 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Meeting
from meetings.services import agreement_create
from tests.portal.company_world import make_far_contact, make_representative

pytestmark = pytest.mark.django_db

URL = reverse("portal:meetings")


def make_meeting(park, *, days=10, title="Reunión mensual de junio", **fields):
    starts_at = (timezone.localtime() + timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.BREAKFAST,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Sala de la asociación",
        **fields,
    )


@pytest.fixture
def upcoming(park):
    return make_meeting(park, agenda="1. Seguridad en el acceso norte\n2. Ferias laborales")


@pytest.fixture
def past(park, gestora):
    return make_meeting(
        park,
        days=-20,
        title="Reunión de mayo",
        status=Meeting.Status.HELD,
        minutes="Se acordó pedir luminarias en calle Los Pinos.",
    )


def respond(client, meeting, answer):
    return client.post(reverse("portal:meeting_respond", args=[meeting.pk]), {"respuesta": answer})


def test_it_shows_the_next_meeting_with_agenda_and_place(portal_client, contact, upcoming):
    page = portal_client(contact).get(URL).content.decode()

    assert "Reunión mensual de junio" in page
    assert "Seguridad en el acceso norte" in page
    assert "Sala de la asociación" in page
    assert reverse("portal:meeting_ics", args=[upcoming.pk]) in page


def test_confirming_attendance_is_stored_and_the_staff_page_says_so(
    portal_client, contact, upcoming, client, gestora
):
    response = respond(portal_client(contact), upcoming, "attending")

    assert response.status_code == 302
    attendance = Attendance.objects.get(meeting=upcoming, contact=contact)
    assert attendance.portal_response == Attendance.Response.ATTENDING
    assert attendance.portal_responded_at is not None
    assert not attendance.attended
    client.force_login(gestora)
    staff_page = client.get(reverse("meetings:detail", args=[upcoming.pk])).content.decode()
    assert "Ana Pérez — Bodegas de Prueba SpA · confirmó por el portal" in staff_page


def test_the_last_answer_counts(portal_client, contact, upcoming):
    client = portal_client(contact)
    respond(client, upcoming, "attending")

    respond(client, upcoming, "not_attending")

    attendance = Attendance.objects.get(meeting=upcoming, contact=contact)
    assert attendance.portal_response == Attendance.Response.NOT_ATTENDING
    assert "Avisó que no podrá asistir" in client.get(URL).content.decode()


def test_an_unknown_answer_stores_nothing(portal_client, contact, upcoming):
    response = respond(portal_client(contact), upcoming, "quizás")

    assert response.status_code == 302
    assert not Attendance.objects.filter(meeting=upcoming).exists()


def test_a_past_meeting_takes_no_answer(portal_client, contact, past):
    response = respond(portal_client(contact), past, "attending")

    assert response.status_code == 302
    assert not Attendance.objects.filter(meeting=past).exists()


def test_the_calendar_file_links_to_the_portal_not_to_staff_pages(portal_client, contact, upcoming):
    response = portal_client(contact).get(reverse("portal:meeting_ics", args=[upcoming.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode().replace("\r\n ", "")
    assert "SUMMARY:Reunión mensual de junio" in body
    assert "/portal/reuniones/" in body
    assert reverse("meetings:detail", args=[upcoming.pk]) not in body


def test_agreements_that_concern_the_company_are_listed_and_others_are_not(
    portal_client, contact, company, other_company, upcoming, gestora
):
    due = timezone.localdate() + timedelta(days=30)
    agreement_create(
        meeting=upcoming,
        description="Instalar señalética de salida",
        responsible=gestora,
        due_date=due,
        company=company,
    )
    agreement_create(
        meeting=upcoming,
        description="Revisar contrato de aseo de Envapac",
        responsible=gestora,
        due_date=due,
        company=other_company,
    )

    page = portal_client(contact).get(URL).content.decode()

    assert "Instalar señalética de salida" in page
    assert "Pendiente" in page
    assert due.strftime("%d-%m-%Y") in page
    assert "Revisar contrato de aseo de Envapac" not in page


def test_a_contact_who_is_not_the_representative_sees_no_minutes(portal_client, contact, past):
    page = portal_client(contact).get(URL).content.decode()

    assert "luminarias en calle Los Pinos" not in page
    assert 'data-testid="past-meetings"' not in page


def test_the_representative_sees_past_minutes_and_every_agreement_of_the_park(
    portal_client, park, gestora, other_company, past
):
    agreement_create(
        meeting=past,
        description="Revisar contrato de aseo de Envapac",
        responsible=gestora,
        due_date=timezone.localdate(),
        company=other_company,
    )
    representative = make_representative(park, gestora)

    page = portal_client(representative).get(URL).content.decode()

    assert "Se acordó pedir luminarias en calle Los Pinos." in page
    assert "Revisar contrato de aseo de Envapac" in page


def test_another_parks_meeting_is_unknown_to_the_contact(portal_client, contact, gestora):
    far = make_far_contact(gestora)
    far_meeting = make_meeting(far.company.park, title="Reunión del parque lejano")
    client = portal_client(contact)

    assert "Reunión del parque lejano" not in client.get(URL).content.decode()
    assert respond(client, far_meeting, "attending").status_code == 404
    assert client.get(reverse("portal:meeting_ics", args=[far_meeting.pk])).status_code == 404
    assert not Attendance.objects.exists()


def test_a_contact_of_another_park_cannot_answer_this_parks_meeting(
    portal_client, gestora, upcoming, past
):
    client = portal_client(make_far_contact(gestora))

    page = client.get(URL).content.decode()
    assert "Reunión mensual de junio" not in page
    assert "luminarias" not in page
    assert respond(client, upcoming, "attending").status_code == 404
    assert not Attendance.objects.exists()


def test_a_company_of_the_same_park_answers_for_its_own_contact_only(
    portal_client, contact, other_contact, upcoming
):
    respond(portal_client(other_contact), upcoming, "attending")

    assert Attendance.objects.get(meeting=upcoming).contact == other_contact
    page = portal_client(contact).get(URL).content.decode()
    assert "Aún no responde si asistirá." in page


def test_without_a_session_nothing_is_answered(client, upcoming):
    response = respond(client, upcoming, "attending")

    assert response["Location"] == reverse("portal:enter")
    assert client.get(reverse("portal:meeting_ics", args=[upcoming.pk]))["Location"] == reverse(
        "portal:enter"
    )
    assert not Attendance.objects.exists()
