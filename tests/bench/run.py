"""The scale benchmark: each main page on the large dataset, with its queries and times.

Run it with `make bench` (which seeds the dataset first) or, on a seeded database,
`DATABASE_URL=postgres://… .venv/bin/python -m tests.bench.run`. It prints one table and
writes it to var/bench/results.md (and, with --json, the figures the scale curve reads).
With `--tamanos "0.1 1 3"` it measures the databases `<DATABASE_URL>_s01`, `_s1` and `_s3`
together, one request at each size in turn (tests/bench/sizes.py), and writes each size's
table and figures to var/bench/curve-s*.md and .json: the scale curve's. The sizes then share
PostgreSQL's buffers, which a server with one office's database does not, so each size's
ratios to the floor are measured alone (make bench does both).

Every page's p50 is also shown as a multiple of the floor: the cheapest signed-in page
(`/notificaciones/`), requested once before each measured request of every page, the page's
ratio taken to the floor requests beside it. Absolute times move between machines and with
the other work a shared machine does; ratios measured side by side move much less, so the
targets are ratios (issue 19).
"""

import argparse
import json
import logging
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omil_crm.settings")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from companies.models import Company, IndustrialPark  # noqa: E402
from omil_crm.accounts import roles  # noqa: E402
from omil_crm.base.workdays import is_working_day  # noqa: E402
from omil_crm.models import CalendarFeedToken, Notification, ReminderEmail  # noqa: E402
from omil_crm.reminders import digest  # noqa: E402
from tests.bench.measure import Result, table, times  # noqa: E402
from tests.bench.scale import OUT, tag  # noqa: E402
from tests.bench.sizes import Sizes, measure_in_turn  # noqa: E402
from vacancies.models import Vacancy  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FLOOR_URL = "/notificaciones/"
# Targets as multiples of the floor's p50 (issue 19).
LIST_RATIO = 2.5
SEARCH_RATIO = 3.0
RECORD_RATIO = 3.0
DASHBOARD_RATIO = 4.0
DIGEST_SECONDS = 60
DIGEST_QUERIES_PER_RECIPIENT = 20
# What the benchmark changes in the settings: a production-like DEBUG off, the test client's
# host, mail kept in memory, and a private cache that may be emptied between requests.
# Django's test environment is not set up: its template instrumentation would slow every page.
BENCH_SETTINGS = {
    "DEBUG": False,
    "ALLOWED_HOSTS": ["testserver"],
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
}


def staff_of(role: str):
    """The member of `role` with the most companies, follow-ups and planned visits: the
    heaviest pages and feed of that role."""
    return (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .annotate(
            load=Count("owned_companies", distinct=True)
            + Count("follow_ups", filter=Q(follow_ups__done_at__isnull=True), distinct=True)
        )
        .order_by("-load", "pk")
        .first()
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Page:
    """A page to measure: GET requests to `urls` taken in turn, by `client`. `ratio` is the
    target as a multiple of the floor; `before` runs ahead of each request, unmeasured."""

    name: str
    client: Client
    urls: list[str]
    ratio: float | None = LIST_RATIO
    target: str = ""
    before: Callable[[], None] | None = None
    reference: bool = False

    def call(self, number: int) -> int:
        return self.client.get(self.urls[number % len(self.urls)]).status_code

    def result(self) -> Result:
        target = self.target or f"≤ 15 consultas, p50 ≤ {times(self.ratio)} el piso"
        result = Result(name=self.name, target=target, ratio_limit=self.ratio)
        result.reference = self.reference
        return result


FLOOR_NAME = "Piso: notificaciones (junto a cada página)"
# The directory beside the Django admin's list of the same companies: (row, ours, admin).
ADMIN_COMPARISONS = [
    ("Directorio / admin, sin filtros", "Empresas: directorio", "Admin: empresas (referencia)"),
    ("Directorio / admin, con filtros", "Empresas: directorio con filtros (parque y estado)",
     "Admin: empresas con filtros (referencia)"),
    ("Directorio / admin, con búsqueda", "Empresas: directorio con búsqueda",
     "Admin: empresas con búsqueda (referencia)"),
]  # fmt: skip


class Bench:
    """The pages of one database: its heaviest users, companies and vacancies."""

    def __init__(self):
        self.gestora = staff_of(roles.GESTORA)
        self.administrativa = staff_of(roles.ADMINISTRATIVA)
        self.psicologa = staff_of(roles.PSICOLOGA)
        self.encargado = staff_of(roles.ENCARGADO)
        if None in (self.gestora, self.administrativa, self.psicologa, self.encargado):
            sys.exit("La base no tiene personal de todos los roles: ejecute seed_bench.")
        self.clients = {}

    def client(self, user) -> Client:
        """A logged-in client per user (an anonymous one for None), reused between pages."""
        key = user.pk if user is not None else None
        if key not in self.clients:
            self.clients[key] = client_for(user) if user is not None else Client()
        return self.clients[key]

    def page(self, name, user, urls, **options) -> Page:
        urls = [urls] if isinstance(urls, str) else urls
        return Page(name=name, client=self.client(user), urls=urls, **options)

    def pages(self) -> list[Page]:
        """Every page in the order measured; the floor comes first, and again beside every
        measured request of the others (tests/bench/sizes.py)."""
        busiest_park = (
            IndustrialPark.objects.annotate(n=Count("companies")).order_by("-n", "pk").first()
        )
        park_filter = f"park={busiest_park.pk}&status=active"
        admin_park_filter = f"park__id__exact={busiest_park.pk}&status__exact=active"
        busiest_companies = list(
            Company.objects.annotate(n=Count("visits"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)[:30]
        )
        busiest_vacancies = list(
            Vacancy.objects.annotate(n=Count("referrals"))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)[:30]
        )
        year = timezone.localdate().year - 1
        token = CalendarFeedToken.objects.filter(user=self.gestora, revoked_at__isnull=True).first()
        admin = {"ratio": None, "target": "referencia", "reference": True}
        pages = [
            self.page(FLOOR_NAME, self.gestora, FLOOR_URL, ratio=None,
                      target="piso de las razones", reference=True),
            self.page("Empresas: directorio", self.encargado, "/empresas/"),
            self.page("Empresas: directorio con filtros (parque y estado)", self.encargado,
                      f"/empresas/?{park_filter}"),
            self.page("Empresas: directorio con búsqueda", self.encargado, "/empresas/?q=metal",
                      ratio=SEARCH_RATIO),
            self.page("Admin: empresas (referencia)", self.encargado,
                      "/admin/companies/company/", **admin),
            self.page("Admin: empresas con filtros (referencia)", self.encargado,
                      f"/admin/companies/company/?{admin_park_filter}", **admin),
            self.page("Admin: empresas con búsqueda (referencia)", self.encargado,
                      "/admin/companies/company/?q=metal", **admin),
            self.page("Ficha de empresa (las 30 con más historia)", self.gestora,
                      [f"/empresas/{pk}/" for pk in busiest_companies], ratio=RECORD_RATIO),
            self.page("Seguimientos del equipo", self.gestora, "/seguimientos/?todos=1"),
            self.page("Bandeja de correo", self.administrativa, "/bandeja/"),
            self.page("Solicitudes: lista", self.administrativa, "/solicitudes/"),
            self.page("Solicitudes: vencidas", self.administrativa, "/solicitudes/?overdue=1"),
            self.page("Vacantes: lista", self.gestora, "/vacantes/"),
            self.page("Vacantes: abiertas", self.gestora, "/vacantes/?status=open"),
            self.page("Vacante: tablero de candidatos (las 30 con más)", self.gestora,
                      [f"/vacantes/{pk}/" for pk in busiest_vacancies], ratio=RECORD_RATIO),
            self.page("Personas: lista", self.psicologa, "/personas/"),
            self.page("Personas: búsqueda por nombre", self.psicologa,
                      "/personas/?q=gonz%C3%A1lez", ratio=SEARCH_RATIO),
            self.page("Personas: búsqueda por oficio", self.psicologa,
                      "/personas/?skills=soldadura", ratio=SEARCH_RATIO),
            self.page(f"Panel del año {year} (sin caché)", self.encargado,
                      f"/panel/?periodo=anio&fecha={year}-01-01", ratio=DASHBOARD_RATIO,
                      before=cache.clear),
            # The year in progress: its current month, and the same days a year before, are
            # counted partly live (the roll-ups hold whole months and the closed days).
            self.page(f"Panel del año {year + 1}, en curso (sin caché)", self.encargado,
                      f"/panel/?periodo=anio&fecha={year + 1}-01-01", ratio=DASHBOARD_RATIO,
                      before=cache.clear),
        ]  # fmt: skip
        if token is None:
            print("  (sin dirección de calendario: se omite el calendario)")
        else:
            pages.append(
                self.page("Calendario (.ics) de la gestora", None, f"/calendario/{token.token}.ics")
            )
        return pages


def daily_digest() -> Result:
    """The daily digest for all staff, once, on the last working day; its notifications
    and emails are removed before and after so every run does the same work."""
    day = timezone.localdate()
    while not is_working_day(day):
        day -= timedelta(days=1)
    clean_digest(day)
    per_recipient: list[int] = []
    original = digest.digest_send

    def counted(*, user, day: date) -> bool:
        with CaptureQueriesContext(connection) as captured:
            sent = original(user=user, day=day)
        per_recipient.append(len(captured.captured_queries))
        return sent

    with mock.patch.object(digest, "digest_send", counted):
        started = time.perf_counter()
        outcome = digest.send_daily_digests(day=day)
        seconds = time.perf_counter() - started
    sent = ReminderEmail.objects.filter(kind="digest", key__endswith=f":{day.isoformat()}")
    sent = sent.count()
    clean_digest(day)
    worst = max(per_recipient, default=0)
    met = seconds < DIGEST_SECONDS and worst <= DIGEST_QUERIES_PER_RECIPIENT
    print(f"  Resumen diario: {outcome} ({seconds:.1f} s)", flush=True)
    return Result(
        name=f"Resumen diario de {len(per_recipient)} funcionarios ({sent} enviados)",
        target=f"< {DIGEST_SECONDS} s, ≤ {DIGEST_QUERIES_PER_RECIPIENT} consultas por destinatario",
        fixed=(f"{worst} por persona", f"{seconds * 1000:.0f}", "—", met),
    )


def clean_digest(day: date) -> None:
    suffix = f":{day.isoformat()}"
    Notification.objects.filter(kind="digest", key__endswith=suffix).delete()
    ReminderEmail.objects.filter(kind="digest", key__endswith=suffix).delete()


def dataset_summary() -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relname = ANY(%s)",
            [
                [
                    "companies_company",
                    "companies_contact",
                    "companies_visit",
                    "requests_routing_servicerequest",
                    "requests_routing_requestevent",
                    "vacancies_jobseeker",
                    "vacancies_vacancy",
                    "vacancies_referral",
                    "vacancies_placement",
                ]
            ],
        )
        rows = dict(cursor.fetchall())
    labels = [
        ("companies_company", "empresas"),
        ("companies_contact", "contactos"),
        ("companies_visit", "visitas"),
        ("requests_routing_servicerequest", "solicitudes"),
        ("requests_routing_requestevent", "eventos"),
        ("vacancies_jobseeker", "personas"),
        ("vacancies_vacancy", "vacantes"),
        ("vacancies_referral", "derivaciones"),
        ("vacancies_placement", "colocaciones"),
    ]
    parts = [f"{rows.get(table, 0):,}".replace(",", ".") + f" {label}" for table, label in labels]
    return "Datos (aprox.): " + ", ".join(parts) + "."


def write_json(path: Path, results: list[Result], *, summary: str, context: str) -> None:
    """The measured pages' figures, for tests/bench/curve.py to set the sizes side by side."""
    pages = [
        {
            "name": result.name,
            "p50": result.p50,
            "p95": result.p95,
            "queries": max(result.queries),
            "ratio": result.ratio,
            "met": result.met,
            "reference": result.reference,
        }
        for result in results
        if result.fixed is None and result.times_ms
    ]
    data = {"pages": pages, "summary": summary, "context": context}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def measure_sizes(sizes: Sizes, reference: float, args) -> dict:
    """Every page at every size, in turn (tests/bench/sizes.py); the admin comparisons and
    floor ratios of each size; the daily digest once, at `reference`."""
    plans = {}
    for size in sizes.sizes:
        sizes.use(size)
        if not Company.objects.exists():
            print(f"La base de {size:g}× está vacía: se omite (ejecute seed_bench).")
            continue
        plans[size] = Bench().pages()
    if not plans:
        return {}
    measured = measure_in_turn(
        plans, sizes, warmups=args.calentamiento, repetitions=args.repeticiones
    )
    for results in measured.values():
        by_name = {result.name: result for result in results}
        # Each page's ratio is to the floor requests taken beside it; the floor's own row
        # holds them all.
        by_name[FLOOR_NAME].floor_ms = by_name[FLOOR_NAME].p50
        for row, ours, admin in ADMIN_COMPARISONS:
            if ours in by_name and admin in by_name:
                results.append(comparison(row, by_name[ours], by_name[admin]))
    if not args.sin_resumen and reference in measured:
        sizes.use(reference)
        measured[reference].append(daily_digest())
    return measured


def comparison(name: str, ours: Result, admin: Result) -> Result:
    value50 = ours.p50 / admin.p50
    value95 = ours.p95 / admin.p95
    return Result(
        name=name,
        target="razón p50 ≤ 1,00",
        fixed=("—", f"{value50:.2f}", f"{value95:.2f}", value50 <= 1.0),
    )


def report(results: list[Result], args, *, together: str) -> str:
    """The table of one size, the dataset it ran on and how it was measured."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    context = (
        f"{timezone.localtime():%d-%m-%Y %H:%M} · {os.cpu_count()} núcleos · "
        f"PostgreSQL {server} · Python {platform.python_version()} · "
        f"{args.calentamiento} de calentamiento + {args.repeticiones} mediciones por página"
        + together
        + floor_spread(results)
    )
    return "\n".join([table(results), "", dataset_summary(), context, ""])


def floor_spread(results: list[Result]) -> str:
    """The lowest and highest floor p50 beside the pages: how much the machine moved."""
    beside = [result.floor_ms for result in results[1:] if result.floor_ms and result.times_ms]
    if not beside:
        return ""
    return f" · piso junto a cada página: {min(beside):.1f}–{max(beside):.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark de escala de OMIL CRM.")
    parser.add_argument("--repeticiones", type=int, default=30)
    parser.add_argument("--calentamiento", type=int, default=3)
    parser.add_argument("--salida", default=str(ROOT / "var" / "bench" / "results.md"))
    parser.add_argument(
        "--sin-resumen",
        action="store_true",
        help="Omite el resumen diario (la curva de escala mide solo las páginas).",
    )
    parser.add_argument(
        "--json", default="", help="Además, las cifras de cada página en JSON (curva de escala)."
    )
    parser.add_argument(
        "--tamanos",
        default="",
        help="Varias escalas a la vez, p. ej. «0.1 1 3»: cada una en su base "
        "<DATABASE_URL>_s<escala>, medidas por turnos; escribe var/bench/curve-s*.md y .json.",
    )
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print(
            "El benchmark necesita PostgreSQL: defina DATABASE_URL, por ejemplo "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/omil_bench.",
            file=sys.stderr,
        )
        return 2
    name = connection.settings_dict["NAME"]
    if args.tamanos:
        scales = [float(size.replace(",", ".")) for size in args.tamanos.split()]
        databases = {size: f"{name}_{tag(size)}" for size in scales}
    else:
        databases = {1.0: name}
    reference = min(databases, key=lambda size: abs(size - 1.0))
    from omil_crm.celery import app

    app.conf.task_always_eager = True
    for noisy in ("celery", "axes"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    print(f"Midiendo ({args.calentamiento} de calentamiento + {args.repeticiones} por página)…")
    sizes = Sizes(databases)
    with override_settings(**BENCH_SETTINGS):
        measured = measure_sizes(sizes, reference, args)
        texts = {}
        for size, results in measured.items():
            sizes.use(size)
            others = [f"{other:g}×".replace(".", ",") for other in measured if other != size]
            together = f" · por turnos con {' y '.join(others)}" if others else ""
            texts[size] = report(results, args, together=together)
    sizes.close()
    if not measured:
        print("La base está vacía: ejecute antes «manage.py seed_bench».", file=sys.stderr)
        return 2
    for size, results in measured.items():
        if args.tamanos:
            print(f"\n## {size:g}×".replace(".", ","))
            write(
                texts[size], results, OUT / f"curve-{tag(size)}.md", OUT / f"curve-{tag(size)}.json"
            )
        else:
            write(texts[size], results, Path(args.salida), Path(args.json) if args.json else None)
    return 0


def write(text: str, results: list[Result], output: Path, data: Path | None) -> None:
    print()
    print(text)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(f"# Benchmark de escala\n\n{text}", encoding="utf-8")
    print(f"Tabla guardada en {output}")
    if data:
        summary, context = text.rstrip("\n").split("\n")[-2:]
        write_json(data, results, summary=summary, context=context)
    failed = [result.name for result in results if not result.met]
    if failed:
        print(f"Metas no cumplidas: {len(failed)}.")


if __name__ == "__main__":
    sys.exit(main())
