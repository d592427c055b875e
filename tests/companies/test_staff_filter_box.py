"""The «Responsable» filter of the lists: a name box with suggestions instead of a select of
every staff member; an id from a link, or a name typed without JavaScript, still filters."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from companies.models import Company
from omil_crm.accounts import roles

DIRECTORY = reverse("companies:directory")


def gestora_named(username, first_name, last_name):
    person = get_user_model().objects.create_user(
        username=username, first_name=first_name, last_name=last_name
    )
    person.groups.add(Group.objects.get(name=roles.GESTORA))
    return person


def total(response) -> int:
    return response.context["page"].paginator.count


@pytest.fixture
def marta(db):
    return gestora_named("mlagos", "Marta", "Lagos Pizarro")


@pytest.fixture
def companies(park, marta, gestora):
    Company.objects.create(rut="76086428-5", legal_name="Bodegas del Pacífico", owner=marta)
    Company.objects.create(rut="96790240-3", legal_name="Transportes Costa", owner=gestora)


@pytest.fixture
def logged_in(client, encargado):
    client.force_login(encargado)
    return client


def filter_form(content: str) -> str:
    return content.split('data-testid="company-filters"', 1)[1].split("</form>", 1)[0]


def owner_box(content: str) -> str:
    return filter_form(content).split('name="owner"', 1)[1].split(">", 1)[0]


def test_the_filter_is_a_name_box_not_a_select_of_everyone(logged_in, companies):
    content = logged_in.get(DIRECTORY).content.decode()

    assert "data-staff-lookup" in owner_box(content)
    assert "Marta Lagos Pizarro" not in filter_form(content)


def test_an_id_from_a_link_filters_and_shows_the_name(logged_in, companies, marta):
    response = logged_in.get(DIRECTORY, {"owner": marta.pk})

    assert total(response) == 1
    content = response.content.decode()
    assert 'value="Marta Lagos Pizarro"' in owner_box(content)
    assert f'data-staff-id="{marta.pk}"' in owner_box(content)
    assert "Responsable: Marta Lagos Pizarro" in content


def test_a_name_typed_without_suggestions_filters(logged_in, companies):
    assert total(logged_in.get(DIRECTORY, {"owner": "marta lagos pizarro"})) == 1
    assert total(logged_in.get(DIRECTORY, {"owner": "Lagos"})) == 1


def test_a_name_of_nobody_is_explained_in_spanish(logged_in, companies):
    response = logged_in.get(DIRECTORY, {"owner": "Zacarías"})

    assert response.status_code == 200
    assert "No hay nadie del equipo con ese nombre." in response.content.decode()


def test_a_name_shared_by_several_people_asks_for_the_full_name(logged_in, companies):
    gestora_named("mlagos2", "Marta", "Lagos Soto")

    content = logged_in.get(DIRECTORY, {"owner": "Marta Lagos"}).content.decode()

    assert "Hay 2 personas con ese nombre" in content


def test_the_queries_do_not_grow_with_the_staff(logged_in, companies, marta):
    def queries(**query):
        with CaptureQueriesContext(connection) as captured:
            assert logged_in.get(DIRECTORY, query).status_code == 200
        return len(captured)

    before = queries(), queries(owner=marta.pk)
    for number in range(40):
        gestora_named(f"gestora{number}", "Ana", f"Rojas {number}")

    assert (queries(), queries(owner=marta.pk)) == before
