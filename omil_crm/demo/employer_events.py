"""A year of employer events for the demo office: the mayor's business breakfasts almost
every month, a few encuentros with SENCE, two job fairs and a mass recruitment, with their
invitations, answers (some on the portal), attendance, participants and hires; the next
breakfast is still to come. Loaded once: a second run finds them and adds nothing."""

import random
from datetime import date, time, timedelta

from django.utils import timezone

from events.models import EmployerEvent, EventCompany, EventParticipant
from vacancies.models import Vacancy

Kind = EmployerEvent.Kind
Organiser = EmployerEvent.Organiser
Response = EventCompany.Response
Source = EventCompany.Source


def _plan(today: date) -> list[dict]:
    """(days from today, kind, title, organiser, place / link) of each demo event."""
    plan = []
    for month in range(11, 0, -1):
        if month in (4, 8):
            continue  # months without a breakfast: the mayor's agenda did not allow it
        plan.append(
            {
                "days": -30 * month + 3,
                "kind": Kind.BREAKFAST,
                "title": "Desayuno empresarial con el alcalde",
                "organiser": Organiser.ALCALDIA,
                "place": "Salón municipal de Concón",
                "start": time(8, 30),
            }
        )
    plan += [
        {
            "days": -250,
            "kind": Kind.ENCOUNTER,
            "title": "Encuentro empresarial: programas SENCE para las empresas",
            "organiser": Organiser.SENCE,
            "place": "Sede de la asociación de empresas del parque",
            "start": time(10, 0),
        },
        {
            "days": -130,
            "kind": Kind.ENCOUNTER,
            "title": "Encuentro empresarial en línea: Subsidio al Empleo Joven",
            "organiser": Organiser.SENCE,
            "online": "https://meet.example.cl/sence-concon",
            "start": time(11, 0),
        },
        {
            "days": -40,
            "kind": Kind.ENCOUNTER,
            "title": "Encuentro empresarial: contratación inclusiva (Ley 21.015)",
            "organiser": Organiser.OMIL,
            "place": "Sala de la OMIL",
            "start": time(10, 0),
        },
        {
            "days": -200,
            "kind": Kind.FAIR,
            "title": "Feria laboral de otoño",
            "organiser": Organiser.OMIL,
            "place": "Plaza de Concón",
            "start": time(10, 0),
        },
        {
            "days": -60,
            "kind": Kind.FAIR,
            "title": "Feria laboral del Parque Gulmué",
            "organiser": Organiser.OMIL,
            "place": "Gimnasio municipal",
            "start": time(10, 0),
        },
        {
            "days": -95,
            "kind": Kind.MASS_RECRUITMENT,
            "title": "Reclutamiento masivo para operarios de bodega",
            "organiser": Organiser.OTHER,
            "other": "Centro logístico del parque",
            "place": "Sala de la OMIL",
            "start": time(9, 0),
        },
        {
            "days": 12,
            "kind": Kind.BREAKFAST,
            "title": "Desayuno empresarial con el alcalde",
            "organiser": Organiser.ALCALDIA,
            "place": "Salón municipal de Concón",
            "start": time(8, 30),
        },
    ]
    return plan


def load_employer_events(
    *, today: date, park, companies: list, staff, psicologa, people: list, rng: random.Random
) -> None:
    if EmployerEvent.objects.exists():
        return
    active = [company for company in companies if company.status != company.Status.INACTIVE]
    for item in _plan(today):
        day = today + timedelta(days=item["days"])
        online = item.get("online", "")
        event = EmployerEvent.objects.create(
            kind=item["kind"],
            title=item["title"],
            description="Convocatoria de la OMIL de Concón a las empresas del parque.",
            modality=EmployerEvent.Modality.ONLINE if online else EmployerEvent.Modality.IN_PERSON,
            online_url=online,
            date=day,
            start_time=item["start"],
            end_time=item["start"].replace(hour=item["start"].hour + 2),
            place=item.get("place", ""),
            organiser=item["organiser"],
            organiser_other=item.get("other", ""),
            park=park,
            created_by=staff,
        )
        held = day < today
        invited = rng.sample(active, min(len(active), rng.randint(8, 15)))
        for company in invited:
            answer = rng.choices(
                [Response.CONFIRMED, Response.DECLINED, Response.PENDING], weights=[6, 2, 2]
            )[0]
            EventCompany.objects.create(
                event=event,
                company=company,
                invited_by=staff,
                invited_at=timezone.now() - timedelta(days=max(0, -item["days"]) + 10),
                response=answer,
                response_source=""
                if answer == Response.PENDING
                else rng.choice([Source.STAFF, Source.PORTAL]),
                responded_at=None if answer == Response.PENDING else timezone.now(),
                attended=held and answer == Response.CONFIRMED and rng.random() < 0.85,
            )
        offered = Vacancy.objects.filter(company__in=invited).order_by("pk")[:4]
        if item["kind"] in (Kind.FAIR, Kind.MASS_RECRUITMENT):
            event.vacancies.set(offered)
        if held and item["kind"] in (Kind.FAIR, Kind.MASS_RECRUITMENT):
            for person in rng.sample(people, min(len(people), rng.randint(12, 25))):
                interviewed = rng.random() < 0.5
                EventParticipant.objects.create(
                    event=event,
                    job_seeker=person,
                    attended=True,
                    interviewed=interviewed,
                    hired=interviewed and rng.random() < 0.3,
                    recorded_by=psicologa,
                )
