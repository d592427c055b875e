"""The follow-ups already done (/seguimientos/realizados/): who closed them and when."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from companies.models import FollowUp
from tests.conftest import make_persona

DONE = reverse("companies:follow_ups_done")
SANTIAGO = ZoneInfo("America/Santiago")


@pytest.fixture
def follow_ups(company, gestora, administrativa):
    def follow_up(title, done_at=None, done_by=None):
        return FollowUp.objects.create(
            company=company,
            title=title,
            assigned_to=gestora,
            due_date=date(2026, 6, 5),
            done_at=done_at,
            done_by=done_by,
        )

    follow_up("Llamar a RR.HH.", datetime(2026, 6, 5, 15, tzinfo=SANTIAGO), gestora)
    follow_up("Enviar perfiles", datetime(2026, 6, 30, 23, 30, tzinfo=SANTIAGO), administrativa)
    follow_up("Confirmar visita", datetime(2026, 7, 1, 0, 10, tzinfo=SANTIAGO), gestora)
    follow_up("Todavía pendiente")


def total(response) -> int:
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_it_lists_only_what_was_done(client, gestora, follow_ups):
    client.force_login(gestora)
    response = client.get(DONE)
    assert total(response) == 3
    assert "Todavía pendiente" not in response.content.decode()


def test_it_filters_by_who_closed_them_and_when(client, gestora, administrativa, follow_ups):
    client.force_login(gestora)
    june = "done_from=2026-06-01&done_until=2026-06-30"
    assert total(client.get(f"{DONE}?{june}")) == 2
    assert total(client.get(f"{DONE}?{june}&done_by={gestora.pk}")) == 1
    assert total(client.get(f"{DONE}?done_by={administrativa.pk}")) == 1


def test_it_shows_who_closed_it_and_when_in_full(client, gestora, follow_ups):
    client.force_login(gestora)
    content = client.get(f"{DONE}?done_from=2026-06-30&done_until=2026-06-30").content.decode()
    assert "30-06-2026 23:30" in content
    assert "Administrativa" in content


@pytest.mark.parametrize("persona", ["psicologa", "alcaldia"])
def test_it_refuses_the_roles_without_follow_ups(client, db, persona):
    client.force_login(make_persona(persona))
    assert client.get(DONE).status_code == 403
