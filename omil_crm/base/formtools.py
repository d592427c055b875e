"""Small helpers shared by the apps' views."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, UniqueConstraint
from django_filters import CharFilter

from omil_crm.base.filtering import parse_id
from omil_crm.base.pagination import SEARCH_COUNT_LIMIT, BoundedPaginator


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError next to the form fields it names, or on top."""
    error = constraint_errors_by_field(form, error)
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def paginate(request, queryset, per_page: int = 50, limit: int | None = None, rows=None):
    """The requested page; a page number that is missing or out of range gives a valid page.
    Past `limit` rows (ten thousand unless given) the list is not counted exactly. With
    `rows`, the page holds `rows(queryset)`'s rows, and `queryset` is counted."""
    shown = rows(queryset) if rows else queryset
    paginator = BoundedPaginator(shown, per_page, limit=limit, counted=queryset)
    return paginator.get_page(request.GET.get("page"))


def paginate_filtered(request, list_filter, per_page: int = 50, rows=None):
    """The requested page of a filtered list, each row as `rows(filtered queryset)` reads it
    when given. A list narrowed by a text typed in (a name, a word) is counted only to a
    thousand: such a search matches in proportion to the registry, so its exact count grew
    with the office while saying nothing a person acts on, beyond «más de 1.000: escriba
    algo más»."""
    return paginate(request, list_filter.qs, per_page, limit=search_limit(list_filter), rows=rows)


def search_limit(list_filter) -> int | None:
    """SEARCH_COUNT_LIMIT when a text box of the filter is filled in, else the usual limit."""
    data = list_filter.form.cleaned_data if list_filter.is_bound and list_filter.is_valid() else {}
    typed = any(
        isinstance(field, CharFilter) and str(data.get(name) or "").strip()
        for name, field in list_filter.filters.items()
    )
    return SEARCH_COUNT_LIMIT if typed else None


def int_param(request, name: str) -> int | None:
    """An id from the query string or the form, or None when absent, malformed or past what
    a bigint column holds (see omil_crm.base.filtering.parse_id)."""
    return parse_id(request.GET.get(name) or request.POST.get(name) or "")


def constraint_errors_by_field(form, error: ValidationError) -> ValidationError:
    """The error with each broken model constraint moved next to the one field of the form
    that constraint is about (a constraint is reported "on top" by Django, so «Cupos 0» would
    otherwise show far from the cupos box). Constraints about several fields stay on top."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    if model is None or not hasattr(error, "error_dict"):
        return error
    by_field: dict[str, list[ValidationError]] = {}
    for key, errors in error.error_dict.items():
        for item in errors:
            field = key
            if key == NON_FIELD_ERRORS:
                field = _constraint_field(model, item.messages[0], form.fields) or key
            by_field.setdefault(field, []).append(item)
    return ValidationError(by_field)


def _constraint_field(model, message: str, form_fields) -> str | None:
    for constraint in model._meta.constraints:
        if constraint.get_violation_error_message() != message:
            continue
        if isinstance(constraint, CheckConstraint):
            named = constraint.condition.referenced_base_fields
        elif isinstance(constraint, UniqueConstraint):
            named = set(constraint.fields)
            if constraint.condition is not None:
                named |= constraint.condition.referenced_base_fields
        else:
            continue
        shown = [name for name in named if name in form_fields]
        return shown[0] if len(shown) == 1 else None
    return None


class ConstraintErrorsNextToFields:
    """For a ModelForm that validates its model itself: a broken constraint's message shows
    next to the one field it is about, as a field's own error would."""

    def _update_errors(self, errors):
        super()._update_errors(constraint_errors_by_field(self, errors))
