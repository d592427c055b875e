"""Shared fixtures: one persona per role, and small builders for the main objects."""

import contextlib
import copy
import os
from datetime import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test.utils import override_settings

from companies.models import Company, Contact, IndustrialPark
from omil_crm.accounts import roles
from requests_routing.models import Department, RequestCategory
from vacancies.models import JobSeeker

PASSWORD = "clave-de-prueba-2026"

ROLE_OF_PERSONA = {
    "gestora": roles.GESTORA,
    "administrativa": roles.ADMINISTRATIVA,
    "psicologa": roles.PSICOLOGA,
    "encargado": roles.ENCARGADO,
    "alcaldia": roles.ALCALDIA,
}
STAFF_PERSONAS = {"encargado", "alcaldia"}


def pytest_configure(config):
    if os.environ.get("OMIL_REQUIRE_SERVICES") == "1":
        missing = [name for name in ("DATABASE_URL", "REDIS_URL") if not os.environ.get(name)]
        if missing:
            raise pytest.UsageError(
                f"OMIL_REQUIRE_SERVICES=1 but {', '.join(missing)} is not set: CI must run "
                "against the real PostgreSQL and Redis."
            )


def pytest_collection_modifyitems(config, items):
    """Browser tests and fault tests run alone (make test's second part): a live server and a
    browser under a deadline, or a Redis crashed and restarted, must not compete with a
    parallel worker for the two cores, the ports or the shared Redis."""
    for item in items:
        if item.get_closest_marker("e2e") or "faults" in item.path.parts:
            item.add_marker(pytest.mark.alone)


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    # Hashing a password the production way takes a noticeable fraction of a second; tests
    # create many users and do not test the hasher.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_worker():
    """With pytest-xdist, each worker keeps its own keys in the shared Redis, so one worker
    emptying the cache for its next test never wipes what another's running test stored."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        yield
        return
    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"{caches['default'].get('KEY_PREFIX', 'omil')}-{worker}"
    with override_settings(CACHES=caches):
        yield


def forget_broker_connections() -> None:
    """Celery keeps the pools of the broker it first used; dropped here, the next use takes
    the pools of the broker now configured (kombu keeps one per address, left open)."""
    from omil_crm.celery import app

    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(scope="session", autouse=True)
def broker_of_this_worker():
    """With pytest-xdist, each worker's real-broker tests get a Redis database of their own,
    emptied first: a real worker started by one test must never take a message that another
    worker's test (or an earlier run) left in the queue and run it against its own database."""
    from omil_crm.celery import app

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    url = app.conf.broker_url or ""
    if not worker or not url.startswith("redis://"):
        yield
        return
    import redis

    base, _, database = url.rpartition("/")
    number = (int(database or 0) + 1 + int(worker.removeprefix("gw"))) % 16
    own = f"{base}/{number}"
    with contextlib.suppress(redis.RedisError):  # tests that need the broker say so
        redis.Redis.from_url(own, socket_timeout=2).delete("celery", "unacked", "unacked_index")
    saved = app.conf.broker_url
    app.conf.broker_url = own
    forget_broker_connections()
    yield
    app.conf.broker_url = saved
    forget_broker_connections()


def empty_own_cache():
    """Empty this test worker's cache: with Redis only its own keys go, since the Celery
    broker and the other test workers may share the Redis database."""
    from django.core.cache import caches
    from redis.exceptions import RedisError

    from omil_crm.base.cache import TolerantRedisCache

    # The backend itself: `django.core.cache.cache` is a proxy, never an instance of it, and
    # taking it for a local cache emptied the whole shared Redis database (FLUSHDB) before
    # every test, another test worker's inbox pause included.
    backend = caches["default"]
    if not isinstance(backend, TolerantRedisCache):
        backend.clear()
        return
    try:
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    except RedisError:
        pass  # the tests of a stopped Redis start it themselves


@pytest.fixture(autouse=True)
def empty_cache(cache_of_this_worker):
    """Each test starts with nothing cached: an inbox pause, a reset-link rate limit or the
    dashboard's figures left by an earlier test (or, with Redis, by an earlier run) must not
    decide this one."""
    empty_own_cache()


@pytest.fixture(autouse=True)
def celery_in_process(request):
    """Run Celery tasks in the test's own process, so their effects can be asserted.

    Tests marked `real_broker` instead send through the Redis broker to a real worker.
    """
    from omil_crm.celery import app

    if request.node.get_closest_marker("real_broker"):
        yield
        return
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


def make_persona(username: str):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=username.capitalize(),
        email=f"{username}@example.cl",
        is_staff=username in STAFF_PERSONAS,
    )
    user.groups.add(Group.objects.get(name=ROLE_OF_PERSONA[username]))
    return user


@pytest.fixture
def gestora(db):
    return make_persona("gestora")


@pytest.fixture
def administrativa(db):
    return make_persona("administrativa")


@pytest.fixture
def psicologa(db):
    return make_persona("psicologa")


@pytest.fixture
def encargado(db):
    return make_persona("encargado")


@pytest.fixture
def alcaldia(db):
    return make_persona("alcaldia")


@pytest.fixture
def park(db, gestora):
    return IndustrialPark.objects.create(
        name="Parque de Prueba", comuna="05103", gestora=gestora, meeting_time=time(9, 0)
    )


@pytest.fixture
def company(db, park, gestora):
    return Company.objects.create(
        rut="76086428-5", legal_name="Bodegas de Prueba SpA", park=park, owner=gestora
    )


@pytest.fixture
def contact(company):
    return Contact.objects.create(company=company, name="Ana Pérez", email="ana@bodegas.cl")


@pytest.fixture
def pruning(db):
    department = Department.objects.create(name="Aseo y Ornato", email="aseo@example.cl")
    return RequestCategory.objects.create(
        name="Poda de árboles", department=department, sla_working_days=5, keywords="poda, árbol"
    )


@pytest.fixture
def job_seeker(db):
    return JobSeeker.objects.create(rut="12345678-5", first_name="Luis", last_name="Tapia")


@pytest.fixture(autouse=True)
def fresh_dashboard_figures(settings):
    """Figures cached by one test (in Redis, in CI) must never answer another's dashboard."""
    settings.DASHBOARD_CACHE_SECONDS = 0
