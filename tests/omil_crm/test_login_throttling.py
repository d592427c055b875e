"""Guessing passwords: five failures lock one account from one address for 15 minutes."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOCKED_MESSAGE = "Demasiados intentos fallidos de ingreso"
OFFICE = "192.0.2.10"


def attempt(client, username: str, password: str, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail(client, username: str, times: int, **extra):
    return [attempt(client, username, "no-es-la-clave", **extra) for _ in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def office():
    return Client(REMOTE_ADDR=OFFICE)


@pytest.mark.django_db
def test_four_failures_still_get_the_ordinary_message(office, gestora):
    answers = fail(office, "gestora", 4)

    assert [answer.status_code for answer in answers] == [200] * 4
    assert LOCKED_MESSAGE not in answers[-1].content.decode()
    attempt(office, "gestora", PASSWORD)
    assert logged_in(office)


@pytest.mark.django_db
def test_the_fifth_failure_locks_the_account_with_a_spanish_page(office, gestora):
    *_, fifth = fail(office, "gestora", 5)

    assert fifth.status_code == 429
    page = fifth.content.decode()
    assert LOCKED_MESSAGE in page
    assert "«gestora»" in page
    assert "15 minutos" in page


@pytest.mark.django_db
def test_the_right_password_does_not_open_a_locked_account(office, gestora):
    fail(office, "gestora", 5)

    response = attempt(office, "gestora", PASSWORD)

    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert not logged_in(office)


@pytest.mark.django_db
def test_the_lock_is_recorded_for_the_account_and_address(office, gestora):
    fail(office, "gestora", 5)

    lock = AccessAttempt.objects.get()
    assert (lock.username, lock.ip_address, lock.failures_since_start) == ("gestora", OFFICE, 5)


@pytest.mark.django_db
def test_colleagues_behind_the_same_address_are_not_locked(office, gestora, administrativa):
    fail(office, "gestora", 5)
    colleague = Client(REMOTE_ADDR=OFFICE)

    response = attempt(colleague, "administrativa", PASSWORD)

    assert response.status_code == 302
    assert logged_in(colleague)


@pytest.mark.django_db
def test_the_same_account_from_another_address_is_not_locked(office, gestora):
    fail(office, "gestora", 5)
    phone = Client(REMOTE_ADDR="198.51.100.7")

    attempt(phone, "gestora", PASSWORD)

    assert logged_in(phone)


@pytest.mark.django_db
def test_after_the_cool_off_the_right_password_works_again(office, gestora):
    fail(office, "gestora", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = attempt(office, "gestora", PASSWORD)

    assert response.status_code == 302
    assert logged_in(office)


@pytest.mark.django_db
def test_the_encargado_can_unlock_an_account_from_the_command_line(office, gestora):
    fail(office, "gestora", 5)

    call_command("axes_reset_username", "gestora")

    attempt(office, "gestora", PASSWORD)
    assert logged_in(office)


@pytest.mark.django_db
def test_a_successful_login_forgets_earlier_typos(office, gestora):
    fail(office, "gestora", 4)
    attempt(office, "gestora", PASSWORD)
    office.post(reverse("logout"))

    answers = fail(office, "gestora", 4)

    assert answers[-1].status_code == 200


@pytest.mark.django_db
def test_behind_the_proxy_each_client_address_is_locked_apart(settings, gestora):
    settings.OMIL_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    outsider = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    fail(outsider, "gestora", 5)
    # An address the client wrote itself, left of the proxy's, does not change who it is.
    spoofing = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.5")
    office = Client(**proxy, HTTP_X_FORWARDED_FOR=OFFICE)

    assert attempt(spoofing, "gestora", PASSWORD).status_code == 429
    attempt(office, "gestora", PASSWORD)
    assert logged_in(office)


@pytest.mark.django_db
def test_without_a_proxy_the_forwarded_header_is_ignored(office, gestora):
    fail(office, "gestora", 5)
    spoofing = Client(REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert attempt(spoofing, "gestora", PASSWORD).status_code == 429
