"""Job-readiness workshops: list, creation, attendance, and attendance on each person's page."""

from datetime import date

import pytest
from django.urls import reverse

from tests.vacancies.conftest import count_queries, linked_names, make_person
from vacancies.models import Workshop

LIST = reverse("vacancies:workshop_list")
CREATE = reverse("vacancies:workshop_create")


@pytest.fixture
def workshop(psicologa):
    return Workshop.objects.create(
        date=date(2026, 3, 2), topic="Cómo enfrentar una entrevista", facilitator=psicologa
    )


def attend(client, workshop, person, **extra):
    return client.post(
        reverse("vacancies:workshop_attendance", args=[workshop.pk]),
        {"job_seeker": person.pk, **extra},
        follow=True,
    )


def test_the_list_shows_workshops_with_their_attendance(as_psicologa, workshop, job_seeker):
    workshop.attendees.add(job_seeker)

    response = as_psicologa.get(LIST)

    assert linked_names(response, "workshop-table") == ["Cómo enfrentar una entrevista"]
    row = response.content.decode().split('data-testid="workshop-row"', 1)[1].split("</tr>")[0]
    assert "<td>1</td>" in row


@pytest.mark.parametrize(
    "query, expected",
    [
        ("topic=entrevista", ["Cómo enfrentar una entrevista"]),
        ("date_from=2026-04-01", ["Derechos laborales"]),
        ("date_until=2026-03-31", ["Cómo enfrentar una entrevista"]),
        ("date_from=mañana", ["Derechos laborales", "Cómo enfrentar una entrevista"]),
    ],
)
def test_the_list_filters(as_psicologa, workshop, psicologa, query, expected):
    Workshop.objects.create(
        date=date(2026, 4, 6), topic="Derechos laborales", facilitator=psicologa
    )

    assert linked_names(as_psicologa.get(f"{LIST}?{query}"), "workshop-table") == expected


def test_the_list_costs_the_same_queries_for_few_and_many(as_psicologa, workshop, psicologa):
    few = count_queries(as_psicologa, LIST)
    people = [make_person(10000001 + n, f"P{n}", "Más") for n in range(5)]
    for month in range(1, 13):
        Workshop.objects.create(
            date=date(2025, month, 3), topic=f"Taller {month}", facilitator=psicologa
        ).attendees.set(people)

    assert count_queries(as_psicologa, LIST) == few


def test_the_psicologa_creates_a_workshop(as_psicologa, psicologa):
    response = as_psicologa.post(
        CREATE,
        {
            "date": "2026-05-11",
            "topic": "Elaboración de currículum",
            "facilitator": psicologa.pk,
            "place": "Sala OMIL",
        },
    )

    workshop = Workshop.objects.get()
    assert response["Location"] == reverse("vacancies:workshop_detail", args=[workshop.pk])
    assert (workshop.topic, workshop.facilitator, workshop.place) == (
        "Elaboración de currículum",
        psicologa,
        "Sala OMIL",
    )


def test_a_workshop_needs_a_date_and_a_topic(as_psicologa, psicologa):
    response = as_psicologa.post(CREATE, {"facilitator": psicologa.pk})

    assert response.content.decode().count("Este campo es obligatorio.") == 2
    assert not Workshop.objects.exists()


def test_the_workshop_can_be_corrected(as_psicologa, workshop, psicologa):
    as_psicologa.post(
        reverse("vacancies:workshop_edit", args=[workshop.pk]),
        {"date": "2026-03-03", "topic": "Entrevista laboral", "facilitator": psicologa.pk},
    )

    workshop.refresh_from_db()
    assert (workshop.date, workshop.topic) == (date(2026, 3, 3), "Entrevista laboral")


def test_attendance_is_recorded_and_shown_on_the_persons_page(as_psicologa, workshop, job_seeker):
    response = attend(as_psicologa, workshop, job_seeker)

    assert "Asistencia de Luis Tapia registrada." in response.content.decode()
    assert list(workshop.attendees.all()) == [job_seeker]
    person_page = as_psicologa.get(reverse("vacancies:job_seeker_detail", args=[job_seeker.pk]))
    workshops = person_page.content.decode().split('data-testid="person-workshops"')[1]
    assert "Cómo enfrentar una entrevista</a> · 02-03-2026" in workshops


def test_attending_twice_is_refused(as_psicologa, workshop, job_seeker):
    workshop.attendees.add(job_seeker)

    response = attend(as_psicologa, workshop, job_seeker)

    assert "Luis Tapia ya figura como asistente." in response.content.decode()
    assert workshop.attendees.count() == 1


def test_an_attendee_can_be_taken_off(as_psicologa, workshop, job_seeker):
    workshop.attendees.add(job_seeker)

    attend(as_psicologa, workshop, job_seeker, remove="1")

    assert not workshop.attendees.exists()


def test_the_attendance_search_finds_people_not_yet_attending(
    as_psicologa, workshop, job_seeker, psicologa
):
    camila = make_person(15111222, "Camila", "Tapia")
    workshop.attendees.add(job_seeker)

    content = as_psicologa.get(
        reverse("vacancies:workshop_detail", args=[workshop.pk]) + "?q=tapia"
    ).content.decode()

    found = content.split('data-testid="attendee-candidates"', 1)[1].split("</ul>")[0]
    assert camila.full_name in found
    assert "Luis Tapia" not in found


def test_an_unknown_person_is_refused(as_psicologa, workshop):
    response = as_psicologa.post(
        reverse("vacancies:workshop_attendance", args=[workshop.pk]),
        {"job_seeker": "abc"},
        follow=True,
    )

    assert "Elija a la persona." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa", "encargado"])
def test_only_the_psicologa_records_attendance(client, request, workshop, job_seeker, persona):
    client.force_login(request.getfixturevalue(persona))

    response = attend(client, workshop, job_seeker)

    assert response.status_code == 403
    assert not workshop.attendees.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["gestora", "administrativa"])
def test_roles_outside_workshops_may_not_see_them(client, request, workshop, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(LIST).status_code == 403
