"""Strict readers for environment variables.

Settings are read once, here and in settings.py; apps never read the environment themselves.
A variable that is set but malformed stops the start-up instead of being silently ignored.
"""

import os
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on", "si", "sí"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_str(name: str, default: str = "") -> str:
    """The variable's value; unset and empty both mean the default (compose passes empties)."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} debe ser 1/0, true/false o sí/no; vale {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} debe ser un número entero; vale {raw!r}.") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw.replace(",", "."))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} debe ser un número; vale {raw!r}.") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_places(raw: str, name: str) -> list[tuple[str, float, float]]:
    """ "Name|latitude|longitude; …" as (name, latitude, longitude) tuples."""
    places = []
    for item in raw.split(";"):
        if not item.strip():
            continue
        parts = [part.strip() for part in item.split("|")]
        try:
            label, latitude, longitude = parts[0], float(parts[1]), float(parts[2])
        except (IndexError, ValueError) as exc:
            raise ImproperlyConfigured(
                f"{name}: cada lugar se escribe «Nombre|latitud|longitud»; vale {item!r}."
            ) from exc
        if len(parts) != 3 or not label or abs(latitude) > 90 or abs(longitude) > 180:
            raise ImproperlyConfigured(
                f"{name}: cada lugar se escribe «Nombre|latitud|longitud»; vale {item!r}."
            )
        places.append((label, latitude, longitude))
    return places


def database_from_url(url: str) -> dict:
    """Turn postgres://user:password@host:port/name?sslmode=... into a DATABASES entry."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL debe comenzar con postgres:// (se recibió {parsed.scheme!r})."
        )
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL no indica el nombre de la base de datos.")
    options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
    }
