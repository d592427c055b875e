"""«Ley 21.015» on the company page, through the companies app's section hook (registered in
VacanciesConfig.ready(): companies may not import vacancies)."""

from django.http import HttpRequest
from django.urls import reverse

from vacancies.inclusion_selectors import pcd_placed_in_company
from vacancies.inclusion_services import QUOTA_THRESHOLD, legal_quota


def company_section(request: HttpRequest, company) -> dict | None:
    """The quota the law sets for a company of 100 workers or more; to those who may see
    inclusion data, also the persons with a disability the office placed there."""
    workers = company.workforce_size
    if workers is None or workers < QUOTA_THRESHOLD:
        return None
    context = {"workers": workers, "quota": legal_quota(workers)}
    if request.user.has_perm("vacancies.view_inclusionprofile") and request.user.has_perm(
        "vacancies.view_placement"
    ):
        context["placed"] = pcd_placed_in_company(company)
        context["placed_url"] = f"{reverse('vacancies:placement_list')}?company={company.pk}&pcd=1"
    return context
