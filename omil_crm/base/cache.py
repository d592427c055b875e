"""A Redis cache that answers "not cached" instead of failing when Redis is unavailable.

The cache only ever saves work; a stopped or frozen Redis must make pages slower at worst,
never break them. Settings give the client short socket timeouts, so a frozen server costs
about a second per call instead of hanging the request.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _tolerant(name: str, fallback):
    method = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError) as error:
            logger.warning("Caché no disponible (%s): %s", name, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = name
    call.__doc__ = method.__doc__
    return call


def _default_of_get(key, default=None, *args, **kwargs):
    return default


def _none_found(keys, *args, **kwargs):
    return {}


def _none_stored(data, *args, **kwargs):
    return list(data)


class TolerantRedisCache(RedisCache):
    """Django's RedisCache; each failed call is logged and treated as a cache miss.

    `incr` is left as it is: a counter that cannot be read has no safe answer.
    """

    get = _tolerant("get", _default_of_get)
    get_many = _tolerant("get_many", _none_found)
    has_key = _tolerant("has_key", False)
    set = _tolerant("set", None)
    add = _tolerant("add", False)
    touch = _tolerant("touch", False)
    set_many = _tolerant("set_many", _none_stored)
    delete = _tolerant("delete", False)
    delete_many = _tolerant("delete_many", None)
    clear = _tolerant("clear", False)
