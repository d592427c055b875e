"""Real HTTP load: gunicorn with two workers, as in production, driven by locust.

`DATABASE_URL=postgres://…/omil_bench .venv/bin/python -m tests.bench.load` (or `make bench`)
on a seeded benchmark database:

1. collects the static files and starts gunicorn (2 workers, DJANGO_DEBUG=0, WhiteNoise) on a
   free loopback port, with tests/bench/server_settings.py;
2. signs in 30 gestoras, 10 administrativas and one Encargado of the dataset, each a different
   person (django-axes counts failures per person and address; their earlier failures are
   cleared first), before the clock starts;
3. runs locust headless for a fixed time with that staff (tests/bench/locustfile.py), then the
   same users and pace against a bare view, the ceiling;
4. stops gunicorn, removes the visits and notes the run wrote, prints the figures and writes
   them to var/bench/load.md.

The second factor is switched off for this server (OMIL_REQUIRE_2FA=0): the Encargado's code
step happens once at sign-in, before the clock, and costs nothing afterwards.
"""

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omil_crm.settings")
django.setup()

import requests  # noqa: E402
from axes.models import AccessAttempt  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from companies.models import Company, Visit  # noqa: E402
from omil_crm.accounts import roles  # noqa: E402
from omil_crm.demo.bench.offices import BENCH_PASSWORD  # noqa: E402
from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest  # noqa: E402
from tests.bench.measure import markdown, times  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
COUNTS = {"gestora": 30, "administrativa": 10, "encargado": 1}
ROLES = {"gestora": roles.GESTORA, "administrativa": roles.ADMINISTRATIVA}
ROLES["encargado"] = roles.ENCARGADO
SEARCH_WORDS = ["metal", "logistica", "alimentos", "servicios", "transporte", "construccion"]
# Written into every visit and note of the run, so they can be removed afterwards.
MARKER = "[carga de prueba]"
HOST = "127.0.0.1"
# The common log format plus the seconds each request took inside gunicorn.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(L)s'


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.bench.server_settings",
        DJANGO_DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        STATIC_ROOT=str(OUT / "staticfiles"),
        OMIL_PROXY_COUNT="0",
        OMIL_REQUIRE_2FA="0",
        PYTHONPATH=str(ROOT),
    )
    return env


def collect_static(env: dict[str, str]) -> None:
    """WhiteNoise's compressed, hashed files, as the image builds them; skipped when no file
    under static/ is newer than the last collection (it takes a minute on a busy machine)."""
    manifest = Path(env["STATIC_ROOT"]) / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*"))
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


class Server:
    """gunicorn as production starts it (Dockerfile), with two workers on loopback."""

    def __init__(self, env: dict[str, str], workers: int):
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        log = open(OUT / "gunicorn.log", "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "omil_crm.wsgi:application",
                "--bind", f"{HOST}:{self.port}", "--workers", str(workers),
                "--timeout", "60", "--access-logfile", str(OUT / "gunicorn-access.log"),
                "--access-logformat", ACCESS_LOG_FORMAT,
                # No control socket: its one default path would be shared by every gunicorn.
                "--no-control-socket",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn terminó al partir; vea {OUT / 'gunicorn.log'}.")
            try:
                if requests.get(f"{self.url}/salud/", timeout=10).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        sys.exit(f"gunicorn no respondió en {seconds:.0f} s; vea {OUT / 'gunicorn.log'}.")

    def stop(self) -> None:
        """SIGTERM is gunicorn's graceful stop: workers finish their request and exit."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def people(role: str, count: int):
    staff = (
        get_user_model()
        .objects.filter(groups__name=ROLES[role], is_active=True, email__endswith="@omil-bench.cl")
        .order_by("pk")
    )
    return list(staff[:count])


def plan_for(server: Server, counts: dict[str, int], workers: int) -> dict:
    """Who works and on what: each gestora's own companies, recent requests, new emails."""
    chosen = {role: people(role, count) for role, count in counts.items()}
    if not all(chosen.values()):
        sys.exit("La base no tiene personal de todos los roles: ejecute seed_bench.")
    usernames = [user.username for users in chosen.values() for user in users]
    AccessAttempt.objects.filter(username__in=usernames).delete()
    # One sign-in per gunicorn worker at a time: hashing a password is the slow part.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        cookies = dict(zip(usernames, pool.map(partial(sign_in, server), usernames), strict=True))
    any_companies = list(Company.objects.order_by("pk").values_list("pk", flat=True)[:50])
    planned = {}
    for role, users in chosen.items():
        planned[role] = []
        for user in users:
            person = {"username": user.username, "cookies": cookies[user.username]}
            if role == "gestora":
                own = Company.objects.filter(owner=user).order_by("pk")
                person["companies"] = list(own.values_list("pk", flat=True)[:20]) or any_companies
            planned[role].append(person)
    requests_ = ServiceRequest.objects.order_by("-pk").values_list("pk", flat=True)[:300]
    emails = InboundEmail.objects.filter(triage_state=InboundEmail.TriageState.NEW)
    return {
        "people": planned,
        "counts": counts,
        "requests": list(requests_),
        "emails": list(emails.order_by("-pk").values_list("pk", flat=True)[:100]),
        "search_words": SEARCH_WORDS,
        "year": timezone.localdate().year - 1,
        "now": timezone.localtime().replace(tzinfo=None).isoformat(timespec="minutes"),
        "marker": MARKER,
        "cookie_domain": HOST,
    }


def sign_in(server: Server, username: str) -> dict[str, str]:
    """The login form, as a browser sends it; returns the session's cookies."""
    session = requests.Session()
    login = f"{server.url}/ingresar/"
    session.get(login, timeout=30).raise_for_status()
    answer = session.post(
        login,
        data={
            "username": username,
            "password": BENCH_PASSWORD,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        sys.exit(f"No se pudo ingresar como {username} (respuesta {answer.status_code}).")
    return dict(session.cookies.items())


def run_locust(server: Server, plan_path: Path, mode: str, args) -> dict:
    """One locust run, headless; returns the per-page rows of its CSV and its errors."""
    users = sum(COUNTS_IN_USE.values())
    prefix = OUT / f"load-{mode}"
    env = dict(os.environ, OMIL_LOAD_PLAN=str(plan_path), OMIL_LOAD_MODE=mode)
    env["OMIL_LOAD_WAIT"] = str(args.espera)
    command = [
        str(Path(sys.executable).with_name("locust")),
        "-f", str(ROOT / "tests" / "bench" / "locustfile.py"),
        "--headless", "--only-summary", "--host", server.url,
        "-u", str(users), "-r", str(users), "-t", f"{args.duracion}s",
        "--stop-timeout", "10", "--csv", str(prefix), "--loglevel", "WARNING",
    ]  # fmt: skip
    started = time.monotonic()
    with open(f"{prefix}.log", "w", encoding="utf-8") as log:
        subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=log, check=False)
    seconds = time.monotonic() - started
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        failures = list(csv.DictReader(handle))
    return {"rows": rows, "failures": failures, "seconds": seconds}


def number(row: dict, key: str) -> float:
    try:
        return float(row[key])
    except (KeyError, TypeError, ValueError):
        return float("nan")


def report(app: dict, bare: dict, args) -> tuple[str, dict]:
    """The printed figures: a row per page, then throughput, the ceiling and errors."""
    rows = [["Página", "Peticiones", "Errores", "p50 ms", "p95 ms"]]
    total = None
    for row in app["rows"]:
        if row["Name"] == "Aggregated":
            total = row
            continue
        rows.append(
            [
                row["Name"],
                row["Request Count"],
                row["Failure Count"],
                f"{number(row, '50%'):.0f}",
                f"{number(row, '95%'):.0f}",
            ]
        )
    bare_total = next(row for row in bare["rows"] if row["Name"] == "Aggregated")
    for label, row in (("Todas las páginas", total), ("Vista mínima (techo)", bare_total)):
        rows.append(
            [
                f"**{label}**",
                row["Request Count"],
                row["Failure Count"],
                f"{number(row, '50%'):.0f}",
                f"{number(row, '95%'):.0f}",
            ]
        )
    app_rps, bare_rps = number(total, "Requests/s"), number(bare_total, "Requests/s")
    errors = int(number(total, "Failure Count")) + int(number(bare_total, "Failure Count"))
    users = ", ".join(f"{count} {role}" for role, count in COUNTS_IN_USE.items())
    lines = [
        markdown(rows, numeric={1, 2, 3, 4}),
        "",
        f"Rendimiento: {app_rps:.1f} peticiones/s con las páginas; {bare_rps:.1f} peticiones/s "
        f"con la vista mínima (techo); razón {times(app_rps / bare_rps, 2)} del techo.",
        f"Errores: {errors} — {'cumple' if errors == 0 else 'no cumple'} (meta: 0).",
        f"gunicorn con {args.workers} workers en {HOST}; locust sin interfaz, {users}; "
        f"{args.duracion} s por carga, pausa de {args.espera:g} s entre clics.",
    ]
    for failure in (app["failures"] + bare["failures"])[:5]:
        lines.append(
            f"  error: {failure['Method']} {failure['Name']}: {failure['Error']} "
            f"(×{failure['Occurrences']})"
        )
    figures = {
        "app_rps": app_rps,
        "bare_rps": bare_rps,
        "errors": errors,
        "app_p50": number(total, "50%"),
        "app_p95": number(total, "95%"),
        "bare_p50": number(bare_total, "50%"),
        "bare_p95": number(bare_total, "95%"),
    }
    return "\n".join(lines), figures


def clean_up() -> int:
    """Remove the visits and notes the run wrote, so every run starts from the same data."""
    visits, _ = Visit.objects.filter(summary__startswith=MARKER).delete()
    notes, _ = RequestEvent.objects.filter(text__startswith=MARKER).delete()
    return visits + notes


COUNTS_IN_USE: dict[str, int] = {}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Carga HTTP real sobre gunicorn con locust.")
    parser.add_argument("--duracion", type=int, default=60, help="Segundos de cada carga.")
    parser.add_argument(
        "--espera", type=float, default=0.0, help="Pausa entre clics de cada persona (s)."
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gestoras", type=int, default=COUNTS["gestora"])
    parser.add_argument("--administrativas", type=int, default=COUNTS["administrativa"])
    parser.add_argument("--salida", default=str(OUT / "load.md"))
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql" or not Company.objects.exists():
        print("La carga necesita la base del benchmark en PostgreSQL (seed_bench).")
        return 2
    COUNTS_IN_USE.update(gestora=args.gestoras, administrativa=args.administrativas, encargado=1)
    OUT.mkdir(parents=True, exist_ok=True)
    env = server_environment()
    started = time.monotonic()

    def step(text: str) -> None:
        print(f"  [{time.monotonic() - started:5.0f} s] {text}", flush=True)

    step("archivos estáticos (collectstatic)…")
    collect_static(env)
    clean_up()
    step("gunicorn parte…")
    server = Server(env, args.workers)
    try:
        step(f"ingresan {sum(COUNTS_IN_USE.values())} personas…")
        plan = plan_for(server, COUNTS_IN_USE, args.workers)
        plan_path = OUT / "load-plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        step(f"carga con las páginas, {args.duracion} s…")
        app = run_locust(server, plan_path, "app", args)
        step(f"la misma carga en la vista mínima, {args.duracion} s…")
        bare = run_locust(server, plan_path, "bare", args)
        step("gunicorn se detiene…")
    finally:
        server.stop()
        # It holds the sessions' cookies: no reason to keep them on disk.
        (OUT / "load-plan.json").unlink(missing_ok=True)
    step("listo.")
    removed = clean_up()
    text, figures = report(app, bare, args)
    print()
    print(text)
    print(f"(se quitaron {removed} filas escritas por la carga)")
    output = Path(args.salida)
    output.write_text(f"## Carga HTTP (gunicorn + locust)\n\n{text}\n", encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps({"text": text, **figures}), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
