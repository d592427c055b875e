"""The events list: filters by kind (and SENCE's groups of kinds), period and park."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import IndustrialPark
from events.models import EmployerEvent, EventCompany
from tests.events.conftest import make_event

URL = reverse("events:list")
Kind = EmployerEvent.Kind


def titles(response) -> list[str]:
    return [event.title for event in response.context["page"]]


@pytest.mark.django_db
def test_the_administrativa_reads_the_list(client, administrativa, park):
    make_event(park=park, title="Desayuno de diciembre")
    client.force_login(administrativa)

    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Desayuno de diciembre"]
    assert "Nuevo evento" not in response.content.decode()


@pytest.mark.django_db
def test_the_alcaldia_sees_nothing(client, alcaldia):
    client.force_login(alcaldia)

    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_a_kind_group_lists_encuentros_and_desayunos(client, gestora, park):
    make_event(park=park, title="Desayuno", kind=Kind.BREAKFAST)
    make_event(park=park, title="Encuentro SENCE", kind=Kind.ENCOUNTER, days=11)
    make_event(park=park, title="Feria", kind=Kind.FAIR, days=12)
    client.force_login(gestora)

    grouped = client.get(URL, {"kind": "encuentros"})
    fairs = client.get(URL, {"kind": Kind.FAIR})

    assert titles(grouped) == ["Encuentro SENCE", "Desayuno"]
    assert titles(fairs) == ["Feria"]


@pytest.mark.django_db
def test_period_and_park_narrow_the_list(client, gestora, park):
    far = IndustrialPark.objects.create(name="Parque Costero", comuna="05103")
    make_event(park=park, title="Pasado", days=-20)
    make_event(park=park, title="Próximo", days=5)
    make_event(park=far, title="Próximo en otro parque", days=6)
    client.force_login(gestora)

    upcoming = client.get(URL, {"period": "proximos", "park": park.pk})
    since = client.get(URL, {"since": (timezone.localdate() - timedelta(days=1)).isoformat()})

    assert titles(upcoming) == ["Próximo"]
    assert titles(since) == ["Próximo en otro parque", "Próximo"]


@pytest.mark.django_db
def test_a_bad_filter_is_explained_in_spanish(client, gestora, park):
    make_event(park=park)
    client.force_login(gestora)

    response = client.get(URL, {"since": "ayer", "kind": "fiesta"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Revise los filtros marcados." in html
    assert "Introduzca una fecha válida." in html


@pytest.mark.django_db
def test_the_list_runs_the_same_queries_whatever_the_rows(client, gestora, park, company):
    client.force_login(gestora)
    make_event(park=park)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for day in range(12):
        event = make_event(park=park, days=day + 20, title=f"Evento {day}")
        EventCompany.objects.create(event=event, company=company)
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)
