"""No page a signed-in person sees may be kept by the browser or a cache on the way.

Walks every URL of the project (the same discovery and objects as the access matrix) as each
role and checks the answer's Cache-Control, whatever the status: a 403 or a redirect can carry
a name too.
"""

import pytest
from django.urls import reverse

from omil_crm.calendar import feeds as calendars
from tests.test_access_matrix import PERSONAS, client_for, expectations, world  # noqa: F401


def cache_directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("role", PERSONAS)
def test_every_signed_in_answer_says_no_store_and_private(world, role):  # noqa: F811
    personas, objects = world
    client = client_for(role, personas)
    cacheable = []
    for key, path, _get, _post in expectations(objects):
        response = client.get(path)
        if not {"no-store", "private"} <= cache_directives(response):
            cacheable.append(
                f"{key} {path} ({response.status_code}): {response.get('Cache-Control')}"
            )
    assert not cacheable, "Respuestas que un navegador podría guardar:\n" + "\n".join(cacheable)


def test_a_calendar_feed_read_without_a_session_is_not_stored_either(world):  # noqa: F811
    personas, _objects = world
    token = calendars.feed_token_create(user=personas["gestora"])

    response = client_for("anonymous", personas).get(reverse("calendar_feed", args=[token.token]))

    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_directives(response)
