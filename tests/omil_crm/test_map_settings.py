"""The map's tile server: OpenStreetMap's in production, none in development, any http(s)
server when set, and the pages may load images from that host only."""

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from omil_crm.env import parse_places
from tests.omil_crm.test_settings import ROOT, run_check

PRODUCTION = {"DJANGO_DEBUG": "0", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "omil.example.cl"}
SHOW = (
    "from django.conf import settings; import json; "
    "print(json.dumps([settings.OMIL_MAP_TILE_URL, settings.SECURE_CSP['img-src']]))"
)


def map_settings(**env):
    clean = os.environ.copy()
    for key in ("DJANGO_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "OMIL_MAP_TILE_URL"):
        clean.pop(key, None)
    clean.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_uses_openstreetmap_and_allows_its_images():
    tiles, images = map_settings(**PRODUCTION)

    assert tiles == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "https://tile.openstreetmap.org" in images


def test_development_has_no_tile_server_and_loads_no_outside_image():
    tiles, images = map_settings(DJANGO_DEBUG="1")

    assert tiles == ""
    assert images == ["'self'", "data:"]


def test_none_turns_the_tiles_off_in_production():
    tiles, images = map_settings(OMIL_MAP_TILE_URL="none", **PRODUCTION)

    assert tiles == ""
    assert images == ["'self'", "data:"]


def test_a_tile_server_with_subdomains_is_allowed_by_wildcard():
    tiles, images = map_settings(
        DJANGO_DEBUG="1", OMIL_MAP_TILE_URL="https://{s}.tiles.example.cl/{z}/{x}/{y}.png"
    )

    assert tiles.startswith("https://{s}.tiles.example.cl/")
    assert "https://*.tiles.example.cl" in images


def test_a_tile_address_that_is_not_http_refuses_to_start():
    result = run_check(DJANGO_DEBUG="1", OMIL_MAP_TILE_URL="javascript:alert(1)")

    assert result.returncode != 0
    assert "OMIL_MAP_TILE_URL debe ser una dirección http(s)" in result.stderr


def test_named_start_points_are_read_as_name_latitude_longitude():
    places = parse_places("Paradero Gulmué|-32.9318|-71.5004; Copec Concón|-32.92|-71.51", "X")

    assert places == [("Paradero Gulmué", -32.9318, -71.5004), ("Copec Concón", -32.92, -71.51)]


@pytest.mark.parametrize("raw", ["Paradero|-32.9", "Paradero|norte|sur", "|1|2", "Polo|-95|0"])
def test_a_malformed_start_point_is_refused_in_spanish(raw):
    with pytest.raises(ImproperlyConfigured, match="Nombre\\|latitud\\|longitud"):
        parse_places(raw, "OMIL_ROUTE_START_POINTS")
