"""Postponing a follow-up (a new date after today and a reason, the earlier date kept) and
reopening one marked «Hecho» (who and when kept); lists and digests follow the new date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from companies.follow_up_sections import SECTION_ROWS
from companies.models import FollowUp, FollowUpChange
from companies.services import follow_up_complete, follow_up_create, follow_up_postpone
from meetings.models import Meeting
from meetings.services import agreement_create
from omil_crm.reminders.digest import digest_for

SANTIAGO = ZoneInfo("America/Santiago")
# Thursday 3 December 2026.
NOW = datetime(2026, 12, 3, 10, 0, tzinfo=SANTIAGO)
FOLLOW_UPS = reverse("companies:follow_ups")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def follow_up(company, gestora):
    return follow_up_create(
        company=company,
        title="Enviar perfiles de operarios de bodega",
        assigned_to=gestora,
        due_date=date(2026, 12, 4),
    )


def as_user(client, user):
    client.force_login(user)
    return client


def postpone(client, follow_up, due: str, reason: str):
    return client.post(
        reverse("companies:follow_up_postpone", args=[follow_up.pk]),
        {"due_date": due, "reason": reason},
    )


def reopen(client, follow_up):
    return client.post(reverse("companies:follow_up_reopen", args=[follow_up.pk]))


def due_of(follow_up) -> date:
    follow_up.refresh_from_db()
    return follow_up.due_date


def bucket(page: str, key: str) -> str:
    return page.split(f'data-testid="bucket-{key}"', 1)[1].split("</section>", 1)[0]


# Postponing


def test_it_postpones_to_a_new_date_and_keeps_the_earlier_one(client, gestora, follow_up):
    response = postpone(
        as_user(client, gestora), follow_up, "2026-12-10", "La jefa de RR.HH. está de vacaciones"
    )

    assert response.status_code == 302
    assert due_of(follow_up) == date(2026, 12, 10)
    change = FollowUpChange.objects.get()
    assert (change.kind, change.previous_due_date, change.new_due_date) == (
        FollowUpChange.Kind.POSTPONED,
        date(2026, 12, 4),
        date(2026, 12, 10),
    )
    assert (change.reason, change.changed_by) == ("La jefa de RR.HH. está de vacaciones", gestora)


def test_the_follow_up_page_shows_the_earlier_date_and_the_reason(client, gestora, follow_up):
    as_user(client, gestora)
    postpone(client, follow_up, "2026-12-10", "La jefa de RR.HH. está de vacaciones")

    page = client.get(reverse("companies:follow_up_detail", args=[follow_up.pk])).content.decode()

    assert "vence el <strong>10-12-2026</strong>" in page
    history = page.split('data-testid="follow-up-changes"', 1)[1]
    assert "del 04-12-2026 al 10-12-2026" in history
    assert "La jefa de RR.HH. está de vacaciones" in history


def test_the_list_shows_it_by_its_new_date(client, gestora, follow_up):
    as_user(client, gestora)
    postpone(client, follow_up, "2026-12-21", "Esperan la auditoría")

    page = client.get(FOLLOW_UPS).content.decode()

    later = bucket(page, "later")
    assert "Enviar perfiles de operarios de bodega" in later
    assert "era para el 04-12-2026" in later
    assert "Enviar perfiles" not in bucket(page, "week")


def test_the_company_timeline_shows_the_postponement(client, gestora, follow_up, company):
    as_user(client, gestora)
    postpone(client, follow_up, "2026-12-10", "Esperan la auditoría")

    page = client.get(reverse("companies:detail", args=[company.pk])).content.decode()

    timeline = page.split('data-testid="timeline"', 1)[1]
    assert "Seguimiento pospuesto: Enviar perfiles de operarios de bodega" in timeline
    assert "Del 04-12-2026 al 10-12-2026" in timeline
    assert "Motivo: Esperan la auditoría" in timeline


@pytest.mark.parametrize("due", ["2026-12-03", "2026-12-01"])
def test_it_refuses_today_or_a_past_date_next_to_the_field(client, gestora, follow_up, due):
    response = postpone(as_user(client, gestora), follow_up, due, "Sin tiempo")

    assert response.status_code == 200
    assert "La nueva fecha debe ser posterior a hoy." in response.content.decode()
    assert due_of(follow_up) == date(2026, 12, 4)
    assert not FollowUpChange.objects.exists()


def test_it_refuses_a_postponement_without_a_reason(client, gestora, follow_up):
    response = postpone(as_user(client, gestora), follow_up, "2026-12-10", "  ")

    assert response.status_code == 200
    assert "Indique por qué se pospone." in response.content.decode()
    assert due_of(follow_up) == date(2026, 12, 4)


def test_it_refuses_to_postpone_a_done_follow_up(client, gestora, follow_up):
    follow_up_complete(follow_up=follow_up, user=gestora)

    response = postpone(as_user(client, gestora), follow_up, "2026-12-10", "Otra vez")

    assert "reábralo antes de posponerlo" in response.content.decode()
    assert due_of(follow_up) == date(2026, 12, 4)


def test_postponing_by_get_is_refused(client, gestora, follow_up):
    url = reverse("companies:follow_up_postpone", args=[follow_up.pk])

    assert as_user(client, gestora).get(url).status_code == 405


def test_the_administrativa_may_postpone(client, administrativa, follow_up):
    response = postpone(as_user(client, administrativa), follow_up, "2026-12-10", "Pidió plazo")

    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["encargado", "psicologa"])
def test_roles_that_cannot_complete_may_not_postpone(client, request, persona, follow_up):
    user = request.getfixturevalue(persona)

    response = postpone(as_user(client, user), follow_up, "2026-12-10", "No corresponde")

    assert response.status_code == 403
    assert due_of(follow_up) == date(2026, 12, 4)


# Digests follow the new date


def test_the_digest_lists_it_on_its_new_date_only(gestora, follow_up):
    follow_up_postpone(
        follow_up=follow_up, due_date=date(2026, 12, 10), reason="Feriado", acting_user=gestora
    )

    assert digest_for(gestora, date(2026, 12, 4)).follow_ups == []
    assert digest_for(gestora, date(2026, 12, 10)).follow_ups == [follow_up]


def test_a_postponed_agreement_reaches_the_digest_on_its_new_date(gestora, company, park):
    meeting = Meeting.objects.create(
        park=park,
        kind=Meeting.Kind.OTHER,
        title="Desayuno empresarial",
        starts_at=datetime(2026, 12, 2, 9, 0, tzinfo=SANTIAGO),
        ends_at=datetime(2026, 12, 2, 10, 0, tzinfo=SANTIAGO),
    )
    agreement = agreement_create(
        meeting=meeting,
        description="Coordinar la poda del acceso norte",
        responsible=gestora,
        due_date=date(2026, 12, 4),
        company=company,
    )
    follow_up_postpone(
        follow_up=agreement.follow_up,
        due_date=date(2026, 12, 10),
        reason="Aseo y Ornato sin cuadrilla",
        acting_user=gestora,
    )

    assert digest_for(gestora, date(2026, 12, 4)).agreements == []
    assert digest_for(gestora, date(2026, 12, 10)).agreements == [agreement]


# Reopening


def test_it_reopens_a_done_follow_up_and_keeps_who_and_when(client, gestora, follow_up):
    follow_up_complete(follow_up=follow_up, user=gestora)
    done_at = FollowUp.objects.get(pk=follow_up.pk).done_at

    response = reopen(as_user(client, gestora), follow_up)

    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.done_at, follow_up.done_by) == (None, None)
    change = FollowUpChange.objects.get()
    assert (change.kind, change.previous_done_at, change.changed_by, change.changed_at) == (
        FollowUpChange.Kind.REOPENED,
        done_at,
        gestora,
        NOW,
    )


def test_a_reopened_follow_up_is_pending_again(client, gestora, follow_up):
    follow_up_complete(follow_up=follow_up, user=gestora)
    as_user(client, gestora)
    reopen(client, follow_up)

    page = client.get(FOLLOW_UPS).content.decode()

    assert "Enviar perfiles de operarios de bodega" in bucket(page, "week")


def test_the_list_offers_to_reopen_what_was_done_recently(client, gestora, follow_up):
    follow_up_complete(follow_up=follow_up, user=gestora)

    page = as_user(client, gestora).get(FOLLOW_UPS).content.decode()

    done = page.split('data-testid="recently-done"', 1)[1]
    assert "Enviar perfiles de operarios de bodega" in done
    assert reverse("companies:follow_up_reopen", args=[follow_up.pk]) in done


def test_it_refuses_to_reopen_an_open_follow_up(client, gestora, follow_up):
    response = as_user(client, gestora).post(
        reverse("companies:follow_up_reopen", args=[follow_up.pk]), follow=True
    )

    assert "El seguimiento no está marcado como hecho." in response.content.decode()
    assert not FollowUpChange.objects.exists()


def test_reopening_by_get_is_refused(client, gestora, follow_up):
    follow_up_complete(follow_up=follow_up, user=gestora)
    url = reverse("companies:follow_up_reopen", args=[follow_up.pk])

    assert as_user(client, gestora).get(url).status_code == 405
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


@pytest.mark.parametrize("persona", ["encargado", "psicologa"])
def test_roles_that_cannot_complete_may_not_reopen(client, request, persona, follow_up, gestora):
    follow_up_complete(follow_up=follow_up, user=gestora)

    response = reopen(as_user(client, request.getfixturevalue(persona)), follow_up)

    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


# The follow-up page and the list's cost


def test_the_psicologa_may_not_open_the_follow_up_page(client, psicologa, follow_up):
    url = reverse("companies:follow_up_detail", args=[follow_up.pk])

    assert as_user(client, psicologa).get(url).status_code == 403


def test_the_encargado_reads_the_page_without_the_forms(client, encargado, follow_up):
    page = as_user(client, encargado).get(
        reverse("companies:follow_up_detail", args=[follow_up.pk])
    )

    assert page.status_code == 200
    assert 'data-testid="postpone-form"' not in page.content.decode()


def test_the_list_costs_the_same_queries_with_1_or_12_postponed_and_done(
    client, gestora, company, django_assert_max_num_queries
):
    as_user(client, gestora)

    def add(number: int):
        item = follow_up_create(
            company=company, title=f"Tarea {number}", assigned_to=gestora, due_date=NOW.date()
        )
        follow_up_postpone(
            follow_up=item, due_date=date(2026, 12, 9), reason="Plazo", acting_user=gestora
        )
        done = follow_up_create(
            company=company, title=f"Hecha {number}", assigned_to=gestora, due_date=NOW.date()
        )
        follow_up_complete(follow_up=done, user=gestora)

    add(0)
    with django_assert_max_num_queries(15) as with_one:
        client.get(FOLLOW_UPS)
    for number in range(1, 12):
        add(number)

    with django_assert_max_num_queries(len(with_one)):
        page = client.get(FOLLOW_UPS).content.decode()

    # The section shows its first rows; each one shown says when it was due.
    assert page.count("era para el 03-12-2026") == min(12, SECTION_ROWS)
    assert page.count('data-testid="done-follow-up"') == 12
