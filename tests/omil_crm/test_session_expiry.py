"""A session lasts one working day from login, however busy the day, and then asks again."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD


def log_in(client) -> None:
    response = client.post(reverse("login"), {"username": "gestora", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_the_session_still_opens_pages_at_the_end_of_the_working_day(client, gestora):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client)
    with time_machine.travel(start + timedelta(hours=9, minutes=59), tick=False):
        assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_after_ten_hours_the_next_page_asks_to_log_in_again(client, gestora):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        log_in(client)
    # Working all day does not stretch the session.
    with time_machine.travel(start + timedelta(hours=8), tick=False):
        assert client.get(reverse("companies:directory")).status_code == 200

    with time_machine.travel(start + timedelta(hours=10, minutes=1), tick=False):
        response = client.get(reverse("companies:directory"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('companies:directory')}"
