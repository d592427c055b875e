"""Who may change what, decided once per kind of object so no view re-implements it."""

from django.core.exceptions import PermissionDenied

from companies.models import Visit

CHANGE_ANY_PLANNED_VISIT = "companies.change_any_planned_visit"


def may_change_plan(user, visit: Visit) -> bool:
    """Reschedule or cancel a planned visit: the staff member who goes, the company's owner
    (both with the right to change visits) or whoever may change any plan (the Encargado)."""
    if user.has_perm(CHANGE_ANY_PLANNED_VISIT):
        return True
    if not user.has_perm("companies.change_visit"):
        return False
    return user.pk in (visit.staff_id, visit.company.owner_id)


def check_may_change_plan(user, visit: Visit) -> None:
    if not may_change_plan(user, visit):
        raise PermissionDenied
