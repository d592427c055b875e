from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.services import follow_up_create


@pytest.mark.django_db
def test_the_gestora_sees_her_overdue_follow_ups(client, gestora, company):
    yesterday = timezone.localdate() - timedelta(days=1)
    for title in ("Llamar a RR.HH.", "Enviar perfiles"):
        follow_up_create(company=company, title=title, assigned_to=gestora, due_date=yesterday)
    client.force_login(gestora)

    html = client.get(reverse("home")).content.decode()

    card = html.split("Seguimientos vencidos", 1)[1]
    assert '<div class="card-figure" data-testid="value">2</div>' in card[:200]


@pytest.mark.django_db
def test_the_psychologist_sees_no_company_cards(client, psicologa):
    client.force_login(psicologa)

    html = client.get(reverse("home")).content.decode()

    assert "Seguimientos vencidos" not in html
    assert "Vacantes abiertas" in html


@pytest.mark.django_db
def test_the_alcaldia_lands_on_its_flags_in_the_admin(client, alcaldia):
    client.force_login(alcaldia)

    response = client.get(reverse("home"))

    assert response["Location"] == reverse("admin:companies_companyflag_changelist")
