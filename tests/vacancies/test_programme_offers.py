"""SENCE programmes: the catalogue, offers to companies (offered → interested → enrolled /
declined), their list with filters, and their place on the company timeline."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from companies.services import follow_up_create
from omil_crm.demo import data as demo_data
from tests.vacancies.conftest import count_queries, linked_names
from vacancies.models import Programme, ProgrammeOffer

LIST = reverse("vacancies:offer_list")
CREATE = reverse("vacancies:offer_create")


@pytest.fixture
def bono(db):
    return Programme.objects.create(name="Bono al Trabajo de la Mujer", kind="bonus")


@pytest.fixture
def sej(db):
    return Programme.objects.create(name="Subsidio al Empleo Joven", kind="subsidy")


@pytest.fixture
def offer(company, bono, gestora):
    return ProgrammeOffer.objects.create(
        company=company, programme=bono, offered_by=gestora, offered_on=date(2026, 3, 10)
    )


def test_the_demo_catalogue_names_the_current_sence_programmes():
    names = [name for name, *_ in demo_data.PROGRAMMES]

    for expected in [
        "Bono al Trabajo de la Mujer",
        "Subsidio al Empleo Joven",
        "Impulsa Personas",
        "Capacitación en Oficios",
    ]:
        assert any(name.startswith(expected) for name in names), expected


def test_the_catalogue_is_open_to_the_psicologa_without_offers(client, psicologa, bono, offer):
    client.force_login(psicologa)

    content = client.get(reverse("vacancies:programme_list")).content.decode()

    assert "Bono al Trabajo de la Mujer" in content
    assert "Ver ofertas" not in content
    assert "Bodegas de Prueba" not in content


def test_the_gestora_offers_a_programme_to_a_company(as_gestora, company, bono, gestora):
    response = as_gestora.post(
        CREATE,
        {
            "company": company.pk,
            "programme": bono.pk,
            "offered_on": timezone.localdate().isoformat(),
            "status": "offered",
            "workers_involved": "4",
            "notes": "Interés en contratar mujeres para bodega",
        },
    )

    offer = ProgrammeOffer.objects.get()
    assert response["Location"] == reverse("vacancies:offer_detail", args=[offer.pk])
    assert (offer.company, offer.programme, offer.offered_by, offer.workers_involved) == (
        company,
        bono,
        gestora,
        4,
    )


def test_the_offer_form_is_prefilled_from_a_company(as_gestora, company):
    content = as_gestora.get(f"{CREATE}?empresa={company.pk}").content.decode()

    assert f'<option value="{company.pk}" selected>' in content


def test_an_inactive_programme_is_not_offered(as_gestora, company, bono):
    Programme.objects.filter(pk=bono.pk).update(is_active=False)

    response = as_gestora.post(
        CREATE,
        {
            "company": company.pk,
            "programme": bono.pk,
            "offered_on": "2026-03-10",
            "status": "offered",
        },
    )

    assert "Escoja una opción válida" in response.content.decode()
    assert not ProgrammeOffer.objects.exists()


def test_an_offer_dated_in_the_future_is_refused(as_gestora, company, bono):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = as_gestora.post(
        CREATE,
        {
            "company": company.pk,
            "programme": bono.pk,
            "offered_on": tomorrow.isoformat(),
            "status": "offered",
            "workers_involved": "0",
        },
    )

    assert "La fecha de la oferta no puede ser futura." in response.content.decode()
    assert not ProgrammeOffer.objects.exists()


def test_the_status_moves_as_the_company_answers(as_gestora, offer):
    url = reverse("vacancies:offer_detail", args=[offer.pk])

    as_gestora.post(url, {"status": "interested", "workers_involved": "3", "notes": "Llamar"})
    response = as_gestora.post(
        url, {"status": "enrolled", "workers_involved": "3", "notes": "Inscritas"}, follow=True
    )

    offer.refresh_from_db()
    assert (offer.status, offer.workers_involved, offer.notes) == ("enrolled", 3, "Inscritas")
    assert "Se guardó la oferta." in response.content.decode()


def test_an_enrolment_needs_the_workers_involved(as_gestora, offer):
    response = as_gestora.post(
        reverse("vacancies:offer_detail", args=[offer.pk]),
        {"status": "enrolled", "workers_involved": "0"},
    )

    assert "Indique cuántos trabajadores se inscribieron." in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "offered"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["encargado", "psicologa", "administrativa"])
def test_only_the_gestora_changes_offers(client, request, offer, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        reverse("vacancies:offer_detail", args=[offer.pk]),
        {"status": "declined", "workers_involved": "0"},
    )

    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == "offered"


@pytest.fixture
def offers(company, bono, sej, gestora):
    other = Company.objects.create(legal_name="Conservas del Norte Ltda.")
    ProgrammeOffer.objects.create(
        company=company, programme=bono, offered_by=gestora, offered_on=date(2026, 1, 5)
    )
    ProgrammeOffer.objects.create(
        company=other,
        programme=sej,
        offered_by=gestora,
        offered_on=date(2026, 2, 5),
        status="enrolled",
        workers_involved=2,
    )
    return other


def shown(client, query=""):
    return linked_names(client.get(f"{LIST}?{query}"), "offer-table")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Subsidio al Empleo Joven", "Bono al Trabajo de la Mujer"]),
        ("status=enrolled", ["Subsidio al Empleo Joven"]),
        ("company_name=bodegas", ["Bono al Trabajo de la Mujer"]),
        ("offered_from=2026-02-01", ["Subsidio al Empleo Joven"]),
        ("offered_until=2026-01-31", ["Bono al Trabajo de la Mujer"]),
        ("status=quizás&offered_from=ayer", []),
    ],
)
def test_the_offer_list_filters(as_gestora, offers, query, expected):
    if query.startswith("status=quizás"):
        assert as_gestora.get(f"{LIST}?{query}").status_code == 200
        return
    assert shown(as_gestora, query) == expected


def test_the_offer_list_filters_by_programme(as_gestora, offers, sej):
    assert shown(as_gestora, f"programme={sej.pk}") == ["Subsidio al Empleo Joven"]


def test_the_offer_list_costs_the_same_queries_for_few_and_many(as_gestora, offers, gestora):
    few = count_queries(as_gestora, LIST)
    for index in range(20):
        programme = Programme.objects.create(name=f"Curso {index}", kind="training")
        company = Company.objects.create(legal_name=f"Empresa {index}")
        ProgrammeOffer.objects.create(company=company, programme=programme, offered_by=gestora)

    assert count_queries(as_gestora, LIST) == few


def test_the_company_timeline_links_to_the_offer(as_gestora, offer, company):
    content = as_gestora.get(reverse("companies:detail", args=[company.pk])).content.decode()

    timeline = content.split('data-testid="timeline"', 1)[1]
    link = reverse("vacancies:offer_detail", args=[offer.pk])
    assert f'<a href="{link}">Programa SENCE: Bono al Trabajo de la Mujer</a>' in timeline


def test_the_company_timeline_links_to_the_vacancy(as_gestora, vacancy, company):
    content = as_gestora.get(reverse("companies:detail", args=[company.pk])).content.decode()

    link = reverse("vacancies:vacancy_detail", args=[vacancy.pk])
    assert f'<a href="{link}">Vacante: Operario de bodega</a>' in content


def test_a_follow_up_from_a_vacancy_links_back_to_it(as_gestora, vacancy, company, gestora):
    follow_up_create(
        company=company,
        title="Enviar perfiles",
        assigned_to=gestora,
        due_date=timezone.localdate(),
        source=vacancy,
    )

    content = as_gestora.get(reverse("companies:follow_ups")).content.decode()

    assert reverse("vacancies:vacancy_detail", args=[vacancy.pk]) in content
