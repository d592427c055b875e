"""Counting related rows without a join."""

from django.db.models import F, Func, IntegerField, QuerySet, Subquery


def row_count(queryset: QuerySet) -> Subquery:
    """How many rows `queryset` (filtered on an OuterRef) has, as a correlated subquery.

    Unlike Count() over a join, which groups the whole table before the page is cut, it is
    computed only for the rows of the page, and the list's COUNT(*) stays a plain one.
    """
    counted = queryset.order_by().annotate(
        rows=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Subquery(counted.values("rows"), output_field=IntegerField())
