"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from omil_crm.env import database_from_url, env_bool

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_DEBUG",
            "EMAIL_HOST",
        }
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_check(DJANGO_DEBUG="0", ALLOWED_HOSTS="omil.example.cl")

    assert result.returncode != 0
    assert "se requiere SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_check(DJANGO_DEBUG="0", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "se requiere ALLOWED_HOSTS" in result.stderr


def test_production_starts_when_both_are_set():
    result = run_check(DJANGO_DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="omil.example.cl")

    assert result.returncode == 0, result.stderr


def test_a_malformed_boolean_stops_the_start():
    result = run_check(DJANGO_DEBUG="quizás")

    assert result.returncode != 0
    assert "DJANGO_DEBUG debe ser" in result.stderr


def test_env_bool_accepts_spanish_yes(monkeypatch):
    monkeypatch.setenv("OMIL_FLAG", "sí")

    assert env_bool("OMIL_FLAG", False) is True


def test_database_url_becomes_a_postgresql_entry():
    entry = database_from_url("postgres://omil:s%40cret@db.local:5433/omil?sslmode=require")

    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["NAME"], entry["USER"], entry["PASSWORD"]) == ("omil", "omil", "s@cret")
    assert (entry["HOST"], entry["PORT"]) == ("db.local", "5433")
    assert entry["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize("url", ["mysql://x@y/z", "postgres://user@host:5432/"])
def test_database_url_rejects_what_it_cannot_use(url):
    with pytest.raises(ImproperlyConfigured):
        database_from_url(url)


def test_the_office_works_in_spanish_and_santiago_time(settings):
    assert settings.LANGUAGE_CODE == "es-cl"
    assert settings.TIME_ZONE == "America/Santiago"
    assert settings.USE_TZ is True


def test_djangos_untranslated_texts_are_shown_in_spanish(settings):
    from django.utils import translation

    with translation.override("es-cl"):
        assert translation.gettext("- Select an option -") == "— Elija una opción —"
        assert translation.gettext("Filter by %(field_name)s") == "Filtrar por %(field_name)s"


def test_the_office_on_the_postings_comes_from_the_environment():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from omil_crm import settings; "
            "print(settings.OMIL_OFFICE_ADDRESS, '|', settings.OMIL_OFFICE_HOURS)",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "OMIL_OFFICE_ADDRESS": "Normandie 1916, Quintero",
            "OMIL_OFFICE_HOURS": "",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Normandie 1916, Quintero | Lunes a viernes, de 8:30 a 14:00"
