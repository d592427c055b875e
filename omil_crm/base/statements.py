"""SQL compiled once per process for a query that differs from call to call only in one id.

Compiling a large ORM query can cost more than running it: the company timeline (a union of
ten sources, each building its texts with CASE and concatenations) took about 15 ms of CPU to
compile and 5 ms in PostgreSQL. Its SQL is the same for every company but for the company's
id, so it is compiled for two stand-in ids: the parameters that differ between the two are
where the id goes, and later calls only put the real id there. A query whose SQL or other
parameters change with the id is not kept: it is compiled on every call, as before.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

# Two ids no table holds (negative, near the bigint limit), to tell the id's places apart.
STAND_INS = (-(2**62) - 1, -(2**62) - 3)
# Statements kept per process: a few per page number actually visited.
MAX_KEPT = 256


@dataclass(frozen=True)
class Statement:
    sql: str
    params: tuple
    slots: tuple[int, ...]

    def bind(self, value: int) -> list:
        params = list(self.params)
        for slot in self.slots:
            params[slot] = value
        return params


_kept: dict[tuple, Statement | None] = {}


def _statement(build: Callable[[int], tuple[str, Sequence]]) -> Statement | None:
    """The statement `build` compiles for any id, or None when it is not one SQL for all."""
    (sql, first), (other_sql, second) = (build(stand_in) for stand_in in STAND_INS)
    if sql != other_sql or len(first) != len(second):
        return None
    pairs = enumerate(zip(first, second, strict=True))
    slots = tuple(index for index, (one, two) in pairs if one != two)
    if not slots or any((first[i], second[i]) != STAND_INS for i in slots):
        return None
    return Statement(sql, tuple(first), slots)


def fetch_for_id(key: tuple, build: Callable[[int], tuple[str, Sequence]], value: int) -> list:
    """The rows of the SQL `build(value)` compiles, compiling it once per `key` (which must
    name everything but the id the SQL depends on) and time zone, then only binding the id."""
    key = (*key, timezone.get_current_timezone_name())
    if key not in _kept:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = _statement(build)
    statement = _kept[key]
    sql, params = (statement.sql, statement.bind(value)) if statement else build(value)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
