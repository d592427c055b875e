"""Under CI (OMIL_REQUIRE_SERVICES=1) the suite must run on real PostgreSQL and Redis.

Locally, with no services, these tests are reported as skipped, never as passed.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from omil_crm.celery import app as celery_app
from tests.conftest import empty_own_cache

requires_services = pytest.mark.skipif(
    os.environ.get("OMIL_REQUIRE_SERVICES") != "1",
    reason="solo con OMIL_REQUIRE_SERVICES=1 (CI con PostgreSQL y Redis)",
)


@requires_services
@pytest.mark.django_db
def test_the_database_is_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert int(cursor.fetchone()[0].split(".")[0]) >= 13


@requires_services
def test_the_cache_is_redis_and_answers(settings):
    backend = caches["default"]
    key = f"ci-probe-{uuid.uuid4()}"
    backend.set(key, "ok", timeout=30)

    assert isinstance(backend, RedisCache)
    assert backend.get(key) == "ok"
    assert redis.Redis.from_url(settings.REDIS_URL).exists(backend.make_key(key)) == 1


@requires_services
def test_emptying_the_cache_before_a_test_keeps_the_rest_of_the_shared_redis(settings):
    """Another test worker's keys (its inbox pause) and the broker's queues live in the same
    Redis database: only this worker's own keys go."""
    backend = caches["default"]
    shared = redis.Redis.from_url(settings.REDIS_URL)
    other_worker = f"omil-otro-worker:1:inbox-pause:{uuid.uuid4()}"
    shared.set(other_worker, "en pausa", ex=60)
    backend.set("propia", "se va", timeout=60)
    try:
        empty_own_cache()

        assert backend.get("propia") is None
        assert shared.get(other_worker) == b"en pausa"
    finally:
        shared.delete(other_worker)


@requires_services
@pytest.mark.real_broker
def test_celery_sends_work_through_redis():
    assert celery_app.conf.task_always_eager is False
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=5)
        assert conn.transport_cls == "redis"


@pytest.mark.real_broker
def test_without_redis_tasks_run_in_process(settings):
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL está definido")
    assert celery_app.conf.task_always_eager is True
