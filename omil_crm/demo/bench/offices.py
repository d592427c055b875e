"""The offices of the benchmark: catalogues, staff and industrial parks.

Each park stands for one office, with its own staff of every role (`STAFF_PER_PARK`): its
gestoras own the park's companies and run its meetings, so every office carries its share of
the work. The catalogues (departments, request categories, programmes) are the demo's, written
through the ORM because they are a handful of rows. All generated users share
`BENCH_PASSWORD` and an @omil-bench.cl address, by which `seeded_state` recognises the data.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from companies.models import IndustrialPark
from omil_crm.accounts import roles
from omil_crm.base.comunas import find_comuna
from omil_crm.demo import data as demo_data
from omil_crm.demo.bench import vocabulary as words
from omil_crm.demo.bench.base import SeederBase, ascii_slug
from omil_crm.demo.bench.writer import SeedError
from requests_routing.models import Department, RequestCategory
from vacancies.models import Programme

BENCH_PASSWORD = "omil-bench-2026"

# Staff of each park, by role; a few hundred people at full scale.
STAFF_PER_PARK = {
    roles.GESTORA: 8,
    roles.ADMINISTRATIVA: 4,
    roles.PSICOLOGA: 2,
    roles.ENCARGADO: 1,
    roles.ALCALDIA: 1,
}


class OfficesMixin(SeederBase):
    """Catalogues, users and parks: leaves `categories`, `programme_ids`, `staff`,
    `park_ids` and `park_comunas` for the tables that refer to them."""

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

    def parks(self):
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
                (
                    first_park + index,
                    name,
                    find_comuna(comuna),
                    address,
                    gestora,
                    "Sala de reuniones del parque",
                )
            )
        self.writer.copy(
            IndustrialPark,
            ["id", "name", "comuna", "address", "gestora", "meeting_place"],
            park_rows,
            label="parques",
        )
        self.park_ids = [row[0] for row in park_rows]
        self.park_comunas = [row[2] for row in park_rows]
