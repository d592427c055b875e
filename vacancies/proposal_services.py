"""Vacancies a company proposes from its portal: pending until a gestora (or the Encargado)
confirms them, which opens them, or declines them with a reason the company reads.

A proposal counts nowhere (Vacancy.objects.captured(), status «Propuesta por la empresa») and
no one can be referred to it until it is open.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Contact
from omil_crm.accounts.roles import ENCARGADO
from omil_crm.base.notifications import notify
from vacancies.models import Vacancy
from vacancies.services import _check_vacancy

Status = Vacancy.Status


def proposal_reviewers(company) -> list:
    """Who hears of a company's proposal: the company's owner, else the park's gestora, else
    the Encargados (someone always does)."""
    for user in (company.owner, company.park.gestora if company.park else None):
        if user is not None and user.is_active:
            return [user]
    return list(get_user_model().objects.filter(is_active=True, groups__name=ENCARGADO))


@transaction.atomic
def vacancy_propose(
    *,
    contact: Contact,
    title: str,
    positions: int = 1,
    requirements: str = "",
    shift: str = "",
    contract_type: str = Vacancy.Contract.FIXED_TERM,
    salary_min: int | None = None,
    salary_max: int | None = None,
    closing_date: date | None = None,
) -> Vacancy:
    """A vacancy proposed by a company contact on the portal, stored pending review; the
    company's gestora is notified in the app."""
    company = contact.company
    now = timezone.now()
    vacancy = Vacancy(
        company=company,
        title=title.strip(),
        positions=positions,
        requirements=requirements.strip(),
        shift=shift.strip(),
        contract_type=contract_type,
        salary_min=salary_min,
        salary_max=salary_max,
        opened_on=timezone.localdate(now),
        closing_date=closing_date,
        status=Status.PROPOSED,
        proposed_by=contact,
        proposed_at=now,
    )
    if closing_date and closing_date < vacancy.opened_on:
        raise ValidationError({"closing_date": "La fecha de cierre no puede ser pasada."})
    _check_vacancy(vacancy)
    vacancy.full_clean()
    vacancy.save()
    url = reverse("vacancies:vacancy_detail", args=[vacancy.pk])
    for reviewer in proposal_reviewers(company):
        notify(
            recipient=reviewer,
            kind="vacancy_proposed",
            key=f"vacancy_proposed:{vacancy.pk}:{reviewer.pk}",
            title=f"{company} propone una vacante: {vacancy.title}",
            body=f"Propuesta por {contact.name} en el portal. Confírmela o recházela.",
            url=url,
            subject=vacancy,
        )
    return vacancy


def _pending(vacancy: Vacancy) -> Vacancy:
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status != Status.PROPOSED:
        raise ValidationError(
            f"Esta vacante no es una propuesta pendiente ({vacancy.get_status_display()})."
        )
    return vacancy


@transaction.atomic
def vacancy_proposal_confirm(*, vacancy: Vacancy, user) -> Vacancy:
    """Open a proposed vacancy: from now on it counts, is listed and takes referrals. It is
    captured by whoever confirms it, on the day of the confirmation."""
    vacancy = _pending(vacancy)
    today = timezone.localdate()
    if vacancy.closing_date and vacancy.closing_date < today:
        raise ValidationError(
            f"La fecha de cierre propuesta ({vacancy.closing_date:%d-%m-%Y}) ya pasó: "
            "rechace la propuesta indicando el motivo."
        )
    vacancy.status = Status.OPEN
    vacancy.captured_by = user
    vacancy.opened_on = today
    vacancy.reviewed_by = user
    vacancy.reviewed_at = timezone.now()
    vacancy.full_clean()
    vacancy.save()
    return vacancy


@transaction.atomic
def vacancy_proposal_decline(*, vacancy: Vacancy, user, reason: str) -> Vacancy:
    """Decline a proposal; the company reads the reason on its portal."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Indique a la empresa por qué no se acepta la vacante."})
    if len(reason) > 1000:
        raise ValidationError({"reason": "El motivo no puede pasar de 1000 caracteres."})
    vacancy = _pending(vacancy)
    vacancy.status = Status.DECLINED
    vacancy.decline_reason = reason
    vacancy.reviewed_by = user
    vacancy.reviewed_at = timezone.now()
    vacancy.full_clean()
    vacancy.save()
    return vacancy
