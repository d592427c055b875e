"""Production as the README documents it: Django's deploy check is clean and every response
carries the security headers and cookie flags a browser needs.

Settings are read once per process, so production (DJANGO_DEBUG=0) runs in a subprocess with
the environment copied from the README's «Producción» section.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
# Variables of this machine (and of the browser tests, which allow the ORM inside Playwright's
# event loop) that would leak into the production process.
LOCAL_ONLY = {
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_DEBUG",
    "SECRET_KEY",
    "OMIL_VAR_DIR",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}

HEADERS_SCRIPT = """
import json
import django
django.setup()
from django.test.utils import setup_databases, setup_test_environment
setup_test_environment()
setup_databases(verbosity=0, interactive=False)
from django.contrib.auth import get_user_model
from django.test import Client
get_user_model().objects.create_user("gestora", password="clave-de-prueba-2026")
browser = Client()
login_page = browser.get("/ingresar/", secure=True)
logged_in = browser.post(
    "/ingresar/", {"username": "gestora", "password": "clave-de-prueba-2026"}, secure=True
)
plain = Client().get("/ingresar/")
health = Client().get("/salud/")

def cookie(response, name):
    morsel = response.cookies[name]
    return {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]),
            "samesite": morsel["samesite"], "max_age": morsel["max-age"]}

print(json.dumps({
    "headers": dict(login_page.headers),
    "csrf_cookie": cookie(login_page, "csrftoken"),
    "session_cookie": cookie(logged_in, "sessionid"),
    "plain_http": [plain.status_code, plain.headers.get("Location", "")],
    "health": health.status_code,
}))
"""


def documented_production_env() -> dict[str, str]:
    """The .env of the README's «Producción» section, with a freshly generated secret key."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Producción\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"<<'FIN'\n(.*?)\nFIN\n", section, re.S)
    assert block, "README: «Producción» must show the production .env (cat > .env <<'FIN')"
    env = dict(line.split("=", 1) for line in block[1].splitlines() if "=" in line)
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    return env


def run_in_production(args: list[str], **overrides) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in LOCAL_ONLY}
    env.update(documented_production_env())
    env.update(overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_documented_production_environment_passes_the_deploy_check():
    result = run_in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_documented_environment_is_production():
    env = documented_production_env()

    assert env["DJANGO_DEBUG"] == "0"
    assert env["OMIL_PROXY_COUNT"] == "1"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """Headers and cookies of a production process (SQLite in a temporary folder)."""
    var = tmp_path_factory.mktemp("produccion")
    local = {"DATABASE_URL": "", "REDIS_URL": "", "OMIL_VAR_DIR": str(var)}
    # As in the README: production serves the collected, hashed static files.
    collected = run_in_production(["manage.py", "collectstatic", "--no-input"], **local)
    assert collected.returncode == 0, collected.stderr
    result = run_in_production(["-c", HEADERS_SCRIPT], **local)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_scripts_come_only_from_the_site_itself(production):
    policy = production["headers"]["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))

    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


def test_browsers_are_told_to_use_https_and_not_to_guess_or_frame(production):
    headers = production["headers"]

    assert headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"


def test_cookies_travel_only_over_https_and_the_session_is_out_of_scripts_reach(production):
    session, csrf = production["session_cookie"], production["csrf_cookie"]

    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"
    assert session["max_age"] == 10 * 60 * 60
    assert csrf["secure"]


def test_plain_http_is_sent_to_https_except_the_health_check(production):
    status, location = production["plain_http"]

    assert status == 301
    assert location.startswith("https://")
    assert production["health"] == 200


def test_development_applies_the_same_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Gestora-2026", "demasiado similar"),
        ("corta-1", "demasiado corta"),
        ("password123", "demasiado común"),
        ("40917365288", "completamente numérica"),
    ],
)
def test_weak_passwords_are_refused_in_spanish(client, gestora, password, reason):
    client.force_login(gestora)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "clave-de-prueba-2026",
            "new_password1": password,
            "new_password2": password,
        },
    )

    assert reason in response.content.decode()
    gestora.refresh_from_db()
    assert not gestora.check_password(password)
