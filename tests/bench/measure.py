"""Timing and query counting for the scale benchmark, and the table it prints.

Each page is requested a few times to warm caches and connections, then many times more;
every request records its SQL queries (CaptureQueriesContext) and its wall time.
"""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

MAX_QUERIES = 15


@dataclass
class Result:
    """What one row of the table says: a page (or task), its cost and whether it meets its
    target."""

    name: str
    target: str
    times_ms: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    limit_ms: float | None = None
    # The target as a multiple of the floor page's p50 (`floor_ms`, its requests taken beside
    # the page's): absolute times move between machines, ratios measured together do not.
    ratio_limit: float | None = None
    floor_ms: float | None = None
    max_queries: int | None = MAX_QUERIES
    errors: list[str] = field(default_factory=list)
    # A reference to compare with (the Django admin): measured, never judged.
    reference: bool = False
    # For rows that are not a page: the figures and verdict are computed elsewhere.
    fixed: tuple[str, str, str, bool] | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms) if self.times_ms else float("nan")

    @property
    def p95(self) -> float:
        if not self.times_ms:
            return float("nan")
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def ratio(self) -> float | None:
        if not self.floor_ms or not self.times_ms:
            return None
        return self.p50 / self.floor_ms

    @property
    def queries_display(self) -> str:
        if not self.queries:
            return "—"
        low, high = min(self.queries), max(self.queries)
        return str(high) if low == high else f"{low}–{high}"

    @property
    def met(self) -> bool:
        if self.fixed is not None:
            return self.fixed[3]
        if self.reference:
            return not self.errors
        if self.errors or not self.times_ms:
            return False
        if self.max_queries is not None and max(self.queries) > self.max_queries:
            return False
        if self.ratio_limit is not None and (self.ratio is None or self.ratio > self.ratio_limit):
            return False
        return self.limit_ms is None or self.p95 <= self.limit_ms

    def cells(self) -> list[str]:
        ratio = "—"
        if self.fixed is not None:
            queries, p50, p95, _met = self.fixed
        else:
            queries, p50, p95 = self.queries_display, f"{self.p50:.1f}", f"{self.p95:.1f}"
            if self.ratio is not None:
                ratio = times(self.ratio)
        verdict = "—" if self.reference else ("cumple" if self.met else "no cumple")
        if self.errors:
            verdict += f" ({self.errors[0]})"
        return [self.name, queries, p50, p95, ratio, self.target, verdict]


def times(value: float, digits: int = 1) -> str:
    """A ratio the Chilean way: 2,5×."""
    return f"{value:.{digits}f}×".replace(".", ",")


def measure(
    result: Result,
    call: Callable[[int], int],
    *,
    warmups: int,
    repetitions: int,
    before: Callable[[], None] | None = None,
) -> Result:
    """Run `call(i)` (which returns an HTTP status) warm-up times, then measure it.

    `before` runs ahead of every call, outside the measurement (e.g. emptying a cache).
    """
    for number in range(warmups):
        warm_up(call, number, before)
    for number in range(repetitions):
        measure_once(result, call, warmups + number, before)
    return result


def warm_up(call: Callable[[int], int], number: int, before=None) -> None:
    if before:
        before()
    call(number)


def measure_once(result: Result, call: Callable[[int], int], number: int, before=None) -> None:
    """One measured call: its wall time, its SQL queries and, if not 200, its status."""
    if before:
        before()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        status = call(number)
        elapsed = time.perf_counter() - started
    result.times_ms.append(elapsed * 1000)
    result.queries.append(len(captured.captured_queries))
    if status != 200 and not result.errors:
        result.errors.append(f"respuesta {status}")


HEADER = ["Página", "Consultas", "p50 ms", "p95 ms", "p50 / piso", "Meta", "Cumple"]


def table(results: list[Result]) -> str:
    """A Markdown table that also reads well in a terminal."""
    return markdown([HEADER] + [result.cells() for result in results], numeric={1, 2, 3, 4})


def markdown(rows: list[list[str]], numeric: set[int]) -> str:
    """Rows (the first is the header) as a Markdown table padded for a terminal; the
    `numeric` columns are aligned right."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]

    def line(row):
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "| " + " | ".join(cells) + " |"

    separator = (
        "|"
        + "|".join(
            "-" * (width + 1) + ":" if i in numeric else "-" * (width + 2)
            for i, width in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(rows[0]), separator, *(line(row) for row in rows[1:])])
