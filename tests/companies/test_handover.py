"""The Encargado passes a leaving Gestora's portfolio to another one."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, FollowUp, PortfolioHandover, Visit
from companies.services import follow_up_complete, follow_up_create, log_visit, visit_plan
from omil_crm.accounts import roles

HANDOVER = reverse("companies:handover")


@pytest.fixture
def successor(db):
    user = get_user_model().objects.create_user(
        username="gestora2", password="x", first_name="Paula", last_name="Reyes"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


@pytest.fixture
def portfolio(company, park, gestora):
    """What the leaving Gestora holds: open work that moves, done work that stays."""
    gestora.first_name, gestora.last_name = "Carla", "Vidal"
    gestora.save()
    second = Company.objects.create(legal_name="Frigorífico Austral SA", park=park, owner=gestora)
    due = timezone.localdate() + timedelta(days=4)
    open_follow_up = follow_up_create(
        company=company, title="Enviar perfiles", assigned_to=gestora, due_date=due
    )
    done_follow_up = follow_up_complete(
        follow_up=follow_up_create(
            company=company, title="Llamar al gerente", assigned_to=gestora, due_date=due
        ),
        user=gestora,
    )
    planned = visit_plan(
        company=second,
        staff=gestora,
        planned_for=timezone.make_aware(datetime.combine(due, time(10, 0))),
    )
    done_visit = log_visit(company=company, staff=gestora, summary="Primera visita")
    return {
        "companies": [company, second],
        "open_follow_up": open_follow_up,
        "done_follow_up": done_follow_up,
        "planned": planned,
        "done_visit": done_visit,
    }


@pytest.fixture
def logged_in(client, encargado):
    client.force_login(encargado)
    return client


def preview_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('data-testid="handover-preview"', 1)[1]


def confirm(client, from_user, to_user):
    return client.post(
        HANDOVER, {"from_user": from_user.pk, "to_user": to_user.pk, "confirm": "1"}, follow=True
    )


# Preview


def test_the_preview_lists_what_will_move(logged_in, portfolio, gestora, successor):
    preview = preview_of(
        logged_in.get(HANDOVER, {"from_user": gestora.pk, "to_user": successor.pk})
    )

    assert "Pasará de Carla Vidal a Paula Reyes" in preview
    assert "2 empresas" in preview
    assert "Bodegas de Prueba SpA" in preview
    assert "Frigorífico Austral SA" in preview
    assert "1 seguimientos pendientes" in preview
    assert "Enviar perfiles" in preview
    assert "Llamar al gerente" not in preview
    assert "1 visitas planificadas" in preview
    assert "Parque de Prueba" in preview


def test_the_preview_moves_nothing(logged_in, portfolio, gestora, successor):
    logged_in.get(HANDOVER, {"from_user": gestora.pk, "to_user": successor.pk})

    assert not Company.objects.filter(owner=successor).exists()
    assert not FollowUp.objects.filter(assigned_to=successor).exists()
    assert not Visit.objects.filter(staff=successor).exists()
    assert not PortfolioHandover.objects.exists()


def test_a_post_without_confirmation_moves_nothing(logged_in, portfolio, gestora, successor):
    logged_in.post(HANDOVER, {"from_user": gestora.pk, "to_user": successor.pk})

    assert not Company.objects.filter(owner=successor).exists()
    assert not PortfolioHandover.objects.exists()


# Confirmation


def test_confirming_moves_the_companies_open_work_and_park(
    logged_in, portfolio, gestora, successor, park
):
    confirm(logged_in, gestora, successor)

    assert set(Company.objects.filter(owner=successor)) == set(portfolio["companies"])
    portfolio["open_follow_up"].refresh_from_db()
    assert portfolio["open_follow_up"].assigned_to == successor
    portfolio["planned"].refresh_from_db()
    assert portfolio["planned"].staff == successor
    park.refresh_from_db()
    assert park.gestora == successor


def test_confirming_leaves_done_work_with_its_author(logged_in, portfolio, gestora, successor):
    confirm(logged_in, gestora, successor)

    portfolio["done_follow_up"].refresh_from_db()
    assert portfolio["done_follow_up"].assigned_to == gestora
    portfolio["done_visit"].refresh_from_db()
    assert portfolio["done_visit"].staff == gestora


def test_confirming_records_the_handover(logged_in, portfolio, gestora, successor, encargado):
    confirm(logged_in, gestora, successor)

    handover = PortfolioHandover.objects.get()
    assert (handover.from_user, handover.to_user, handover.done_by) == (
        gestora,
        successor,
        encargado,
    )
    assert (
        handover.companies_moved,
        handover.follow_ups_moved,
        handover.visits_moved,
        handover.parks_moved,
    ) == (2, 1, 1, 1)


def test_the_history_shows_the_handover(logged_in, portfolio, gestora, successor):
    page = confirm(logged_in, gestora, successor).content.decode()

    assert "2 empresas, 1 seguimientos y 1 visitas planificadas pasan a Paula Reyes." in page
    history = page.split("Traspasos anteriores", 1)[1]
    assert "Aún no hay traspasos." not in history
    assert (
        "<td>Carla Vidal</td><td>Paula Reyes</td><td>Encargado</td><td>2</td><td>1</td><td>1</td>"
    ) in history


# Refusals


def test_the_same_person_twice_is_refused(logged_in, portfolio, gestora):
    response = logged_in.post(
        HANDOVER, {"from_user": gestora.pk, "to_user": gestora.pk, "confirm": "1"}
    )

    assert response.status_code == 200
    assert "Elija dos personas distintas." in response.content.decode()
    assert 'data-testid="handover-preview"' not in response.content.decode()
    assert not PortfolioHandover.objects.exists()


def test_a_handover_to_an_inactive_account_is_refused(logged_in, portfolio, gestora, successor):
    successor.is_active = False
    successor.save()

    confirm(logged_in, gestora, successor)

    assert not PortfolioHandover.objects.exists()
    assert set(Company.objects.filter(owner=gestora)) == set(portfolio["companies"])


def test_the_gestora_may_not_hand_over_a_portfolio(client, portfolio, gestora, successor):
    client.force_login(gestora)

    response = client.post(
        HANDOVER, {"from_user": gestora.pk, "to_user": successor.pk, "confirm": "1"}
    )

    assert response.status_code == 403
    assert not PortfolioHandover.objects.exists()
    assert not Company.objects.filter(owner=successor).exists()
