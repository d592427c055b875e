"""`/equipo/buscar/`: the suggestions of the «name of a colleague» boxes, as JSON."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from omil_crm.accounts.staff_lookup import (
    NOBODY_MESSAGE,
    OFFICE_ROLES,
    active_office_staff,
    search_staff,
    staff_label,
    staff_members,
)
from omil_crm.base.filtering import parse_search

TYPE_MORE_MESSAGE = "Escriba parte del nombre."
MORE_MESSAGE = "Hay más coincidencias: escriba más letras del nombre."


def may_search_staff(user) -> bool:
    """Office staff only: the names of the team are no business of anyone else."""
    return user.is_superuser or user.groups.filter(name__in=OFFICE_ROLES).exists()


@require_GET
@login_required
def staff_search(request: HttpRequest) -> JsonResponse:
    if not may_search_staff(request.user):
        raise PermissionDenied("Solo el equipo de la oficina puede buscar colegas.")
    text = parse_search(request.GET.get("q", ""))
    queryset = active_office_staff() if request.GET.get("activos") == "1" else staff_members()
    matches = search_staff(queryset, text)
    if not text:
        message = TYPE_MORE_MESSAGE
    elif not matches.people:
        message = NOBODY_MESSAGE
    else:
        message = MORE_MESSAGE if matches.more else ""
    return JsonResponse(
        {
            "results": [
                {"id": person.pk, "text": staff_label(person)} for person in matches.people
            ],
            "more": matches.more,
            "message": message,
        }
    )
