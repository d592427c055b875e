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
    """Measure each page at every size, one request per size in turn, each beside the floor.

    `plans` maps each size to its pages (objects with `name`, `call(number)`, `before` and
    `result()`), in the same order; the first is the floor, and a page one size lacks is
    measured at the others. The order of the sizes alternates from one round to the next, so
    a slow spell that starts mid-round does not always fall on the same size.

    Every measured request of a page follows one of the floor at the same size, and the
    page's ratio is taken to those floor requests only (`floor_ms`): a slow minute of the
    machine then slows both sides of that ratio. Measured minutes apart, the floor at the
    start and end of the run swung the lists' ratios from 1.8× to 2.7× (issue 19). The floor's
    own row holds every floor request. Returns each size's results, in plan order.
    """
    results = {size: {} for size in plans}
    floors = {size: plan[0] for size, plan in plans.items()}
    names = list(dict.fromkeys(page.name for pages in plans.values() for page in pages))
    for name in names:
        pages = {size: page for size, plan in plans.items() for page in plan if page.name == name}
        for size, page in pages.items():
            results[size].setdefault(name, page.result())
        for number in range(warmups):
            for size, page in pages.items():
                sizes.use(size)
                warm_up(page.call, number, page.before)
        beside = {size: floors[size].result() for size in pages}
        order = list(pages.items())
        for number in range(repetitions):
            for size, page in order if number % 2 == 0 else reversed(order):
                sizes.use(size)
                if page is not floors[size]:
                    _measure_floor(floors[size], number, beside[size], results[size])
                measure_once(results[size][name], page.call, warmups + number, page.before)
                if page.before is not None:
                    # The page's preparation (emptying the cache) must not slow the floor.
                    warm_up(floors[size].call, number)
        for size, page in pages.items():
            if page is not floors[size]:
                results[size][name].floor_ms = beside[size].p50
        print("  " + name + ": " + " · ".join(
            f"{size:g}× {results[size][name].p50:.1f} ms" for size in pages
        ), flush=True)  # fmt: skip
    return {size: list(by_name.values()) for size, by_name in results.items()}


def _measure_floor(floor, number: int, beside, results: dict) -> None:
    """One floor request, counted beside the page that follows and in the floor's own row."""
    measure_once(beside, floor.call, number)
    own = results[floor.name]
    own.times_ms.append(beside.times_ms[-1])
    own.queries.append(beside.queries[-1])
