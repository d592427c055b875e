"""Fixtures of the company import tests (their helpers are in importing.py)."""

import pytest

from companies.models import IndustrialPark


@pytest.fixture
def private_folders(settings, tmp_path):
    # Uploads wait under VAR_DIR between the preview and the confirmation: each test gets its
    # own folders, so what it finds there is its own. The import modules ask for it by name.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def gestora_client(client, gestora):
    client.force_login(gestora)
    return client


@pytest.fixture
def gulmue(db):
    return IndustrialPark.objects.create(name="Parque Industrial Gulmué", comuna="05103")
