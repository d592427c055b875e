"""Pages of a list whose count stops at ten thousand.

Counting half a million visits exactly, for every page of the visit list, cost more than
reading the fifty rows shown; past ten thousand nobody reads the exact figure, and the list
says «más de 10.000». The count is `SELECT COUNT(*) FROM (… LIMIT 10001)`: it stops reading
after ten thousand and one rows; when PostgreSQL expects more than twice that many, the list
says «más de 10.000» from its estimate and counts nothing. Pages past the ten thousandth row
are still reachable one by one («Siguiente»), each reading one row more than it shows to know
whether another follows.
"""

import json
from contextlib import contextmanager
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection, transaction
from django.db.models import QuerySet

COUNT_LIMIT = 10_000
# A list narrowed by a text typed in counts to this (omil_crm.base.formtools.search_limit).
SEARCH_COUNT_LIMIT = 1_000
# Above this many times the limit, PostgreSQL's own estimate of the rows is trusted and they
# are not counted at all: a search matching 27,000 people of 300,000 took 80 ms to count to
# 10,001 (the planner walked the name index, filtering). Below it, estimates can be off by a
# factor, so the rows are counted, still only up to the limit.
ESTIMATE_TRUSTED = 2
# A text search's estimate is trusted only from five times its limit on: PostgreSQL estimates
# a «contains» pattern from a sample of the column, off by up to 1.8 times on the benchmark's
# names. Without it, «González» among 300,000 people took 18 ms to count to 1,001 (its
# matches lie together in the name index the count walks) against 3 ms among 100,000.
SEARCH_ESTIMATE_TRUSTED = 5
# Per count limit, how many times the limit an estimate must exceed to stand for the count (a list
# with another limit, like the company timeline's 500, is always counted).
ESTIMATE_TRUSTED_FROM = {COUNT_LIMIT: ESTIMATE_TRUSTED, SEARCH_COUNT_LIMIT: SEARCH_ESTIMATE_TRUSTED}
# A page number past this is no page (and no OFFSET the database should be asked for).
MAX_PAGE = 1_000_000


def planner_estimate(rows) -> float:
    """How many rows PostgreSQL expects `rows` to return (EXPLAIN: plans, runs nothing);
    0 elsewhere, where the rows are always counted."""
    if connection.vendor != "postgresql":
        return 0
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Plan"]["Plan Rows"]


@contextmanager
def unordered_scans():
    """Within it, PostgreSQL reads no index in order: a search is counted off its text
    indexes (a bitmap of the trigram matches) or the table, not by walking an ordered index
    and testing each row. A count to 1,001 looks as if it could stop early down the name
    index, and PostgreSQL takes that walk for cheap because it prices the test of a «contains»
    pattern like a comparison: «González» among 100,000 people, 3,992 matches, walked 30,000
    names, 20 ms, against 3.5 ms from the trigram index.

    Set only for the transaction (SET LOCAL), in one of its own when none is open: behind a
    pooler in transaction mode (PgBouncer), a setting of the session could stay on a server
    connection that another request gets next. Inside a transaction already open, the
    defaults come back as soon as the count is done; if it fails, its savepoint undoes the
    setting with it."""
    if connection.vendor != "postgresql":
        yield
        return
    enclosed = connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off")
        yield
        if enclosed:
            cursor.execute("RESET enable_indexscan; RESET enable_indexonlyscan")


def bounded_counts(querysets: list[QuerySet], limit: int = COUNT_LIMIT) -> list[int]:
    """The rows of each queryset, each counted up to `limit + 1` (reading only ids), in one
    query: a page with several bounded lists (the sections of «Seguimientos») asks once."""
    parts, params = [], []
    for index, rows in enumerate(querysets):
        try:
            sql, part_params = rows.order_by().values("pk")[: limit + 1].query.sql_with_params()
        except EmptyResultSet:
            parts.append(f"SELECT {index}, 0")
            continue
        parts.append(f"SELECT {index}, COUNT(*) FROM ({sql}) AS part{index}")
        params += part_params
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        counted = dict(cursor.fetchall())
    return [int(counted[index]) for index in range(len(parts))]


def count_text(count: int, limit: int = COUNT_LIMIT) -> str:
    """«1.234», or «más de 10.000» past the limit."""
    shown = min(count, limit)
    text = f"{shown:,}".replace(",", ".")
    return f"más de {text}" if count > limit else text


class BoundedPage(Page):
    """A page past the counted rows knows only whether another page follows."""

    def __init__(self, object_list, number, paginator, *, more: bool | None = None):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        if self.more is not None:
            return self.more
        return super().has_next()

    def start_index(self) -> int:
        if self.more is not None:
            return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0
        return super().start_index()

    def end_index(self) -> int:
        if self.more is not None:
            return (self.number - 1) * self.paginator.per_page + len(self.object_list)
        return super().end_index()


class BoundedPaginator(Paginator):
    limit = COUNT_LIMIT
    # Whether its pages say how many rows there are («4.188 en total»).
    counts_rows = True

    def __init__(
        self, object_list, per_page, *args, limit: int | None = None, counted=None, **kwargs
    ):
        super().__init__(object_list, per_page, *args, **kwargs)
        if limit is not None:
            self.limit = limit
        # What is counted, when the rows shown are read another way (named rows of a few
        # columns, whose joins a count of ids would keep).
        self.counted = object_list if counted is None else counted

    @cached_property
    def count(self) -> int:
        """The rows, or `limit + 1` when there are more than `limit`."""
        if hasattr(self.counted, "query"):
            # Without the list's ORDER BY: any limit + 1 rows tell whether there are more. And
            # only their ids: a row's own figures (a subquery per row, like the referrals in
            # process of each person) would otherwise be computed for every row counted.
            rows = self.counted.order_by()
            if not rows.query.combinator:
                rows = rows.values("pk")
                factor = ESTIMATE_TRUSTED_FROM.get(self.limit)
                if factor and planner_estimate(rows) > factor * self.limit:
                    return self.limit + 1
            if self.limit == SEARCH_COUNT_LIMIT:
                with unordered_scans():
                    return rows[: self.limit + 1].count()
            return rows[: self.limit + 1].count()
        return min(len(self.counted), self.limit + 1)

    @property
    def capped(self) -> bool:
        """More rows than counted: the list says «más de 10.000» and shows no last page."""
        return self.count > self.limit

    @property
    def count_display(self) -> str:
        """«4.188», or «más de 10.000» past the limit."""
        return count_text(self.count, self.limit)

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("La página no es un número entero.") from error
        if not 1 <= number <= MAX_PAGE:
            raise EmptyPage("Esa página no existe.")
        return number

    def get_page(self, number):
        """The requested page; a number that is no page gives the first, and one past the
        end the last. Where a list not counted exactly ends is not known without counting:
        past its end (a number typed by hand) the first page is given too."""
        try:
            number = self.validate_number(number)
        except PageNotAnInteger:
            number = 1
        except EmptyPage:
            number = 1 if self.capped else self.num_pages
        try:
            return self.page(number)
        except EmptyPage:
            return self.page(1)

    def page(self, number):
        number = self.validate_number(number)
        if not self.capped:
            return super().page(number)
        # Not counted exactly (or only estimated): read one more row than shown, to know
        # whether another page follows.
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("Esa página no tiene filas.")
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _get_page(self, *args, **kwargs):
        return BoundedPage(*args, **kwargs)


class FeedPaginator(BoundedPaginator):
    """Pages of a history read newest first (a company's timeline), never counted: each page
    reads one row more than it shows to know whether an older page follows, so a page costs
    the rows it shows however long the history. Counting it, even only to 500 entries, read
    a block of the table per entry: a third of the company page's time in the database."""

    counts_rows = False
    capped = True

    @property
    def count(self) -> int:
        raise TypeError("A feed is not counted: its pages know only whether another follows.")
