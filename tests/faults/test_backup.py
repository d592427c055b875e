"""`make backup` and `make restore`: a dump restored into a fresh database holds the data.

The data is made through the services and committed; the real `make backup` dumps the test
database with pg_dump and archives MEDIA_ROOT; `make restore` loads the dump into a new
database, which is then read with a plain connection and dropped.
"""

import os
import re
import subprocess
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection

from requests_routing.models import EmailAttachment, InboundEmail, RequestEvent
from requests_routing.services import service_request_create, service_request_route
from vacancies.people_services import job_seeker_create


def url_for(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def make(*arguments: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def admin_connection() -> psycopg.Connection:
    return psycopg.connect(url_for("postgres"), autocommit=True)


@pytest.fixture
def fresh_database():
    name = f"omil_restaurada_{uuid.uuid4().hex[:8]}"
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def office_data(company, contact, pruning, administrativa, psicologa, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    request = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="phone",
        created_by=administrativa,
    )
    service_request_route(request=request, actor=administrativa)
    email = InboundEmail.objects.create(
        message_id="<respaldo@bodegas.cl>",
        content_hash="respaldo",
        raw=b"From: ana@bodegas.cl\r\nSubject: Poda\r\n\r\nFoto adjunta.",
        sender="ana@bodegas.cl",
        service_request=request,
    )
    attachment = EmailAttachment.objects.create(
        email=email,
        filename="foto poda.jpg",
        content_type="image/jpeg",
        size=4,
        file=ContentFile(b"JPEG", name="foto.jpg"),
    )
    seeker = job_seeker_create(
        registered_by=psicologa, rut="12345678-5", first_name="Luis", last_name="Tapia"
    )
    return request, email, attachment, seeker


@pytest.mark.django_db
def test_pg_dump_is_the_servers_major_version(postgres):
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True)
    client_major = int(re.search(r"(\d+)\.\d+", client.stdout).group(1))

    assert client_major == connection.pg_version // 10000


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_has_the_data(
    postgres, office_data, fresh_database, tmp_path
):
    request, email, attachment, seeker = office_data
    env = {
        **os.environ,
        "DATABASE_URL": url_for(connection.settings_dict["NAME"]),
        "OMIL_BACKUP_DIR": str(tmp_path / "respaldos"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }

    made = make("backup", env=env)

    assert made.returncode == 0, made.stderr
    [dump] = re.findall(r"Respaldo de la base de datos: (\S+\.dump)", made.stdout)
    [media] = re.findall(r"Respaldo de los archivos adjuntos: (\S+\.tar\.gz)", made.stdout)
    assert Path(dump).parent == tmp_path / "respaldos"

    restored = make("restore", f"ARCHIVO={dump}", f"DESTINO={url_for(fresh_database)}", env=env)

    assert restored.returncode == 0, restored.stderr
    with psycopg.connect(url_for(fresh_database)) as copy:

        def rows(sql, *params):
            return copy.execute(sql, params).fetchall()

        assert rows("SELECT rut, legal_name FROM companies_company") == [
            ("76086428-5", "Bodegas de Prueba SpA")
        ]
        assert rows("SELECT reference, subject FROM requests_routing_servicerequest") == [
            (request.reference, "Ramas sobre el cable")
        ]
        kinds = rows(
            "SELECT kind, email_to FROM requests_routing_requestevent WHERE request_id = %s "
            "ORDER BY id",
            request.pk,
        )
        assert kinds == list(
            RequestEvent.objects.filter(request=request)
            .order_by("id")
            .values_list("kind", "email_to")
        )
        assert len(kinds) == 4  # created, routed, sent to the department, acknowledgement
        assert rows("SELECT raw FROM requests_routing_inboundemail") == [(email.raw,)]
        assert rows("SELECT file FROM requests_routing_emailattachment") == [
            (attachment.file.name,)
        ]
        assert rows("SELECT rut, first_name FROM vacancies_jobseeker") == [(seeker.rut, "Luis")]
    with tarfile.open(media) as archive:
        stored = archive.extractfile(f"./{attachment.file.name}").read()
    assert stored == b"JPEG"

    # A second restore into the same database is refused and changes nothing.
    again = make("restore", f"ARCHIVO={dump}", f"DESTINO={url_for(fresh_database)}", env=env)
    assert again.returncode != 0
    assert "No se restauró nada: la base de destino debe existir y estar vacía" in again.stderr
