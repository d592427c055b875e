"""Faults injected into the real services: a private Redis that can be crashed and frozen,
PostgreSQL connections killed from outside, IMAP servers that are down or talk nonsense.

The Redis here is our own redis-server on a free port in a temporary folder, never the
machine's Redis on 6379 that other test runs share: crashing it affects only these tests.
Under CI (OMIL_REQUIRE_SERVICES=1) a missing service fails the test instead of skipping it.
"""

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
from celery.signals import task_postrun
from django.db import connection, connections

from omil_crm.celery import app as celery_app
from tests.conftest import forget_broker_connections

# The real Dovecot of the inbox tests, shared rather than copied.
from tests.requests_routing.conftest import imap_server, mailbox, media_root  # noqa: F401

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def require(service_missing_reason: str):
    """Skip on a laptop without the service; fail under CI, where every service must run."""
    if os.environ.get("OMIL_REQUIRE_SERVICES") == "1":
        pytest.fail(service_missing_reason)
    pytest.skip(service_missing_reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, seconds: float = 30, what: str = "") -> None:
    """Poll `condition` until it holds; fail with `what` when it never does.

    Only ever used to wait for background work to finish, never to assert how long it took.
    """
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Pasaron {seconds} s sin que se cumpliera: {what}")
        time.sleep(0.1)


@dataclass
class PrivateRedis:
    """A redis-server of our own, without persistence: a crash loses everything queued."""

    root: Path
    port: int
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.root),
                "--logfile", str(self.root / "redis.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_until(self._answers, seconds=15, what=f"redis-server responde en {self.port}")

    def _answers(self) -> bool:
        try:
            return self.client().ping()
        except redis.RedisError:
            return False

    def crash(self) -> None:
        """Kill it outright (SIGKILL): what was queued in it is gone."""
        self.process.kill()
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        """Stop it without closing its port (SIGSTOP): connections open, nothing answers."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def queued(self, queue: str = "celery") -> int:
        return self.client().llen(queue)

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis():
    if not os.path.exists(REDIS_SERVER):
        require("Falta redis-server: estas pruebas detienen un Redis propio (apt install redis).")
    root = Path(tempfile.mkdtemp(prefix="omil-redis-"))
    server = PrivateRedis(root=root, port=free_port())
    try:
        server.start()
        yield server
    finally:
        server.close()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def broker(private_redis, settings):
    """Celery and the cache of this process use the private Redis, as in production."""
    settings.CACHES = {
        "default": {
            "BACKEND": "omil_crm.base.cache.TolerantRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = private_redis.url, False
    forget_broker_connections()
    try:
        yield private_redis
    finally:
        conf.broker_url, conf.task_always_eager = saved
        forget_broker_connections()


@pytest.fixture
def postgres(db):
    if connection.vendor != "postgresql":
        require("Necesita PostgreSQL: defina DATABASE_URL (en CI, .ci/run lo define).")
    return connection


def _close_thread_connections(**kwargs):
    # Each worker thread opens its own database connection; the test database can only be
    # dropped once they are closed.
    if threading.current_thread() is not threading.main_thread():
        connections.close_all()


@contextlib.contextmanager
def real_worker(*, concurrency: int = 1):
    """A real Celery worker, in threads of this process, consuming from the broker.

    Running in this process lets tests read the emails it sends (Django's test outbox).
    The worker's threads write while the test's thread reads, as in production, which needs
    PostgreSQL: SQLite's in-memory test database (shared cache) answers such a write with
    «database table is locked» at once, and the recorder of job runs (Celery's task signals)
    logs it and moves on, so a run the worker did never shows in PeriodicJobRun.
    """
    if connection.vendor != "postgresql":
        require("Un worker real necesita PostgreSQL: defina DATABASE_URL.")
    from celery.contrib.testing.worker import start_worker

    celery_app.loader.import_default_modules()
    root = logging.getLogger()
    # The embedded worker sets up logging for itself (root level ERROR): undone afterwards.
    saved_logging = root.level, list(root.handlers)
    task_postrun.connect(_close_thread_connections, weak=False)
    try:
        with start_worker(
            celery_app,
            pool="threads" if concurrency > 1 else "solo",
            concurrency=concurrency,
            perform_ping_check=False,
            shutdown_timeout=30,
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_thread_connections)
        root.setLevel(saved_logging[0])
        root.handlers[:] = saved_logging[1]
