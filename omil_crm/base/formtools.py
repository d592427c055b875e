"""Small helpers shared by the apps' views."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

from omil_crm.base.filtering import parse_id


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields it names, or on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def paginate(request, queryset, per_page: int = 50):
    """The requested page; a page number that is missing or out of range gives a valid page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def int_param(request, name: str) -> int | None:
    """An id from the query string or the form, or None when absent, malformed or past what
    a bigint column holds (see omil_crm.base.filtering.parse_id)."""
    return parse_id(request.GET.get(name) or request.POST.get(name) or "")
