"""Colleagues appear by their names, never by the username they sign in with, in filters,
lists, the admin and the change history; stored values in the history read as words."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from companies.models import Company, weekdays_text
from omil_crm.accounts import roles
from tests.conftest import PASSWORD


@pytest.fixture
def camila(db):
    user = get_user_model().objects.create_user(
        username="crojas", password=PASSWORD, first_name="Camila", last_name="Rojas"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


@pytest.fixture
def her_company(camila):
    return Company.objects.create(
        rut="76086428-5", legal_name="Frigorífico Gulmué SpA", owner=camila
    )


def test_the_directory_filter_offers_the_gestora_by_name(client, encargado, camila, her_company):
    client.force_login(encargado)

    suggested = client.get(reverse("accounts:staff_search"), {"q": "cam"}).json()["results"]
    chosen = client.get(reverse("companies:directory"), {"owner": camila.pk}).content.decode()

    assert {"id": camila.pk, "text": "Camila Rojas"} in suggested
    assert 'value="Camila Rojas"' in chosen
    assert "crojas" not in str(suggested) and ">crojas<" not in chosen and '"crojas"' not in chosen


def test_the_admin_lists_the_owner_by_name(client, encargado, her_company):
    client.force_login(encargado)

    content = client.get(reverse("admin:companies_company_changelist")).content.decode()

    assert "Camila Rojas" in content
    assert "crojas" not in content


def test_a_colleague_without_a_recorded_name_is_shown_by_username(db):
    user = get_user_model().objects.create_user(username="apoyo.verano")

    assert str(user) == "apoyo.verano"


def test_the_history_reads_visiting_days_as_words(client, encargado, her_company):
    her_company.visiting_weekdays = "13"
    her_company.save()
    client.force_login(encargado)

    content = client.get(reverse("companies:detail", args=[her_company.pk])).content.decode()

    assert "lunes a viernes" in content
    assert "martes y jueves" in content
    assert "01234" not in content


@pytest.mark.parametrize(
    "digits, words",
    [
        ("01234", "lunes a viernes"),
        ("13", "martes y jueves"),
        ("0124", "lunes a miércoles y viernes"),
        ("0246", "lunes, miércoles, viernes y domingo"),
        ("56", "sábado y domingo"),
        ("0123456", "todos los días"),
        ("", "cualquier día"),
    ],
)
def test_days_read_as_people_say_them(digits, words):
    assert weekdays_text(digits) == words
