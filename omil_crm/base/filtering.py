"""Bounds for everything read from a query string: filter forms and the views' own parameters.

A value the database or Python's date arithmetic cannot hold (year 9999 plus a day, an id
past PostgreSQL's bigint, a 5,000-digit number) must never reach them: it is refused with a
Spanish message next to the filter, or ignored, and the page still answers.

Every FilterSet of the project derives from `FilterSet` below, which bounds each of its
filters whatever class it was declared with; `IdFilter` is the filter for an id carried by a
link (a company's page linking to its requests).
"""

import re
from datetime import date

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from omil_crm.base.quick_select import QuickSelect

DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2200, 12, 31)
# PostgreSQL's bigint, the type of every id and whole-number column.
BIGINT_MIN = -(2**63)
BIGINT_MAX = 2**63 - 1
# Free text typed into a search box; nobody searches for a page of text.
SEARCH_MAX_LENGTH = 200

DATE_MESSAGE = "Indique una fecha entre el 01-01-1900 y el 31-12-2200."
ID_MESSAGE = "El identificador indicado no es válido."
# At most 19 ASCII digits: anything longer is past bigint, and int() of thousands of digits
# is refused by Python (and slow before that).
_ID = re.compile(r"[0-9]{1,19}")


def date_in_range(value: date) -> None:
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(DATE_MESSAGE, code="date_out_of_range")


def parse_id(value) -> int | None:
    """A positive id that fits a bigint column, or None for anything else."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= BIGINT_MAX else None


def parse_search(value) -> str:
    """Text typed into a search box: without NUL (PostgreSQL refuses it in a string), without
    the surrounding spaces, and at most SEARCH_MAX_LENGTH characters."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


class IdField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", BIGINT_MAX)
        super().__init__(**kwargs)
        for code in ("invalid", "min_value", "max_value"):
            self.error_messages[code] = ID_MESSAGE

    def to_python(self, value):
        if isinstance(value, str) and value.strip() and not _ID.fullmatch(value.strip()):
            raise ValidationError(ID_MESSAGE, code="invalid")
        return super().to_python(value)


class _PlainQueryChoices(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class FilterChoices(django_filters.fields.ModelChoiceIterator, _PlainQueryChoices):
    """A filter's options read with one plain query. Django reads a choice field's rows
    through QuerySet.iterator(), a server-side cursor on PostgreSQL (declare, fetch, close):
    twice the time of the query for the few dozen rows a filter offers, on every list."""


class BoundedModelChoiceField(django_filters.fields.ModelChoiceField):
    """Refuses an integer key past bigint before asking the database for it."""

    iterator = FilterChoices

    def to_python(self, value):
        # The «none of them» choice of a filter with a null_label (e.g. «Fuera de parques»).
        if self.null_label is not None and value == self.null_value:
            return value
        integer_key = isinstance(self.queryset.model._meta.pk, models.IntegerField)
        typed = value.strip() if isinstance(value, str) else ""
        if typed and integer_key and not self.to_field_name and parse_id(typed) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdFilter(django_filters.NumberFilter):
    """An id from the query string (1 … 2⁶³−1); anything else is a form error."""

    field_class = IdField


def bound_filter(filter_: django_filters.Filter) -> None:
    """Give a declared filter the bounds of this module, before its form field is built."""
    extra = filter_.extra
    if isinstance(filter_, (django_filters.ChoiceFilter, django_filters.ModelChoiceFilter)):
        extra.setdefault("widget", QuickSelect)
    if isinstance(filter_, django_filters.DateFilter):
        extra["validators"] = [*extra.get("validators", []), date_in_range]
    elif isinstance(filter_, django_filters.NumberFilter) and filter_.field_class is not IdField:
        extra.setdefault("min_value", BIGINT_MIN)
        extra.setdefault("max_value", BIGINT_MAX)
    elif isinstance(filter_, django_filters.ModelChoiceFilter):
        if filter_.field_class is django_filters.fields.ModelChoiceField:
            filter_.field_class = BoundedModelChoiceField
    elif isinstance(filter_, django_filters.CharFilter):
        extra.setdefault("max_length", SEARCH_MAX_LENGTH)


class FilterSet(django_filters.FilterSet):
    """The base of every list's filters: each filter bounded (see `bound_filter`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for filter_ in self.filters.values():
            bound_filter(filter_)

    def active(self) -> list[tuple[str, str]]:
        """(label, value as shown) of each filter in use, so a list opened from a figure says
        in words why it holds those rows, also on a phone where the filter form is folded."""
        if not self.is_bound or not self.form.is_valid():
            return []
        shown = []
        for name, value in self.form.cleaned_data.items():
            field = self.form.fields[name]
            if value in (None, "", []) or field.widget.is_hidden:
                continue
            if isinstance(self.filters[name], django_filters.OrderingFilter):
                continue
            shown.append((str(field.label), _as_shown(field, value)))
        return shown


def _as_shown(field, value) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, models.Model):
        return str(field.label_from_instance(value))
    if getattr(field, "null_label", None) is not None and value == field.null_value:
        return str(field.null_label)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)
