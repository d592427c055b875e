"""Creating and editing an event: the Gestora and the Encargado; bad input explained in
Spanish next to its field, nothing saved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import EmployerEvent, EventCompany
from vacancies.models import Vacancy

CREATE = reverse("events:create")


def form_data(**changes):
    data = {
        "kind": "fair",
        "title": "Feria laboral de verano",
        "date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "start_time": "10:00",
        "end_time": "14:00",
        "modality": "in_person",
        "place": "Gimnasio municipal",
        "organiser": "omil",
        "organiser_other": "",
        "park": "",
        "description": "Empresas del parque con vacantes abiertas.",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_gestora_creates_an_event(client, gestora):
    client.force_login(gestora)

    response = client.post(CREATE, form_data())

    event = EmployerEvent.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:detail", args=[event.pk])
    assert event.created_by == gestora
    assert event.get_kind_display() == "Feria laboral"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "09:00"}, "La hora de término debe ser posterior a la de inicio."),
        ({"organiser": "other"}, "Si organiza «Otro», escriba el nombre de quien organiza."),
        (
            {"modality": "online", "place": ""},
            "Un evento en línea necesita el enlace de la reunión.",
        ),
        ({"place": ""}, "Un evento presencial necesita su lugar."),
        ({"date": "2020-01-10"}, "La fecha es de hace más de un año; revísela."),
        ({"date": "mañana"}, "Introduzca una fecha válida."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(client, gestora, changes, message):
    client.force_login(gestora)

    response = client.post(CREATE, form_data(**changes))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not EmployerEvent.objects.exists()


@pytest.mark.django_db
def test_the_psicologa_cannot_create(client, psicologa):
    client.force_login(psicologa)

    assert client.post(CREATE, form_data()).status_code == 403
    assert not EmployerEvent.objects.exists()


@pytest.mark.django_db
def test_editing_offers_the_open_vacancies_of_invited_companies(
    client, gestora, breakfast, company, other_company
):
    EventCompany.objects.create(event=breakfast, company=company)
    offered = Vacancy.objects.create(
        company=company, title="Operario de bodega", captured_by=gestora
    )
    Vacancy.objects.create(company=other_company, title="Chofer", captured_by=gestora)
    client.force_login(gestora)
    url = reverse("events:edit", args=[breakfast.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url,
        form_data(
            kind="breakfast",
            title="Desayuno de enero",
            park=breakfast.park_id,
            vacancies=[offered.pk],
        ),
    )

    assert "Operario de bodega" in page
    assert "Chofer" not in page
    assert response.status_code == 302
    breakfast.refresh_from_db()
    assert breakfast.title == "Desayuno de enero"
    assert list(breakfast.vacancies.all()) == [offered]
    assert breakfast.sequence == 1
