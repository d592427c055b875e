"""The companies app's share of the benchmark: companies, contacts, visits, follow-ups and
the Alcaldía's flags.

Companies are spread over the parks (one in ten outside any), each owned by a gestora of its
park's office. Later tables pick companies with `pick_company`, skewed so that a few busy
companies carry many visits, requests and vacancies and most have few. A company's visits and
follow-ups mostly fall to its owner. The follow-ups include those of the meeting
agreements (`agreement_follow_ups`, planned by `MeetingsMixin` before `follow_ups` runs),
written in the same COPY as the others.
"""

from datetime import date, datetime, timedelta
from datetime import time as clock

from django.contrib.contenttypes.models import ContentType

from companies.models import Company, CompanyFlag, Contact, FollowUp, IndustrialPark, Sector, Visit
from meetings.models import Agreement
from omil_crm.accounts import roles
from omil_crm.base.comunas import comuna_name
from omil_crm.demo import data as demo_data
from omil_crm.demo.bench import vocabulary as words
from omil_crm.demo.bench.base import SeederBase, ascii_slug, rut_with_check_digit


class CompaniesMixin(SeederBase):
    """Needs the parks and staff (`OfficesMixin`); leaves `company_ids`, `company_park`,
    `company_owner`, `park_companies`, `pick_company`, `company_contacts`, `contact_email`
    and `visit_ids` for the tables that refer to companies."""

    def companies(self):
        rng = self.rng
        parks = len(self.park_ids)
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
            comuna = self.park_comunas[park] if park is not None else rng.choice(words.COMUNA_CODES)
            address = f"{rng.choice(words.STREETS)} {rng.randint(10, 9999)}, {comuna_name(comuna)}"
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
                    comuna,
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
            ["id", "rut", "legal_name", "trade_name", "sector", "park", "address", "comuna",
             "phone", "email", "workforce_size", "visiting_weekdays", "visiting_from",
             "visiting_until", "status", "owner", "created_at", "updated_at"],
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
            # Created up to twenty days before it is due, and never after today: one due next
            # month was written some day of the last weeks, not all at the moment of seeding.
            created_on = due - timedelta(days=rng.randint(1, 20))
            if created_on > self.today:
                created_on = self.today - timedelta(days=rng.randint(0, 20))
            created = self.at_work(created_on)
            done_at = self.at_work(self.done_on(due, created)) if done else None
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

    def done_on(self, due: date, created: datetime) -> date:
        """The day a follow-up was done: its due date, or, when that is still ahead, a day
        between its creation and today. All of those dated today made one day of the
        benchmark hold twenty days' follow-ups, counted live on the dashboard."""
        if due <= self.today:
            return due
        since = min(created.date(), self.today)
        return since + timedelta(days=self.rng.randint(0, (self.today - since).days))

    def flags(self):
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
