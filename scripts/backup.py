"""Backups of OMIL CRM: the database and the uploaded files, and the restore of a dump.

    python scripts/backup.py                                   (make backup)
    python scripts/backup.py --restaurar ARCHIVO --destino URL (make restore)

The database is dumped with pg_dump in its custom format (compressed, restored selectively
with pg_restore) from DATABASE_URL; without DATABASE_URL the embedded SQLite file is copied
with SQLite's online backup, safe while the app runs. The files under MEDIA_ROOT (email
attachments) go into a .tar.gz next to the dump; the raw emails themselves live in the
database. Everything lands in OMIL_BACKUP_DIR (var/backups/ by default) under one timestamp.

A restore goes only into a new, empty database: pg_restore runs in one transaction and stops
at the first error, so a database that already has tables is refused and left untouched.

Standard library only, so it runs without the app's virtualenv too.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from datetime import datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def var_dir() -> Path:
    return Path(os.environ.get("OMIL_VAR_DIR") or BASE_DIR / "var")


def backup_dir() -> Path:
    return Path(os.environ.get("OMIL_BACKUP_DIR") or var_dir() / "backups")


def media_root() -> Path:
    return Path(os.environ.get("MEDIA_ROOT") or var_dir() / "media")


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    sys.exit(1)


def size(path: Path) -> str:
    kilobytes = path.stat().st_size / 1024
    return f"{kilobytes:.0f} kB" if kilobytes < 1024 else f"{kilobytes / 1024:.1f} MB"


def dump_postgres(url: str, target: Path) -> None:
    """pg_dump into a temporary name first: a dump cut short never looks complete."""
    if shutil.which("pg_dump") is None:
        fail("No se encontró pg_dump: instale el cliente de PostgreSQL (postgresql-client).")
    partial = target.with_name(target.name + ".incompleto")
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--file", str(partial), "--dbname", url],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        fail(
            "pg_dump no pudo respaldar la base de datos. Revise DATABASE_URL y que pg_dump sea "
            f"de la misma versión mayor que el servidor (o más nueva):\n{done.stderr.strip()}"
        )
    partial.replace(target)


def copy_sqlite(target: Path) -> None:
    source = var_dir() / "omil.sqlite3"
    if not source.exists():
        fail(f"No hay base de datos que respaldar: no existe {source} (DATABASE_URL vacío).")
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)


def archive_media(target: Path) -> bool:
    """The uploaded files, relative to MEDIA_ROOT; False when there are none."""
    root = media_root()
    if not root.is_dir() or not any(root.iterdir()):
        return False
    with tarfile.open(target, "w:gz") as archive:
        archive.add(root, arcname=".")
    return True


def backup() -> None:
    folder = backup_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    url = os.environ.get("DATABASE_URL", "")
    if url and not is_postgres(url):
        fail(f"DATABASE_URL debe comenzar con postgres://; vale {url.split(':', 1)[0]}://…")
    if url:
        database = folder / f"omil-{stamp}.dump"
        dump_postgres(url, database)
    else:
        database = folder / f"omil-{stamp}.sqlite3"
        copy_sqlite(database)
    print(f"Respaldo de la base de datos: {database} ({size(database)})")
    media = folder / f"omil-{stamp}-archivos.tar.gz"
    if archive_media(media):
        print(f"Respaldo de los archivos adjuntos: {media} ({size(media)})")
    else:
        print(f"No hay archivos adjuntos que respaldar en {media_root()}.")


def restore(dump: Path, url: str) -> None:
    if not dump.is_file():
        fail(f"No existe el respaldo {dump}.")
    if not is_postgres(url):
        fail(
            "Indique la base de datos nueva y vacía donde restaurar, por ejemplo: "
            "DESTINO=postgres://postgres@127.0.0.1:5432/omil_restaurada "
            "(créela antes con createdb)."
        )
    if shutil.which("pg_restore") is None:
        fail("No se encontró pg_restore: instale el cliente de PostgreSQL.")
    done = subprocess.run(
        [
            "pg_restore", "--single-transaction", "--exit-on-error",
            "--no-owner", "--no-privileges", "--dbname", url, str(dump),
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    if done.returncode != 0:
        fail(
            "No se restauró nada: la base de destino debe existir y estar vacía (créela con "
            f"createdb).\n{done.stderr.strip()}"
        )
    print(f"Respaldo {dump} restaurado en {url.rsplit('/', 1)[-1]}.")


def main() -> None:
    parser = argparse.ArgumentParser(description="Copias de seguridad de OMIL CRM.")
    parser.add_argument("--restaurar", metavar="ARCHIVO", help="respaldo .dump a restaurar")
    parser.add_argument("--destino", metavar="URL", help="base de datos nueva y vacía")
    options = parser.parse_args()
    if options.restaurar:
        restore(Path(options.restaurar), options.destino or "")
    elif options.destino:
        fail("--destino va junto con --restaurar ARCHIVO.")
    else:
        backup()


if __name__ == "__main__":
    main()
