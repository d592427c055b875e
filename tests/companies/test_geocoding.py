"""The optional geocoder: a company saved with an address and no pin is placed in the
background; only the outside HTTP call is replaced."""

import io
import json
from decimal import Decimal
from unittest import mock
from urllib.error import URLError

import pytest
from django.urls import reverse

from companies import geocoding
from tests.companies.test_company_edit import data_of

pytestmark = pytest.mark.django_db

NOMINATIM = "https://geocoder.example.cl/search"


class Answer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def answering(payload):
    return mock.patch.object(
        geocoding, "urlopen", return_value=Answer(json.dumps(payload).encode())
    )


def save(client, company, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("companies:company_edit", args=[company.pk]), data_of(company, **changes)
        )


def test_a_saved_address_is_placed_on_the_map(
    client, gestora, company, settings, django_capture_on_commit_callbacks
):
    settings.OMIL_GEOCODER_URL = NOMINATIM
    client.force_login(gestora)

    with answering([{"lat": "-32.9381234", "lon": "-71.4851234"}]) as called:
        response = save(
            client, company, django_capture_on_commit_callbacks, address="Camino Concón 1200"
        )

    assert response.status_code == 302
    company.refresh_from_db()
    assert (company.latitude, company.longitude) == (Decimal("-32.938123"), Decimal("-71.485123"))
    request = called.call_args.args[0]
    assert request.full_url.startswith(NOMINATIM + "?")
    assert "Camino+Conc%C3%B3n+1200" in request.full_url
    assert called.call_args.kwargs["timeout"] == settings.OMIL_GEOCODER_TIMEOUT


def test_a_failing_geocoder_is_logged_and_the_save_stands(
    client, gestora, company, settings, django_capture_on_commit_callbacks, caplog
):
    settings.OMIL_GEOCODER_URL = NOMINATIM
    client.force_login(gestora)

    with mock.patch.object(geocoding, "urlopen", side_effect=URLError("sin conexión")):
        response = save(
            client, company, django_capture_on_commit_callbacks, address="Camino Concón 1200"
        )

    assert response.status_code == 302
    company.refresh_from_db()
    assert company.address == "Camino Concón 1200"
    assert company.latitude is None
    assert "Geocoder could not place" in caplog.text


def test_no_answer_leaves_the_company_unplaced(company, settings):
    settings.OMIL_GEOCODER_URL = NOMINATIM
    company.address = "Calle Inexistente 1"
    company.save()

    with answering([]):
        assert geocoding.geocode_company(company.pk) is False
    company.refresh_from_db()
    assert company.latitude is None


def test_a_pin_placed_by_hand_is_never_asked_for(
    client, gestora, company, settings, django_capture_on_commit_callbacks
):
    settings.OMIL_GEOCODER_URL = NOMINATIM
    client.force_login(gestora)

    with answering([{"lat": "1", "lon": "1"}]) as called:
        save(
            client,
            company,
            django_capture_on_commit_callbacks,
            address="Camino Concón 1200",
            latitude="-32.930000",
            longitude="-71.490000",
        )

    called.assert_not_called()
    company.refresh_from_db()
    assert company.latitude == Decimal("-32.930000")


def test_without_a_geocoder_nothing_is_asked(
    client, gestora, company, settings, django_capture_on_commit_callbacks
):
    settings.OMIL_GEOCODER_URL = ""
    client.force_login(gestora)

    with answering([{"lat": "1", "lon": "1"}]) as called:
        save(client, company, django_capture_on_commit_callbacks, address="Camino Concón 1200")

    called.assert_not_called()
