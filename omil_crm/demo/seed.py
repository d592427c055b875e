"""Loads the demo: the Gulmué park with a year of history, and one account per role.

Idempotent: catalogues and accounts are matched by their natural keys and updated; the
history (visits, requests, meetings, referrals…) is generated only when the park has none,
so running it twice never duplicates anything. The morning's mail goes through the inbox's
own ingestion, which keeps each Message-ID once.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum.cl import rut as stdnum_rut

from companies.models import Company, Contact, FollowUp, IndustrialPark, Visit
from companies.services import (
    company_flag_create,
    follow_up_create,
    log_visit,
    visit_plan,
)
from events.models import EmployerEvent
from meetings.models import Meeting
from omil_crm.accounts.roles import apply_roles
from omil_crm.base.workdays import next_working_day
from omil_crm.demo import data
from omil_crm.demo.consents import load_consents
from omil_crm.demo.employer_events import load_employer_events
from omil_crm.demo.guidance import load_guidance
from omil_crm.demo.inclusion import load_inclusion
from omil_crm.demo.morning_mail import load_morning_mail
from omil_crm.demo.park_meetings import load_park_meetings
from requests_routing.models import Department, InboundEmail, RequestCategory, ServiceRequest
from requests_routing.services import (
    service_request_change_status,
    service_request_create,
    service_request_route,
)
from vacancies.consent_models import Consent
from vacancies.consent_services import consent_give
from vacancies.models import (
    Evaluation,
    JobSeeker,
    Programme,
    ProgrammeOffer,
    Referral,
    Vacancy,
    Workshop,
)
from vacancies.people_services import job_seeker_record_consent
from vacancies.services import referral_create, referral_move, vacancy_create

User = get_user_model()
STREETS = ["Los Aromos", "Las Acacias", "El Roble", "Los Boldos"]


def make_rut(rng: random.Random, low: int, high: int) -> str:
    number = str(rng.randint(low, high))
    return f"{number}-{stdnum_rut.calc_check_digit(number)}"


def aware(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def month_start(day: date, months_later: int) -> date:
    """The first day of the month `months_later` months after (or before) `day`'s."""
    index = day.year * 12 + day.month - 1 + months_later
    return date(index // 12, index % 12 + 1, 1)


def demo_contract(vacancy: Vacancy, hire_number: int) -> dict:
    """What a demo hire records of its contract, decided by its number (no random draw)."""
    fixed_term = vacancy.contract_type == Vacancy.Contract.FIXED_TERM
    months = None if not fixed_term or hire_number % 6 == 0 else (3, 6, 12)[hire_number % 3]
    return {"contract_months": months, "written_contract": hire_number % 5 != 0}


class DemoLoader:
    def __init__(self, *, seed: int = 2026):
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.users: dict[str, User] = {}

    @transaction.atomic
    def load(self) -> dict[str, int]:
        apply_roles()
        self.load_accounts()
        self.load_catalogues()
        self.load_park_and_companies()
        self.load_job_seekers()
        created_history = not Visit.objects.filter(company__park=self.park).exists()
        if created_history:
            self.load_history()
        load_guidance(
            today=self.today,
            staff=[self.users["psicologa"], self.users["encargado"]],
            people=self.job_seekers,
            rng=random.Random(17),
        )
        load_employer_events(
            today=self.today,
            park=self.park,
            companies=self.companies,
            staff=self.users["gestora"],
            psicologa=self.users["psicologa"],
            people=self.job_seekers,
            rng=random.Random(23),
        )
        load_inclusion(
            today=self.today,
            psicologa=self.users["psicologa"],
            gestora=self.users["gestora"],
            people=self.job_seekers,
            companies=self.companies,
            rng=random.Random(21),
        )
        load_morning_mail(park=self.park, companies=self.companies)
        load_consents(
            today=self.today,
            people=self.job_seekers,
            staff=[self.users["psicologa"], self.users["encargado"]],
            rng=random.Random(23),
        )
        return {
            "empresas": Company.objects.count(),
            "visitas": Visit.objects.count(),
            "solicitudes": ServiceRequest.objects.count(),
            "personas": JobSeeker.objects.count(),
            "vacantes": Vacancy.objects.count(),
            "reuniones": Meeting.objects.count(),
            "eventos": EmployerEvent.objects.count(),
            "correos por revisar": InboundEmail.objects.filter(
                triage_state=InboundEmail.TriageState.NEW
            ).count(),
        }

    # Accounts and catalogues -------------------------------------------------------------

    def load_accounts(self):
        for username, first, last, role, is_staff in data.DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo-concon.cl",
                    "is_staff": is_staff,
                },
            )
            if created:
                user.set_password(data.DEMO_PASSWORD)
                user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.users[username] = user

    def load_catalogues(self):
        departments = {}
        for name, email, head in data.DEPARTMENTS:
            departments[name], _ = Department.objects.update_or_create(
                name=name, defaults={"email": email, "head": head}
            )
        self.categories = []
        for name, department, sla, keywords in data.CATEGORIES:
            category, _ = RequestCategory.objects.update_or_create(
                name=name,
                defaults={
                    "department": departments[department],
                    "sla_working_days": sla,
                    "keywords": keywords,
                },
            )
            self.categories.append(category)
        self.programmes = []
        for name, kind, target, description in data.PROGRAMMES:
            programme, _ = Programme.objects.update_or_create(
                name=name, defaults={"kind": kind, "target": target, "description": description}
            )
            self.programmes.append(programme)

    def load_park_and_companies(self):
        rng = random.Random(7)
        self.park, _ = IndustrialPark.objects.update_or_create(
            name=data.PARK["name"],
            defaults={
                **{k: v for k, v in data.PARK.items() if k != "name"},
                "gestora": self.users["gestora"],
            },
        )
        self.companies = []
        for index, (legal, trade, sector, size) in enumerate(data.COMPANIES):
            owner = self.users["gestora"] if index % 3 else self.users["gestora2"]
            company, _ = Company.objects.update_or_create(
                rut=make_rut(rng, 76_000_000, 77_999_999),
                defaults={
                    "legal_name": legal,
                    "trade_name": trade,
                    "sector": sector,
                    "park": self.park,
                    "address": f"Calle {rng.choice(STREETS)} {rng.randint(100, 2500)}, Concón",
                    "comuna": self.park.comuna,
                    "latitude": data.company_location(index)[0],
                    "longitude": data.company_location(index)[1],
                    "phone": f"+56 32 2{rng.randint(100000, 999999)}",
                    "workforce_size": size,
                    "visiting_from": time(9, 0) if index % 4 else time(10, 0),
                    "visiting_until": time(13, 0) if index % 5 == 0 else time(17, 0),
                    "visiting_weekdays": "01234" if index % 6 else "13",
                    "owner": owner,
                    "status": Company.Status.INACTIVE if index == 39 else Company.Status.ACTIVE,
                },
            )
            self.companies.append(company)
            domain = slugify(trade).replace("-", "")
            for n in range(2 if index % 3 else 3):
                first = rng.choice(data.FIRST_NAMES)
                last = rng.choice(data.LAST_NAMES)
                Contact.objects.get_or_create(
                    company=company,
                    name=f"{first} {last}",
                    defaults={
                        "position": data.POSITIONS[(index + n) % len(data.POSITIONS)],
                        "email": f"{slugify(first)[0]}.{slugify(last)}@{domain}.cl",
                        "phone": f"+56 9 {rng.randint(5000, 9999)} {rng.randint(1000, 9999)}",
                    },
                )
        if self.park.representative_id is None:
            self.park.representative = self.companies[7].contacts.order_by("pk").first()
            self.park.save(update_fields=["representative"])

    def load_job_seekers(self):
        rng = random.Random(11)
        self.job_seekers = []
        for index in range(80):
            person, created = JobSeeker.objects.get_or_create(
                rut=make_rut(rng, 9_000_000, 24_999_999),
                defaults={
                    "first_name": rng.choice(data.FIRST_NAMES),
                    "last_name": f"{rng.choice(data.LAST_NAMES)} {rng.choice(data.LAST_NAMES)}",
                    "phone": f"+56 9 {rng.randint(5000, 9999)} {rng.randint(1000, 9999)}",
                    "comuna": rng.choice(data.COMUNAS),
                    "education": rng.choice(
                        ["secondary", "technical_secondary", "technical", "primary", "university"]
                    ),
                    "skills": ", ".join(rng.sample(data.SKILLS, 2)),
                    "availability": rng.choice(["Inmediata", "Turnos", "Solo diurno"]),
                    "birth_date": self.today - timedelta(days=rng.randint(19 * 365, 60 * 365)),
                    # Without drawing from rng, so the rest of the demo stays as it was.
                    "sex": "" if index % 9 == 4 else ("female" if index % 2 else "male"),
                    "registered_by": self.users["psicologa"],
                },
            )
            if created and index % 10:
                job_seeker_record_consent(
                    job_seeker=person,
                    purpose="Intermediación laboral: derivación a vacantes y programas SENCE",
                    recorded_by=self.users["psicologa"],
                    at=timezone.now() - timedelta(days=400),
                )
            self.job_seekers.append(person)

    # A year of history ------------------------------------------------------------------

    def load_history(self):
        self.load_meetings()
        self.load_visits()
        self.load_requests()
        self.load_vacancies_and_referrals()
        self.load_workshops_and_offers()
        self.load_flags()

    def staff_for(self, company):
        return company.owner or self.users["gestora"]

    def load_visits(self):
        rng = self.rng
        # The last four companies were never contacted, so the "sin contacto" lists show them.
        reachable = self.companies[:-4]
        for _ in range(260):
            company = rng.choice(reachable)
            day = self.today - timedelta(days=rng.randint(1, 365))
            log_visit(
                company=company,
                staff=self.staff_for(company),
                kind=rng.choice(["field", "field", "call", "email", "meeting"]),
                happened_at=aware(day, rng.randint(9, 16), rng.choice([0, 15, 30, 45])),
                summary=rng.choice(
                    [
                        "Reunión con RR.HH. sobre necesidades de personal para la temporada.",
                        "Se presentaron los programas SENCE y el Bono al Trabajo de la Mujer.",
                        "La empresa reporta problemas de iluminación en el acceso.",
                        "Seguimiento de candidatos derivados; dos quedaron en entrevista.",
                        "Llamada para confirmar asistencia a la reunión mensual del parque.",
                    ]
                ),
                contacts=list(company.contacts.all()[:1]),
                needs_detected=rng.choice(
                    ["", "Operarios de bodega", "Poda de árboles", "Capacitación en grúa horquilla"]
                ),
                next_step=rng.choice(
                    ["", "Enviar perfiles de candidatos", "Derivar solicitud a Aseo y Ornato"]
                ),
            )
        day = self.today
        for offset in range(12):
            company = rng.choice(reachable)
            if offset % 2 == 0:
                day = next_working_day(day + timedelta(days=1 if offset else 0))
            hour = company.visiting_from.hour + 1 + offset % 2 if company.visiting_from else 10
            visit_plan(
                company=company,
                staff=self.staff_for(company),
                planned_for=aware(day, hour),
                next_step="Revisar vacantes del próximo trimestre",
            )
        for index, company in enumerate(reachable[:14]):
            follow_up = follow_up_create(
                company=company,
                title=rng.choice(
                    [
                        "Enviar perfiles de candidatos",
                        "Confirmar poda con Aseo",
                        "Llevar formulario de Aprendices",
                        "Llamar por vacante nueva",
                    ]
                ),
                assigned_to=self.staff_for(company),
                due_date=self.today + timedelta(days=index - 5),
                created_by=self.users["encargado"],
            )
            # Demo history: created over the last two weeks; of last week's, some were done
            # on their day and some are still overdue.
            done = {}
            if index in (0, 2, 3):
                done = {
                    "done_at": aware(follow_up.due_date - timedelta(days=index % 2), 12 + index),
                    "done_by": self.staff_for(company),
                }
            FollowUp.objects.filter(pk=follow_up.pk).update(
                created_at=aware(self.today - timedelta(days=12 - index // 2), 9), **done
            )
        for index, company in enumerate(reachable[14:20]):
            # Older follow-ups, done weeks ago, each on its own day.
            due = self.today - timedelta(days=20 + 9 * index)
            follow_up = follow_up_create(
                company=company,
                title=rng.choice(
                    [
                        "Enviar bases del Subsidio al Empleo Joven",
                        "Confirmar entrevistas de candidatos derivados",
                        "Pedir a Obras fecha de reparación de luminarias",
                    ]
                ),
                assigned_to=self.staff_for(company),
                due_date=due,
                created_by=self.staff_for(company),
            )
            FollowUp.objects.filter(pk=follow_up.pk).update(
                created_at=aware(due - timedelta(days=10), 10),
                done_at=aware(due - timedelta(days=rng.randint(0, 3)), rng.randint(9, 17)),
                done_by=self.staff_for(company),
            )

    def load_requests(self):
        rng = self.rng
        recent_statuses = ["received", "routed", "in_progress", "in_progress", "resolved"]
        old_statuses = ["closed", "closed", "closed", "resolved", "rejected", "in_progress"]
        previous = None
        for index in range(90):
            company = rng.choice(self.companies[:-4])
            category = rng.choice(self.categories)
            subject, description = data.REQUEST_SUBJECTS[category.name]
            # The last few arrived these days and still wait to be routed.
            age = rng.randint(0, 360) if index < 87 else rng.randint(0, 3)
            received = aware(self.today - timedelta(days=age), rng.randint(8, 17))
            received = min(received, timezone.now() - timedelta(hours=1))
            request = service_request_create(
                company=company,
                contact=company.contacts.order_by("pk").first(),
                category=category,
                subject=subject,
                description=description,
                place=company.address,
                channel=rng.choice(["email", "email", "visit", "phone", "meeting"]),
                created_by=self.users["administrativa"],
                received_at=received,
            )
            # Like a real office: old requests are mostly settled, recent ones still moving.
            target = rng.choice(old_statuses if age > 45 else recent_statuses)
            if index >= 87:
                target = "received"
            if index % 23 == 22 and previous is not None:
                target = "duplicate"
            self.advance_request(request, target, received, previous)
            previous = request

    def advance_request(self, request, target, received, previous):
        path = {
            "received": [],
            "routed": ["routed"],
            "in_progress": ["routed", "in_progress"],
            "resolved": ["routed", "in_progress", "resolved"],
            "closed": ["routed", "in_progress", "resolved", "closed"],
            "rejected": ["rejected"],
            "duplicate": ["duplicate"],
        }[target]
        moment = received
        for status in path:
            moment += timedelta(days=self.rng.randint(1, 12))
            moment = min(moment, timezone.now())
            if status == "routed":
                service_request_route(
                    request=request,
                    actor=self.users["administrativa"],
                    at=moment,
                    send_emails=False,
                )
                continue
            service_request_change_status(
                request=request,
                status=status,
                actor=self.users["administrativa"],
                at=moment,
                duplicate_of=previous if status == "duplicate" else None,
                send_emails=False,
                note={
                    "routed": f"Derivada a {request.department}.",
                    "rejected": "No corresponde a un servicio municipal.",
                    "duplicate": "Ya estaba registrada.",
                    "resolved": f"{request.department} informó que el trabajo quedó hecho.",
                }.get(status, ""),
            )

    def load_vacancies_and_referrals(self):
        """Thirty vacancies with their candidates; most hires carry what SENCE verifies, a few
        lack a written contract or the length of a fixed term (to complete for SENCE)."""
        rng = self.rng
        consenting = [person for person in self.job_seekers if person.has_consent]
        hires = 0
        for index in range(30):
            company = rng.choice(self.companies[:-4])
            title, shift, low, high = rng.choice(data.VACANCY_TITLES)
            opened = self.today - timedelta(days=rng.randint(0, 340))
            vacancy = vacancy_create(
                company=company,
                title=title,
                positions=rng.randint(1, 4),
                requirements="Enseñanza media completa; disponibilidad para turnos.",
                shift=shift,
                salary_min=low,
                salary_max=high,
                opened_on=opened,
                closing_date=opened + timedelta(days=30),
                captured_by=self.staff_for(company),
                # Some offers were also published on the Bolsa Nacional de Empleo.
                bne_code=str(4_512_000 + 137 * index) if index % 4 == 0 else "",
            )
            candidates = rng.sample(consenting, rng.randint(2, 6))
            for person in candidates:
                vacancy.refresh_from_db()
                if vacancy.status != Vacancy.Status.OPEN:
                    break
                at = aware(opened + timedelta(days=rng.randint(1, 10)), 11)
                at = min(at, timezone.now())
                referral = referral_create(
                    job_seeker=person, vacancy=vacancy, referred_by=self.users["psicologa"], at=at
                )
                if index % 2 == 0:
                    self.share_profile(person, company, at)
                outcome = rng.choice(
                    ["referred", "interview", "hired", "hired", "not_selected", "withdrawn"]
                )
                if outcome == "referred":
                    continue
                moved = min(at + timedelta(days=3), timezone.now())
                if outcome in ("interview", "hired"):
                    referral_move(
                        referral=referral,
                        stage="interview",
                        changed_by=self.users["psicologa"],
                        at=moved,
                    )
                if outcome == "hired":
                    hires += 1
                    referral_move(
                        referral=referral,
                        stage="hired",
                        changed_by=self.users["psicologa"],
                        at=min(moved + timedelta(days=4), timezone.now()),
                        **demo_contract(vacancy, hires),
                    )
                elif outcome in ("not_selected", "withdrawn"):
                    referral_move(
                        referral=referral,
                        stage=outcome,
                        changed_by=self.users["psicologa"],
                        at=moved,
                    )
                if index % 3 == 0:
                    Evaluation.objects.create(
                        job_seeker=person,
                        referral=referral,
                        psychologist=self.users["psicologa"],
                        evaluated_on=timezone.localdate(at),
                        result=rng.choice([r for r, _ in Evaluation.Result.choices]),
                        notes="Entrevista por competencias; disposición a trabajar en turnos.",
                    )
            if index % 7 == 6 and vacancy.status == Vacancy.Status.OPEN:
                vacancy.status = Vacancy.Status.CLOSED
                vacancy.save(update_fields=["status"])
        self.referral_count = Referral.objects.count()

    def share_profile(self, person, company, at):
        """Half the candidates agree that the company sees their profile on its portal."""
        live = Consent.objects.filter(job_seeker=person, company=company, withdrawn_at__isnull=True)
        if not live.exists():
            consent_give(
                job_seeker=person,
                purpose=Consent.Purpose.SHARE_PROFILE,
                company=company,
                method=Consent.Method.IN_PERSON,
                recorded_by=self.users["psicologa"],
                given_at=at,
            )

    def load_workshops_and_offers(self):
        rng = self.rng
        for month in range(12):
            workshop = Workshop.objects.create(
                date=self.today - timedelta(days=30 * month + 5),
                topic=rng.choice(
                    [
                        "Cómo enfrentar una entrevista laboral",
                        "Elaboración de currículum",
                        "Derechos laborales",
                        "Búsqueda de empleo en línea",
                    ]
                ),
                facilitator=self.users["psicologa"],
                place="Sala de capacitación OMIL",
            )
            workshop.attendees.set(rng.sample(self.job_seekers, rng.randint(6, 14)))
        for _ in range(26):
            ProgrammeOffer.objects.create(
                company=rng.choice(self.companies),
                programme=rng.choice(self.programmes),
                status=rng.choice([s for s, _ in ProgrammeOffer.Status.choices]),
                workers_involved=rng.randint(0, 12),
                offered_on=self.today - timedelta(days=rng.randint(0, 360)),
                offered_by=self.users["gestora"],
                notes="Presentado en visita a la empresa.",
            )

    def load_meetings(self):
        # A year of monthly meetings and next month's, still to come.
        load_park_meetings(
            park=self.park,
            months=[month_start(self.today, -back) for back in range(11, -2, -1)],
            companies=self.companies,
            gestora=self.users["gestora"],
            rng=self.rng,
        )

    def load_flags(self):
        for legal_name, note in [
            ("Centro Logístico Bahía Norte SpA", "Se instaló en el lote 14; aún sin contacto."),
            ("Industrias Metalúrgicas Lote 22 Ltda.", "Inicia operaciones el próximo mes."),
        ]:
            if not Company.objects.filter(legal_name=legal_name).exists():
                company_flag_create(
                    flagged_by=self.users["alcaldia"],
                    legal_name=legal_name,
                    park=self.park,
                    address="Parque Industrial Gulmué, Concón",
                    note=note,
                )


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, password, role) of each demo account, for the console and the README."""
    return [
        (username, data.DEMO_PASSWORD, role)
        for username, _first, _last, role, _staff in data.DEMO_ACCOUNTS
    ]


__all__ = ["DemoLoader", "demo_accounts"]
