"""Choosing a colleague by name: the field, its text box and the search behind its suggestions.

A select of every staff member has hundreds of options; a list page with several of them (or
one per row, as «Reasignar» on the follow-ups) spent more time writing options than reading
its rows. The text box instead asks `/equipo/buscar/` for a few names while the person types
(static/js/staff-lookup.js), and sends the chosen person's id. Without JavaScript the typed
name itself is sent and resolved here, so the filter and the form keep working.
"""

from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django.urls import reverse_lazy

from omil_crm.accounts import roles
from omil_crm.accounts.roles import person_name
from omil_crm.base.filtering import parse_id, parse_search

# Suggestions shown at most: a name, not a directory.
SUGGESTIONS = 15
OFFICE_ROLES = (roles.GESTORA, roles.ADMINISTRATIVA, roles.PSICOLOGA, roles.ENCARGADO)
DEACTIVATED = " (cuenta desactivada)"
# What an id that is nobody's gets, as from the select this box replaced.
CHOICE_MESSAGE = "Escoja una opción válida."
NOBODY_MESSAGE = "No hay nadie del equipo con ese nombre."
SEVERAL_MESSAGE = (
    "Hay {count} personas con ese nombre: escriba el nombre completo o elíjala de la lista."
)


def staff_members() -> QuerySet:
    """Everyone who works or has worked at the office, whatever their role today: a colleague
    who left (or lost her role) still answers for the visits, referrals and placements she
    recorded, and the panel links to them. Only the mayor's office, which records none, is
    left out."""
    return (
        get_user_model()
        .objects.exclude(groups__name=roles.ALCALDIA)
        .order_by("-is_active", "first_name", "last_name", "pk")
    )


def active_office_staff() -> QuerySet:
    """Who may be given work today: active accounts holding an office role."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=OFFICE_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def staff_label(user) -> str:
    name = person_name(user)
    return name if user.is_active else f"{name}{DEACTIVATED}"


def _with_full_name(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(lookup_name=Concat("first_name", Value(" "), "last_name"))


@dataclass(frozen=True)
class StaffMatches:
    people: list
    more: bool


def search_staff(queryset: QuerySet, text: str, limit: int = SUGGESTIONS) -> StaffMatches:
    """The colleagues whose name or username contains `text`, at most `limit` of them (one
    query: `limit + 1` rows say whether there are more)."""
    text = parse_search(text).removesuffix(DEACTIVATED.strip()).strip()
    if not text:
        return StaffMatches([], False)
    rows = list(
        _with_full_name(queryset).filter(
            Q(lookup_name__icontains=text) | Q(username__icontains=text)
        )[: limit + 1]
    )
    return StaffMatches(rows[:limit], len(rows) > limit)


def resolve_staff(queryset: QuerySet, value: str):
    """The one colleague an id or a typed name designates; a Spanish ValidationError when it
    designates nobody or several people."""
    text = parse_search(value)
    if text.isdigit():
        pk = parse_id(text)
        person = queryset.filter(pk=pk).first() if pk is not None else None
        if person is None:
            raise ValidationError(CHOICE_MESSAGE, code="invalid_choice")
        return person
    name = text.removesuffix(DEACTIVATED).strip()
    candidates = _with_full_name(queryset)
    exact = list(candidates.filter(Q(lookup_name__iexact=name) | Q(username__iexact=name))[:2])
    if len(exact) == 1:
        return exact[0]
    matches = exact or search_staff(queryset, name, limit=2).people
    if not matches:
        raise ValidationError(NOBODY_MESSAGE, code="invalid_choice")
    if len(matches) > 1:
        count = candidates.filter(
            Q(lookup_name__icontains=name) | Q(username__icontains=name)
        ).count()
        raise ValidationError(SEVERAL_MESSAGE.format(count=count), code="invalid_choice")
    return matches[0]


class StaffName(str):
    """A colleague's name as shown in the box, still knowing whose it is."""

    staff_pk: int | None = None


def shown_name(person) -> StaffName:
    name = StaffName(staff_label(person))
    name.staff_pk = person.pk
    return name


class StaffLookupInput(forms.TextInput):
    """A text box with the person's name; staff-lookup.js adds the suggestions and, for the
    person already chosen (`data-staff-id`), sends her id again, so two colleagues with the
    same name are never confused."""

    def __init__(self, attrs=None, *, only_active: bool = False):
        attrs = {
            "autocomplete": "off",
            "placeholder": "Nombre",
            "data-staff-lookup": reverse_lazy("accounts:staff_search"),
            **(attrs or {}),
        }
        if only_active:
            attrs["data-only-active"] = "1"
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if getattr(value, "staff_pk", None):
            context["widget"]["attrs"]["data-staff-id"] = value.staff_pk
        return context


class StaffLookupField(forms.Field):
    """A colleague, given by id (the suggestions) or by name (typed without JavaScript)."""

    widget = StaffLookupInput

    def __init__(self, *, queryset: QuerySet, **kwargs):
        self.queryset = queryset
        # The people already resolved from the submitted text, so the box shows their name
        # without asking the database again.
        self._resolved: dict[str, object] = {}
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values or not parse_search(value):
            return None
        if not isinstance(value, str):
            return value
        person = resolve_staff(self.queryset, value)
        self._resolved[value] = person
        return person

    def prepare_value(self, value):
        if isinstance(value, get_user_model()):
            return shown_name(value)
        person = self._resolved.get(value) if isinstance(value, str) else None
        if person is not None:
            return shown_name(person)
        if isinstance(value, int):
            person = self.queryset.filter(pk=value).first()
            return shown_name(person) if person else ""
        return value

    def label_from_instance(self, user) -> str:
        return staff_label(user)
