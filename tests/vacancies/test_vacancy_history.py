"""Gestoras share their vacancies: a colleague may correct one, and the Encargado sees who
changed what on the vacancy's page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from omil_crm.accounts import roles
from tests.companies.test_company_history import SECTION, history_text
from tests.vacancies.test_vacancy_form import edit


def colleague_gestora():
    user = get_user_model().objects.create_user(
        username="gestora-felipe", first_name="Felipe", last_name="Soto"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    client = Client()
    client.force_login(user)
    return client


def test_a_colleagues_correction_is_shown_to_the_encargado(vacancy, as_encargado):
    response = edit(colleague_gestora(), vacancy, positions="4", shift="Turno noche")
    assert response.status_code == 302

    text = history_text(as_encargado.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk])))

    assert "Felipe Soto" in text
    assert "Cupos" in text and "4" in text
    assert "Turno noche" in text


def test_the_gestora_does_not_see_the_history(vacancy, as_gestora):
    edit(colleague_gestora(), vacancy, positions="4")

    page = as_gestora.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk]))

    assert SECTION not in page.content.decode()
