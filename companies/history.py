"""The change history of a record, read for a person: who changed what, when, from what to what.

The rows come from django-simple-history. Every app builds its page's `HistorySource`s (the
company and its contacts, a request, a person and their referrals…) and calls
`change_history`, which merges them newest first, keeps the latest `HISTORY_LIMIT` and turns
them into Spanish: field names, choice labels, related objects by name, dates as dates.

The cost is fixed whatever the number of rows: per source, one count, one page of rows (each
carrying the id of the version before it) and one query for those earlier versions; then one
query per kind of related object shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import capfirst

from companies.rut import RutField, format_rut
from omil_crm.accounts.roles import person_name

CHANGE_HISTORY_PERMISSION = "companies.view_change_history"
HISTORY_LIMIT = 50
SYSTEM = "Sistema"
EMPTY = "—"
KINDS = {"+": "creado", "~": "modificado", "-": "eliminado"}


@dataclass(frozen=True)
class HistorySource:
    """The historical rows of one model that a page shows, and how to name them.

    `name_field` names each object in the list (a contact's name, a referral's vacancy);
    `hidden_fields` are tracked but never shown on that page (e.g. an evaluation's result on
    the person's page, where opening it would not be logged as a reading).
    """

    rows: QuerySet
    label: str
    name_field: str = ""
    hidden_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeEntry:
    when: datetime
    who: str
    kind: str
    subject: str
    changes: tuple[FieldChange, ...]
    # A modification whose earlier version is not kept (made before the history started).
    without_previous: bool = False


@dataclass(frozen=True)
class ChangeHistory:
    entries: list[ChangeEntry] = field(default_factory=list)
    total: int = 0

    @property
    def shown(self) -> int:
        return len(self.entries)

    @property
    def is_truncated(self) -> bool:
        return self.total > len(self.entries)


def change_history(*sources: HistorySource, limit: int = HISTORY_LIMIT) -> ChangeHistory:
    """The latest `limit` changes of all `sources` together, newest first, in Spanish."""
    total = 0
    picked = []
    for source in sources:
        total += source.rows.count()
        picked.extend((source, row) for row in _latest(source.rows, limit))
    picked.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id), reverse=True)
    picked = picked[:limit]
    previous = _previous_versions(picked)
    raw = [_raw_entry(source, row, previous.get((type(row), row.pk))) for source, row in picked]
    names = _related_names(raw)
    return ChangeHistory(entries=[_entry(item, names) for item in raw], total=total)


def _latest(rows: QuerySet, limit: int) -> list:
    """The newest rows, each annotated with the id of the version of the same object before it
    (so the diff needs no query per row)."""
    model = rows.model
    key = model.instance_type._meta.pk.attname
    earlier = (
        model._default_manager.filter(**{key: OuterRef(key)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return list(
        rows.select_related("history_user")
        .annotate(previous_version=Subquery(earlier))
        .order_by("-history_date", "-history_id")[:limit]
    )


def _previous_versions(picked: list) -> dict:
    """The earlier version of every picked row, fetched in one query per model."""
    wanted = defaultdict(set)
    for _source, row in picked:
        if row.history_type == "~" and row.previous_version is not None:
            wanted[type(row)].add(row.previous_version)
    by_id = {}
    for model, ids in wanted.items():
        for version in model._default_manager.filter(history_id__in=ids):
            by_id[(model, version.pk)] = version
    return {
        (type(row), row.pk): by_id.get((type(row), row.previous_version))
        for _source, row in picked
        if row.history_type == "~" and row.previous_version is not None
    }


@dataclass
class _RawEntry:
    source: HistorySource
    row: object
    changes: list  # (model field, old value, new value), values as stored
    without_previous: bool


def _raw_entry(source: HistorySource, row, previous) -> _RawEntry:
    shown = [
        model_field
        for model_field in row.tracked_fields
        if model_field.editable
        and not model_field.primary_key
        and model_field.name not in source.hidden_fields
    ]
    if row.history_type == "+":
        changes = [
            (model_field, None, model_field.value_from_object(row))
            for model_field in shown
            if not _is_empty(model_field.value_from_object(row))
        ]
        return _RawEntry(source, row, changes, without_previous=False)
    if row.history_type == "~" and previous is not None:
        delta = row.diff_against(previous, included_fields=[f.name for f in shown])
        changed = {change.field: change for change in delta.changes}
        changes = [
            (model_field, changed[model_field.name].old, changed[model_field.name].new)
            for model_field in shown
            if model_field.name in changed
        ]
        return _RawEntry(source, row, changes, without_previous=False)
    return _RawEntry(source, row, [], without_previous=row.history_type == "~")


def _is_empty(value) -> bool:
    return value is None or value == ""


def _related_names(raw: list[_RawEntry]) -> dict:
    """The text of every related object the entries mention, one query per related model."""
    wanted = defaultdict(set)
    for item in raw:
        for model_field, old, new in item.changes:
            if model_field.is_relation:
                wanted[model_field.related_model].update(v for v in (old, new) if v is not None)
        name_field = _name_field(item)
        if name_field is not None and name_field.is_relation:
            value = name_field.value_from_object(item.row)
            if value is not None:
                wanted[name_field.related_model].add(value)
    names = {}
    user_model = get_user_model()
    for model, keys in wanted.items():
        rows = model._default_manager.all()
        relations = _required_relations(model)
        if relations:
            rows = rows.select_related(*relations)
        for key, obj in rows.in_bulk(keys).items():
            names[(model, key)] = person_name(obj) if model is user_model else str(obj)
    return names


def _required_relations(model, depth: int = 2, prefix: str = "") -> list[str]:
    """The non-null foreign keys of `model`, two levels deep: what the objects' __str__ use (a
    contact's company, a referral's person and vacancy and the vacancy's company), fetched in
    the same query so naming an object costs none."""
    paths = []
    for model_field in model._meta.concrete_fields:
        if model_field.many_to_one and not model_field.null:
            path = f"{prefix}{model_field.name}"
            paths.append(path)
            if depth > 1:
                paths.extend(_required_relations(model_field.related_model, depth - 1, f"{path}__"))
    return paths


def _name_field(item: _RawEntry):
    if not item.source.name_field:
        return None
    return item.row._meta.get_field(item.source.name_field)


def _entry(item: _RawEntry, names: dict) -> ChangeEntry:
    row = item.row
    subject = item.source.label
    name_field = _name_field(item)
    if name_field is not None:
        name = _text(name_field, name_field.value_from_object(row), names)
        if name != EMPTY:
            subject = f"{subject}: {name}"
    return ChangeEntry(
        when=row.history_date,
        who=person_name(row.history_user) if row.history_user else SYSTEM,
        kind=KINDS.get(row.history_type, row.history_type),
        subject=subject,
        changes=tuple(_field_changes(item.changes, names)),
        without_previous=item.without_previous,
    )


def _field_changes(changes: list, names: dict):
    for model_field, old, new in changes:
        old_text, new_text = _text(model_field, old, names), _text(model_field, new, names)
        # Moments a few seconds apart read the same to the minute: nothing a person changed.
        if old_text != new_text:
            yield FieldChange(capfirst(str(model_field.verbose_name)), old_text, new_text)


def _text(model_field, value, names: dict) -> str:
    """A stored value as the person who typed it would read it."""
    if hasattr(model_field, "text_for_people"):
        return model_field.text_for_people(value)
    if _is_empty(value):
        return EMPTY
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"n.º {value} (ya no existe)")
    if model_field.flatchoices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(model_field, RutField):
        return format_rut(value)
    return str(value)
