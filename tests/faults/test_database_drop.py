"""The database drops the app's connection between two requests: the next request succeeds.

Fault injected: the PostgreSQL backend serving the app's persistent connection is killed with
pg_terminate_backend from a second connection (what a database restart, a failover or an idle
timeout does). What is lost: nothing; the next request checks the connection, finds it dead,
and opens a new one (CONN_MAX_AGE with CONN_HEALTH_CHECKS in settings).

The requests go through Django's own WSGI handler in the test's thread, as under gunicorn:
not the test client, which switches off the connection checks between its requests, nor the
live server, whose threads open a fresh connection for every request anyway.
"""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def get(path: str, session_cookie: str) -> tuple[str, bytes]:
    """One GET through the production request handler; (status line, body)."""
    environ = RequestFactory().get(path).environ
    environ["HTTP_COOKIE"] = f"sessionid={session_cookie}"
    status = []
    body = WSGIHandler()(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        return status[0], b"".join(body)
    finally:
        body.close()


def backend_pid() -> int:
    return connection.connection.info.backend_pid


def terminate(pid: int) -> None:
    """Kill one server backend from a connection of its own."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as admin:
        [[done]] = admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchall()
    assert done is True


def test_the_next_request_succeeds_after_the_connection_was_killed(
    postgres, client, gestora, company
):
    client.force_login(gestora)
    session = client.cookies["sessionid"].value
    directory = reverse("companies:directory")
    assert get(directory, session)[0] == "200 OK"
    # The connection outlived the request (persistent connections): it is the one to kill.
    assert connection.connection is not None
    killed = backend_pid()

    terminate(killed)

    status, body = get(directory, session)
    assert status == "200 OK"
    assert company.legal_name.encode() in body
    assert backend_pid() != killed

    terminate(backend_pid())  # and once more, before another page

    assert get(reverse("home"), session)[0] == "200 OK"
