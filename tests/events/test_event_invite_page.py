"""The invite page: a bounded picker of the companies not invited yet, searched by name."""

import pytest
from django.core import mail
from django.urls import reverse

from companies.models import Company
from events import people_views
from events.models import EventCompany


@pytest.mark.django_db
def test_the_picker_offers_the_park_companies_not_invited_yet(
    client, gestora, breakfast, company, other_company
):
    EventCompany.objects.create(event=breakfast, company=company)
    Company.objects.create(
        rut="76543210-3", legal_name="Cerrada SpA", status=Company.Status.INACTIVE
    )
    client.force_login(gestora)

    response = client.get(reverse("events:invite", args=[breakfast.pk]))

    assert [c.legal_name for c in response.context["candidates"]] == [other_company.legal_name]


@pytest.mark.django_db
def test_the_picker_shows_a_bounded_number(client, gestora, breakfast, monkeypatch):
    monkeypatch.setattr(people_views, "PICKER_SHOWN", 2)
    for n, rut in enumerate(["76086428-5", "77123456-9", "76543210-3"]):
        Company.objects.create(rut=rut, legal_name=f"Empresa {n}", park=breakfast.park)
    client.force_login(gestora)

    response = client.get(reverse("events:invite", args=[breakfast.pk]))

    assert len(response.context["candidates"]) == 2
    assert "escriba parte del nombre para encontrar otras" in response.content.decode()


@pytest.mark.django_db
def test_searching_finds_a_company_by_name(client, gestora, breakfast, company, other_company):
    client.force_login(gestora)

    response = client.get(reverse("events:invite", args=[breakfast.pk]), {"q": "frigor"})

    assert [c.pk for c in response.context["candidates"]] == [other_company.pk]


@pytest.mark.django_db
def test_inviting_from_the_page(
    client, gestora, breakfast, company, contact, django_capture_on_commit_callbacks
):
    client.force_login(gestora)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:invite", args=[breakfast.pk]), {"companies": [company.pk]}, follow=True
        )

    assert "1 empresa(s) invitada(s)" in response.content.decode()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_choosing_nobody_is_explained(client, gestora, breakfast):
    client.force_login(gestora)

    response = client.post(reverse("events:invite", args=[breakfast.pk]), {})

    assert response.status_code == 400
    assert "Elija al menos una empresa para invitar." in response.content.decode()


@pytest.mark.django_db
def test_a_bogus_company_id_is_refused(client, gestora, breakfast):
    client.force_login(gestora)

    response = client.post(reverse("events:invite", args=[breakfast.pk]), {"companies": ["x"]})

    assert response.status_code == 400
    assert not EventCompany.objects.exists()


@pytest.mark.django_db
def test_the_psicologa_cannot_invite(client, psicologa, breakfast):
    client.force_login(psicologa)

    assert client.get(reverse("events:invite", args=[breakfast.pk])).status_code == 403
