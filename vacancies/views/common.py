"""Small helpers shared by the employment views."""

from django.http import Http404, HttpRequest

from omil_crm.base.formtools import paginate_filtered
from vacancies.models import JobSeeker


def posted(request: HttpRequest):
    """The submitted data, or None for a GET: an empty POST still gets validated (and its
    errors shown), which `request.POST or None` would silently skip."""
    return request.POST if request.method == "POST" else None


def active_person(pk: int, queryset=None) -> JobSeeker:
    """The person, unless unknown or erased: an erased person has no page anywhere."""
    queryset = JobSeeker.objects.all() if queryset is None else queryset
    person = queryset.active().filter(pk=pk).first()
    if person is None:
        raise Http404("Persona inexistente o con sus datos eliminados")
    return person


def list_context(request: HttpRequest, list_filter, per_page: int = 50) -> dict:
    """What every filtered list page renders: the filter, the page and the query to keep."""
    page = paginate_filtered(request, list_filter, per_page=per_page)
    query = request.GET.copy()
    query.pop("page", None)
    return {"filter": list_filter, "page": page, "query": query.urlencode()}


def people_text(count: int) -> str:
    return f"{count} persona{'' if count == 1 else 's'} distinta{'' if count == 1 else 's'}"


def add_distinct_people(context: dict, list_filter, person_path: str, period: tuple) -> dict:
    """On a list limited to a period, how many distinct persons its rows are: the monthly
    report counts persons, the list shows rows. Skipped without a period, where it would
    count the whole table for a figure nobody asked for."""
    data = list_filter.form.cleaned_data if list_filter.is_bound and list_filter.is_valid() else {}
    if not any(data.get(name) for name in period):
        return context
    count = list_filter.qs.order_by().values(person_path).distinct().count()
    context["people"] = count
    context["people_text"] = people_text(count)
    return context
