"""Companies nobody has contacted for settings.NO_CONTACT_DAYS get one follow-up for their owner.

The key names the owner, the company and the date of its last contact, so the follow-up is
created once per silence: a new one comes only after the company is contacted again and then
left alone for another N days.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from companies.services import follow_up_create
from omil_crm.base.notifications import notify
from omil_crm.base.workdays import add_working_days

FOLLOW_UP_WORKING_DAYS = 5


def uncontacted_companies(*, now=None):
    cutoff = (now or timezone.now()) - timedelta(days=settings.NO_CONTACT_DAYS)
    return Company.objects.due_for_contact(cutoff).select_related("owner").order_by("pk")


def no_contact_key(company: Company) -> str:
    last = timezone.localdate(company.last_contact_at) if company.last_contact_at else None
    return f"no_contact:{company.owner_id}:{company.pk}:{last.isoformat() if last else 'nunca'}"


@transaction.atomic
def company_no_contact_follow_up(*, company: Company, today=None):
    """The follow-up "retomar contacto" for the company's owner, unless already created."""
    today = today or timezone.localdate()
    days = settings.NO_CONTACT_DAYS
    due = add_working_days(today, FOLLOW_UP_WORKING_DAYS)
    notification = notify(
        recipient=company.owner,
        kind="no_contact",
        key=no_contact_key(company),
        title=f"{company} lleva más de {days} días sin contacto",
        body=f"Quedó un seguimiento para retomar el contacto antes del {due:%d-%m-%Y}.",
        url=reverse("companies:detail", args=[company.pk]),
        subject=company,
    )
    if notification is None:
        return None
    return follow_up_create(
        company=company,
        title=f"Retomar contacto: más de {days} días sin contacto",
        assigned_to=company.owner,
        due_date=due,
    )


def follow_up_uncontacted_companies(*, now=None) -> str:
    now = now or timezone.now()
    created = sum(
        company_no_contact_follow_up(company=company, today=timezone.localdate(now)) is not None
        for company in uncontacted_companies(now=now)
    )
    return f"{created} seguimientos por falta de contacto."
