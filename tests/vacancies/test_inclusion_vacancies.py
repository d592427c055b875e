"""«Vacante inclusiva» (Ley 21.015): set on the office's vacancy form, a filter of the list,
a badge on the vacancy's page; a company's proposal on the portal cannot set it."""

from django.urls import reverse

from vacancies.forms import VacancyForm
from vacancies.models import Vacancy
from vacancies.services import vacancy_create


def test_the_gestora_marks_a_vacancy_inclusive(as_gestora, company):
    response = as_gestora.post(
        reverse("vacancies:vacancy_create") + f"?empresa={company.pk}",
        {
            "title": "Auxiliar de bodega",
            "positions": "1",
            "contract_type": "indefinite",
            "inclusive": "on",
        },
    )

    assert response.status_code == 302
    vacancy = Vacancy.objects.get(title="Auxiliar de bodega")
    assert vacancy.inclusive is True
    page = as_gestora.get(reverse("vacancies:vacancy_detail", args=[vacancy.pk]))
    assert 'data-testid="inclusive-badge"' in page.content.decode()


def test_editing_can_unmark_it(as_gestora, company, gestora):
    vacancy = vacancy_create(company=company, title="Cajera", captured_by=gestora, inclusive=True)

    as_gestora.post(
        reverse("vacancies:vacancy_edit", args=[vacancy.pk]),
        {"title": "Cajera", "positions": "1", "contract_type": "fixed_term", "status": "open"},
    )

    vacancy.refresh_from_db()
    assert vacancy.inclusive is False


def test_the_list_filters_inclusive_vacancies(as_gestora, company, gestora):
    vacancy_create(company=company, title="Auxiliar inclusivo", captured_by=gestora, inclusive=True)
    vacancy_create(company=company, title="Grúa horquilla", captured_by=gestora)

    listed = as_gestora.get(reverse("vacancies:vacancy_list") + "?inclusive=1").content.decode()

    assert "Auxiliar inclusivo" in listed
    assert "Grúa horquilla" not in listed
    assert 'data-count="1"' in listed


def test_the_portal_proposal_form_has_no_inclusive_field():
    assert "inclusive" not in VacancyForm().fields
