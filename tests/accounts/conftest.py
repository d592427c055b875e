"""Fixtures of the account tests: a superuser besides the five personas, and a client per role."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD, make_persona

PERSONAS = ("gestora", "administrativa", "psicologa", "encargado", "alcaldia")
MANAGERS = {"encargado", "superuser"}


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser(
        username="soporte", email="soporte@municipalidad.cl", password=PASSWORD
    )


@pytest.fixture
def office(db, superuser):
    """Everyone: the five personas and the superuser, by role name."""
    people = {name: make_persona(name) for name in PERSONAS}
    people["superuser"] = superuser
    return people


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
