"""A small office whose dashboard figures for June 2026 were worked out by hand.

«Today» is 15 June 2026, 12:00 in Santiago; the period is June 2026 and the one before it
May 2026. Every figure the tests expect is derived in the comments next to the rows.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from companies.models import Company, FollowUp, IndustrialPark, Visit
from requests_routing.models import Department, RequestCategory, ServiceRequest
from tests.conftest import make_persona
from vacancies.models import (
    Evaluation,
    JobSeeker,
    Placement,
    Programme,
    ProgrammeOffer,
    Referral,
    Vacancy,
    Workshop,
)

SANTIAGO = ZoneInfo("America/Santiago")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=SANTIAGO)


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SANTIAGO)


@dataclass
class Office:
    gulmue: IndustrialPark
    other_park: IndustrialPark
    works: Department
    cleaning: Department
    users: dict


def build_office() -> Office:
    users = {name: make_persona(name) for name in ("gestora", "administrativa", "psicologa")}
    users["gestora2"] = get_user_model().objects.create_user(
        username="gestora2", first_name="Segunda", last_name="Gestora"
    )
    gestora, psicologa = users["gestora"], users["psicologa"]
    gulmue = IndustrialPark.objects.create(name="Gulmué", comuna="05103", meeting_time=time(9))
    other_park = IndustrialPark.objects.create(name="Otro", comuna="05107", meeting_time=time(9))

    def company(rut, name, park, last_contact, status=Company.Status.ACTIVE):
        return Company.objects.create(
            rut=rut, legal_name=name, park=park, status=status, last_contact_at=last_contact
        )

    # Not inactive: A, B, C, D (4); in Gulmué: A, B (E is inactive and never counts).
    a = company("76086428-5", "Alfa", gulmue, at(6, 10))
    b = company("96790240-3", "Beta", gulmue, None)  # never contacted
    c = company("61704000-K", "Gamma", other_park, at(3, 1))  # more than 60 days ago
    d = company("97030000-7", "Delta", None, at(6, 5))
    company("96511460-2", "Épsilon", gulmue, None, status=Company.Status.INACTIVE)

    def visit(target, when, staff=gestora, status=Visit.Status.DONE):
        Visit.objects.create(
            company=target, staff=staff, status=status, happened_at=when, summary="Visita"
        )

    # June: A 1 June 00:30, A 3 June, A 10 June (gestora2), D 5 June -> 4 visits, 2 companies.
    # May: A 31 May 23:30, C 20 May -> 2 visits, 2 companies. Gulmué: June 3, May 1.
    visit(a, at(6, 1, 0, 30))
    visit(a, at(6, 3))
    visit(a, at(6, 10), staff=users["gestora2"])
    visit(d, at(6, 5))
    visit(a, at(5, 31, 23, 30))
    visit(c, at(5, 20))
    Visit.objects.create(
        company=a, staff=gestora, status=Visit.Status.PLANNED, planned_for=at(6, 20)
    )

    def vacancy(target, opened, positions):
        return Vacancy.objects.create(
            company=target,
            title="Operario",
            positions=positions,
            opened_on=opened,
            captured_by=gestora,
        )

    # June: V1 (3), V2 (2), V4 (1) -> 3 vacancies, 6 positions; May: V3 (1).
    v1 = vacancy(a, date(2026, 6, 2), 3)
    v2 = vacancy(c, date(2026, 6, 12), 2)
    v3 = vacancy(a, date(2026, 5, 15), 1)
    v4 = vacancy(d, date(2026, 6, 1), 1)

    people = [
        JobSeeker.objects.create(rut=rut, first_name=f"Persona{index}", last_name="Prueba")
        for index, rut in enumerate(
            ["12345678-5", "11111111-1", "22222222-2", "33333333-3", "44444444-4", "55555555-5"],
            start=1,
        )
    ]
    j1, j2, j3, j4, j5, j6 = people
    # Registered long ago, except J5 (registered in June).
    JobSeeker.objects.exclude(pk=j5.pk).update(created_at=datetime(2025, 1, 10, tzinfo=SANTIAGO))
    JobSeeker.objects.filter(pk=j5.pk).update(created_at=at(6, 2))

    def refer(person, target, when, stage=Referral.Stage.REFERRED):
        return Referral.objects.create(
            job_seeker=person,
            vacancy=target,
            referred_by=psicologa,
            referred_at=when,
            stage=stage,
            stage_changed_at=when,
        )

    # June: J1->V1, J2->V1, J3->V2, J4->V4 (4); May: J1->V3 (1). Gulmué: June 2, May 1.
    hired_v1 = refer(j1, v1, at(6, 3), Referral.Stage.HIRED)
    refer(j2, v1, at(6, 4))
    hired_v2 = refer(j3, v2, at(6, 13), Referral.Stage.HIRED)
    hired_v4 = refer(j4, v4, at(6, 5), Referral.Stage.HIRED)
    hired_v3 = refer(j1, v3, at(5, 16), Referral.Stage.HIRED)

    def place(referral, start):
        Placement.objects.create(
            referral=referral, start_date=start, contract_type="fixed_term", recorded_by=psicologa
        )

    # June: Gulmué 1, Otro 1, outside parks 1 -> 3; May: Gulmué 1.
    place(hired_v1, date(2026, 6, 10))
    place(hired_v2, date(2026, 6, 14))
    place(hired_v4, date(2026, 6, 11))
    place(hired_v3, date(2026, 5, 20))

    works = Department.objects.create(name="Obras", email="obras@example.cl")
    cleaning = Department.objects.create(name="Aseo", email="aseo@example.cl")
    works_category = RequestCategory.objects.create(name="Pavimento", department=works)
    cleaning_category = RequestCategory.objects.create(name="Microbasural", department=cleaning)
    counter = iter(range(1, 100))

    def request(target, category, received, resolved=None, due=date(2026, 7, 1)):
        status = ServiceRequest.Status.RESOLVED if resolved else ServiceRequest.Status.ROUTED
        return ServiceRequest.objects.create(
            reference=f"SOL-2026-{next(counter):05d}",
            company=target,
            category=category,
            department=category.department,
            subject="Solicitud",
            status=status,
            received_at=received,
            resolved_at=resolved,
            due_date=due,
            created_by=users["administrativa"],
        )

    # Obras resolved in June after 2, 4, 10 and 21 days: median 7.0, 90th percentile 17.7.
    request(a, works_category, at(6, 1), at(6, 3))
    request(a, works_category, at(6, 2), at(6, 6))
    request(c, works_category, at(6, 5), at(6, 15))
    request(d, works_category, at(5, 20), at(6, 10))
    # Aseo: one open and overdue since 12 June; one resolved in June after 2.5 days, one in May.
    request(b, cleaning_category, at(6, 8), due=date(2026, 6, 12))
    request(b, cleaning_category, at(5, 10), at(5, 12, 21))
    request(a, cleaning_category, at(6, 9), at(6, 11, 21))

    programme = Programme.objects.create(name="Aprendices", kind="subsidy")
    for target, offered, status in (
        (a, date(2026, 6, 2), ProgrammeOffer.Status.OFFERED),
        (c, date(2026, 6, 3), ProgrammeOffer.Status.ENROLLED),
        (a, date(2026, 5, 10), ProgrammeOffer.Status.DECLINED),
    ):
        ProgrammeOffer.objects.create(
            company=target,
            programme=programme,
            status=status,
            offered_on=offered,
            offered_by=gestora,
        )

    # June: one workshop with 3 attendees; May: one with 1.
    june = Workshop.objects.create(date=date(2026, 6, 4), topic="Apresto", facilitator=psicologa)
    june.attendees.set([j1, j2, j5])
    may = Workshop.objects.create(date=date(2026, 5, 28), topic="CV", facilitator=psicologa)
    may.attendees.set([j1])
    Evaluation.objects.create(
        job_seeker=j6, psychologist=psicologa, result="suitable", evaluated_on=date(2026, 6, 7)
    )
    # People attended in June: J1-J4 referred, J1, J2, J5 at the workshop, J6 evaluated -> 6.

    follow_up = FollowUp.objects.create(
        company=a, title="Llamar", assigned_to=gestora, due_date=date(2026, 6, 5)
    )
    FollowUp.objects.filter(pk=follow_up.pk).update(done_at=at(6, 5, 15), done_by=gestora)
    return Office(gulmue, other_park, works, cleaning, users)
