"""What the home page shows each user: a few figures of their own work, one query each."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from companies.models import Company, FollowUp, Visit
from omil_crm.accounts.navigation import SECTIONS_BY_SLUG
from requests_routing.models import InboundEmail, ServiceRequest
from vacancies.models import Referral, Vacancy


@dataclass(frozen=True)
class Card:
    title: str
    value: int
    note: str
    section: str

    @property
    def url(self) -> str:
        return SECTIONS_BY_SLUG[self.section].url()


def home_cards(user) -> list[Card]:
    today = timezone.localdate()
    cards: list[Card] = []
    if user.has_perm("companies.add_followup"):
        mine = FollowUp.objects.open().filter(assigned_to=user)
        cards.append(
            Card(
                "Seguimientos vencidos",
                mine.filter(due_date__lt=today).count(),
                "asignados a usted",
                "seguimientos",
            )
        )
    if user.has_perm("companies.add_visit"):
        cards.append(
            Card(
                "Visitas planificadas hoy",
                Visit.objects.filter(
                    staff=user, status=Visit.Status.PLANNED, planned_for__date=today
                ).count(),
                "en su agenda",
                "agenda",
            )
        )
        cards.append(
            Card(
                "Empresas sin contacto",
                Company.objects.filter(owner=user)
                .not_contacted_since(timezone.now() - timedelta(days=settings.NO_CONTACT_DAYS))
                .count(),
                f"de su cartera, hace más de {settings.NO_CONTACT_DAYS} días",
                "empresas",
            )
        )
    if user.has_perm("requests_routing.change_inboundemail"):
        cards.append(
            Card(
                "Correos por revisar",
                InboundEmail.objects.filter(triage_state=InboundEmail.TriageState.NEW).count(),
                "en la bandeja de solicitudes",
                "bandeja",
            )
        )
    if user.has_perm("requests_routing.view_servicerequest"):
        cards.append(
            Card(
                "Solicitudes vencidas",
                ServiceRequest.objects.filter(
                    status__in=ServiceRequest.OPEN_STATUSES, due_date__lt=today
                ).count(),
                "abiertas y fuera de plazo",
                "solicitudes",
            )
        )
    if user.has_perm("vacancies.view_referral"):
        cards.append(
            Card(
                "Candidatos en proceso",
                Referral.objects.filter(
                    stage__in=[Referral.Stage.REFERRED, Referral.Stage.INTERVIEW]
                ).count(),
                "derivados o en entrevista",
                "vacantes",
            )
        )
    if user.has_perm("vacancies.view_vacancy"):
        cards.append(
            Card(
                "Vacantes abiertas",
                Vacancy.objects.filter(status=Vacancy.Status.OPEN).count(),
                "captadas en las empresas",
                "vacantes",
            )
        )
    return cards
