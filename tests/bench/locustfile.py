"""The staff of the load test, for locust: gestoras, administrativas and the Encargado.

Started by tests/bench/load.py, which signs every person in before the clock starts and
passes, in the JSON file named by OMIL_LOAD_PLAN, their session cookies and the companies,
requests and emails they work on. OMIL_LOAD_MODE=bare sends every request of the same mix
to the bare view instead (the ceiling); OMIL_LOAD_WAIT is the pause between two clicks
(seconds; 0 asks as fast as the server answers, which measures the server's capacity).

Every request states the answer it expects (200 for a page, 302 after a saved form) and
anything else counts as an error, so a redirect to the login page is never a success.
"""

import itertools
import json
import os
import random
from datetime import datetime, timedelta

from locust import HttpUser, constant, task

PLAN = json.loads(open(os.environ["OMIL_LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
BARE = os.environ.get("OMIL_LOAD_MODE") == "bare"
WAIT = float(os.environ.get("OMIL_LOAD_WAIT", "0"))
BARE_URL = "/bench/bare/"
MARKER = PLAN["marker"]
# Each locust user takes the next person of its role (cycling when the dataset has fewer).
NEXT_PERSON = {role: itertools.cycle(people) for role, people in PLAN["people"].items()}


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = constant(WAIT)

    def on_start(self):
        self.person = next(NEXT_PERSON[self.role])
        self.client.cookies.clear()
        if not BARE:
            for name, value in self.person["cookies"].items():
                self.client.cookies.set(name, value, domain=PLAN["cookie_domain"])

    def page(self, name: str, url: str):
        self.call("GET", name, url, expected=200)

    def send(self, name: str, url: str, data: dict):
        """A form sent with the CSRF token from the person's cookie, as a browser would."""
        data = {"csrfmiddlewaretoken": self.person["cookies"].get("csrftoken", ""), **data}
        self.call("POST", name, url, expected=302, data=data)

    def call(self, method: str, name: str, url: str, *, expected: int, data=None):
        if BARE:
            method, url, expected, data = "GET", BARE_URL, 200, None
        with self.client.request(
            method, url, name=name, data=data, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != expected:
                where = response.headers.get("Location", "")
                response.failure(f"respuesta {response.status_code} {where}".strip())
            else:
                response.success()


class Gestora(Staff):
    """Browses the directory and her companies, looks at her agenda and logs contacts."""

    fixed_count = PLAN["counts"]["gestora"]
    role = "gestora"

    def company(self) -> int:
        return random.choice(self.person["companies"])

    @task(3)
    def directory(self):
        self.page("Empresas: directorio", "/empresas/")

    @task(2)
    def search(self):
        word = random.choice(PLAN["search_words"])
        self.page("Empresas: búsqueda", f"/empresas/?q={word}")

    @task(4)
    def company_page(self):
        self.page("Ficha de empresa", f"/empresas/{self.company()}/")

    @task(2)
    def agenda(self):
        self.page("Agenda", "/agenda/")

    @task(2)
    def log_visit(self):
        pk = self.company()
        url = f"/empresas/{pk}/visitas/nueva/"
        self.page("Registrar contacto: formulario", url)
        # A call made a few minutes ago, Santiago time (the gestoras' clock): never the future.
        happened = datetime.fromisoformat(PLAN["now"]) - timedelta(minutes=random.randint(5, 90))
        self.send(
            "Registrar contacto: guardar",
            url,
            {
                "kind": "call",
                "happened_at": happened.strftime("%Y-%m-%dT%H:%M"),
                "summary": f"{MARKER} Llamada para revisar vacantes y solicitudes pendientes.",
                "needs_detected": "",
                "next_step": "",
                "next": "done",
            },
        )


class Administrativa(Staff):
    """Triages the inbox and keeps the requests moving, with internal notes."""

    fixed_count = PLAN["counts"]["administrativa"]
    role = "administrativa"

    @task(3)
    def inbox(self):
        self.page("Bandeja de correo", "/bandeja/")

    @task(2)
    def email(self):
        if PLAN["emails"]:
            self.page("Bandeja: correo", f"/bandeja/{random.choice(PLAN['emails'])}/")

    @task(3)
    def requests(self):
        self.page("Solicitudes: lista", "/solicitudes/")

    @task(1)
    def overdue(self):
        self.page("Solicitudes: vencidas", "/solicitudes/?overdue=1")

    @task(3)
    def request_page(self):
        self.page("Solicitud: ficha", f"/solicitudes/{random.choice(PLAN['requests'])}/")

    @task(1)
    def note(self):
        pk = random.choice(PLAN["requests"])
        self.send(
            "Solicitud: nota interna",
            f"/solicitudes/{pk}/nota/",
            {"text": f"{MARKER} Se llamó al departamento para conocer el avance."},
        )


class Encargado(Staff):
    """Looks at the panel: this month, and the whole of last year."""

    fixed_count = PLAN["counts"]["encargado"]
    role = "encargado"

    @task(2)
    def month(self):
        self.page("Panel del mes", "/panel/")

    @task(1)
    def year(self):
        self.page("Panel del año", f"/panel/?periodo=anio&fecha={PLAN['year']}-01-01")
