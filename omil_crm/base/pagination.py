"""Pages of a list whose count stops at ten thousand.

Counting half a million visits exactly, for every page of the visit list, cost more than
reading the fifty rows shown; past ten thousand nobody reads the exact figure, and the list
says «más de 10.000». The count is `SELECT COUNT(*) FROM (… LIMIT 10001)`: it stops reading
after ten thousand and one rows. Pages past the ten thousandth row are still reachable one
by one («Siguiente»), each reading one row more than it shows to know whether another follows.
"""

from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator

COUNT_LIMIT = 10_000
# A page number past this is no page (and no OFFSET the database should be asked for).
MAX_PAGE = 1_000_000


class BoundedPage(Page):
    """A page past the counted rows knows only whether another page follows."""

    def __init__(self, object_list, number, paginator, *, more: bool | None = None):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        if self.more is not None:
            return self.more
        return super().has_next()

    def end_index(self) -> int:
        if self.more is not None:
            return (self.number - 1) * self.paginator.per_page + len(self.object_list)
        return super().end_index()


class BoundedPaginator(Paginator):
    limit = COUNT_LIMIT

    def __init__(self, object_list, per_page, *args, limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        if limit is not None:
            self.limit = limit

    @cached_property
    def count(self) -> int:
        """The rows, or `limit + 1` when there are more than `limit`."""
        if hasattr(self.object_list, "bounded_count"):
            # A list that counts itself up to a limit (the company timeline's union).
            return self.object_list.bounded_count(self.limit + 1)
        if hasattr(self.object_list, "query"):
            # Without the list's ORDER BY: any limit + 1 rows tell whether there are more. And
            # only their ids: a row's own figures (a subquery per row, like the referrals in
            # process of each person) would otherwise be computed for every row counted.
            rows = self.object_list.order_by()
            if not rows.query.combinator:
                rows = rows.values("pk")
            return rows[: self.limit + 1].count()
        return min(len(self.object_list), self.limit + 1)

    @property
    def capped(self) -> bool:
        """More rows than counted: the list says «más de 10.000» and shows no last page."""
        return self.count > self.limit

    @property
    def count_display(self) -> str:
        limit = f"{self.limit:,}".replace(",", ".")
        return f"más de {limit}" if self.capped else str(self.count)

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

    def page(self, number):
        number = self.validate_number(number)
        if not self.capped or number < self.num_pages:
            return super().page(number)
        # Past the counted rows: read one more than shown, to know if another page follows.
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("Esa página no tiene filas.")
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)

    def _get_page(self, *args, **kwargs):
        return BoundedPage(*args, **kwargs)
