"""'Mis seguimientos': open follow-ups by urgency, marking them done and reassigning them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.follow_up_sections import SECTION_PAGE_ROWS, SECTION_ROWS
from companies.models import FollowUp
from companies.selectors import RECENTLY_DONE_LIMIT
from companies.services import follow_up_complete, follow_up_create, log_visit

FOLLOW_UPS = reverse("companies:follow_ups")


def bucket(page: str, key: str) -> str:
    return page.split(f'data-testid="bucket-{key}"', 1)[1].split("</section>", 1)[0]


def due_in(days: int):
    return timezone.localdate() + timedelta(days=days)


@pytest.fixture
def make_follow_up(company):
    def make(title, assigned_to, days=3):
        return follow_up_create(
            company=company, title=title, assigned_to=assigned_to, due_date=due_in(days)
        )

    return make


@pytest.fixture
def logged_in(client, gestora):
    client.force_login(gestora)
    return client


# The list


@pytest.mark.parametrize(
    ("days", "key", "heading"),
    [(-1, "overdue", "Vencidos"), (0, "today", "Para hoy"), (10, "later", "Más adelante")],
)
def test_a_follow_up_is_listed_in_its_section(
    logged_in, make_follow_up, gestora, days, key, heading
):
    make_follow_up("Llamar a la jefa de RR.HH.", gestora, days=days)

    page = logged_in.get(FOLLOW_UPS).content.decode()

    assert heading in bucket(page, key)
    assert "Llamar a la jefa de RR.HH." in bucket(page, key)
    others = {"overdue", "today", "week", "later"} - {key}
    assert not any("Llamar a la jefa de RR.HH." in bucket(page, other) for other in others)


def test_tomorrow_is_this_week_unless_today_is_sunday(logged_in, make_follow_up, gestora):
    make_follow_up("Enviar perfiles", gestora, days=1)
    expected = "week" if timezone.localdate().weekday() < 6 else "later"

    page = logged_in.get(FOLLOW_UPS).content.decode()

    assert "Esta semana" in bucket(page, "week")
    assert "Enviar perfiles" in bucket(page, expected)


def test_other_peoples_follow_ups_are_not_listed(logged_in, make_follow_up, gestora, encargado):
    make_follow_up("Tarea de la gestora", gestora)
    make_follow_up("Tarea del encargado", encargado)

    page = logged_in.get(FOLLOW_UPS).content.decode()

    assert "Tarea de la gestora" in page
    assert "Tarea del encargado" not in page


def test_the_team_view_lists_everyones_follow_ups(logged_in, make_follow_up, gestora, encargado):
    make_follow_up("Tarea de la gestora", gestora)
    make_follow_up("Tarea del encargado", encargado)

    page = logged_in.get(FOLLOW_UPS, {"todos": "1"}).content.decode()

    assert "Tarea de la gestora" in page
    assert "Tarea del encargado" in page


def test_done_follow_ups_are_not_listed_as_pending(logged_in, make_follow_up, gestora):
    make_follow_up("Visitar la planta", gestora)
    follow_up_complete(follow_up=make_follow_up("Llamar al gerente", gestora), user=gestora)

    page = logged_in.get(FOLLOW_UPS).content.decode()
    pending = page.split('data-testid="recently-done"', 1)[0]

    assert "Visitar la planta" in pending
    assert "Llamar al gerente" not in pending


def test_a_follow_up_from_a_visit_links_back_to_the_visit(logged_in, company, gestora):
    visit = log_visit(
        company=company,
        staff=gestora,
        summary="Pidió perfiles",
        next_step="Enviar perfiles de operarios",
        follow_up_due=due_in(2),
    )

    page = logged_in.get(FOLLOW_UPS).content.decode()

    assert f'href="{reverse("companies:visit_detail", args=[visit.pk])}"' in page


def test_the_psicologa_may_not_see_follow_ups(client, psicologa):
    client.force_login(psicologa)

    assert client.get(FOLLOW_UPS).status_code == 403


def test_the_administrativa_may_see_and_complete_follow_ups(
    client, administrativa, make_follow_up, gestora
):
    follow_up = make_follow_up("Enviar carta", administrativa)
    client.force_login(administrativa)

    assert "Enviar carta" in client.get(FOLLOW_UPS).content.decode()
    client.post(reverse("companies:follow_up_done", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    assert follow_up.done_by == administrativa


# Done


def test_marking_done_records_who_and_when(logged_in, make_follow_up, gestora):
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(reverse("companies:follow_up_done", args=[follow_up.pk]))

    assert response.status_code == 302
    assert response["Location"] == FOLLOW_UPS
    follow_up.refresh_from_db()
    assert follow_up.done_by == gestora
    assert follow_up.done_at is not None


def test_marking_done_by_get_is_refused(logged_in, make_follow_up, gestora):
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.get(reverse("companies:follow_up_done", args=[follow_up.pk]))

    assert response.status_code == 405
    follow_up.refresh_from_db()
    assert follow_up.is_open


def test_the_psicologa_may_not_mark_a_follow_up_done(client, psicologa, make_follow_up, gestora):
    follow_up = make_follow_up("Enviar perfiles", gestora)
    client.force_login(psicologa)

    response = client.post(reverse("companies:follow_up_done", args=[follow_up.pk]))

    assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.is_open


# Where it goes back to


def test_it_goes_back_to_a_page_of_this_site(logged_in, make_follow_up, gestora):
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_done", args=[follow_up.pk]), {"next": "/seguimientos/?todos=1"}
    )

    assert response["Location"] == "/seguimientos/?todos=1"


def test_it_never_goes_back_to_another_site(logged_in, make_follow_up, gestora):
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_done", args=[follow_up.pk]),
        {"next": "https://evil.example/robar"},
    )

    assert response["Location"] == FOLLOW_UPS


# Reassign


def test_a_follow_up_is_reassigned_to_another_person(
    logged_in, make_follow_up, gestora, administrativa
):
    administrativa.first_name, administrativa.last_name = "Marta", "Lagos"
    administrativa.save()
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]),
        {"assigned_to": administrativa.pk},
        follow=True,
    )

    follow_up.refresh_from_db()
    assert follow_up.assigned_to == administrativa
    assert "Seguimiento reasignado a Marta Lagos." in response.content.decode()


def test_reassigning_to_an_unknown_person_changes_nothing(logged_in, make_follow_up, gestora):
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]),
        {"assigned_to": "999999"},
        follow=True,
    )

    follow_up.refresh_from_db()
    assert follow_up.assigned_to == gestora
    assert "Elija a quién reasignar el seguimiento." in response.content.decode()


def test_reassigning_to_someone_outside_the_office_changes_nothing(
    logged_in, make_follow_up, gestora, alcaldia
):
    follow_up = make_follow_up("Enviar perfiles", gestora)

    logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]), {"assigned_to": alcaldia.pk}
    )

    follow_up.refresh_from_db()
    assert follow_up.assigned_to == gestora


def test_a_done_follow_up_is_not_reassigned(logged_in, make_follow_up, gestora, administrativa):
    follow_up = follow_up_complete(follow_up=make_follow_up("Hecho", gestora), user=gestora)

    response = logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]),
        {"assigned_to": administrativa.pk},
        follow=True,
    )

    assert FollowUp.objects.get(pk=follow_up.pk).assigned_to == gestora
    assert "El seguimiento ya está realizado." in response.content.decode()


# Cost


def test_the_list_costs_the_same_queries_with_2_or_20_follow_ups(
    logged_in, make_follow_up, gestora
):
    def queries_for_the_list():
        with CaptureQueriesContext(connection) as captured:
            response = logged_in.get(FOLLOW_UPS)
        assert response.status_code == 200
        return len(captured)

    for number in range(2):
        make_follow_up(f"Tarea {number}", gestora, days=number - 1)
    with_two = queries_for_the_list()
    for number in range(18):
        make_follow_up(f"Otra tarea {number}", gestora, days=number - 5)
    with_twenty = queries_for_the_list()

    assert with_twenty == with_two


# Reassigning by name (the row's box has suggestions, not a select of everyone)


def test_each_row_offers_a_name_box_instead_of_a_select_of_everyone(
    logged_in, make_follow_up, gestora, administrativa
):
    make_follow_up("Enviar perfiles", gestora, days=10)

    page = logged_in.get(FOLLOW_UPS).content.decode()

    row = bucket(page, "later")
    assert 'name="assigned_to"' in row
    assert "<option" not in row
    assert reverse("accounts:staff_search") in row


def test_a_follow_up_is_reassigned_to_a_name_typed_without_suggestions(
    logged_in, make_follow_up, gestora, administrativa
):
    administrativa.first_name, administrativa.last_name = "Marta", "Lagos"
    administrativa.save()
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]),
        {"assigned_to": "marta lagos"},
        follow=True,
    )

    follow_up.refresh_from_db()
    assert follow_up.assigned_to == administrativa
    assert "Seguimiento reasignado a Marta Lagos." in response.content.decode()


def test_a_name_shared_by_two_people_reassigns_nothing_and_says_why(
    logged_in, make_follow_up, gestora, administrativa, encargado
):
    for person in (administrativa, encargado):
        person.first_name, person.last_name = "Marta", "Lagos"
        person.save()
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]),
        {"assigned_to": "Marta Lagos"},
        follow=True,
    )

    follow_up.refresh_from_db()
    assert follow_up.assigned_to == gestora
    assert "Hay 2 personas con ese nombre" in response.content.decode()


def test_a_name_of_nobody_in_the_office_reassigns_nothing(
    logged_in, make_follow_up, gestora, alcaldia
):
    alcaldia.first_name, alcaldia.last_name = "Rosa", "Alcalde"
    alcaldia.save()
    follow_up = make_follow_up("Enviar perfiles", gestora)

    response = logged_in.post(
        reverse("companies:follow_up_reassign", args=[follow_up.pk]),
        {"assigned_to": "Rosa Alcalde"},
        follow=True,
    )

    follow_up.refresh_from_db()
    assert follow_up.assigned_to == gestora
    assert "No hay nadie del equipo con ese nombre." in response.content.decode()


# A team with many follow-ups: each section shows its first rows; the rest page by page


@pytest.fixture
def many_overdue(make_follow_up, gestora):
    """More overdue follow-ups than a section shows, oldest first by title number."""
    count = SECTION_ROWS + 5
    for number in range(count):
        make_follow_up(f"Llamar a proveedor {number:02d}", gestora, days=number - count - 1)
    return count


def titles(html: str) -> list[str]:
    return [part.split("<", 1)[0] for part in html.split("Llamar a proveedor ")[1:]]


def test_a_long_section_shows_its_first_rows_its_total_and_a_link_to_the_rest(
    logged_in, many_overdue
):
    page = logged_in.get(FOLLOW_UPS).content.decode()

    overdue = bucket(page, "overdue")
    assert titles(overdue) == [f"{number:02d}" for number in range(SECTION_ROWS)]
    assert f'data-testid="section-total">{many_overdue}<' in overdue
    assert 'href="?seccion=vencidos"' in overdue
    assert 'data-testid="section-all"' not in bucket(page, "later")


def test_a_sections_own_pages_list_every_row_once(logged_in, make_follow_up, gestora):
    count = SECTION_PAGE_ROWS + 3
    for number in range(count):
        make_follow_up(f"Llamar a proveedor {number:02d}", gestora, days=number - count - 1)

    seen = []
    for number in (1, 2):
        response = logged_in.get(FOLLOW_UPS, {"seccion": "vencidos", "page": number})
        assert response.status_code == 200
        seen += titles(bucket(response.content.decode(), "overdue"))

    assert seen == [f"{number:02d}" for number in range(count)]
    assert f'data-count="{count}"' in response.content.decode()


def test_the_team_keeps_its_view_on_a_sections_pages(
    logged_in, make_follow_up, gestora, encargado, many_overdue
):
    make_follow_up("Tarea del encargado", encargado, days=-1)

    page = logged_in.get(FOLLOW_UPS, {"todos": "1"}).content.decode()
    assert 'href="?todos=1&amp;seccion=vencidos"' in bucket(page, "overdue")
    section = logged_in.get(FOLLOW_UPS, {"todos": "1", "seccion": "vencidos"})
    assert "Tarea del encargado" in section.content.decode()
    mine = logged_in.get(FOLLOW_UPS, {"seccion": "vencidos"})
    assert "Tarea del encargado" not in mine.content.decode()


def test_an_unknown_section_shows_every_section(logged_in, make_follow_up, gestora):
    make_follow_up("Enviar perfiles", gestora, days=10)

    page = logged_in.get(FOLLOW_UPS, {"seccion": "<script>"}).content.decode()

    assert "Enviar perfiles" in bucket(page, "later")
    assert "&lt;script&gt;" not in page and "<script>" not in bucket(page, "overdue")


def test_the_page_reads_the_same_queries_however_long_a_section_grows(
    logged_in, make_follow_up, gestora, many_overdue
):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert logged_in.get(FOLLOW_UPS).status_code == 200
        return captured

    before = queries()
    for number in range(40):
        make_follow_up(f"Otra tarea vencida {number}", gestora, days=-3)
    after = queries()

    assert len(after) == len(before)
    # Every read of the follow-ups stops at a limit (plans only estimate, reading nothing).
    listed = [
        query["sql"]
        for query in after
        if "companies_followup" in query["sql"] and not query["sql"].startswith("EXPLAIN")
    ]
    assert listed and all("LIMIT" in sql for sql in listed)


def test_past_its_limit_the_recently_done_list_says_it_shows_the_latest(
    logged_in, make_follow_up, gestora
):
    for number in range(RECENTLY_DONE_LIMIT + 1):
        follow_up_complete(follow_up=make_follow_up(f"Hecha {number}", gestora), user=gestora)

    page = logged_in.get(FOLLOW_UPS).content.decode()

    done = page.split('data-testid="recently-done"', 1)[1]
    assert f"los {RECENTLY_DONE_LIMIT} más recientes" in done
    assert done.count('data-testid="done-follow-up"') == RECENTLY_DONE_LIMIT
    assert reverse("companies:follow_ups_done") in done


def test_under_its_limit_the_recently_done_list_says_how_many(logged_in, make_follow_up, gestora):
    for number in range(3):
        follow_up_complete(follow_up=make_follow_up(f"Hecha {number}", gestora), user=gestora)

    done = logged_in.get(FOLLOW_UPS).content.decode().split('data-testid="recently-done"', 1)[1]

    assert 'data-testid="done-total">3<' in done
    assert 'data-testid="done-all"' not in done


def test_a_follow_up_done_lately_says_when_and_by_whom_and_reopens_from_the_list(
    logged_in, make_follow_up, company, gestora
):
    company.trade_name = "Áridos <Concón> & Cía"
    company.save()
    follow_up = make_follow_up("Llamar por la práctica", gestora)
    follow_up_complete(follow_up=follow_up, user=gestora)
    follow_up.refresh_from_db()

    done = logged_in.get(FOLLOW_UPS).content.decode().split('data-testid="recently-done"', 1)[1]

    row = done.split('data-testid="done-follow-up">', 1)[1].split("</li>", 1)[0]
    detail = reverse("companies:follow_up_detail", args=[follow_up.pk])
    assert f'href="{detail}">Llamar por la práctica</a>' in row
    company_page = reverse("companies:detail", args=[company.pk])
    assert f'<a href="{company_page}">Áridos &lt;Concón&gt; &amp; Cía</a>' in row
    moment = timezone.localtime(follow_up.done_at).strftime("%d-%m-%Y %H:%M")
    assert f"· hecho el {moment} por {gestora.get_full_name()}</div>" in row
    reopen = reverse("companies:follow_up_reopen", args=[follow_up.pk])
    assert f'<form method="post" action="{reopen}">' in row
    assert '<input type="hidden" name="next" value="/seguimientos/">' in row

    logged_in.post(reopen, {"next": "/seguimientos/"})

    follow_up.refresh_from_db()
    assert follow_up.done_at is None


def test_each_row_says_where_it_came_from_with_a_link_when_there_is_one(
    logged_in, company, contact, gestora
):
    visit = log_visit(company=company, staff=gestora, summary="Reunión con gerencia")
    follow_up_create(
        company=company,
        title="Enviar acta de la reunión",
        assigned_to=gestora,
        due_date=due_in(2),
        source=visit,
    )
    follow_up_create(
        company=company,
        title="Confirmar el correo de Ana Pérez",
        assigned_to=gestora,
        due_date=due_in(2),
        source=contact,
    )

    page = logged_in.get(FOLLOW_UPS).content.decode()

    visit_url = reverse("companies:visit_detail", args=[visit.pk])
    assert f'· origen: <a href="{visit_url}">visita o contacto</a>' in page
    # A source with no page of its own is still named as the origin, without a link.
    assert "· origen: contacto</div>" in page
