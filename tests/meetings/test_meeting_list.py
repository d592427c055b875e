"""The meetings list: upcoming ones on top, past meetings with filters, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Agreement, Attendance, Meeting
from tests.meetings.conftest import make_meeting

URL = reverse("meetings:list")


def titles(response) -> list[str]:
    return [meeting.title for meeting in response.context["page"]]


@pytest.mark.django_db
def test_the_gestora_sees_upcoming_and_past_meetings(client, gestora, park):
    make_meeting(park, days=5, title="Desayuno de diciembre")
    make_meeting(park, days=-30, title="Visita de SENCE")
    client.force_login(gestora)

    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Desayuno de diciembre", "Visita de SENCE"]
    upcoming = [meeting.title for meeting in response.context["upcoming"]]
    assert upcoming == ["Desayuno de diciembre"]


@pytest.mark.django_db
def test_past_meetings_can_be_filtered_by_kind_and_text(client, gestora, park):
    make_meeting(park, days=-60, title="Reunión de octubre", kind=Meeting.Kind.MONTHLY)
    old = make_meeting(park, days=-30, title="Visita de SENCE", kind=Meeting.Kind.OTHER)
    old.minutes = "Se ofreció el Bono al Trabajo de la Mujer."
    old.save()
    make_meeting(park, days=5, title="Próxima visita de SENCE", kind=Meeting.Kind.OTHER)
    client.force_login(gestora)

    past = client.get(URL, {"period": "pasadas"})
    of_kind = client.get(URL, {"period": "pasadas", "kind": "other"})
    by_text = client.get(URL, {"q": "bono al trabajo"})

    assert titles(past) == ["Visita de SENCE", "Reunión de octubre"]
    assert titles(of_kind) == ["Visita de SENCE"]
    assert titles(by_text) == ["Visita de SENCE"]


@pytest.mark.django_db
def test_meetings_can_be_filtered_by_dates(client, gestora, park):
    inside = make_meeting(park, days=-20, title="Dentro")
    make_meeting(park, days=-40, title="Fuera")
    client.force_login(gestora)
    day = inside.starts_at.astimezone().date()

    response = client.get(URL, {"since": day.isoformat(), "until": day.isoformat()})

    assert titles(response) == ["Dentro"]


@pytest.mark.django_db
def test_a_bad_filter_is_shown_in_spanish_and_lists_everything(client, gestora, park):
    make_meeting(park, days=3)
    client.force_login(gestora)

    response = client.get(URL, {"since": "ayer"})

    assert response.status_code == 200
    assert "Revise los filtros marcados." in response.content.decode()
    assert "Introduzca una fecha válida." in response.content.decode()


@pytest.mark.django_db
def test_each_row_shows_attendance_and_agreements(client, gestora, park, contact):
    meeting = make_meeting(park, days=-3)
    Attendance.objects.create(meeting=meeting, contact=contact, attended=True)
    Attendance.objects.create(meeting=meeting, staff=gestora)
    Agreement.objects.create(
        meeting=meeting, description="x", responsible=gestora, due_date=meeting.starts_at.date()
    )
    client.force_login(gestora)

    [row] = client.get(URL).context["page"]

    assert (row.present_count, row.invited_count, row.agreement_count) == (1, 2, 1)


def queries_for(client, count: int, park, gestora, contact) -> int:
    for index in range(count):
        meeting = make_meeting(park, days=-index - 1, title=f"Reunión {index}")
        Attendance.objects.create(meeting=meeting, contact=contact, attended=True)
        Agreement.objects.create(
            meeting=meeting, description="x", responsible=gestora, due_date=meeting.starts_at.date()
        )
    make_meeting(park, days=count + 1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_one_or_thirty_meetings(client, gestora, park, contact):
    client.force_login(gestora)
    few = queries_for(client, 1, park, gestora, contact)
    Agreement.objects.all().delete()
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()

    many = queries_for(client, 30, park, gestora, contact)

    assert few == many


@pytest.mark.django_db
def test_the_encargado_reads_the_list_but_cannot_create(client, encargado, park):
    client.force_login(encargado)

    html = client.get(URL).content.decode()

    assert "Nueva reunión" not in html
    assert "Reglas de los parques" in html
    assert client.get(reverse("meetings:create")).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["administrativa", "psicologa"])
def test_roles_without_meetings_are_refused(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_the_menu_leads_to_the_meetings(client, gestora):
    client.force_login(gestora)

    html = client.get(reverse("home")).content.decode()

    assert f'href="{URL}"' in html
