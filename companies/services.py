"""Writes on companies and the work staff do with them. Views, admin, tasks and commands call
these functions; none of them repeats these rules."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from companies.models import Company, CompanyFlag, Contact, FollowUp, Visit
from omil_crm.notifications import notify
from omil_crm.workdays import add_working_days


def follow_up_create(
    *,
    company: Company,
    title: str,
    assigned_to,
    due_date: date,
    created_by=None,
    source=None,
    notes: str = "",
) -> FollowUp:
    """A follow-up for `assigned_to`; `source` is the object it came from, if any."""
    follow_up = FollowUp(
        company=company,
        title=title,
        notes=notes,
        assigned_to=assigned_to,
        due_date=due_date,
        created_by=created_by,
    )
    if source is not None:
        follow_up.source_type = ContentType.objects.get_for_model(source)
        follow_up.source_id = source.pk
    follow_up.full_clean()
    follow_up.save()
    return follow_up


def _touch_last_contact(company: Company, moment: datetime) -> None:
    # A conditional update, so logging an older visit never moves the date backwards and
    # two visits logged at once cannot overwrite each other's date.
    Company.objects.filter(pk=company.pk).exclude(last_contact_at__gte=moment).update(
        last_contact_at=moment
    )


@transaction.atomic
def log_visit(
    *,
    company: Company,
    staff,
    kind: str = Visit.Kind.FIELD,
    happened_at: datetime | None = None,
    summary: str,
    contacts: list[Contact] = (),
    needs_detected: str = "",
    next_step: str = "",
    follow_up_due: date | None = None,
) -> Visit:
    """Record a contact with a company and keep the company's last contact current.

    A next step with a date becomes a follow-up for the person who logged the visit.
    """
    happened_at = happened_at or timezone.now()
    if not summary.strip():
        raise ValidationError({"summary": "Escriba un resumen de la visita."})
    if follow_up_due is not None and follow_up_due < timezone.localdate():
        raise ValidationError({"follow_up_due": "La fecha del seguimiento no puede ser pasada."})
    visit = Visit(
        company=company,
        staff=staff,
        kind=kind,
        status=Visit.Status.DONE,
        happened_at=happened_at,
        summary=summary.strip(),
        needs_detected=needs_detected.strip(),
        next_step=next_step.strip(),
    )
    visit.full_clean()
    visit.save()
    if contacts:
        visit.contacts.set(contacts)
    _touch_last_contact(company, happened_at)
    if company.status in (Company.Status.FLAGGED, Company.Status.TO_VISIT):
        Company.objects.filter(pk=company.pk).update(status=Company.Status.ACTIVE)
    if follow_up_due is not None:
        follow_up_create(
            company=company,
            title=(next_step.strip() or "Seguimiento de la visita")[:200],
            assigned_to=staff,
            due_date=follow_up_due,
            created_by=staff,
            source=visit,
        )
    return visit


def visit_plan(
    *,
    company: Company,
    staff,
    planned_for: datetime,
    kind: str = Visit.Kind.FIELD,
    next_step: str = "",
) -> Visit:
    visit = Visit(
        company=company,
        staff=staff,
        kind=kind,
        status=Visit.Status.PLANNED,
        planned_for=planned_for,
        next_step=next_step,
    )
    visit.full_clean()
    visit.save()
    return visit


def follow_up_complete(*, follow_up: FollowUp, user) -> FollowUp:
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.done_by = user
        follow_up.save(update_fields=["done_at", "done_by"])
    return follow_up


@transaction.atomic
def company_flag_create(
    *, flagged_by, legal_name: str, park, address: str = "", rut: str = "", note: str = ""
) -> CompanyFlag:
    """The Alcaldía flags a company newly settled in a park.

    The company is created as flagged and owned by the park's Gestora, who gets a follow-up
    "visitar empresa nueva" due in a few Chilean working days and an in-app notification.
    """
    company = Company(
        legal_name=legal_name.strip(),
        rut=rut.strip() or None,
        park=park,
        address=address.strip(),
        status=Company.Status.FLAGGED,
        owner=park.gestora,
    )
    company.full_clean()
    company.save()
    flag = CompanyFlag.objects.create(company=company, flagged_by=flagged_by, note=note.strip())
    if park.gestora is not None:
        due = add_working_days(timezone.localdate(), settings.FLAG_VISIT_WORKING_DAYS)
        flag.follow_up = follow_up_create(
            company=company,
            title="Visitar empresa nueva",
            notes=note.strip(),
            assigned_to=park.gestora,
            due_date=due,
            created_by=flagged_by,
            source=flag,
        )
        flag.save(update_fields=["follow_up"])
        notify(
            recipient=park.gestora,
            kind="company_flagged",
            key=f"company_flagged:{flag.pk}",
            title=f"La Alcaldía señaló una empresa nueva: {company}",
            body=f"Visítela antes del {due:%d-%m-%Y}. {note}".strip(),
            subject=flag,
        )
    return flag
