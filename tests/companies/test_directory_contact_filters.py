"""The directory's contact filters, which the panel's company figures link to: never contacted
versus contacted at some point, every status but inactive, and contacted within a range."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Visit

DIRECTORY = reverse("companies:directory")
SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def companies(db, gestora):
    now = timezone.now()
    never = Company.objects.create(rut="76086428-5", legal_name="Áridos del Norte")
    Company.objects.create(
        rut="96511460-2",
        legal_name="Imprenta Cerrada",
        status=Company.Status.INACTIVE,
    )
    seventy = Company.objects.create(
        rut="96790240-3", legal_name="Envases Concón", last_contact_at=now - timedelta(days=70)
    )
    Company.objects.create(
        rut="61704000-K", legal_name="Frigorífico Sur", last_contact_at=now - timedelta(days=10)
    )
    Visit.objects.create(
        company=seventy, staff=gestora, happened_at=datetime(2026, 6, 30, 23, 50, tzinfo=SANTIAGO)
    )
    Visit.objects.create(
        company=never,
        staff=gestora,
        status=Visit.Status.PLANNED,
        planned_for=datetime(2026, 6, 10, 10, tzinfo=SANTIAGO),
    )
    return never


def names(client, query: str) -> list[str]:
    response = client.get(f"{DIRECTORY}?{query}")
    assert response.status_code == 200
    return sorted(company.legal_name for company in response.context["page"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("contacted=0", ["Imprenta Cerrada", "Áridos del Norte"]),
        ("contacted=0&status=vigentes", ["Áridos del Norte"]),
        ("contacted=1&no_contact_days=60", ["Envases Concón"]),
        ("no_contact_days=60&status=vigentes", ["Envases Concón", "Áridos del Norte"]),
        ("contacted_from=2026-06-01&contacted_until=2026-06-30", ["Envases Concón"]),
        ("contacted_from=2026-07-01", []),
        ("contacted_until=2026-06-29", []),
    ],
)
def test_it_filters_by_contact(client, gestora, companies, query, expected):
    client.force_login(gestora)
    assert names(client, query) == expected


def test_it_says_which_filters_are_set(client, gestora, companies):
    client.force_login(gestora)
    content = client.get(f"{DIRECTORY}?contacted=0&status=vigentes").content.decode()
    assert 'data-count="1"' in content
    assert "Contacto: Nunca contactadas" in content
    assert "Estado: Todas menos las inactivas" in content
