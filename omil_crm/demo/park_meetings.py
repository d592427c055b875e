"""The demo park's monthly meetings: a year held, with attendance, minutes and agreements
(some fulfilled weeks later), and next month's still to come with its invitations only."""

import random
from datetime import timedelta

from django.utils import timezone

from companies.models import FollowUp
from meetings.models import Attendance, Meeting
from meetings.services import agreement_complete, agreement_create, schedule_monthly_meeting


def load_park_meetings(*, park, months, companies, gestora, rng: random.Random) -> None:
    representative = park.representative
    for month in months:
        meeting, created = schedule_monthly_meeting(park=park, month=month)
        if not created:
            continue
        # Attendance is taken at the meeting: an upcoming one has only its invitations.
        held = meeting.starts_at < timezone.now()
        Attendance.objects.get_or_create(
            meeting=meeting, staff=gestora, defaults={"attended": held}
        )
        invited = [representative] + [
            company.contacts.order_by("pk").first() for company in rng.sample(companies, 9)
        ]
        for contact in invited:
            present = rng.random() < 0.7
            Attendance.objects.get_or_create(
                meeting=meeting, contact=contact, defaults={"attended": held and present}
            )
        meeting.agenda = (
            "1. Cuenta de solicitudes en curso\n2. Vacantes del mes\n"
            "3. Programas SENCE disponibles\n4. Varios"
        )
        if held:
            meeting.status = Meeting.Status.HELD
            meeting.minutes = (
                "El representante transmite la preocupación por la "
                "iluminación del acceso norte y los robos de cables. La OMIL "
                "informa las vacantes abiertas y el Bono al Trabajo de la Mujer."
            )
            meeting.save()
            for _ in range(rng.randint(1, 3)):
                company = rng.choice(companies[:-4])
                agreement = agreement_create(
                    meeting=meeting,
                    description=rng.choice(
                        [
                            "Gestionar con Obras la reparación de luminarias del acceso norte",
                            "Enviar a las empresas el calendario de talleres de apresto",
                            "Coordinar rondas de Seguridad Pública en horario nocturno",
                        ]
                    ),
                    responsible=gestora,
                    due_date=timezone.localdate(meeting.starts_at) + timedelta(days=20),
                    company=company,
                    created_by=gestora,
                )
                # Demo history: the follow-up was created at the meeting, not today.
                FollowUp.objects.filter(pk=agreement.follow_up_id).update(
                    created_at=meeting.ends_at
                )
                if meeting.starts_at < timezone.now() - timedelta(days=45):
                    agreement_complete(agreement=agreement, user=gestora)
                    # Fulfilled some days or weeks after the meeting, not all today.
                    done = meeting.ends_at + timedelta(days=rng.randint(3, 25))
                    FollowUp.objects.filter(pk=agreement.follow_up_id).update(
                        done_at=min(done, timezone.now())
                    )
        else:
            meeting.save()
