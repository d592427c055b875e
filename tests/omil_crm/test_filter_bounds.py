"""Filters refuse what the database or date arithmetic cannot hold, in Spanish, next to the
field; the list still answers, unfiltered by the refused value. Every FilterSet of the
project gets these bounds from omil_crm.base.filtering (tests/test_query_bounds.py walks every
page with extreme values)."""

import importlib
import importlib.util
from datetime import timedelta

import django_filters
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from omil_crm.base import filtering
from requests_routing.services import service_request_create

PROJECT_APPS = ("omil_crm", "companies", "requests_routing", "vacancies", "meetings", "events")


def project_filtersets():
    for config in apps.get_app_configs():
        module = f"{config.name}.filters"
        if config.name.split(".")[0] in PROJECT_APPS and importlib.util.find_spec(module):
            importlib.import_module(module)
    found, pending = [], [django_filters.FilterSet]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.split(".")[0] in PROJECT_APPS:
                found.append(subclass)
    return found


def test_every_filterset_of_the_project_is_bounded():
    filtersets = project_filtersets()

    unbounded = [cls.__qualname__ for cls in filtersets if not issubclass(cls, filtering.FilterSet)]
    assert len(filtersets) >= 8
    assert not unbounded, f"FilterSets sin límites / unbounded: {unbounded}"


def table_of(content: str) -> str:
    return content.split('data-testid="meeting-table"', 1)[1]


@pytest.fixture
def meeting(park, gestora):
    starts = timezone.localtime() + timedelta(days=3)
    return Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.BREAKFAST,
        title="Desayuno con el alcalde",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=gestora,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("until", ["9999-12-31", "0001-01-01", "2201-01-01"])
def test_a_date_out_of_range_is_refused_next_to_the_field(client, gestora, meeting, until):
    client.force_login(gestora)

    response = client.get(reverse("meetings:list"), {"until": until})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Indique una fecha entre el 01-01-1900 y el 31-12-2200." in content
    assert "Revise los filtros marcados." in content
    assert "Desayuno con el alcalde" in table_of(content)


@pytest.mark.django_db
def test_a_date_within_range_still_filters(client, gestora, meeting):
    client.force_login(gestora)
    yesterday = timezone.localdate() - timedelta(days=1)

    response = client.get(reverse("meetings:list"), {"until": yesterday.isoformat()})

    assert "Desayuno con el alcalde" not in table_of(response.content.decode())
    assert "Indique una fecha" not in response.content.decode()


@pytest.fixture
def pruning_request(company, pruning, administrativa):
    return service_request_create(
        company=company,
        category=pruning,
        subject="Poda del acceso norte",
        channel="email",
        created_by=administrativa,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("company_id", [str(2**64), "99999999999999999999999", "0", "1.5"])
def test_a_company_id_past_bigint_is_refused_with_a_message(
    client, administrativa, pruning_request, company_id
):
    client.force_login(administrativa)

    response = client.get(reverse("requests_routing:request_list"), {"company": company_id})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Revise los filtros marcados. Empresa: El identificador indicado no es válido." in (
        content
    )
    assert "Poda del acceso norte" in content


@pytest.mark.django_db
def test_a_company_id_still_filters(client, administrativa, pruning_request, park, gestora):
    client.force_login(administrativa)
    other = type(pruning_request.company).objects.create(
        rut="77123456-9", legal_name="Frigorífico del Parque SpA", park=park, owner=gestora
    )

    mine = client.get(reverse("requests_routing:request_list"), {"company": other.pk})

    assert "Poda del acceso norte" not in mine.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("park_id", [str(2**63), "99999999999999999999999", "9" * 5000])
def test_a_park_past_bigint_is_not_a_choice(client, gestora, company, park_id):
    client.force_login(gestora)

    response = client.get(reverse("companies:directory"), {"park": park_id})

    assert response.status_code == 200
    assert "Revise los filtros marcados." in response.content.decode()
    assert "Bodegas de Prueba SpA" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("park_id", ["²", "99999999999999999999999", "9" * 5000])
def test_the_dashboard_ignores_a_malformed_park_and_says_so(client, encargado, park_id):
    client.force_login(encargado)

    response = client.get(reverse("dashboard"), {"parque": park_id})

    assert response.status_code == 200
    assert "El parque elegido no es válido; se muestra toda la oficina." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "value, expected",
    [("1", 1), (str(2**63 - 1), 2**63 - 1), (str(2**63), None), ("0", None), ("²", None)],
)
def test_an_id_must_fit_a_bigint(value, expected):
    assert filtering.parse_id(value) == expected
