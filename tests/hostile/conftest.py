"""Hostile and broken input: the hypothesis profile of this package and its shared fixtures.

The profile is deterministic (`derandomize=True`, no example database): every run, on a
laptop or in CI, tries exactly the same examples, so a failure is reproducible from the test
name alone. `max_examples` keeps the whole package within about a minute and a half on SQLite;
set OMIL_HOSTILE_EXAMPLES to try more locally (for example 500).

Each example runs inside a savepoint that is rolled back (tests.hostile.support.rolled_back)
rather than in hypothesis.extra.django.TestCase: the tests reuse the project's pytest
fixtures (personas, park, company…), which a unittest class cannot take, and a savepoint
costs far less than a whole test transaction per example. That is why the tests suppress the
function-scoped-fixture health check: the fixtures are built once per test and every example
starts again from exactly that state.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "hostile",
    deadline=None,
    max_examples=int(os.environ.get("OMIL_HOSTILE_EXAMPLES", "30")),
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def hostile(max_examples: int | None = None, *, per_example_reset: bool = True):
    """The package's profile as a decorator; with per_example_reset the test promises that it
    rolls every example back itself, so function-scoped fixtures are safe to share."""
    profile = settings.get_profile("hostile")
    checks = list(profile.suppress_health_check)
    if per_example_reset:
        checks.append(HealthCheck.function_scoped_fixture)
    overrides = {"suppress_health_check": checks}
    if max_examples is not None and "OMIL_HOSTILE_EXAMPLES" not in os.environ:
        overrides["max_examples"] = max_examples
    return settings(profile, **overrides)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploads, pending imports and attachments go to a temporary folder."""
    settings.VAR_DIR = tmp_path / "var"
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def client_for(client, user):
    client.force_login(user)
    return client
