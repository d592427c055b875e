"""A company's and a park's place on the map: typed or set by the pin on the edit page."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from companies.models import Company
from tests.companies.test_company_edit import data_of, field_error
from tests.companies.test_park_edit import park_data

pytestmark = pytest.mark.django_db


def edit(client, company, **changes):
    return client.post(
        reverse("companies:company_edit", args=[company.pk]), data_of(company, **changes)
    )


def test_the_edit_page_saves_the_pins_coordinates(client, gestora, company):
    client.force_login(gestora)

    response = edit(client, company, latitude="-32.937512", longitude="-71.485021")

    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.latitude, company.longitude) == (Decimal("-32.937512"), Decimal("-71.485021"))


def test_the_edit_page_shows_the_map_with_the_fields_it_fills(client, gestora, company):
    client.force_login(gestora)

    page = client.get(reverse("companies:company_edit", args=[company.pk])).content.decode()

    assert "data-location-map" in page
    assert 'data-lat-input="id_latitude" data-lon-input="id_longitude"' in page
    assert 'name="latitude"' in page and 'name="longitude"' in page
    assert "vendor/leaflet/leaflet.js" in page and "js/location-picker.js" in page


def test_half_a_pin_is_refused_and_changes_nothing(client, gestora, company):
    client.force_login(gestora)

    response = edit(client, company, latitude="-32.937512", longitude="")

    assert response.status_code == 200
    assert field_error(response, "Indique la latitud y la longitud, o ninguna de las dos.")
    company.refresh_from_db()
    assert company.latitude is None


def test_a_latitude_off_the_globe_is_refused(client, gestora, company):
    client.force_login(gestora)

    response = edit(client, company, latitude="-95", longitude="-71.4")

    assert field_error(response, "La latitud debe estar entre -90 y 90.")
    company.refresh_from_db()
    assert company.latitude is None


def test_the_database_refuses_coordinates_out_of_range(company):
    company.latitude, company.longitude = Decimal("12"), Decimal("-200")
    with pytest.raises(ValidationError) as error:
        company.full_clean()
    assert "La longitud debe estar entre -180 y 180." in str(error.value)


def test_removing_the_pin_clears_both(client, gestora, company):
    Company.objects.filter(pk=company.pk).update(
        latitude=Decimal("-32.9"), longitude=Decimal("-71.5")
    )
    company.refresh_from_db()
    client.force_login(gestora)

    edit(client, company, latitude="", longitude="")

    company.refresh_from_db()
    assert company.latitude is None and company.longitude is None


def test_the_park_gets_its_place_from_its_edit_page(client, gestora, park):
    client.force_login(gestora)

    client.post(
        reverse("companies:park_edit", args=[park.pk]),
        park_data(park, latitude="-32.938000", longitude="-71.485000"),
    )

    park.refresh_from_db()
    assert (park.latitude, park.longitude) == (Decimal("-32.938000"), Decimal("-71.485000"))
