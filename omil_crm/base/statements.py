"""SQL compiled once per process for a query that differs from call to call only in one id
(fetch_for_id), or that is the same for the same key (fetch_compiled).

Compiling a large ORM query can cost more than running it: the company timeline (a union of
ten sources, each building its texts with CASE and concatenations) took about 15 ms of CPU to
compile and 5 ms in PostgreSQL. Its SQL is the same for every company but for the company's
id, so it is compiled for two stand-in ids: the parameters that differ between the two are
where the id goes, and later calls only put the real id there. A query whose SQL or other
parameters change with the id is not kept: it is compiled on every call, as before.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from weakref import WeakKeyDictionary

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
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
    # Its name and SQL as a PostgreSQL prepared statement with the id as $1 (see _prepared).
    name: str = ""
    prepare: str = ""

    def bind(self, value: int) -> list:
        params = list(self.params)
        for slot in self.slots:
            params[slot] = value
        return params


_kept: dict[tuple, Statement | None] = {}


def _sql(queryset: QuerySet) -> tuple[str, Sequence]:
    return queryset.query.sql_with_params()


def _statement(build: Callable[[int], QuerySet]) -> Statement | None:
    """The statement `build` compiles for any id, or None when it is not one SQL for all."""
    (sql, first), (other_sql, second) = (_sql(build(stand_in)) for stand_in in STAND_INS)
    if sql != other_sql or len(first) != len(second):
        return None
    pairs = enumerate(zip(first, second, strict=True))
    slots = tuple(index for index, (one, two) in pairs if one != two)
    if not slots or any((first[i], second[i]) != STAND_INS for i in slots):
        return None
    name = f"omil_statement_{next(_names)}"
    # Every parameter written into the SQL but the id, which becomes $1.
    connection.ensure_connection()
    with connection.connection.cursor() as driver_cursor:
        literal = driver_cursor.mogrify(sql, first)
    stand_in = str(STAND_INS[0])
    prepare = ""
    if literal.count(stand_in) == len(slots):
        prepare = f"PREPARE {name} (bigint) AS {literal.replace(stand_in, '$1')}"
    return Statement(sql, tuple(first), slots, name, prepare)


_names = itertools.count(1)
# The statements already prepared on each connection (a new connection prepares them again).
_prepared: WeakKeyDictionary = WeakKeyDictionary()


def _run_prepared(name: str, prepare: str, args: list) -> list[tuple]:
    """EXECUTE the statement, prepared on this connection the first time it runs there.

    PostgreSQL then parses and plans a union of a dozen sources once per connection instead of
    on every page, and the driver sends a few bytes instead of splitting 13 kB of SQL. The
    PREPARE goes through the driver's own connection: it is not one of the page's queries.
    Prepared statements outlive a rolled-back transaction; a pooler that shares sessions
    between clients (PgBouncer in transaction mode) would need DATABASE_PREPARED=0.
    """
    with connection.cursor() as cursor:
        raw = connection.connection
        done = _prepared.get(raw)
        if done is None or len(done) >= MAX_KEPT:
            if done:
                raw.execute("DEALLOCATE ALL")
            done = _prepared[raw] = set()
        if name not in done:
            raw.execute(prepare)
            done.add(name)
        placeholders = f"({', '.join(['%s'] * len(args))})" if args else ""
        cursor.execute(f"EXECUTE {name}{placeholders}", args)
        return cursor.fetchall()


def fetch_for_id(key: tuple, build: Callable[[int], QuerySet], value: int) -> list[tuple]:
    """The rows (as tuples) of the queryset `build(value)`.

    On PostgreSQL its SQL is compiled once per `key` (which must name everything but the id
    the query depends on) and time zone, then only the id is bound. Elsewhere (SQLite, the
    development database, returns dates as text the ORM converts) the ORM runs it.
    """
    if connection.vendor != "postgresql":
        return [tuple(row) for row in build(value)]
    key = (*key, timezone.get_current_timezone_name())
    if key not in _kept:
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[key] = _statement(build)
    statement = _kept[key]
    if statement and statement.prepare and settings.DATABASE_PREPARED:
        rows = _run_prepared(statement.name, statement.prepare, [value])
    else:
        sql, params = (statement.sql, statement.bind(value)) if statement else _sql(build(value))
        rows = _run(sql, params)
    return rows


# A moment no query compares with otherwise, to find where a moving moment («now less ninety
# days») goes in a kept statement.
STAND_IN_MOMENT = datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


@dataclass(frozen=True)
class Compiled:
    sql: str
    params: tuple
    slots: tuple[int, ...]  # where the moment goes
    # Its name and SQL as a PostgreSQL prepared statement, the moment as $1 (see _prepared).
    name: str = ""
    prepare: str = ""


_compiled: dict[tuple, Compiled] = {}


def _compiled_statement(sql: str, params: Sequence) -> Compiled:
    """The statement kept for `sql`, with every parameter written in but the moment.

    Parsing and planning the dashboard's unions, several kB each, cost a third of a year in
    progress's figures at 1× (25 ms, 16 ms prepared); prepared once per connection, each is
    planned once, with or without a moment (the connection's plan_cache_mode, in settings).
    """
    slots = tuple(index for index, value in enumerate(params) if value == STAND_IN_MOMENT)
    connection.ensure_connection()
    with connection.connection.cursor() as driver_cursor:
        literal = driver_cursor.mogrify(sql, params)
        stand_in = driver_cursor.mogrify("%s", [STAND_IN_MOMENT])
    name, prepare = "", ""
    if literal.count(stand_in) == len(slots):
        name = f"omil_statement_{next(_names)}"
        typed = " (timestamptz)" if slots else ""
        prepare = f"PREPARE {name}{typed} AS {literal.replace(stand_in, '$1')}"
    return Compiled(sql, tuple(params), slots, name, prepare)


def fetch_compiled(
    key: tuple, build: Callable[[datetime | None], object], moment: datetime | None = None
) -> list[tuple]:
    """The rows of the query `build(moment)` makes: a QuerySet, or SQL and its parameters.

    On PostgreSQL its SQL and parameters are kept per `key` (which must name everything the
    query depends on but `moment`) and time zone; later calls only put `moment` where it goes
    and run it. The dashboard's queries are unions of a dozen parts whose ORM building and
    compiling cost twice their running, and they are the same for the same period, park and
    sealed months; the rows are read afresh on every call. Elsewhere (SQLite) it is built
    every time, and a QuerySet is run by the ORM.
    """
    if connection.vendor != "postgresql":
        built = build(moment)
        if isinstance(built, QuerySet):
            return [tuple(row) for row in built]
        return _run(*built)
    key = (*key, timezone.get_current_timezone_name())
    kept = _compiled.get(key)
    if kept is None:
        built = build(STAND_IN_MOMENT)
        sql, params = _sql(built) if isinstance(built, QuerySet) else built
        if len(_compiled) >= MAX_KEPT:
            _compiled.clear()
        kept = _compiled[key] = _compiled_statement(sql, params)
    if kept.prepare and settings.DATABASE_PREPARED:
        return _run_prepared(kept.name, kept.prepare, [moment] if kept.slots else [])
    params = list(kept.params)
    for slot in kept.slots:
        params[slot] = moment
    return _run(kept.sql, params)


def _run(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
