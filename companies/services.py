"""Writes on companies and the work staff do with them. Views, admin, tasks and commands call
these functions; none of them repeats these rules."""

from datetime import date, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from companies.models import (
    Company,
    CompanyFlag,
    Contact,
    FollowUp,
    FollowUpChange,
    IndustrialPark,
    PortfolioHandover,
    Visit,
    VisitChange,
)
from omil_crm.accounts.roles import person_name
from omil_crm.base.notifications import notify
from omil_crm.base.workdays import add_working_days

KEY_TAKEN = "Esa clave de envío ya se usó en otra visita; no se registró nada."


class VisitConflict(ValidationError):
    """The planned visit changed after the form was opened (done, cancelled or moved by
    someone): nothing is overwritten and the submitted text stays with whoever sent it."""


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
    client_key: UUID | None = None,
) -> Visit:
    """Record a contact with a company and keep the company's last contact current.

    A next step with a date becomes a follow-up for the person who logged the visit. With a
    `client_key` the visit is recorded once: the same person sending the same key for the same
    company again gets the visit already recorded (marked `replayed`); anyone else is refused.
    """
    if client_key is not None:
        # Two sends of one key at once wait here for each other, so the second finds the first.
        Company.objects.select_for_update().only("pk").get(pk=company.pk)
        earlier = _visit_with_key(client_key, staff=staff)
        if earlier is not None:
            if earlier.company_id != company.pk:
                raise ValidationError(KEY_TAKEN)
            return earlier
    visit = Visit(company=company, staff=staff, kind=kind, client_key=client_key)
    return _record_visit(
        visit,
        happened_at=happened_at,
        summary=summary,
        contacts=contacts,
        needs_detected=needs_detected,
        next_step=next_step,
        follow_up_due=follow_up_due,
    )


@transaction.atomic
def visit_complete(
    *,
    visit: Visit,
    staff,
    summary: str,
    happened_at: datetime | None = None,
    contacts: list[Contact] = (),
    needs_detected: str = "",
    next_step: str = "",
    follow_up_due: date | None = None,
    kind: str | None = None,
    client_key: UUID | None = None,
    plan_version: str = "",
) -> Visit:
    """Turn a planned visit into a done one, with the same rules as logging a new visit.

    `client_key` makes a repeated send answer with the visit already completed (see
    log_visit). `plan_version` is the visit's `plan_version` when the form was opened: if the
    visit was done, cancelled or moved since, VisitConflict is raised and nothing changes.
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if client_key is not None:
        earlier = _visit_with_key(client_key, staff=staff)
        if earlier is not None:
            if earlier.pk != visit.pk:
                raise ValidationError(KEY_TAKEN)
            return earlier
    if visit.status != Visit.Status.PLANNED:
        raise VisitConflict(_no_longer_planned(visit))
    if plan_version and plan_version != visit.plan_version:
        raise VisitConflict(_moved(visit))
    visit.staff = staff
    visit.kind = kind or visit.kind
    visit.client_key = client_key
    return _record_visit(
        visit,
        happened_at=happened_at,
        summary=summary,
        contacts=contacts,
        needs_detected=needs_detected,
        next_step=next_step,
        follow_up_due=follow_up_due,
    )


def _visit_with_key(client_key: UUID, *, staff) -> Visit | None:
    earlier = Visit.objects.filter(client_key=client_key).first()
    if earlier is None:
        return None
    if earlier.staff_id != staff.pk:
        raise ValidationError(KEY_TAKEN)
    earlier.replayed = True
    return earlier


def _no_longer_planned(visit: Visit) -> str:
    if visit.status == Visit.Status.DONE:
        moment = timezone.localtime(visit.happened_at)
        return (
            f"Esta visita ya no está planificada: {person_name(visit.staff)} la registró como "
            f"realizada el {moment:%d-%m-%Y} a las {moment:%H:%M}."
        )
    change = visit.changes.filter(kind=VisitChange.Kind.CANCELLED).first()
    if change is None:
        return "Esta visita ya no está planificada: fue cancelada."
    moment = timezone.localtime(change.changed_at)
    return (
        f"Esta visita ya no está planificada: {person_name(change.changed_by)} la canceló el "
        f"{moment:%d-%m-%Y} a las {moment:%H:%M} ({change.reason})."
    )


def _moved(visit: Visit) -> str:
    moment = timezone.localtime(visit.planned_for)
    change = visit.changes.filter(kind=VisitChange.Kind.RESCHEDULED).first()
    who = f" por {person_name(change.changed_by)}" if change else ""
    return (
        f"Mientras tanto la visita fue reprogramada{who} para el {moment:%d-%m-%Y} a las "
        f"{moment:%H:%M}; no se registró para no pasar por encima de ese cambio."
    )


def _record_visit(
    visit: Visit, *, happened_at, summary, contacts, needs_detected, next_step, follow_up_due
) -> Visit:
    company = visit.company
    happened_at = happened_at or timezone.now()
    if not summary.strip():
        raise ValidationError({"summary": "Escriba un resumen de la visita."})
    if happened_at > timezone.now() + timedelta(minutes=5):
        raise ValidationError(
            {"happened_at": "Una visita realizada no puede tener fecha futura; planifíquela."}
        )
    if follow_up_due is not None and follow_up_due < timezone.localdate():
        raise ValidationError({"follow_up_due": "La fecha del seguimiento no puede ser pasada."})
    if any(contact.company_id != company.pk for contact in contacts):
        raise ValidationError({"contacts": "Los contactos deben ser de la empresa visitada."})
    visit.status = Visit.Status.DONE
    visit.happened_at = happened_at
    visit.summary = summary.strip()
    visit.needs_detected = needs_detected.strip()
    visit.next_step = next_step.strip()
    visit.full_clean()
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError as error:
        # Only the key can clash here: full_clean checked the rest, but not a send of the
        # same key by someone else that committed in between.
        raise ValidationError(KEY_TAKEN) from error
    visit.contacts.set(contacts)
    _touch_last_contact(company, happened_at)
    _activate(company)
    _settle_flags(company, visit)
    if follow_up_due is not None:
        follow_up_create(
            company=company,
            title=(visit.next_step or "Seguimiento de la visita")[:200],
            assigned_to=visit.staff,
            due_date=follow_up_due,
            created_by=visit.staff,
            source=visit,
        )
    return visit


def _activate(company: Company) -> None:
    """A first contact makes a flagged or to-visit company active.

    Locked and saved (not a queryset update) so the change history records it; the lock keeps
    two visits logged at once from reading a stale status.
    """
    locked = Company.objects.select_for_update().get(pk=company.pk)
    if locked.status in (Company.Status.FLAGGED, Company.Status.TO_VISIT):
        locked.status = Company.Status.ACTIVE
        locked.save(update_fields=["status", "updated_at"])


def _settle_flags(company: Company, visit: Visit) -> None:
    """A visit to a company the Alcaldía flagged answers the flag and closes its follow-up."""
    if visit.kind != Visit.Kind.FIELD:
        return
    for flag in CompanyFlag.objects.filter(company=company, visit__isnull=True).select_related(
        "follow_up"
    ):
        flag.visit = visit
        flag.save(update_fields=["visit"])
        if flag.follow_up is not None:
            follow_up_complete(follow_up=flag.follow_up, user=visit.staff)


def contact_save(*, contact: Contact, company: Company | None = None) -> Contact:
    """Add a contact to a company, or save changes to one; names and addresses trimmed."""
    if company is not None:
        contact.company = company
    contact.name = " ".join(contact.name.split())
    contact.email = contact.email.strip().lower()
    contact.full_clean()
    contact.save()
    return contact


# Visits are planned for the coming months; a date years ahead is a typing mistake.
PLANNING_HORIZON_DAYS = 2 * 365


def _check_not_too_far(planned_for: datetime) -> None:
    if timezone.localdate(planned_for) > timezone.localdate() + timedelta(
        days=PLANNING_HORIZON_DAYS
    ):
        raise ValidationError(
            {"planned_for": "Las visitas se planifican hasta dos años adelante; revise la fecha."}
        )


def visit_plan(
    *,
    company: Company,
    staff,
    planned_for: datetime,
    kind: str = Visit.Kind.FIELD,
    next_step: str = "",
) -> Visit:
    if timezone.localdate(planned_for) < timezone.localdate():
        raise ValidationError(
            {"planned_for": "No se puede planificar una visita para un día pasado."}
        )
    _check_not_too_far(planned_for)
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


@transaction.atomic
def visit_reschedule(
    *, visit: Visit, planned_for: datetime, acting_user, reason: str = ""
) -> Visit:
    """Move a planned visit to another moment, keeping the moment it had, who moved it and why.

    The same rule as planning applies: never to a past day. Moving it to the moment it already
    has is refused, so the history only holds real changes.
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.PLANNED:
        raise ValidationError("Solo se puede reprogramar una visita planificada.")
    if timezone.localdate(planned_for) < timezone.localdate():
        raise ValidationError(
            {"planned_for": "No se puede reprogramar una visita para un día pasado."}
        )
    _check_not_too_far(planned_for)
    if planned_for == visit.planned_for:
        raise ValidationError({"planned_for": "La visita ya está planificada para ese momento."})
    change = VisitChange(
        visit=visit,
        kind=VisitChange.Kind.RESCHEDULED,
        previous_planned_for=visit.planned_for,
        new_planned_for=planned_for,
        reason=reason.strip(),
        changed_by=acting_user,
    )
    visit.planned_for = planned_for
    visit.full_clean()
    change.full_clean()
    visit.save(update_fields=["planned_for"])
    change.save()
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, reason: str, acting_user) -> Visit:
    """Cancel a planned visit; the reason is required and kept with who cancelled it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indique por qué se cancela la visita."})
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    if visit.status != Visit.Status.PLANNED:
        raise ValidationError("Solo se puede cancelar una visita planificada.")
    change = VisitChange(
        visit=visit,
        kind=VisitChange.Kind.CANCELLED,
        previous_planned_for=visit.planned_for,
        reason=reason,
        changed_by=acting_user,
    )
    change.full_clean()
    visit.status = Visit.Status.CANCELLED
    visit.save(update_fields=["status"])
    change.save()
    return visit


def follow_up_reassign(*, follow_up: FollowUp, to_user) -> FollowUp:
    if follow_up.done_at is not None:
        raise ValidationError("El seguimiento ya está realizado.")
    follow_up.assigned_to = to_user
    follow_up.save(update_fields=["assigned_to"])
    return follow_up


@transaction.atomic
def portfolio_handover(*, from_user, to_user, done_by) -> PortfolioHandover:
    """Move one staff member's companies, open follow-ups, planned visits and parks in charge
    to another. Done work keeps its author: only what is still to do changes hands."""
    if from_user == to_user:
        raise ValidationError("Elija dos personas distintas.")
    if not to_user.is_active:
        raise ValidationError("La persona que recibe la cartera no tiene la cuenta activa.")
    return PortfolioHandover.objects.create(
        from_user=from_user,
        to_user=to_user,
        done_by=done_by,
        companies_moved=_move_companies(from_user=from_user, to_user=to_user, done_by=done_by),
        follow_ups_moved=FollowUp.objects.open()
        .filter(assigned_to=from_user)
        .update(assigned_to=to_user),
        visits_moved=Visit.objects.filter(staff=from_user, status=Visit.Status.PLANNED).update(
            staff=to_user
        ),
        parks_moved=IndustrialPark.objects.filter(gestora=from_user).update(gestora=to_user),
    )


def _move_companies(*, from_user, to_user, done_by) -> int:
    """Give `from_user`'s companies to `to_user`, leaving one history row per company (a
    queryset update would leave none) in a fixed number of queries; the rows stay locked until
    the handover commits."""
    companies = list(Company.objects.select_for_update().filter(owner=from_user))
    for company in companies:
        company.owner = to_user
    if companies:
        bulk_update_with_history(companies, Company, ["owner"], default_user=done_by)
    return len(companies)


def follow_up_complete(*, follow_up: FollowUp, user) -> FollowUp:
    if follow_up.done_at is None:
        follow_up.done_at = timezone.now()
        follow_up.done_by = user
        follow_up.save(update_fields=["done_at", "done_by"])
    return follow_up


@transaction.atomic
def follow_up_postpone(
    *, follow_up: FollowUp, due_date: date, reason: str, acting_user
) -> FollowUp:
    """Give an open follow-up a new due date after today; the date it had and the reason stay
    in its history. Lists, digests and calendars read the new date from then on."""
    reason = reason.strip()
    errors = {}
    if due_date <= timezone.localdate():
        errors["due_date"] = "La nueva fecha debe ser posterior a hoy."
    if not reason:
        errors["reason"] = "Indique por qué se pospone."
    if errors:
        raise ValidationError(errors)
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_at is not None:
        raise ValidationError("El seguimiento ya está realizado: reábralo antes de posponerlo.")
    if due_date == follow_up.due_date:
        raise ValidationError({"due_date": "El seguimiento ya vence ese día."})
    change = FollowUpChange(
        follow_up=follow_up,
        kind=FollowUpChange.Kind.POSTPONED,
        previous_due_date=follow_up.due_date,
        new_due_date=due_date,
        reason=reason,
        changed_by=acting_user,
    )
    change.full_clean()
    follow_up.due_date = due_date
    follow_up.full_clean()
    follow_up.save(update_fields=["due_date"])
    change.save()
    return follow_up


@transaction.atomic
def follow_up_reopen(*, follow_up: FollowUp, acting_user, reason: str = "") -> FollowUp:
    """Open again a follow-up marked done by mistake or that needs more work; when it had been
    done, who reopened it and when stay in its history. Its due date does not change."""
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.done_at is None:
        raise ValidationError("El seguimiento no está marcado como hecho.")
    change = FollowUpChange(
        follow_up=follow_up,
        kind=FollowUpChange.Kind.REOPENED,
        previous_due_date=follow_up.due_date,
        new_due_date=follow_up.due_date,
        previous_done_at=follow_up.done_at,
        reason=reason.strip(),
        changed_by=acting_user,
    )
    change.full_clean()
    follow_up.done_at = None
    follow_up.done_by = None
    follow_up.save(update_fields=["done_at", "done_by"])
    change.save()
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
        comuna=park.comuna,
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
            url=reverse("companies:detail", args=[company.pk]),
            subject=flag,
        )
    return flag
