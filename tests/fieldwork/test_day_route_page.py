"""The day's route page: the day's planned field visits ordered on foot, from a chosen start."""

from datetime import time
from decimal import Decimal

import pytest
from django.urls import reverse

from companies.models import Company, Visit
from companies.services import log_visit, visit_plan
from tests.fieldwork.world import BEST_ORDER, at, make_company, next_weekday, plan_six_visits


def route_url(day, **query) -> str:
    url = reverse("fieldwork:day_route", args=[day.isoformat()])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def stop_names(response) -> list[str]:
    page = response.content.decode()
    return [
        part.split(">", 1)[1].split("<", 1)[0]
        for part in page.split('data-testid="route-stop-name"')[1:]
    ]


@pytest.fixture
def day():
    return next_weekday()


@pytest.mark.django_db
def test_it_orders_six_visits_to_walk_the_least(client, gestora, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day))

    assert response.status_code == 200
    assert stop_names(response) == BEST_ORDER
    assert "Total:" in response.content.decode()


@pytest.mark.django_db
def test_it_marks_the_page_and_each_stop_for_offline_use(client, gestora, day):
    visits = plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    page = client.get(route_url(day)).content.decode()

    assert "data-offline-pack" in page
    visit = visits["C"]
    assert f'href="{reverse("fieldwork:brief", args=[visit.pk])}" data-offline' in page
    assert f'href="{reverse("companies:visit_complete", args=[visit.pk])}" data-offline' in page


@pytest.mark.django_db
def test_it_passes_the_map_its_points_as_data_not_as_script(client, gestora, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day))

    data = response.context["map_data"]
    assert [stop["number"] for stop in data["stops"]] == [1, 2, 3, 4, 5, 6]
    assert data["start"]["name"] == "OMIL Municipalidad de Concón"
    page = response.content.decode()
    assert '<script id="route-map-data" type="application/json">' in page
    assert "vendor/leaflet/leaflet.js" in page


@pytest.mark.django_db
def test_it_shows_only_the_signed_in_gestoras_field_visits(client, gestora, day):
    plan_six_visits(staff=gestora, day=day)
    other = make_company("A", owner=gestora, rut=None, trade_name="Llamada")
    visit_plan(company=other, staff=gestora, planned_for=at(day, 10), kind=Visit.Kind.CALL)
    client.force_login(gestora)

    assert len(stop_names(client.get(route_url(day)))) == 6


@pytest.mark.django_db
def test_the_encargado_chooses_whose_day(client, gestora, encargado, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(encargado)

    assert stop_names(client.get(route_url(day))) == []
    assert stop_names(client.get(route_url(day, funcionario=gestora.pk))) == BEST_ORDER


@pytest.mark.django_db
def test_a_gestora_cannot_see_a_colleagues_day(client, gestora, encargado, day):
    plan_six_visits(staff=encargado, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day, funcionario=encargado.pk))

    assert stop_names(response) == []


@pytest.mark.django_db
def test_it_starts_from_a_park_placed_on_the_map(client, gestora, park, day):
    park.latitude, park.longitude = Decimal("-32.946500"), Decimal("-71.473000")
    park.save()
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day, inicio=f"parque-{park.pk}"))

    # From the far end of the area the walk runs the other way.
    assert stop_names(response) == BEST_ORDER[::-1]


@pytest.mark.django_db
def test_a_point_without_coordinates_is_explained_and_the_office_used(client, gestora, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day, inicio="punto", lat="-32.95"))

    assert response.status_code == 200
    assert "Para partir desde otro punto indique su latitud y su longitud." in (
        response.content.decode()
    )
    assert stop_names(response) == BEST_ORDER


@pytest.mark.django_db
def test_a_window_that_cannot_be_met_is_flagged_in_spanish(client, gestora, day):
    visits = plan_six_visits(staff=gestora, day=day)
    far = visits["F"].company
    far.visiting_from, far.visiting_until = time(8, 0), time(9, 30)
    far.save()
    client.force_login(gestora)

    page = client.get(route_url(day, hora="08:30")).content.decode()

    assert f"No alcanza a llegar a {far} antes de las 08:45" in page


@pytest.mark.django_db
def test_planned_times_bind_when_asked(client, gestora, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day, hora="08:00", horas="on"))

    # Planned hourly from 09:00 in the order F B D A E C: kept within half an hour, the
    # route follows the plan, and what cannot be reached in time is said.
    assert stop_names(response)[0] == "Áridos Concón SpA"
    assert "No alcanza a llegar" in response.content.decode()


@pytest.mark.django_db
def test_a_company_without_coordinates_is_listed_apart(client, gestora, company, day):
    visit_plan(company=company, staff=gestora, planned_for=at(day, 10))
    client.force_login(gestora)

    response = client.get(route_url(day))

    assert stop_names(response) == []
    assert 'data-testid="route-unplaced"' in response.content.decode()
    assert "Ubicar en el mapa" in response.content.decode()


@pytest.mark.django_db
def test_it_suggests_a_nearby_company_left_without_contact(client, gestora, day, settings):
    plan_six_visits(staff=gestora, day=day)
    forgotten = Company.objects.create(
        legal_name="Envases del Valle SpA",
        owner=gestora,
        latitude=Decimal("-32.940000"),
        longitude=Decimal("-71.489000"),
    )
    Company.objects.filter(pk=forgotten.pk).update(created_at=at(day, 9).replace(year=2020))
    recent = Company.objects.create(
        legal_name="Visitada Hace Poco SpA",
        owner=gestora,
        latitude=Decimal("-32.940100"),
        longitude=Decimal("-71.489100"),
    )
    log_visit(company=recent, staff=gestora, summary="Todo en orden")
    client.force_login(gestora)

    page = client.get(route_url(day)).content.decode()

    assert "Envases del Valle SpA" in page
    assert "Visitada Hace Poco SpA" not in page


@pytest.mark.django_db
def test_a_malformed_day_is_not_found(client, gestora):
    client.force_login(gestora)

    response = client.get(reverse("fieldwork:day_route", args=["2026-13-40"]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_the_agenda_links_each_day_to_its_route(client, gestora, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    page = client.get(reverse("companies:agenda")).content.decode()

    assert route_url(day) in page
    assert "Ruta del día" in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["administrativa", "psicologa", "alcaldia"])
def test_it_refuses_who_does_not_go_to_the_field(client, role, request, day):
    client.force_login(request.getfixturevalue(role))

    assert client.get(route_url(day)).status_code == 403


@pytest.mark.django_db
def test_a_bad_hour_is_explained_and_the_rest_of_the_choice_stands(client, gestora, encargado, day):
    plan_six_visits(staff=gestora, day=day)
    client.force_login(encargado)

    response = client.get(route_url(day, funcionario=gestora.pk, hora="25:99"))

    assert response.status_code == 200
    assert "hora válida" in response.content.decode()
    assert stop_names(response) == BEST_ORDER
    assert response.context["start_clock"] == "08:30"


@pytest.mark.django_db
def test_it_starts_from_a_named_place_of_the_settings(client, gestora, day, settings):
    settings.OMIL_ROUTE_START_POINTS = [("Paradero del fondo", -32.9465, -71.4730)]
    plan_six_visits(staff=gestora, day=day)
    client.force_login(gestora)

    response = client.get(route_url(day, inicio="lugar-0"))

    assert "Sale de Paradero del fondo" in response.content.decode()
    assert stop_names(response) == BEST_ORDER[::-1]
