"""Fixtures of the dashboard and report tests: the hand-computed office of dashboard_data."""

import pytest
import time_machine

from tests.conftest import make_persona
from tests.omil_crm import balance_data
from tests.omil_crm.dashboard_data import NOW, build_office


@pytest.fixture
def office(db):
    with time_machine.travel(NOW, tick=False):
        yield build_office()


@pytest.fixture
def as_encargado(client, office):
    client.force_login(make_persona("encargado"))
    return client


@pytest.fixture
def parks(db):
    """The two parks of balance_data, built on 20 November 2026."""
    with time_machine.travel(balance_data.NOW, tick=False):
        yield balance_data.build_parks()
