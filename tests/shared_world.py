"""One persona per role and one object of every kind, built once for a whole test module.

The URL walks request hundreds of pages; building the objects for each test would cost more
than the walk. Everything is created inside one transaction that is rolled back when the
module is done, so no other test sees it.
"""

from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings

from tests.access_objects import build_access_objects
from tests.conftest import ROLE_OF_PERSONA, make_persona


@contextmanager
def rolled_back_world(django_db_blocker, media_root):
    """(personas by role name, AccessObjects), alive until the block ends."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        transaction.atomic(),
    ):
        personas = {name: make_persona(name) for name in ROLE_OF_PERSONA}
        yield personas, build_access_objects(personas)
        transaction.set_rollback(True)
