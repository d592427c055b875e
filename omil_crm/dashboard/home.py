"""What the home page shows each user: a few figures of their own work, one query each.

Each figure links to the list that shows exactly its rows: the same filters, set in the link.
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, FollowUp, Visit
from requests_routing.models import InboundEmail, ServiceRequest
from vacancies.filters import IN_PROCESS
from vacancies.models import Referral, Vacancy


@dataclass(frozen=True)
class Card:
    key: str
    title: str
    value: int
    note: str
    url: str


def _url(name: str, fragment: str = "", **params) -> str:
    query = urlencode(params)
    return f"{reverse(name)}{'?' + query if query else ''}{'#' + fragment if fragment else ''}"


def home_cards(user) -> list[Card]:
    today = timezone.localdate()
    cards: list[Card] = []
    if user.has_perm("companies.add_followup"):
        mine = FollowUp.objects.open().filter(assigned_to=user)
        cards.append(
            Card(
                "follow_ups_overdue",
                "Seguimientos vencidos",
                mine.filter(due_date__lt=today).count(),
                "asignados a usted",
                # «Mis seguimientos» opens on the user's own; the overdue ones come first.
                _url("companies:follow_ups", fragment="bucket-overdue"),
            )
        )
    if user.has_perm("companies.add_visit"):
        cards.append(
            Card(
                "visits_today",
                "Visitas planificadas hoy",
                Visit.objects.filter(
                    staff=user, status=Visit.Status.PLANNED, planned_for__date=today
                ).count(),
                "en su agenda",
                _url(
                    "companies:visit_list",
                    staff=user.pk,
                    status=Visit.Status.PLANNED,
                    planned_from=today.isoformat(),
                    planned_until=today.isoformat(),
                ),
            )
        )
        cards.append(
            Card(
                "not_contacted",
                "Empresas sin contacto",
                Company.objects.filter(owner=user)
                .not_contacted_since(timezone.now() - timedelta(days=settings.NO_CONTACT_DAYS))
                .count(),
                f"de su cartera, hace más de {settings.NO_CONTACT_DAYS} días",
                _url(
                    "companies:directory",
                    owner=user.pk,
                    no_contact_days=settings.NO_CONTACT_DAYS,
                    order="last_contact",
                ),
            )
        )
    if user.has_perm("requests_routing.change_inboundemail"):
        cards.append(
            Card(
                "inbox_new",
                "Correos por revisar",
                InboundEmail.objects.filter(triage_state=InboundEmail.TriageState.NEW).count(),
                "en la bandeja de solicitudes",
                _url("requests_routing:inbox", ver="nuevos"),
            )
        )
    if user.has_perm("requests_routing.view_servicerequest"):
        cards.append(
            Card(
                "requests_overdue",
                "Solicitudes vencidas",
                ServiceRequest.objects.filter(
                    status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=today
                ).count(),
                "abiertas y fuera de plazo",
                _url("requests_routing:request_list", overdue="1", order="due"),
            )
        )
    if user.has_perm("vacancies.view_referral"):
        cards.append(
            Card(
                "referrals_in_process",
                "Candidatos en proceso",
                Referral.objects.filter(
                    stage__in=[Referral.Stage.REFERRED, Referral.Stage.INTERVIEW]
                ).count(),
                "derivados o en entrevista",
                _url("vacancies:referral_list", stage=IN_PROCESS),
            )
        )
    if user.has_perm("vacancies.view_vacancy"):
        cards.append(
            Card(
                "vacancies_open",
                "Vacantes abiertas",
                Vacancy.objects.filter(status=Vacancy.Status.OPEN).count(),
                "captadas en las empresas",
                _url("vacancies:vacancy_list", status=Vacancy.Status.OPEN),
            )
        )
    return cards
