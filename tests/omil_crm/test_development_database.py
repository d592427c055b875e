"""`make run` on the embedded defaults: SQLite, no Redis. The suite runs on PostgreSQL, so a
query only PostgreSQL understands would pass every other test and still break the first thing
a new office tries. This runs the demo the way `make run` does and opens the main pages."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PAGES = """
from django.contrib.auth import get_user_model
from django.test import Client
from companies.models import Company

client = Client(HTTP_HOST="127.0.0.1")
client.force_login(get_user_model().objects.get(username="encargado"))
company = Company.objects.order_by("pk").first()
for url in (
    "/",
    "/panel/",
    "/panel/?periodo=anio",
    "/panel/informe/",
    "/panel/informe.xlsx",
    "/empresas/",
    "/empresas/?q=gulmu",
    f"/empresas/{company.pk}/",
    "/solicitudes/",
    "/personas/",
    "/vacantes/",
    "/eventos/",
):
    print(url, client.get(url).status_code)
"""


def manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_demo_on_sqlite_opens_every_main_page(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["OMIL_VAR_DIR"] = str(tmp_path)

    for step in (["migrate", "--no-input"], ["seed_demo"]):
        done = manage(*step, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
    opened = manage("shell", "-c", PAGES, env=env)

    assert opened.returncode == 0, opened.stderr[-3000:]
    answers = dict(
        line.rsplit(" ", 1) for line in opened.stdout.splitlines() if line.startswith("/")
    )
    assert len(answers) == 12, opened.stdout
    assert all(status == "200" for status in answers.values()), answers
    assert (tmp_path / "omil.sqlite3").exists()
