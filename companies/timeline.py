"""The company page's timeline, fed by every app without this base app importing them.

Each app registers a source in its AppConfig.ready(): a function that, given a company, returns
a queryset annotated with the five timeline columns. The page unions them into one SQL query,
so a page of the timeline costs the same whatever the company's history.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial

from django.db import connection
from django.db.models import Case, CharField, DateTimeField, F, QuerySet, TextField, Value, When
from django.db.models.functions import (
    Cast,
    Concat,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractYear,
    LPad,
)
from django.utils import timezone

from omil_crm.base.statements import fetch_for_id

COLUMNS = ("kind", "ref_id", "at", "title", "detail")


@dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: str
    icon: str
    entries: Callable[..., QuerySet]
    url_for: Callable[[int], str | None] = lambda ref_id: None
    # Entries dated by a DateField arrive as UTC midnight and must not be shown in local time.
    date_only: bool = False


_sources: dict[str, TimelineSource] = {}


def register(source: TimelineSource) -> None:
    _sources[source.kind] = source


def columns(queryset: QuerySet, *, kind: str, at, title, detail, ref: str = "pk") -> QuerySet:
    """Annotate `queryset` with the timeline columns, in the order the union needs.

    `ref` is the id the entry links to (the row's own by default; a visit's change links to
    the visit)."""
    return (
        queryset.annotate(
            tl_kind=Value(kind, output_field=CharField()),
            tl_ref_id=F(ref),
            tl_at=Cast(at, DateTimeField()),
            tl_title=Cast(title, CharField()),
            tl_detail=Cast(detail, TextField()),
        )
        .order_by()
        .values_list("tl_kind", "tl_ref_id", "tl_at", "tl_title", "tl_detail")
    )


@dataclass(frozen=True)
class TimelineEntry:
    kind: str
    ref_id: int
    at: datetime
    title: str
    detail: str

    @property
    def source(self) -> TimelineSource:
        return _sources[self.kind]

    @property
    def url(self) -> str | None:
        return self.source.url_for(self.ref_id)

    @property
    def when(self) -> str:
        if self.source.date_only:
            return self.at.astimezone(UTC).strftime("%d-%m-%Y")
        return timezone.localtime(self.at).strftime("%d-%m-%Y %H:%M")


ORDER = ("-tl_at", "-tl_ref_id")


class CompanyTimeline:
    """Every registered source's entries for a company, newest first, sliced like a list.

    A slice is one query: each source reads, newest first, only the rows up to the slice's
    end (`ORDER BY … LIMIT` inside the union), so a page costs the rows it shows whatever
    the company's history. It is not counted (omil_crm.base.pagination.FeedPaginator). The
    query is compiled once per process (omil_crm.base.statements): its SQL differs from
    company to company only in the company's id.
    """

    def __init__(self, company):
        self.company = company

    def _parts(self, company_id: int) -> list[QuerySet]:
        company = type(self.company)(pk=company_id)
        return [source.entries(company) for source in _sources.values()]

    def _slice(self, company_id: int, start: int, stop: int) -> QuerySet:
        parts = self._parts(company_id)
        if connection.features.supports_slicing_ordering_in_compound:
            parts = [part.order_by(*ORDER)[:stop] for part in parts]
        # SQLite (the development database) takes no LIMIT inside a union: it reads it whole.
        first, *rest = parts
        return first.union(*rest, all=True).order_by(*ORDER)[start:stop]

    def __getitem__(self, index: slice) -> list:
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("A company timeline is read by slices.")
        start, stop = index.start or 0, index.stop
        if stop <= start:
            return []
        key = ("company-timeline", tuple(_sources), start, stop)
        build = partial(self._slice, start=start, stop=stop)
        return fetch_for_id(key, build, self.company.pk)


def company_timeline(company) -> CompanyTimeline:
    """Every registered source's entries for `company`, newest first."""
    return CompanyTimeline(company)


def as_entries(rows) -> list[TimelineEntry]:
    return [TimelineEntry(*row) for row in rows]


def choice_label(field: str, choices) -> Case:
    """The Spanish label of a choices field, computed in SQL so the union stays one query."""
    return Case(
        *[When(**{field: value}, then=Value(str(label))) for value, label in choices],
        default=Value(""),
        output_field=CharField(),
    )


def text(*parts) -> Concat:
    """Concatenate columns and literals as text, whatever the columns' types."""
    return Concat(*parts, output_field=TextField())


def _two_digits(part) -> LPad:
    return LPad(Cast(part, CharField()), 2, Value("0"))


def date_text(field: str) -> Concat:
    """A date column as dd-mm-yyyy, in SQL (for a DateTimeField, the Santiago date)."""
    return text(
        _two_digits(ExtractDay(field)),
        Value("-"),
        _two_digits(ExtractMonth(field)),
        Value("-"),
        Cast(ExtractYear(field), CharField()),
    )


def datetime_text(field: str) -> Concat:
    """A moment as dd-mm-yyyy hh:mm in Santiago time, in SQL."""
    return text(
        date_text(field),
        Value(" "),
        _two_digits(ExtractHour(field)),
        Value(":"),
        _two_digits(ExtractMinute(field)),
    )


_links: dict[str, Callable[[int], str | None]] = {}


def register_link(model_label: str, url_for: Callable[[int], str | None]) -> None:
    """Where an object of `model_label` ("app_label.model") is shown, for links from
    follow-ups back to what created them."""
    _links[model_label] = url_for


def link_for(content_type, object_id) -> str | None:
    if content_type is None or object_id is None:
        return None
    url_for = _links.get(f"{content_type.app_label}.{content_type.model}")
    return url_for(object_id) if url_for else None
