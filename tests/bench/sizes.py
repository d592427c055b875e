"""Several sizes of the dataset in one process, each in turn Django's default database.

The scale curve compares a page's p50 at 1× and 3×. Measured minutes apart, in two processes,
the machine's other work swung a whole size by half (issue 19): one size came out slow
and the other fast. Taking one request at each size in turn, in the same process, puts the
same noise on both.

Each size keeps its own open connection, its own local-memory cache and its own cache of
content types, so swapping is a few attribute assignments: nothing is reconnected or
refetched inside a measured request.
"""

import copy

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connections
from django.db.utils import load_backend

from tests.bench.measure import measure_once, warm_up


class Sizes:
    """Each size's database (by name, on the server of the configured default one)."""

    def __init__(self, databases: dict[float, str]):
        self.sizes = list(databases)
        self._connections = {size: _connection_to(name) for size, name in databases.items()}
        self._caches = {size: LocMemCache(f"bench-{size:g}", {}) for size in databases}
        # Content types are cached per database alias, and every size is "default".
        self._content_types = {size: {} for size in databases}
        self.current: float | None = None
        self._original = (connections["default"], caches["default"], ContentType.objects._cache)

    def use(self, size: float) -> None:
        if size == self.current:
            return
        connections["default"] = self._connections[size]
        caches["default"] = self._caches[size]
        ContentType.objects._cache = self._content_types[size]
        self.current = size

    def close(self) -> None:
        """Close every size's connection and put back the default connection and cache."""
        for connection in self._connections.values():
            connection.close()
        connections["default"], caches["default"], ContentType.objects._cache = self._original
        self.current = None


def _connection_to(name: str):
    """A connection like the configured default one, to the database `name` on the same
    server (make bench derives every size's database from one prefix)."""
    settings_dict = copy.deepcopy(connections.settings["default"])
    settings_dict["NAME"] = name
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, "default")


def measure_in_turn(plans: dict, sizes: Sizes, *, warmups: int, repetitions: int) -> dict:
    """Measure each page at every size, one request per size in turn.

    `plans` maps each size to its pages (objects with `name`, `call(number)`, `before` and
    `result()`), in the same order; a page one size lacks is measured at the others. The
    order of the sizes alternates from one round to the next, so a slow spell that starts
    mid-round does not always fall on the same size. The first page, the floor, is measured
    again at the end into the same result. Returns each size's results, in plan order.
    """
    results = {size: {} for size in plans}
    names = list(dict.fromkeys(page.name for pages in plans.values() for page in pages))
    for name in [*names, names[0]]:
        pages = {size: page for size, plan in plans.items() for page in plan if page.name == name}
        for size, page in pages.items():
            results[size].setdefault(name, page.result())
        for number in range(warmups):
            for size, page in pages.items():
                sizes.use(size)
                warm_up(page.call, number, page.before)
        order = list(pages.items())
        for number in range(repetitions):
            for size, page in order if number % 2 == 0 else reversed(order):
                sizes.use(size)
                measure_once(results[size][name], page.call, warmups + number, page.before)
        print("  " + name + ": " + " · ".join(
            f"{size:g}× {results[size][name].p50:.1f} ms" for size in pages
        ), flush=True)  # fmt: skip
    return {size: list(by_name.values()) for size, by_name in results.items()}
