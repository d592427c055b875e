"""The scale benchmark: each main page on the large dataset, with its queries and times.

Run it with `make bench` (which seeds the dataset first) or, on a seeded database,
`DATABASE_URL=postgres://… .venv/bin/python -m tests.bench.run`. It prints one table and
writes it to var/bench/results.md (and, with --json, the figures the scale curve reads).

Every page's p50 is also shown as a multiple of the floor: the cheapest signed-in page
(`/notificaciones/`), measured in the same run before and after the others. Absolute times
move between machines and with the other work a shared machine does; ratios measured
together move much less, so the targets are ratios (issue 19).
"""

import argparse
import json
import logging
import os
import platform
import sys
import time
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
from tests.bench.measure import Result, measure, table, times  # noqa: E402
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


class Bench:
    def __init__(self, warmups: int, repetitions: int, digest: bool = True):
        self.with_digest = digest
        self.warmups = warmups
        self.repetitions = repetitions
        self.results: list[Result] = []
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

    def page(self, name, user, urls, *, ratio=LIST_RATIO, target=None, before=None, into=None):
        """Measure GET requests to `urls` (one address, or a list taken in turn); `ratio` is
        the target as a multiple of the floor. `into` adds the times to an earlier result."""
        urls = [urls] if isinstance(urls, str) else urls
        client = self.client(user)
        target = target or f"≤ 15 consultas, p50 ≤ {times(ratio)} el piso"
        result = into or Result(name=name, target=target, ratio_limit=ratio)

        def call(number):
            return client.get(urls[number % len(urls)]).status_code

        measure(result, call, warmups=self.warmups, repetitions=self.repetitions, before=before)
        if into is None:
            self.results.append(result)
        print(f"  {name}: p50 {result.p50:.1f} ms, p95 {result.p95:.1f} ms", flush=True)
        return result

    def run(self) -> list[Result]:
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

        floor = self.page(
            "Piso: notificaciones (antes y después)",
            self.gestora,
            FLOOR_URL,
            ratio=None,
            target="piso de las razones",
        )
        floor.reference = True
        directory = self.page("Empresas: directorio", self.encargado, "/empresas/")
        filtered = self.page(
            "Empresas: directorio con filtros (parque y estado)",
            self.encargado,
            f"/empresas/?{park_filter}",
        )
        searched = self.page(
            "Empresas: directorio con búsqueda",
            self.encargado,
            "/empresas/?q=metal",
            ratio=SEARCH_RATIO,
        )
        admin_all = self.page(
            "Admin: empresas (referencia)",
            self.encargado,
            "/admin/companies/company/",
            ratio=None,
            target="referencia",
        )
        admin_filtered = self.page(
            "Admin: empresas con filtros (referencia)",
            self.encargado,
            f"/admin/companies/company/?{admin_park_filter}",
            ratio=None,
            target="referencia",
        )
        admin_searched = self.page(
            "Admin: empresas con búsqueda (referencia)",
            self.encargado,
            "/admin/companies/company/?q=metal",
            ratio=None,
            target="referencia",
        )
        for result in (admin_all, admin_filtered, admin_searched):
            result.reference = True
        self.ratio("Directorio / admin, sin filtros", directory, admin_all)
        self.ratio("Directorio / admin, con filtros", filtered, admin_filtered)
        self.ratio("Directorio / admin, con búsqueda", searched, admin_searched)
        self.page(
            "Ficha de empresa (las 30 con más historia)",
            self.gestora,
            [f"/empresas/{pk}/" for pk in busiest_companies],
            ratio=RECORD_RATIO,
        )
        self.page("Seguimientos del equipo", self.gestora, "/seguimientos/?todos=1")
        self.page("Bandeja de correo", self.administrativa, "/bandeja/")
        self.page("Solicitudes: lista", self.administrativa, "/solicitudes/")
        self.page("Solicitudes: vencidas", self.administrativa, "/solicitudes/?overdue=1")
        self.page("Vacantes: lista", self.gestora, "/vacantes/")
        self.page("Vacantes: abiertas", self.gestora, "/vacantes/?status=open")
        self.page(
            "Vacante: tablero de candidatos (las 30 con más)",
            self.gestora,
            [f"/vacantes/{pk}/" for pk in busiest_vacancies],
            ratio=RECORD_RATIO,
        )
        self.page("Personas: lista", self.psicologa, "/personas/")
        self.page(
            "Personas: búsqueda por nombre",
            self.psicologa,
            "/personas/?q=gonz%C3%A1lez",
            ratio=SEARCH_RATIO,
        )
        self.page(
            "Personas: búsqueda por oficio",
            self.psicologa,
            "/personas/?skills=soldadura",
            ratio=SEARCH_RATIO,
        )
        self.page(
            f"Panel del año {year} (sin caché)",
            self.encargado,
            f"/panel/?periodo=anio&fecha={year}-01-01",
            ratio=DASHBOARD_RATIO,
            before=cache.clear,
        )
        # The year in progress: its current month, and the same days a year before, are
        # counted live (the roll-ups answer for whole months only).
        self.page(
            f"Panel del año {year + 1}, en curso (sin caché)",
            self.encargado,
            f"/panel/?periodo=anio&fecha={year + 1}-01-01",
            ratio=DASHBOARD_RATIO,
            before=cache.clear,
        )
        if token is None:
            print("  (sin dirección de calendario: se omite el calendario)")
        else:
            self.page("Calendario (.ics) de la gestora", None, f"/calendario/{token.token}.ics")
        self.page(floor.name, self.gestora, FLOOR_URL, into=floor)
        for result in self.results:
            result.floor_ms = floor.p50
        if self.with_digest:
            self.digest()
        return self.results

    def ratio(self, name: str, ours: Result, admin: Result):
        value50 = ours.p50 / admin.p50
        value95 = ours.p95 / admin.p95
        self.results.append(
            Result(
                name=name,
                target="razón p50 ≤ 1,00",
                fixed=("—", f"{value50:.2f}", f"{value95:.2f}", value50 <= 1.0),
            )
        )

    def digest(self):
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
        self.results.append(
            Result(
                name=f"Resumen diario de {len(per_recipient)} funcionarios ({sent} enviados)",
                target=f"< {DIGEST_SECONDS} s, ≤ {DIGEST_QUERIES_PER_RECIPIENT} "
                "consultas por destinatario",
                fixed=(f"{worst} por persona", f"{seconds * 1000:.0f}", "—", met),
            )
        )
        print(f"  Resumen diario: {outcome} ({seconds:.1f} s)", flush=True)


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
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print(
            "El benchmark necesita PostgreSQL: defina DATABASE_URL, por ejemplo "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/omil_bench.",
            file=sys.stderr,
        )
        return 2
    if not Company.objects.exists():
        print("La base está vacía: ejecute antes «manage.py seed_bench».", file=sys.stderr)
        return 2
    from omil_crm.celery import app

    app.conf.task_always_eager = True
    for noisy in ("celery", "axes"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    print(f"Midiendo ({args.calentamiento} de calentamiento + {args.repeticiones} por página)…")
    with override_settings(**BENCH_SETTINGS):
        results = Bench(args.calentamiento, args.repeticiones, not args.sin_resumen).run()
    summary = dataset_summary()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    context = (
        f"{timezone.localtime():%d-%m-%Y %H:%M} · {os.cpu_count()} núcleos · "
        f"PostgreSQL {server} · Python {platform.python_version()} · "
        f"{args.calentamiento} de calentamiento + {args.repeticiones} mediciones por página"
    )
    text = "\n".join([table(results), "", summary, context, ""])
    print()
    print(text)
    output = Path(args.salida)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(f"# Benchmark de escala\n\n{text}", encoding="utf-8")
    print(f"Tabla guardada en {output}")
    if args.json:
        write_json(Path(args.json), results, summary=summary, context=context)
    failed = [result.name for result in results if not result.met]
    if failed:
        print(f"Metas no cumplidas: {len(failed)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
