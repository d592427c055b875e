"""`/equipo/buscar/`: the suggestions of the boxes where a colleague is chosen by name."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from omil_crm.accounts import roles
from omil_crm.accounts.staff_lookup import SUGGESTIONS

SEARCH = reverse("accounts:staff_search")


def colleague(username, first_name, last_name, role=roles.GESTORA, *, active=True):
    person = get_user_model().objects.create_user(
        username=username, first_name=first_name, last_name=last_name, is_active=active
    )
    person.groups.add(Group.objects.get(name=role))
    return person


def search(client, text, **extra):
    response = client.get(SEARCH, {"q": text, **extra})
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


def test_it_suggests_colleagues_by_part_of_their_name(logged_in):
    marta = colleague("mlagos", "Marta", "Lagos Pizarro")
    colleague("jperez", "Juan", "Pérez")

    found = search(logged_in, "lagos")

    assert found["results"] == [{"id": marta.pk, "text": "Marta Lagos Pizarro"}]
    assert found["more"] is False
    assert found["message"] == ""


def test_it_suggests_at_most_a_few_and_asks_for_more_letters(logged_in):
    for number in range(SUGGESTIONS + 5):
        colleague(f"camila{number}", "Camila", f"Rojas {number:02d}")

    found = search(logged_in, "camila")

    assert len(found["results"]) == SUGGESTIONS
    assert found["more"] is True
    assert found["message"] == "Hay más coincidencias: escriba más letras del nombre."


def test_it_says_in_spanish_when_nobody_matches(logged_in):
    found = search(logged_in, "Zacarías")

    assert found["results"] == []
    assert found["message"] == "No hay nadie del equipo con ese nombre."


def test_an_empty_box_asks_for_a_name(logged_in):
    colleague("mlagos", "Marta", "Lagos")

    found = search(logged_in, "   ")

    assert found["results"] == []
    assert found["message"] == "Escriba parte del nombre."


def test_it_never_suggests_the_mayors_office(logged_in):
    colleague("alcaldia2", "Marta", "Alcaldía", roles.ALCALDIA)

    assert search(logged_in, "marta")["results"] == []


def test_former_colleagues_are_marked_and_left_out_when_giving_work(logged_in):
    former = colleague("mlagos", "Marta", "Lagos", active=False)

    assert search(logged_in, "lagos")["results"] == [
        {"id": former.pk, "text": "Marta Lagos (cuenta desactivada)"}
    ]
    assert search(logged_in, "lagos", activos="1")["results"] == []


@pytest.mark.parametrize("persona", ["administrativa", "psicologa", "encargado"])
def test_every_office_role_may_search(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    colleague("mlagos", "Marta", "Lagos")

    assert [row["text"] for row in search(client, "lagos")["results"]] == ["Marta Lagos"]


def test_the_mayors_office_and_accounts_without_a_role_are_refused(client, alcaldia):
    client.force_login(alcaldia)
    assert client.get(SEARCH, {"q": "a"}).status_code == 403

    nobody = get_user_model().objects.create_user(username="sinrol", first_name="Sin")
    client.force_login(nobody)
    assert client.get(SEARCH, {"q": "a"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(SEARCH, {"q": "a"})

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_answers_only_get(logged_in):
    assert logged_in.post(SEARCH, {"q": "a"}).status_code == 405


def test_a_long_or_odd_query_is_answered_not_refused(logged_in):
    assert search(logged_in, "x" * 5000 + "\x00")["results"] == []


def test_it_costs_the_same_queries_with_3_or_30_colleagues(logged_in):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            search(logged_in, "rojas")
        return len(captured)

    for number in range(3):
        colleague(f"rojas{number}", "Ana", f"Rojas {number}")
    with_three = queries()
    for number in range(3, 30):
        colleague(f"rojas{number}", "Ana", f"Rojas {number}")

    assert queries() == with_three
