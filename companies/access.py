"""Who may change which company, park or planned visit: decided here once, for every view
and template.

A Gestora Territorial edits the companies of her portfolio and those of the park she is in
charge of, and that park itself; the Encargado OMIL edits them all. A planned visit is moved
or cancelled by whoever goes, the company's owner or the Encargado. The role table
(omil_crm/accounts/roles.py) grants the permissions; this module adds the object's side.
"""

from django.core.exceptions import PermissionDenied

from companies.models import Company, IndustrialPark, Visit

ADD_COMPANY = "companies.add_company"
CHANGE_COMPANY = "companies.change_company"
CHANGE_ANY_COMPANY = "companies.change_any_company"
CHANGE_COMPANY_RUT = "companies.change_company_rut"
CHANGE_PARK = "companies.change_industrialpark"
CHANGE_OWN_PARK = "companies.change_own_park"


def can_create_company(user) -> bool:
    return user.has_perm(ADD_COMPANY)


def can_edit_company(user, company: Company) -> bool:
    if not user.has_perm(CHANGE_COMPANY):
        return False
    if user.has_perm(CHANGE_ANY_COMPANY):
        return True
    return company.owner_id == user.pk or (
        company.park is not None and company.park.gestora_id == user.pk
    )


def can_change_rut(user, stored_rut: str | None) -> bool:
    """A RUT is typed once; correcting a stored one is the Encargado's call, since requests,
    vacancies and imports find the company by it. A company registered without one (as the
    Alcaldía may flag it) gets it from whoever edits it."""
    return not stored_rut or user.has_perm(CHANGE_COMPANY_RUT)


def can_change_owner(user) -> bool:
    """Whose portfolio a company is in is the Encargado's decision, as in a handover: a Gestora
    names an owner when she registers a company, never moves one afterwards."""
    return user.has_perm(CHANGE_ANY_COMPANY)


def can_edit_park(user, park: IndustrialPark) -> bool:
    if user.has_perm(CHANGE_PARK):
        return True
    return user.has_perm(CHANGE_OWN_PARK) and park.gestora_id == user.pk


def can_change_park_gestora(user) -> bool:
    """Who is in charge of a park is the Encargado's decision, as in a portfolio handover."""
    return user.has_perm(CHANGE_PARK)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


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


def may_walk_routes(user) -> bool:
    """The day's route and visit briefs: field staff (who plan visits) and the Encargado."""
    return user.has_perm("companies.add_visit") or user.has_perm(CHANGE_ANY_PLANNED_VISIT)


def may_choose_route_staff(user) -> bool:
    """Whose day the route shows: one's own, or anyone's for whoever may change any plan."""
    return user.has_perm(CHANGE_ANY_PLANNED_VISIT)


def may_see_brief(user, visit: Visit) -> bool:
    """A visit's brief: whoever goes, the company's owner, or the Encargado."""
    if user.has_perm(CHANGE_ANY_PLANNED_VISIT):
        return True
    return user.has_perm("companies.add_visit") and user.pk in (
        visit.staff_id,
        visit.company.owner_id,
    )
