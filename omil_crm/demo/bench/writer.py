"""Writing the benchmark's rows: PostgreSQL COPY, one model at a time.

The ORM, one row at a time, would take hours for the two million rows of the full scale;
COPY streams them. The generator assigns every id itself, so `Writer.next_id` only says where
a table's ids may start. The NOT NULL columns a generator leaves out are filled here with the
model's default (or the run's time for auto_now fields), so that a new field with a default
does not break the benchmark; one with no usable default stops it with a `SeedError`. Each
COPY is reported as it goes and counted for the total that `manage.py seed_bench` prints.
"""

import time
from collections.abc import Callable, Iterable

from django.db import connection
from django.db.models import Max
from django.utils import timezone


class SeedError(Exception):
    """A condition that stops the seeding, with a message for the person who ran it."""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class Writer:
    """COPY rows of one model into its table and report how long it took."""

    def __init__(self, report: Callable[[str], None]):
        self.report = report
        self.counts: dict[str, int] = {}
        self.seconds: dict[str, float] = {}

    def next_id(self, model) -> int:
        return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1

    def _filled_fields(self, model, names: list[str]):
        """The NOT NULL columns the caller left out, with their (constant) defaults."""
        extra_fields, extra_values = [], []
        now = timezone.now()
        for model_field in model._meta.concrete_fields:
            if model_field.primary_key or model_field.name in names:
                continue
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                value = now
            elif model_field.has_default():
                value = model_field.get_default()
            elif model_field.null:
                continue
            else:
                value = model_field.get_default()
            if value is None and not model_field.null:
                raise SeedError(f"Falta un valor para {model.__name__}.{model_field.name}.")
            extra_fields.append(model_field)
            extra_values.append(value)
        return extra_fields, tuple(extra_values)

    def copy(self, model, names: list[str], rows: Iterable[tuple], label: str = "") -> int:
        meta = model._meta
        quote = connection.ops.quote_name
        extra_fields, extra_values = self._filled_fields(model, names)
        columns = [meta.get_field(name).column for name in names]
        columns += [extra.column for extra in extra_fields]
        sql = f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        started = time.monotonic()
        written = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row + extra_values if extra_values else row)
                written += 1
        elapsed = time.monotonic() - started
        label = label or meta.db_table
        self.counts[label] = self.counts.get(label, 0) + written
        self.seconds[label] = self.seconds.get(label, 0.0) + elapsed
        self.report(f"  {label:<38} {written:>9} filas  {elapsed:6.1f} s")
        return written
