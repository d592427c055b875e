"""What every hostile-input property checks: no 5xx, and either a complete valid change or no
change at all with a Spanish message saying why."""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.messages import constants as message_levels
from django.db import transaction
from django.forms import BaseForm
from hypothesis import event

PROJECT_APPS = ("companies", "requests_routing", "vacancies", "meetings", "events", "omil_crm")

# Words of Django's English messages; none of them is Spanish (the Spanish ones say «campo»,
# «válido», «valor», «caracteres», «Asegúrese», «Introduzca», «Escoja»…).
ENGLISH = re.compile(
    r"\b(this field|enter a|ensure this|select a valid|is not one of|null characters|"
    r"is required|not allowed|characters|value|valid|already exists|must be)\b",
    re.IGNORECASE,
)


@contextmanager
def rolled_back():
    """Run one example inside a savepoint that is always rolled back, so every example starts
    from the state the test's fixtures built."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _frozen(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, dict | list):
        return repr(value)
    return value


def snapshot() -> dict[str, set[tuple]]:
    """Every row of every table of the project's apps (history tables included)."""
    tables = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = model._base_manager.values_list()
            tables[model._meta.label] = {tuple(_frozen(value) for value in row) for row in rows}
    return tables


def changes(before: dict, after: dict) -> dict[str, set[tuple]]:
    """The rows that are new or different after, per table."""
    return {
        label: after[label] - before[label]
        for label in after
        if after[label] != before.get(label, set())
    }


def forms_in(response) -> list[BaseForm]:
    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            value = getattr(value, "form", value)  # the admin wraps its form
            if isinstance(value, BaseForm) and value.is_bound:
                found.append(value)
    return found


def feedback(response) -> list[str]:
    """The errors the user is shown: those of the page's bound forms, and error messages."""
    texts = []
    for form in forms_in(response):
        for errors in form.errors.values():
            texts.extend(str(error) for error in errors)
    storage = getattr(response.wsgi_request, "_messages", None)
    if storage is not None:
        texts.extend(
            message.message for message in storage if message.level >= message_levels.WARNING
        )
    return texts


@dataclass
class Outcome:
    status: int
    errors: list[str]
    changed: dict[str, set[tuple]] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.status != 302 or bool(self.errors)


def submit(client, url: str, data: dict) -> Outcome:
    """POST as a browser would and report what happened to the database."""
    client.cookies.pop("messages", None)  # messages of a previous example
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500, response.status_code
    outcome = Outcome(response.status_code, feedback(response), changes(before, snapshot()))
    event("refused" if outcome.refused else "accepted")
    if outcome.refused:
        assert outcome.changed == {}, f"refused but saved: {outcome.changed}"
        assert_spanish(outcome.errors, data)
    else:
        assert outcome.changed, "accepted but nothing was saved"
        assert_storable(outcome.changed)
    return outcome


def assert_spanish(errors: list[str], data: dict) -> None:
    assert errors, "a refused submission must say why"
    for error in errors:
        text = error
        for value in data.values():
            if isinstance(value, str) and len(value) > 2:
                text = text.replace(value.strip(), "")
        assert not ENGLISH.search(text), f"message in English: {error!r}"


def assert_storable(changed: dict[str, set[tuple]]) -> None:
    """What SQLite lets through but PostgreSQL refuses: a NUL in text, or text longer than its
    column. Checked on every saved row, so the SQLite run finds it too."""
    for label, rows in changed.items():
        fields = apps.get_model(label)._meta.concrete_fields
        for row in rows:
            for model_field, value in zip(fields, row, strict=True):
                if not isinstance(value, str):
                    continue
                where = f"{label}.{model_field.name}"
                assert "\x00" not in value, f"NUL saved in {where}"
                limit = getattr(model_field, "max_length", None)
                assert limit is None or len(value) <= limit, f"{len(value)} > {limit} in {where}"
