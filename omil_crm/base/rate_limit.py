"""Counting attempts per person or address in fixed windows, in the shared cache.

Used where the public can make the app send mail or create work (portal sign-in links,
requests and comments filed from the portal). A cache that cannot be reached lets the attempt
through and logs it: a Redis outage must not lock every company out of the portal, and the
other limits (one-use links, per-contact sessions) still hold.
"""

import hashlib
import logging
import time

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _key(scope: str, subject: str, window: int) -> str:
    digest = hashlib.sha256(subject.strip().lower().encode()).hexdigest()[:32]
    return f"rate:{scope}:{digest}:{int(time.time() // window)}"


def allow(scope: str, subject: str, *, limit: int, window: int) -> bool:
    """Count one attempt of `subject` (an address, a contact id) in `scope`; False once more
    than `limit` attempts fall in the current window of `window` seconds."""
    key = _key(scope, subject, window)
    try:
        if cache.add(key, 1, timeout=window + 5):
            return True
        return cache.incr(key) <= limit
    except ValueError:
        # The window ended between add and incr: this is the first attempt of the next one.
        cache.add(key, 1, timeout=window + 5)
        return True
    except (RedisError, OSError) as error:
        logger.warning("Límite de intentos sin caché (%s): %s", scope, error)
        return True
