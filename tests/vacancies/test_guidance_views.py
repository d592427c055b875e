"""The «Orientación laboral» pages: list with its filters and persons, creation from a person's
page or for a group, detail and edit, and the sessions on the person's page."""

from datetime import date

import pytest
from django.urls import reverse

from tests.vacancies.conftest import count_queries, linked_names, make_person, rows_of
from vacancies.guidance_models import GuidanceSession
from vacancies.guidance_services import guidance_create

LIST = reverse("vacancies:guidance_list")
CREATE = reverse("vacancies:guidance_create")


@pytest.fixture
def ana(psicologa):
    return make_person(15111222, "Ana", "Rojas", consent_by=psicologa)


@pytest.fixture
def pedro(psicologa):
    return make_person(16222333, "Pedro", "Soto", consent_by=psicologa)


def record(staff, people, held_on=date(2026, 3, 10), mode="group", **extra):
    return guidance_create(
        held_on=held_on,
        staff=staff,
        mode=mode,
        participants=people,
        topics=extra.pop("topics", ["cv"]),
        **extra,
    )


def form_data(staff, people, **changes):
    return {
        "held_on": "2026-03-12",
        "staff": staff.pk,
        "mode": "individual",
        "participants": [person.pk for person in people],
        "topics": ["rights", "other"],
        "topic_other": "Licencias médicas",
        "next_steps": "Consultar en la Inspección del Trabajo.",
        **changes,
    }


def picker(response) -> str:
    """The checkbox list of people of the form."""
    content = response.content.decode()
    return content.split('data-testid="participant-list"', 1)[1].split("</fieldset>")[0]


def people_count(response) -> int:
    block = rows_of(response, "guided-people")
    assert "persona" in block
    return int(response.content.decode().split('data-people="', 1)[1].split('"', 1)[0])


def test_the_list_counts_sessions_and_distinct_persons(as_psicologa, psicologa, ana, pedro):
    record(psicologa, [ana, pedro])
    record(psicologa, [ana], mode="individual", held_on=date(2026, 3, 20))

    response = as_psicologa.get(LIST)

    assert linked_names(response, "guidance-table") == ["20-03-2026", "10-03-2026"]
    assert people_count(response) == 2
    assert "2 sesiones</span> · 2 personas distintas" in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("held_from=2026-03-15", ["20-03-2026"]),
        ("held_until=2026-03-15", ["10-03-2026"]),
        ("mode=individual", ["20-03-2026"]),
        ("q=Soto", ["10-03-2026"]),
        ("held_from=mañana", ["20-03-2026", "10-03-2026"]),
    ],
)
def test_the_list_filters(as_psicologa, psicologa, ana, pedro, query, expected):
    record(psicologa, [ana, pedro])
    record(psicologa, [ana], mode="individual", held_on=date(2026, 3, 20))

    assert linked_names(as_psicologa.get(f"{LIST}?{query}"), "guidance-table") == expected


def test_the_list_filters_by_staff_and_person(as_psicologa, psicologa, encargado, ana, pedro):
    record(encargado, [pedro], mode="individual")
    record(psicologa, [ana], mode="individual", held_on=date(2026, 3, 20))

    by_staff = as_psicologa.get(f"{LIST}?staff={encargado.pk}")
    by_person = as_psicologa.get(f"{LIST}?person={ana.pk}")

    assert linked_names(by_staff, "guidance-table") == ["10-03-2026"]
    assert linked_names(by_person, "guidance-table") == ["20-03-2026"]


def test_the_list_costs_the_same_queries_for_few_and_many(as_psicologa, psicologa, ana, pedro):
    record(psicologa, [ana])
    few = count_queries(as_psicologa, LIST)
    for day in range(1, 15):
        record(psicologa, [ana, pedro], held_on=date(2026, 2, day))

    assert count_queries(as_psicologa, LIST) == few


def test_from_the_persons_page_an_individual_session_is_recorded(as_psicologa, psicologa, ana):
    page = as_psicologa.get(reverse("vacancies:job_seeker_detail", args=[ana.pk]))
    assert f"{CREATE}?persona={ana.pk}" in page.content.decode()

    form = as_psicologa.get(f"{CREATE}?persona={ana.pk}").content.decode()
    assert f'value="{ana.pk}"' in form and "checked" in form

    response = as_psicologa.post(f"{CREATE}?persona={ana.pk}", form_data(psicologa, [ana]))

    session = GuidanceSession.objects.get()
    assert response.status_code == 302
    assert list(session.participants.all()) == [ana]
    assert session.topic_labels == ["Derechos laborales", "Otro: Licencias médicas"]
    person_page = as_psicologa.get(reverse("vacancies:job_seeker_detail", args=[ana.pk]))
    assert "Derechos laborales, Otro: Licencias médicas" in rows_of(person_page, "person-guidance")


def test_a_group_session_picks_people_from_the_checkbox_list(as_psicologa, psicologa, ana, pedro):
    without = make_person(17333444, "Marta", "Díaz")
    page = as_psicologa.get(CREATE)
    listed = picker(page)
    assert "Ana Rojas" in listed and "Pedro Soto" in listed
    assert "Marta Díaz" not in listed

    response = as_psicologa.post(CREATE, form_data(psicologa, [ana, pedro], mode="group"))

    assert response.status_code == 302
    assert set(GuidanceSession.objects.get().participants.all()) == {ana, pedro}
    assert without.guidance_sessions.count() == 0


def test_an_individual_session_for_two_is_explained_and_saves_nothing(
    as_psicologa, psicologa, ana, pedro
):
    response = as_psicologa.post(CREATE, form_data(psicologa, [ana, pedro]))

    assert response.status_code == 200
    assert "Una sesión individual es con una sola persona" in response.content.decode()
    assert not GuidanceSession.objects.exists()


def test_a_person_without_consent_cannot_be_posted(as_psicologa, psicologa):
    without = make_person(17333444, "Marta", "Díaz")

    response = as_psicologa.post(CREATE, form_data(psicologa, [without]))

    assert response.status_code == 200
    assert "Una de las personas elegidas no puede participar." in response.content.decode()
    assert not GuidanceSession.objects.exists()


def test_the_search_narrows_the_people_listed(as_psicologa, ana, pedro):
    listed = picker(as_psicologa.get(f"{CREATE}?q=Soto"))

    assert "Pedro Soto" in listed
    assert "Ana Rojas" not in listed


def test_the_detail_and_the_edit(as_psicologa, psicologa, ana, pedro):
    session = record(psicologa, [ana], mode="individual", next_steps="Postular en la Bolsa.")
    detail = as_psicologa.get(reverse("vacancies:guidance_detail", args=[session.pk]))
    assert "Postular en la Bolsa." in detail.content.decode()
    assert "Ana Rojas" in rows_of(detail, "participants")

    edit = reverse("vacancies:guidance_edit", args=[session.pk])
    response = as_psicologa.post(edit, form_data(psicologa, [ana, pedro], mode="group"))

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.mode == "group"
    assert set(session.participants.all()) == {ana, pedro}


def test_the_encargado_reads_but_does_not_record(as_encargado, psicologa, ana):
    session = record(psicologa, [ana], mode="individual")

    detail = as_encargado.get(reverse("vacancies:guidance_detail", args=[session.pk]))

    assert detail.status_code == 200
    assert "Editar" not in detail.content.decode().split("<main", 1)[-1]
    assert as_encargado.get(CREATE).status_code == 403
    assert as_encargado.post(CREATE, {}).status_code == 403


def test_an_unknown_session_is_not_found(as_psicologa):
    assert as_psicologa.get(reverse("vacancies:guidance_detail", args=[999])).status_code == 404


def test_the_persons_data_export_lists_their_sessions(as_encargado, psicologa, ana):
    record(psicologa, [ana], mode="individual", next_steps="Postular en la Bolsa.")

    data = as_encargado.get(reverse("vacancies:data_export", args=[ana.pk])).json()

    assert data["orientacion_laboral"][0]["proximos_pasos"] == "Postular en la Bolsa."
    assert data["orientacion_laboral"][0]["temas"] == ["CV y postulación"]
