"""The daily digest: what each staff member has due today, by email and in the app.

Sent on Chilean working days at the digest hour (settings.DIGEST_HOUR, Santiago time, by the
beat schedule). Its key is (recipient, day), so it reaches each person once a day however
many times the job runs, retries or overlaps with another run.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from companies.models import FollowUp, Visit
from meetings.models import Agreement
from omil_crm.accounts import roles
from omil_crm.base.notifications import notify
from omil_crm.base.reminder_emails import reminder_email_create, site_url
from omil_crm.base.workdays import is_working_day
from requests_routing.models import ServiceRequest

STAFF_ROLES = (roles.GESTORA, roles.ADMINISTRATIVA, roles.PSICOLOGA, roles.ENCARGADO)


@dataclass
class Digest:
    day: date
    follow_ups: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    agreements: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.follow_ups or self.requests or self.visits or self.agreements)

    @property
    def overdue_follow_ups(self) -> list:
        return [item for item in self.follow_ups if item.due_date < self.day]

    @property
    def summary(self) -> str:
        parts = []
        for items, one, many in (
            (self.follow_ups, "seguimiento vencido o para hoy", "seguimientos vencidos o para hoy"),
            (self.requests, "solicitud fuera de plazo", "solicitudes fuera de plazo"),
            (self.visits, "visita planificada hoy", "visitas planificadas hoy"),
            (self.agreements, "acuerdo de reunión por cumplir", "acuerdos de reunión por cumplir"),
        ):
            if items:
                parts.append(f"{len(items)} {one if len(items) == 1 else many}")
        return ", ".join(parts) + "."


def digest_for(user, day: date) -> Digest:
    """What `user` has due on `day`: four queries whatever the amount."""
    return Digest(
        day=day,
        # Follow-ups that come from an agreement are listed with the agreements.
        follow_ups=list(
            FollowUp.objects.open()
            .filter(assigned_to=user, due_date__lte=day, agreement__isnull=True)
            .select_related("company")
            .order_by("due_date", "pk")
        ),
        requests=list(
            ServiceRequest.objects.filter(
                owner=user, status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=day
            )
            .select_related("company", "department")
            .order_by("due_date", "pk")
        ),
        visits=list(
            Visit.objects.filter(staff=user, status=Visit.Status.PLANNED, planned_for__date=day)
            .select_related("company")
            .order_by("planned_for", "pk")
        ),
        # An agreement is due on its follow-up's date: postponing the follow-up moves it.
        agreements=list(
            Agreement.objects.filter(responsible=user, status=Agreement.Status.OPEN)
            .filter(Q(follow_up__isnull=True) | Q(follow_up__done_at__isnull=True))
            .annotate(effective_due_date=Coalesce("follow_up__due_date", "due_date"))
            .filter(effective_due_date__lte=day)
            .select_related("meeting", "company")
            .order_by("effective_due_date", "pk")
        ),
    )


def digest_key(user, day: date) -> str:
    return f"digest:{user.pk}:{day.isoformat()}"


def digest_recipients():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        .distinct()
        .order_by("pk")
    )


def digest_send(*, user, day: date) -> bool:
    """Notify `user` of the day's digest, in the app and by email; True when sent now.

    An empty digest is not sent: nobody needs an email saying there is nothing to do.
    """
    digest = digest_for(user, day)
    if digest.is_empty:
        return False
    key = digest_key(user, day)
    end_of_day = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    with transaction.atomic():
        notification = notify(
            recipient=user,
            kind="digest",
            key=key,
            title=f"Resumen del día {day:%d-%m-%Y}",
            body=digest.summary,
            url=reverse("companies:follow_ups"),
        )
        if notification is None:
            return False
        reminder_email_create(
            key=key,
            kind="digest",
            to_email=user.email,
            recipient=user,
            template="digest",
            context={
                "user": user,
                "digest": digest,
                "follow_ups_url": site_url(reverse("companies:follow_ups")),
                "agenda_url": site_url(reverse("companies:agenda")),
                "requests_url": site_url(reverse("requests_routing:request_list")),
            },
            send_until=end_of_day,
        )
    return True


def send_daily_digests(*, day: date | None = None) -> str:
    """The digest of `day` (today in Santiago by default) for every staff member."""
    day = day or timezone.localdate()
    if not is_working_day(day):
        return f"{day:%d-%m-%Y} no es día hábil: no se envían resúmenes."
    sent = sum(digest_send(user=user, day=day) for user in digest_recipients())
    return f"{sent} resúmenes enviados para el {day:%d-%m-%Y}."
