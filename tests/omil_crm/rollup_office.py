"""A small office for the roll-up tests, and the rows they write on it, one at a time."""

from datetime import date, datetime, time, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from stdnum.cl.rut import calc_check_digit

from companies.models import Company, FollowUp, IndustrialPark, Visit
from requests_routing.models import Department, RequestCategory, ServiceRequest
from vacancies.models import (
    JobSeeker,
    Placement,
    Programme,
    ProgrammeOffer,
    Referral,
    Vacancy,
    Workshop,
)

SANTIAGO = ZoneInfo("America/Santiago")
SERIAL = count(1)


def build_office() -> dict:
    """Two parks and a company outside them, three staff members, two departments, a
    vacancy per company and a programme: what write_on writes on."""
    parks = [
        IndustrialPark.objects.create(name=name, comuna="05103") for name in ("Gulmué", "Ventanas")
    ]
    companies = []
    for index, park in enumerate([parks[0], parks[0], parks[1], None]):
        number = 76000000 + index
        companies.append(
            Company.objects.create(
                rut=f"{number}-{calc_check_digit(str(number))}",
                legal_name=f"Empresa {index}",
                park=park,
            )
        )
    staff = [
        get_user_model().objects.create_user(f"funcionaria{index}", first_name=f"Ana {index}")
        for index in range(3)
    ]
    departments = [
        Department.objects.create(name=name, email=f"{name.lower()}@example.cl")
        for name in ("Obras", "Aseo")
    ]
    categories = [
        RequestCategory.objects.create(name=f"Tema {department.name}", department=department)
        for department in departments
    ]
    vacancies = [
        Vacancy.objects.create(
            company=company, title="Operario", opened_on=date(2025, 1, 5), captured_by=staff[0]
        )
        for company in companies
    ]
    programme = Programme.objects.create(name="Aprendices", kind="subsidy")
    return {
        "parks": parks,
        "companies": companies,
        "staff": staff,
        "categories": categories,
        "vacancies": vacancies,
        "programme": programme,
    }


def person() -> JobSeeker:
    number = 15000000 + next(SERIAL)
    return JobSeeker.objects.create(
        rut=f"{number}-{calc_check_digit(str(number))}", first_name="Persona", last_name="Prueba"
    )


def write_on(office, kind, day: date, hour, company, staff, department, extra):
    """One row of `kind` on `day` at `hour` (Santiago), by the numbered company, staff member
    and department; `extra` varies the rest (status, days to resolution, positions...)."""
    when = datetime.combine(day, time(hour, 30), tzinfo=SANTIAGO)
    company, user = office["companies"][company], office["staff"][staff]
    if kind == "visit":
        status = Visit.Status.DONE if extra % 5 else Visit.Status.CANCELLED
        Visit.objects.create(company=company, staff=user, status=status, happened_at=when)
    elif kind == "request":
        resolved = when + timedelta(days=extra, hours=extra) if extra % 3 else None
        category = office["categories"][department]
        ServiceRequest.objects.create(
            reference=f"SOL-2026-{next(SERIAL):05d}",
            company=company,
            category=category,
            department=category.department,
            subject="Solicitud",
            status=ServiceRequest.Status.RESOLVED if resolved else ServiceRequest.Status.ROUTED,
            received_at=when,
            resolved_at=resolved,
            due_date=day + timedelta(days=10),
            created_by=user if extra % 2 else None,
        )
    elif kind == "vacancy":
        Vacancy.objects.create(
            company=company,
            title="Soldador",
            positions=extra % 4 + 1,
            opened_on=day,
            captured_by=user,
        )
    elif kind in ("referral", "placement"):
        referral = Referral.objects.create(
            job_seeker=person(),
            vacancy=office["vacancies"][office["companies"].index(company)],
            referred_by=user,
            referred_at=when,
            stage_changed_at=when,
        )
        if kind == "placement":
            Placement.objects.create(
                referral=referral, start_date=day, contract_type="fixed_term", recorded_by=user
            )
    elif kind == "follow_up":
        FollowUp.objects.create(
            company=company,
            title="Llamar",
            assigned_to=user,
            due_date=day,
            done_at=when if extra % 3 else None,
            done_by=user if extra % 3 else None,
        )
    elif kind == "workshop":
        workshop = Workshop.objects.create(date=day, topic="Apresto", facilitator=user)
        workshop.attendees.set([person() for _ in range(extra % 3)])
    else:
        ProgrammeOffer.objects.create(
            company=company,
            programme=office["programme"],
            status=ProgrammeOffer.Status.values[extra % len(ProgrammeOffer.Status.values)],
            offered_on=day,
            offered_by=user,
        )


def shown(figures) -> dict:
    """Everything the dashboard shows, without the time it was computed."""
    return {
        "counters": figures.counters,
        "offers": figures.offers_by_status,
        "departments": figures.requests_by_department,
        "parks": figures.placements_by_park,
        "staff": figures.staff_activity,
        "trend": figures.trend,
        "surveys": figures.surveys_by_department,
    }
