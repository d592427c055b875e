"""Every rule the database enforces explains itself in Spanish.

A broken constraint is reported with its `violation_error_message`; Django's default names the
constraint in English («Constraint "vacancy_positions_min" is violated»), which tells an
office worker nothing. The same goes for the «unique» message of the fields people type.
"""

import re

import pytest
from django.apps import apps
from django.db.models import CheckConstraint, UniqueConstraint

PROJECT_APPS = ("omil_crm", "companies", "requests_routing", "vacancies", "meetings", "events")
ENGLISH_WORDS = {"constraint", "violated", "already", "exists", "with", "this", "the", "must"}
SPANISH_WORDS = {"de", "la", "el", "los", "las", "un", "una", "ya", "no", "debe", "es", "con"}


def project_constraints() -> list[tuple]:
    return [
        (model, constraint)
        for app_label in PROJECT_APPS
        for model in apps.get_app_config(app_label).get_models()
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint | UniqueConstraint)
    ]


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_it_finds_the_constraints_of_every_app():
    found = {model._meta.app_label for model, _constraint in project_constraints()}

    assert found == set(PROJECT_APPS)


@pytest.mark.parametrize(
    ("model", "constraint"),
    project_constraints(),
    ids=lambda item: getattr(item, "name", None) or getattr(item, "__name__", ""),
)
def test_it_explains_every_constraint_in_spanish(model, constraint):
    message = constraint.get_violation_error_message()

    assert constraint.violation_error_message != constraint.default_violation_error_message
    assert constraint.name not in message
    assert not words(message) & ENGLISH_WORDS, message
    assert words(message) & SPANISH_WORDS, message
    assert message[0].isupper() and message.endswith("."), message


# The unique fields that a person fills in, in a page or in the admin.
TYPED_UNIQUE_FIELDS = [
    ("companies", "IndustrialPark", "name"),
    ("companies", "Company", "rut"),
    ("vacancies", "JobSeeker", "rut"),
    ("vacancies", "Programme", "name"),
    ("requests_routing", "Department", "name"),
    ("requests_routing", "RequestCategory", "name"),
]


@pytest.mark.parametrize(("app_label", "model_name", "field_name"), TYPED_UNIQUE_FIELDS)
def test_it_says_in_spanish_that_a_typed_value_is_taken(app_label, model_name, field_name):
    field = apps.get_model(app_label, model_name)._meta.get_field(field_name)

    assert field.unique
    message = field.error_messages["unique"]
    assert message.startswith("Ya ") and "%(" not in message, message
    assert not words(message) & ENGLISH_WORDS, message
