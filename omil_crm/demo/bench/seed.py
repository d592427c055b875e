"""A dataset the size of a hundred offices over five years, for the scale benchmark.

Rows are generated in memory with a seeded random generator (the same scale gives the same
data) and written with PostgreSQL COPY: the ORM, one row at a time, would take hours for the
two million rows of the full scale. Ids are assigned here, so every foreign key is known
without reading rows back; the sequences are moved past them at the end. Nothing here goes
through the services: the data describes years of work already done, not operations to run.
"""

import hashlib
import random
import secrets
import time
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from stdnum.cl import rut as stdnum_rut

from companies.models import (
    Company,
    CompanyFlag,
    Contact,
    FollowUp,
    IndustrialPark,
    Sector,
    Visit,
)
from meetings.models import Agreement, Attendance, Meeting
from omil_crm.accounts import roles
from omil_crm.demo import data as demo_data
from omil_crm.demo.bench import vocabulary as words
from omil_crm.models import CalendarFeedToken, Notification
from requests_routing.models import (
    Department,
    InboundEmail,
    ReferenceCounter,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)
from vacancies.models import (
    Evaluation,
    JobSeeker,
    Placement,
    Programme,
    ProgrammeOffer,
    Referral,
    ReferralStageChange,
    Vacancy,
    Workshop,
)

SANTIAGO = ZoneInfo("America/Santiago")
BENCH_PASSWORD = "omil-bench-2026"
YEARS = 5

# Rows at scale 1.0: what a hundred offices accumulate in about five years.
FULL_SCALE = {
    "parks": 20,
    "companies": 20_000,
    "contacts": 60_000,
    "visits": 500_000,
    "follow_ups": 120_000,
    "requests": 100_000,
    "job_seekers": 100_000,
    "vacancies": 50_000,
    "referrals": 300_000,
    "evaluations": 30_000,
    "workshops": 2_500,
    "offers": 15_000,
    "flags": 400,
}

# Staff of each park, by role; a few hundred people at full scale.
STAFF_PER_PARK = {
    roles.GESTORA: 8,
    roles.ADMINISTRATIVA: 4,
    roles.PSICOLOGA: 2,
    roles.ENCARGADO: 1,
    roles.ALCALDIA: 1,
}


class SeedError(Exception):
    """A condition that stops the seeding, with a message for the person who ran it."""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def rut_with_check_digit(number: int) -> str:
    return f"{number}-{stdnum_rut.calc_check_digit(str(number))}"


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(char for char in plain.lower() if char.isalnum())


@dataclass
class Staff:
    """The ids of the generated staff, by role and by park."""

    by_role: dict[str, list[int]] = field(default_factory=dict)
    by_park: list[dict[str, list[int]]] = field(default_factory=list)
    emails: dict[int, str] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


class Writer:
    """COPY rows of one model into its table and report how long it took."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def next_id(self, model) -> int:
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def _filled_fields(self, model, names: list[str]):
        """The NOT NULL columns the caller left out, with their (constant) defaults."""
        extra_fields, extra_values = [], []
        now = timezone.now()
        for model_field in model._meta.concrete_fields:
            if model_field.primary_key or model_field.name in names:
                continue
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                value = now
            elif model_field.has_default():
                value = model_field.get_default()
            elif model_field.null:
                continue
            else:
                value = model_field.get_default()
            if value is None and not model_field.null:
                raise SeedError(f"Falta un valor para {model.__name__}.{model_field.name}.")
            extra_fields.append(model_field)
            extra_values.append(value)
        return extra_fields, tuple(extra_values)

    def copy(self, model, names: list[str], rows: Iterable[tuple], label: str = "") -> int:
        meta = model._meta
        quote = connection.ops.quote_name
        extra_fields, extra_values = self._filled_fields(model, names)
        columns = [meta.get_field(name).column for name in names]
        columns += [extra.column for extra in extra_fields]
        sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        started = time.monotonic()
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + extra_values if extra_values else row)
                written += 1
        elapsed = time.monotonic() - started
        label = label or meta.db_table
        self.counts[label] = self.counts.get(label, 0) + written
        self.seconds[label] = self.seconds.get(label, 0.0) + elapsed
        self.report(f"  {label:<38} {written:>9} filas  {elapsed:6.1f} s")
        return written


class BenchSeeder:
    """Generates the benchmark dataset at `scale` (1.0 = a hundred offices, five years)."""

    def __init__(self, *, scale: float = 1.0, seed: int = 2026, report=print):
        if scale <= 0:
            raise SeedError("La escala debe ser mayor que cero.")
        self.scale = scale
        self.rng = random.Random(seed)
        self.report = report
        self.writer = Writer(report)
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first_day = self.today - timedelta(days=365 * YEARS)
        self.days = (self.today - self.first_day).days
        self.staff = Staff()

    # Sizes and small random helpers -------------------------------------------------------

    def size(self, key: str, minimum: int = 1) -> int:
        return max(minimum, round(FULL_SCALE[key] * self.scale))

    def day_ago(self, low: int, high: int) -> date:
        """A day between `high` and `low` days ago (negative numbers are in the future)."""
        return self.today - timedelta(days=self.rng.randint(low, high))

    def past_day(self) -> date:
        return self.first_day + timedelta(days=self.rng.randrange(self.days))

    def at_work(self, day: date) -> datetime:
        """A moment of office hours on `day`, Santiago time."""
        rng = self.rng
        return datetime(
            day.year, day.month, day.day, rng.randint(8, 17), rng.choice((0, 15, 30, 45)),
            tzinfo=SANTIAGO,
        )  # fmt: skip

    def person_name(self) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(words.FIRST_NAMES)
        last = f"{rng.choice(words.LAST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        return first, last

    def phone(self) -> str:
        return f"+56 9 {self.rng.randint(2000, 9999)} {self.rng.randint(1000, 9999)}"

    def weighted_picker(self, count: int, sigma: float = 0.9):
        """Indexes 0..count-1 drawn with a skew: a few busy ones, many quiet ones."""
        rng = self.rng
        cumulative = list(accumulate(rng.lognormvariate(0, sigma) for _ in range(count)))
        total = cumulative[-1]

        def pick() -> int:
            return min(bisect_left(cumulative, rng.random() * total), count - 1)

        return pick

    # The whole run -------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        started = time.monotonic()
        self.report(f"Generando el conjunto de prueba (escala {self.scale:g})…")
        self.catalogues()
        self.users()
        self.parks_and_companies()
        self.contacts()
        self.visits()
        self.meetings_plan()
        self.follow_ups()
        self.meetings_write()
        self.service_requests()
        self.job_seekers()
        self.workshops()
        self.vacancies()
        self.referrals()
        self.evaluations_and_offers()
        self.flags_and_notifications()
        self.finish()
        self.report(f"Conjunto de prueba listo en {time.monotonic() - started:.0f} s.")
        return dict(self.writer.counts)

    # Catalogues (a handful of rows, through the ORM) ---------------------------------------

    def catalogues(self):
        for name, email, head in demo_data.DEPARTMENTS:
            Department.objects.get_or_create(name=name, defaults={"email": email, "head": head})
        departments = {d.name: d for d in Department.objects.all()}
        for name, department, sla, keywords in demo_data.CATEGORIES:
            RequestCategory.objects.get_or_create(
                name=name,
                defaults={
                    "department": departments[department],
                    "sla_working_days": sla,
                    "keywords": keywords,
                },
            )
        self.categories = list(RequestCategory.objects.select_related("department").order_by("pk"))
        for name, kind, target, description in demo_data.PROGRAMMES:
            Programme.objects.get_or_create(
                name=name, defaults={"kind": kind, "target": target, "description": description}
            )
        self.programme_ids = list(Programme.objects.values_list("pk", flat=True))

    # Staff ----------------------------------------------------------------------------------

    def users(self):
        user_model = get_user_model()
        groups = dict(Group.objects.values_list("name", "pk"))
        missing = [role for role in roles.ROLE_NAMES if role not in groups]
        if missing:
            raise SeedError(
                "Faltan los grupos de roles; ejecute primero «python manage.py migrate»."
            )
        password = make_password(BENCH_PASSWORD)
        parks = self.size("parks")
        next_id = self.writer.next_id(user_model)
        users, memberships = [], []
        self.staff.by_role = {role: [] for role in roles.ROLE_NAMES}
        for park in range(parks):
            park_staff = {}
            for role, per_park in STAFF_PER_PARK.items():
                ids = []
                for number in range(per_park):
                    first, last = self.person_name()
                    surname = last.split()[0]
                    username = f"{ascii_slug(first)[:1]}{ascii_slug(surname)}.p{park + 1:02d}"
                    username += f"{ascii_slug(role)[:3]}{number + 1}"
                    email = f"{username}@omil-bench.cl"
                    is_staff = role in (roles.ENCARGADO, roles.ALCALDIA)
                    joined = self.at_work(self.first_day)
                    users.append(
                        (next_id, password, username, first, last, email, is_staff, joined)
                    )
                    memberships.append((next_id, groups[role]))
                    self.staff.emails[next_id] = email
                    self.staff.names[next_id] = f"{first} {last}"
                    ids.append(next_id)
                    next_id += 1
                park_staff[role] = ids
                self.staff.by_role[role].extend(ids)
            self.staff.by_park.append(park_staff)
        self.writer.copy(
            user_model,
            ["id", "password", "username", "first_name", "last_name", "email", "is_staff",
             "date_joined"],
            users,
            label="usuarios",
        )  # fmt: skip
        self.writer.copy(
            user_model.groups.through, ["user", "group"], memberships, label="usuarios × roles"
        )

    def office_staff(self, park: int | None, role: str) -> int:
        """A staff member of `role`, from the park's office when there is one."""
        if park is None:
            return self.rng.choice(self.staff.by_role[role])
        return self.rng.choice(self.staff.by_park[park][role])

    # Parks and companies --------------------------------------------------------------------

    def parks_and_companies(self):
        rng = self.rng
        parks = self.size("parks")
        first_park = self.writer.next_id(IndustrialPark)
        park_rows = []
        for index in range(parks):
            name, comuna = words.PARKS[index % len(words.PARKS)]
            if index >= len(words.PARKS):
                name = f"{name} {index // len(words.PARKS) + 1}"
            gestora = self.staff.by_park[index][roles.GESTORA][0]
            address = f"{rng.choice(words.STREETS)} {rng.randint(100, 9999)}, {comuna}"
            park_rows.append(
                (first_park + index, name, comuna, address, gestora, "Sala de reuniones del parque")
            )
        self.writer.copy(
            IndustrialPark,
            ["id", "name", "comuna", "address", "gestora", "meeting_place"],
            park_rows,
            label="parques",
        )
        self.park_ids = [row[0] for row in park_rows]
        self.park_comunas = [row[2] for row in park_rows]

        count = self.size("companies", minimum=parks)
        first_id = self.writer.next_id(Company)
        numbers = rng.sample(range(76_000_000, 78_000_000), count)
        sectors = Sector.values
        statuses = ["active"] * 70 + ["to_visit"] * 15 + ["inactive"] * 12 + ["flagged"] * 3
        self.company_park: list[int | None] = []
        self.company_owner: list[int] = []
        self.company_ids = list(range(first_id, first_id + count))
        self.park_companies: list[list[int]] = [[] for _ in range(parks)]
        rows = []
        for index in range(count):
            # Every park gets companies first; then one in ten is outside any park.
            in_park = index < parks or rng.random() >= 0.1
            park = (index if index < parks else rng.randrange(parks)) if in_park else None
            owner = self.office_staff(park, roles.GESTORA)
            self.company_park.append(park)
            self.company_owner.append(owner)
            if park is not None:
                self.park_companies[park].append(index)
            core = rng.choice(words.COMPANY_CORES)
            place = rng.choice(words.COMPANY_PLACES)
            legal_name = f"{core} {place} {rng.choice(words.LEGAL_FORMS)}"
            trade_name = (
                f"{core.split()[0][:6]}{place.split()[-1][:5]}" if rng.random() < 0.7 else ""
            )
            comuna = self.park_comunas[park] if park is not None else rng.choice(words.COMUNAS)
            address = f"{rng.choice(words.STREETS)} {rng.randint(10, 9999)}, {comuna}"
            domain = ascii_slug(f"{core}{place}")[:20]
            created = self.at_work(self.past_day())
            hours = rng.random() < 0.6
            rows.append(
                (
                    first_id + index,
                    rut_with_check_digit(numbers[index]),
                    legal_name,
                    trade_name,
                    rng.choice(sectors),
                    self.park_ids[park] if park is not None else None,
                    address,
                    f"+56 {rng.randint(22, 75)} {rng.randint(2000000, 2999999)}",
                    f"contacto@{domain}{index}.cl",
                    rng.randint(5, 600),
                    "01234",
                    clock(8) if hours else None,
                    clock(rng.choice((13, 16, 17))) if hours else None,
                    rng.choice(statuses),
                    owner,
                    created,
                    created,
                )
            )
        self.writer.copy(
            Company,
            ["id", "rut", "legal_name", "trade_name", "sector", "park", "address", "phone",
             "email", "workforce_size", "visiting_weekdays", "visiting_from", "visiting_until",
             "status", "owner", "created_at", "updated_at"],
            rows,
            label="empresas",
        )  # fmt: skip
        self.pick_company = self.weighted_picker(count)

    def contacts(self):
        rng = self.rng
        count = self.size("contacts")
        companies = len(self.company_ids)
        first_id = self.writer.next_id(Contact)
        # How many contacts each company has: one at least, the rest spread with a skew.
        per_company = [1] * companies
        for _ in range(max(0, count - companies)):
            per_company[self.pick_company()] += 1
        self.company_contacts: list[range] = []
        rows = []
        next_id = first_id
        for index, how_many in enumerate(per_company):
            self.company_contacts.append(range(next_id, next_id + how_many))
            for _ in range(how_many):
                first, last = self.person_name()
                email = f"{ascii_slug(first)}.{ascii_slug(last.split()[0])}{next_id}@empresa.cl"
                rows.append(
                    (
                        next_id,
                        self.company_ids[index],
                        f"{first} {last}",
                        rng.choice(demo_data.POSITIONS),
                        email,
                        self.phone(),
                        rng.random() > 0.1,
                    )
                )
                next_id += 1
        self.contact_email = {row[0]: row[4] for row in rows}
        self.writer.copy(
            Contact,
            ["id", "company", "name", "position", "email", "phone", "is_active"],
            rows,
            label="contactos",
        )
        # Each park's representative works for one of its companies.
        for park, company_indexes in enumerate(self.park_companies):
            representative = self.company_contacts[company_indexes[0]][0]
            IndustrialPark.objects.filter(pk=self.park_ids[park]).update(
                representative_id=representative
            )

    # Visits ---------------------------------------------------------------------------------

    def visits(self):
        rng = self.rng
        count = self.size("visits")
        first_id = self.writer.next_id(Visit)
        kinds = ["field"] * 45 + ["call"] * 30 + ["email"] * 15 + ["meeting"] * 10
        rows, visit_contacts = [], []
        for offset in range(count):
            visit_id = first_id + offset
            company = self.pick_company()
            park = self.company_park[company]
            staff = (
                self.company_owner[company]
                if rng.random() < 0.7
                else self.office_staff(park, roles.GESTORA)
            )
            kind = rng.choice(kinds)
            roll = rng.random()
            if roll < 0.012:
                # Planned: from a few days ago (not yet done) to six weeks ahead.
                planned = self.at_work(self.day_ago(-42, 5))
                status, happened = "planned", None
                created = planned - timedelta(days=rng.randint(1, 20))
            else:
                happened = self.at_work(self.past_day())
                planned = happened if kind == "field" and rng.random() < 0.5 else None
                status = "cancelled" if roll > 0.985 else "done"
                if status == "cancelled":
                    planned, happened = planned or happened, None
                created = (happened or planned) + timedelta(hours=rng.randint(0, 30))
            summary = rng.choice(words.VISIT_SUMMARIES) if status == "done" else ""
            rows.append(
                (
                    visit_id,
                    self.company_ids[company],
                    staff,
                    kind,
                    status,
                    planned,
                    happened,
                    summary,
                    rng.choice(words.NEEDS) if status == "done" else "",
                    rng.choice(words.NEXT_STEPS),
                    min(created, self.now),
                )
            )
            if status == "done" and kind in ("field", "meeting") and rng.random() < 0.5:
                visit_contacts.append((visit_id, rng.choice(self.company_contacts[company])))
        self.writer.copy(
            Visit,
            ["id", "company", "staff", "kind", "status", "planned_for", "happened_at", "summary",
             "needs_detected", "next_step", "created_at"],
            rows,
            label="visitas",
        )  # fmt: skip
        self.writer.copy(
            Visit.contacts.through,
            ["visit", "contact"],
            visit_contacts,
            label="visitas × contactos",
        )
        self.visit_ids = (first_id, first_id + count)

    # Meetings (planned before the follow-ups, which include the agreements') ---------------

    def meetings_plan(self):
        rng = self.rng
        self.meeting_rows, self.attendance_rows, self.agreement_rows = [], [], []
        self.agreement_follow_ups = []
        meeting_id = self.writer.next_id(Meeting)
        attendance_id = self.writer.next_id(Attendance)
        agreement_id = self.writer.next_id(Agreement)
        self.follow_up_next_id = self.writer.next_id(FollowUp)
        month = self.first_day.replace(day=1)
        months = []
        while month <= self.today + timedelta(days=62):
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        for park, park_id in enumerate(self.park_ids):
            gestoras = self.staff.by_park[park][roles.GESTORA]
            companies = self.park_companies[park]
            representative = self.company_contacts[companies[0]][0]
            for cycle_month in months:
                day = cycle_month + timedelta(days=(2 - cycle_month.weekday()) % 7 + 7)
                kind, title = "monthly", f"Reunión mensual {cycle_month:%m-%Y}"
                self._meeting(meeting_id, park, park_id, kind, title, day, cycle_month)
                self._attendance(attendance_id, meeting_id, day, gestoras[:2], representative, park)
                attendance_id += 8
                if day < self.today:
                    for _ in range(rng.randint(2, 4)):
                        self._agreement(agreement_id, meeting_id, day, park)
                        agreement_id += 1
                meeting_id += 1
                if rng.random() < 0.35:
                    day = cycle_month + timedelta(days=rng.randint(1, 27))
                    title = f"Desayuno empresarial {cycle_month:%m-%Y}"
                    self._meeting(meeting_id, park, park_id, "breakfast", title, day, None)
                    self._attendance(
                        attendance_id, meeting_id, day, gestoras[:1], representative, park
                    )
                    attendance_id += 8
                    meeting_id += 1

    def _meeting(self, meeting_id, park, park_id, kind, title, day, cycle_month):
        starts = datetime(day.year, day.month, day.day, 9, 0, tzinfo=SANTIAGO)
        if day >= self.today:
            status = "scheduled"
        else:
            status = "cancelled" if self.rng.random() < 0.03 else "held"
        minutes = ""
        if status == "held":
            minutes = "Se revisaron las solicitudes pendientes y las vacantes del mes."
        self.meeting_rows.append(
            (
                meeting_id, park_id, kind, title, cycle_month, starts, starts + timedelta(hours=2),
                "Sala de reuniones del parque", status,
                "1. Solicitudes pendientes\n2. Vacantes y programas\n3. Varios", minutes,
                self.staff.by_park[park][roles.GESTORA][0],
                min(starts, self.now),
            )
        )  # fmt: skip

    def _attendance(self, first_id, meeting_id, day, gestoras, representative, park):
        """Up to eight invitations: the park's gestoras, its representative and contacts."""
        rng = self.rng
        held = day < self.today
        rows = [(meeting_id, None, staff, held) for staff in gestoras]
        contacts = {representative}
        companies = self.park_companies[park]
        for _ in range(8 - len(rows) - 1):
            contacts.add(rng.choice(self.company_contacts[rng.choice(companies)]))
        rows += [(meeting_id, contact, None, held and rng.random() < 0.8) for contact in contacts]
        for offset, row in enumerate(rows[:8]):
            self.attendance_rows.append((first_id + offset, *row))

    def _agreement(self, agreement_id, meeting_id, day, park):
        rng = self.rng
        responsible = rng.choice(self.staff.by_park[park][roles.GESTORA])
        company = rng.choice(self.park_companies[park])
        due = day + timedelta(days=rng.randint(14, 30))
        done = due < self.today - timedelta(days=7) and rng.random() < 0.92
        follow_up_id = self.follow_up_next_id
        self.follow_up_next_id += 1
        description = f"Gestionar {rng.choice(words.NEEDS) or 'la visita de SENCE al parque.'}"
        self.agreement_rows.append(
            (
                agreement_id,
                meeting_id,
                description,
                self.company_ids[company],
                responsible,
                due,
                "done" if done else "open",
                follow_up_id,
            )
        )
        done_at = self.at_work(min(due, self.today)) if done else None
        self.agreement_follow_ups.append(
            (follow_up_id, company, f"Acuerdo: {description}"[:200], responsible, due, done_at,
             agreement_id, self.at_work(day))
        )  # fmt: skip

    def meetings_write(self):
        self.writer.copy(
            Meeting,
            ["id", "park", "kind", "title", "cycle_month", "starts_at", "ends_at", "place",
             "status", "agenda", "minutes", "created_by", "updated_at"],
            self.meeting_rows,
            label="reuniones",
        )  # fmt: skip
        self.writer.copy(
            Attendance,
            ["id", "meeting", "contact", "staff", "attended"],
            self.attendance_rows,
            label="asistencias",
        )
        self.writer.copy(
            Agreement,
            ["id", "meeting", "description", "company", "responsible", "due_date", "status",
             "follow_up"],
            self.agreement_rows,
            label="acuerdos",
        )  # fmt: skip

    # Follow-ups -----------------------------------------------------------------------------

    def follow_ups(self):
        rng = self.rng
        count = self.size("follow_ups")
        agreement_type = ContentType.objects.get_for_model(Agreement).pk
        rows = []
        for (
            follow_up_id,
            company,
            title,
            who,
            due,
            done_at,
            agreement,
            created,
        ) in self.agreement_follow_ups:
            rows.append(
                (follow_up_id, self.company_ids[company], title, who, due, done_at,
                 who if done_at else None, who, created, agreement_type, agreement)
            )  # fmt: skip
        next_id = self.follow_up_next_id
        for _ in range(count):
            company = self.pick_company()
            park = self.company_park[company]
            if rng.random() < 0.8:
                who = self.company_owner[company]
            else:
                who = self.office_staff(park, roles.ADMINISTRATIVA)
            due = self.day_ago(-45, self.days)
            if due < self.today - timedelta(days=7):
                done = rng.random() < 0.97
            else:
                done = rng.random() < 0.15
            created = self.at_work(due - timedelta(days=rng.randint(1, 20)))
            done_at = self.at_work(min(due, self.today)) if done else None
            rows.append(
                (next_id, self.company_ids[company], rng.choice(words.FOLLOW_UP_TITLES), who, due,
                 done_at, who if done else None, who, min(created, self.now), None, None)
            )  # fmt: skip
            next_id += 1
        self.writer.copy(
            FollowUp,
            ["id", "company", "title", "assigned_to", "due_date", "done_at", "done_by",
             "created_by", "created_at", "source_type", "source_id"],
            rows,
            label="seguimientos",
        )  # fmt: skip

    # Service requests, their timeline and the inbox -----------------------------------------

    def service_requests(self):
        rng = self.rng
        count = self.size("requests")
        first_id = self.writer.next_id(ServiceRequest)
        # Chronological ids, so references count up within each year as they would.
        received = sorted(self.at_work(self.past_day()) for _ in range(count))
        numbers: dict[int, int] = {}
        rows, events, emails = [], [], []
        event_id = self.writer.next_id(RequestEvent)
        email_id = self.writer.next_id(InboundEmail)
        channels = ["email"] * 55 + ["visit"] * 20 + ["phone"] * 15 + ["meeting"] * 10
        for offset, received_at in enumerate(received):
            request_id = first_id + offset
            company = self.pick_company()
            park = self.company_park[company]
            category = rng.choice(self.categories)
            contact = rng.choice(self.company_contacts[company])
            year = received_at.year
            numbers[year] = numbers.get(year, 0) + 1
            reference = f"SOL-{year}-{numbers[year]:05d}"
            owner = (
                self.office_staff(park, roles.ADMINISTRATIVA)
                if rng.random() < 0.6
                else self.company_owner[company]
            )
            # Working days, roughly: seven calendar days for every five working ones.
            due = received_at.date() + timedelta(days=category.sla_working_days * 7 // 5)
            status, resolved_at, closed_at = self._request_outcome(received_at)
            duplicate_of = None
            if status == "duplicate":
                if offset == 0:
                    status = "rejected"
                else:
                    duplicate_of = first_id + rng.randrange(offset)
            subject, description = demo_data.REQUEST_SUBJECTS.get(
                category.name, (category.name, "Solicitud de la empresa.")
            )
            channel = rng.choice(channels)
            rows.append(
                (request_id, reference, self.company_ids[company], contact, category.pk,
                 category.department_id, channel, subject, description, rng.choice(words.PLACES),
                 status, received_at, due, owner, resolved_at, closed_at, duplicate_of, owner,
                 closed_at or resolved_at or received_at)
            )  # fmt: skip
            for event in self._request_events(
                request_id, received_at, status, owner, category, resolved_at, closed_at
            ):
                events.append((event_id, *event))
                event_id += 1
            if channel == "email":
                emails.append(
                    self._email_row(
                        email_id, company, contact, subject, description, received_at,
                        state="request_created", request_id=request_id, category=category.pk,
                        triaged_by=owner,
                    )
                )  # fmt: skip
                email_id += 1
        self.writer.copy(
            ServiceRequest,
            ["id", "reference", "company", "contact", "category", "department", "channel",
             "subject", "description", "place", "status", "received_at", "due_date", "owner",
             "resolved_at", "closed_at", "duplicate_of", "created_by", "updated_at"],
            rows,
            label="solicitudes",
        )  # fmt: skip
        for year, last in numbers.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last_number": last})
        self.writer.copy(
            RequestEvent,
            ["id", "request", "kind", "actor", "created_at", "from_status", "to_status", "text",
             "email_to", "email_sent_at"],
            events,
            label="eventos de solicitud",
        )  # fmt: skip
        emails.extend(self._untriaged_emails(email_id, max(40, count // 60)))
        self.writer.copy(
            InboundEmail,
            ["id", "message_id", "content_hash", "sender", "sender_name", "to", "subject",
             "sent_at", "received_at", "text_body", "html_body", "raw", "triage_state",
             "triage_note", "failure_reason", "matched_company", "matched_contact",
             "suggested_category", "service_request", "triaged_by", "triaged_at"],
            emails,
            label="correos recibidos",
        )  # fmt: skip

    def _request_outcome(self, received_at: datetime):
        """Status and dates of a request by its age: old ones are mostly finished."""
        rng = self.rng
        age = (self.now - received_at).days
        roll = rng.random()
        if age > 60:
            if roll < 0.05:
                return "in_progress", None, None
            if roll < 0.08:
                return "rejected", None, received_at + timedelta(days=2)
            if roll < 0.10:
                return "duplicate", None, received_at + timedelta(days=1)
            resolved = received_at + timedelta(days=rng.randint(3, 50))
            if roll < 0.25:
                return "resolved", resolved, None
            return "closed", resolved, resolved + timedelta(days=rng.randint(1, 10))
        if roll < 0.25:
            return "received", None, None
        if roll < 0.55:
            return "routed", None, None
        if roll < 0.80:
            return "in_progress", None, None
        resolved = min(received_at + timedelta(days=rng.randint(1, max(1, age))), self.now)
        return "resolved", resolved, None

    def _request_events(self, request_id, received_at, status, owner, category, resolved, closed):
        """The timeline rows: (request, kind, actor, at, from, to, text, email_to, sent_at)."""
        yield (request_id, "created", owner, received_at, "", "received", "", "", None)
        if status in ("rejected", "duplicate"):
            yield (request_id, "status_change", owner, closed, "received", status, "", "", None)
            return
        if status == "received":
            return
        routed_at = received_at + timedelta(hours=3)
        email_to = category.department.email
        yield (request_id, "sent_to_department", owner, routed_at, "received", "routed",
               "", email_to, routed_at)  # fmt: skip
        if status == "routed":
            return
        reply_at = routed_at + timedelta(days=2)
        yield (request_id, "department_reply", None, reply_at, "routed", "in_progress",
               "El departamento programó la atención.", "", None)  # fmt: skip
        if resolved is not None:
            yield (request_id, "status_change", owner, resolved, "in_progress", "resolved",
                   "", "", None)  # fmt: skip
        if closed is not None:
            yield (request_id, "status_change", owner, closed, "resolved", "closed", "", "", None)

    def _email_row(
        self, email_id, company, contact, subject, text, at, *, state, request_id=None,
        category=None, triaged_by=None, note="", failure="",
    ):  # fmt: skip
        sender = self.contact_email.get(contact, "") if contact else ""
        message_id = f"<bench-{email_id}@empresa.cl>"
        raw = (
            f"Message-ID: {message_id}\r\nFrom: {sender}\r\nTo: omil@omil-bench.cl\r\n"
            f"Subject: {subject}\r\n\r\n{text}\r\n"
        ).encode()
        triaged_at = at + timedelta(hours=2) if state not in ("new", "failed") else None
        return (
            email_id, message_id, hashlib.sha256(raw).hexdigest(), sender, "",
            "omil@omil-bench.cl", subject, at, at, text, f"<p>{text}</p>", raw, state, note,
            failure, self.company_ids[company] if company is not None else None, contact,
            category, request_id, triaged_by if triaged_at else None, triaged_at,
        )  # fmt: skip

    def _untriaged_emails(self, first_id, count):
        """The inbox as the Administrativa finds it: new mail of the last two weeks, some
        that could not be read and some set aside as not being requests."""
        rng = self.rng
        rows = []
        for offset in range(count):
            roll = rng.random()
            state = "new" if roll < 0.6 else ("not_a_request" if roll < 0.97 else "failed")
            at = self.at_work(self.day_ago(0, 14 if state == "new" else self.days))
            known = rng.random() < 0.8
            company = self.pick_company() if known else None
            contact = rng.choice(self.company_contacts[company]) if known else None
            category = rng.choice(self.categories)
            subject, text = demo_data.REQUEST_SUBJECTS.get(category.name, (category.name, ""))
            rows.append(
                self._email_row(
                    first_id + offset, company, contact, subject, text, at, state=state,
                    category=category.pk if known else None,
                    triaged_by=self.staff.by_role[roles.ADMINISTRATIVA][0],
                    note="Publicidad" if state == "not_a_request" else "",
                    failure="Codificación desconocida" if state == "failed" else "",
                )
            )  # fmt: skip
        return rows

    # Job seekers, workshops, vacancies and what follows --------------------------------------

    def job_seekers(self):
        rng = self.rng
        count = self.size("job_seekers")
        first_id = self.writer.next_id(JobSeeker)
        numbers = rng.sample(range(8_000_000, 26_000_000), count)
        education = [level for level, weight in words.EDUCATION_WEIGHTS for _ in range(weight)]
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        rows = []
        self.consenting: list[int] = []
        for offset in range(count):
            person_id = first_id + offset
            created = self.at_work(self.past_day())
            erased = rng.random() < 0.003
            recorder = rng.choice(psychologists)
            if erased:
                rows.append(
                    (person_id, None, "Persona", "eliminada", "", "", "", "", None, "", "", "",
                     "", None, "", None, created + timedelta(days=rng.randint(30, 300)), recorder,
                     created)
                )  # fmt: skip
                continue
            first, last = self.person_name()
            consent = rng.random() < 0.92
            if consent:
                self.consenting.append(person_id)
            skills = ", ".join(rng.sample(demo_data.SKILLS, rng.randint(1, 3)))
            birth = date(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
            rows.append(
                (person_id, rut_with_check_digit(numbers[offset]), first, last,
                 f"{ascii_slug(first)}.{ascii_slug(last.split()[0])}{person_id}@"
                 f"{rng.choice(words.EMAIL_DOMAINS)}",
                 self.phone(), rng.choice(words.COMUNAS),
                 f"{rng.choice(words.STREETS)} {rng.randint(10, 9999)}", birth,
                 rng.choice(education), "Experiencia en " + skills, skills,
                 rng.choice(("Inmediata", "Turnos", "Solo mañanas", "Lunes a viernes")),
                 created if consent else None,
                 "Intermediación laboral de la OMIL" if consent else "",
                 recorder if consent else None, None, recorder, created)
            )  # fmt: skip
        self.writer.copy(
            JobSeeker,
            ["id", "rut", "first_name", "last_name", "email", "phone", "comuna", "address",
             "birth_date", "education", "experience", "skills", "availability",
             "consent_given_at", "consent_purpose", "consent_recorded_by", "erased_at",
             "registered_by", "created_at"],
            rows,
            label="personas buscadoras de empleo",
        )  # fmt: skip

    def workshops(self):
        rng = self.rng
        count = self.size("workshops")
        first_id = self.writer.next_id(Workshop)
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        rows, attendees = [], []
        for offset in range(count):
            workshop_id = first_id + offset
            rows.append(
                (workshop_id, self.past_day(), rng.choice(words.WORKSHOP_TOPICS),
                 rng.choice(psychologists), "Sala de capacitación de la OMIL")
            )  # fmt: skip
            size = min(len(self.consenting), rng.randint(8, 30))
            for person in rng.sample(self.consenting, size):
                attendees.append((workshop_id, person))
        self.writer.copy(
            Workshop, ["id", "date", "topic", "facilitator", "place"], rows, label="talleres"
        )
        self.writer.copy(
            Workshop.attendees.through,
            ["workshop", "jobseeker"],
            attendees,
            label="talleres × asistentes",
        )

    def vacancies(self):
        rng = self.rng
        count = self.size("vacancies")
        first_id = self.writer.next_id(Vacancy)
        contracts = Vacancy.Contract.values
        first_visit, last_visit = self.visit_ids
        rows = []
        self.vacancy_facts: list[tuple[int, str, int, date, str]] = []
        for offset in range(count):
            vacancy_id = first_id + offset
            company = self.pick_company()
            title, shift, low, high = rng.choice(demo_data.VACANCY_TITLES)
            opened = self.past_day()
            age = (self.today - opened).days
            if age < 60:
                status = "open" if rng.random() < 0.75 else "filled"
            else:
                status = rng.choices(("filled", "closed", "cancelled", "open"), (65, 22, 10, 3))[0]
            positions = rng.choice((1, 1, 1, 1, 2, 2, 3, 4))
            closing = opened + timedelta(days=rng.randint(15, 60)) if status != "open" else None
            contract = rng.choice(contracts)
            visit = rng.randrange(first_visit, last_visit) if rng.random() < 0.3 else None
            rows.append(
                (vacancy_id, self.company_ids[company], title, positions,
                 "Enseñanza media completa; experiencia deseable.", shift, contract, low, high,
                 status, opened, closing, self.company_owner[company], visit,
                 self.at_work(opened))
            )  # fmt: skip
            self.vacancy_facts.append((vacancy_id, status, positions, opened, contract))
        self.writer.copy(
            Vacancy,
            ["id", "company", "title", "positions", "requirements", "shift", "contract_type",
             "salary_min", "salary_max", "status", "opened_on", "closing_date", "captured_by",
             "captured_on_visit", "created_at"],
            rows,
            label="vacantes",
        )  # fmt: skip

    def referrals(self):
        """About six candidates per vacancy; filled vacancies hired as many as positions."""
        rng = self.rng
        target = self.size("referrals")
        per_vacancy = max(1, round(target / max(1, len(self.vacancy_facts))))
        first_id = self.writer.next_id(Referral)
        change_id = self.writer.next_id(ReferralStageChange)
        placement_id = self.writer.next_id(Placement)
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        referrals, changes, placements = [], [], []
        self.referral_people: list[tuple[int, int]] = []
        next_id = first_id
        for vacancy_id, status, positions, opened, contract in self.vacancy_facts:
            how_many = min(len(self.consenting), max(1, per_vacancy + rng.randint(-3, 3)))
            if status == "filled":
                hired = min(positions, how_many)
            elif status == "open":
                hired = min(positions - 1, how_many, rng.randint(0, positions))
            else:
                hired = 0
            for position, person in enumerate(rng.sample(self.consenting, how_many)):
                referred_at = self.at_work(opened + timedelta(days=rng.randint(0, 20)))
                referred_at = min(referred_at, self.now)
                if position < hired:
                    stage = "hired"
                elif status == "open":
                    stage = rng.choice(("referred", "referred", "interview", "not_selected"))
                else:
                    stage = rng.choice(("not_selected", "not_selected", "withdrawn"))
                changed = referred_at
                psychologist = rng.choice(psychologists)
                if stage != "referred":
                    changed = min(referred_at + timedelta(days=rng.randint(1, 20)), self.now)
                    changes.append((change_id, next_id, "referred", stage, psychologist, changed))
                    change_id += 1
                referrals.append(
                    (next_id, person, vacancy_id, stage, psychologist, referred_at, changed)
                )
                self.referral_people.append((next_id, person))
                if stage == "hired":
                    start = timezone.localdate(changed) + timedelta(days=rng.randint(3, 14))
                    placements.append(
                        (placement_id, next_id, start, contract, psychologist, changed)
                    )
                    placement_id += 1
                next_id += 1
        self.writer.copy(
            Referral,
            ["id", "job_seeker", "vacancy", "stage", "referred_by", "referred_at",
             "stage_changed_at"],
            referrals,
            label="derivaciones",
        )  # fmt: skip
        self.writer.copy(
            ReferralStageChange,
            ["id", "referral", "from_stage", "to_stage", "changed_by", "changed_at"],
            changes,
            label="cambios de etapa",
        )
        self.writer.copy(
            Placement,
            ["id", "referral", "start_date", "contract_type", "recorded_by", "recorded_at"],
            placements,
            label="colocaciones",
        )

    def evaluations_and_offers(self):
        rng = self.rng
        results = Evaluation.Result.values
        psychologists = self.staff.by_role[roles.PSICOLOGA]
        first_id = self.writer.next_id(Evaluation)
        rows = []
        for offset in range(min(self.size("evaluations"), len(self.referral_people))):
            referral, person = rng.choice(self.referral_people)
            rows.append(
                (first_id + offset, person, referral, rng.choice(psychologists), self.past_day(),
                 rng.choice(results), "Buena disposición; reforzar puntualidad.")
            )  # fmt: skip
        self.writer.copy(
            Evaluation,
            ["id", "job_seeker", "referral", "psychologist", "evaluated_on", "result", "notes"],
            rows,
            label="evaluaciones",
        )
        statuses = ProgrammeOffer.Status.values
        first_id = self.writer.next_id(ProgrammeOffer)
        rows = []
        for offset in range(self.size("offers")):
            company = self.pick_company()
            rows.append(
                (first_id + offset, self.company_ids[company], rng.choice(self.programme_ids),
                 rng.choice(statuses), rng.randint(0, 40), self.past_day(),
                 self.company_owner[company])
            )  # fmt: skip
        self.writer.copy(
            ProgrammeOffer,
            ["id", "company", "programme", "status", "workers_involved", "offered_on",
             "offered_by"],
            rows,
            label="ofertas de programas",
        )  # fmt: skip

    # The rest the pages show ---------------------------------------------------------------

    def flags_and_notifications(self):
        rng = self.rng
        rows = []
        first_id = self.writer.next_id(CompanyFlag)
        flagged = rng.sample(range(len(self.company_ids)), min(self.size("flags"), 10_000))
        for offset, company in enumerate(flagged):
            park = self.company_park[company]
            rows.append(
                (first_id + offset, self.company_ids[company],
                 self.office_staff(park, roles.ALCALDIA), self.at_work(self.past_day()),
                 "Empresa recién instalada en el parque.")
            )  # fmt: skip
        self.writer.copy(
            CompanyFlag,
            ["id", "company", "flagged_by", "flagged_at", "note"],
            rows,
            label="avisos de la Alcaldía",
        )
        office = [
            user
            for role in (roles.GESTORA, roles.ADMINISTRATIVA, roles.PSICOLOGA, roles.ENCARGADO)
            for user in self.staff.by_role[role]
        ]
        rows = []
        first_id = self.writer.next_id(Notification)
        for user in office:
            for number in range(20):
                at = self.at_work(self.day_ago(0, 60))
                rows.append(
                    (first_id + len(rows), user, "follow_up", f"bench:{user}:{number}",
                     "Seguimiento asignado", "Tiene un seguimiento nuevo.", "/seguimientos/",
                     at, at if rng.random() < 0.8 else None)
                )  # fmt: skip
        self.writer.copy(
            Notification,
            ["id", "recipient", "kind", "key", "title", "body", "url", "created_at", "read_at"],
            rows,
            label="notificaciones",
        )
        # Written last: its presence says that a previous run finished.
        self.writer.copy(
            CalendarFeedToken,
            ["user", "token", "created_at"],
            [(user, secrets.token_urlsafe(32), self.now) for user in office],
            label="direcciones de calendario",
        )

    def finish(self):
        """Companies' last contact, sequences past the ids used, fresh planner statistics."""
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE companies_company AS company SET last_contact_at = latest.at
                FROM (
                    SELECT company_id, MAX(happened_at) AS at FROM companies_visit
                    WHERE status = 'done' GROUP BY company_id
                ) AS latest
                WHERE latest.company_id = company.id
                """
            )
            models = [
                get_user_model(), IndustrialPark, Company, Contact, Visit, FollowUp, Meeting,
                Attendance, Agreement, ServiceRequest, RequestEvent, InboundEmail, JobSeeker,
                Workshop, Vacancy, Referral, ReferralStageChange, Placement, Evaluation,
                ProgrammeOffer, CompanyFlag, Notification, CalendarFeedToken,
                get_user_model().groups.through, Visit.contacts.through,
                Workshop.attendees.through,
            ]  # fmt: skip
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
            # VACUUM (which also lets counts use index-only scans) cannot run inside a
            # transaction, as in a test; statistics alone can.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.report(
            f"  {'estadísticas y secuencias':<38} {'':>15}  {time.monotonic() - started:6.1f} s"
        )


def seeded_state() -> str:
    """'empty', 'complete' (a finished benchmark run), 'partial' or 'foreign' data."""
    if not Company.objects.exists():
        return "empty"
    bench_users = get_user_model().objects.filter(email__endswith="@omil-bench.cl")
    if not bench_users.exists():
        return "foreign"
    if CalendarFeedToken.objects.filter(user__in=bench_users).exists():
        return "complete"
    return "partial"


KEPT_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
}


def truncate_all() -> int:
    """Empty every table but the migration record and the roles; return how many."""
    tables = [
        table
        for table in connection.introspection.django_table_names(only_existing=True)
        if table not in KEPT_TABLES
    ]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY CASCADE")
    return len(tables)
