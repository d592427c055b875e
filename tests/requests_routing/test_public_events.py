"""Which entries of a request's timeline the company sees: set when each is written, and
for the history written before the portal, by the data migration."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from requests_routing.models import RequestEvent
from requests_routing.services import (
    service_request_add_note,
    service_request_change_status,
    service_request_create,
    service_request_route,
)

pytestmark = pytest.mark.django_db
migration = importlib.import_module("requests_routing.migrations.0014_portal_public_timeline")


@pytest.fixture
def request_(company, contact, pruning, administrativa):
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda",
        channel="phone",
        created_by=administrativa,
    )


def public_kinds(request):
    return sorted(set(request.events.filter(public=True).values_list("kind", flat=True)))


def test_each_event_is_public_or_internal_as_written(request_, administrativa):
    service_request_route(request=request_, actor=administrativa)
    service_request_add_note(request=request_, actor=administrativa, text="Interna")
    service_request_change_status(
        request=request_, status="resolved", actor=administrativa, note="Podado."
    )

    assert public_kinds(request_) == [
        "acknowledgement",
        "created",
        "resolution_notice",
        "status_change",
    ]
    assert not request_.events.get(kind="sent_to_department").public
    assert not request_.events.get(kind="note").public


def test_the_migration_marks_the_earlier_history(request_, administrativa):
    service_request_route(request=request_, actor=administrativa)
    service_request_add_note(request=request_, actor=administrativa, text="Interna")
    RequestEvent.objects.update(public=False)

    migration.mark_public_kinds(apps, None)

    assert public_kinds(request_) == ["acknowledgement", "created", "status_change"]


def test_a_department_reply_can_never_be_public(request_):
    event = RequestEvent(
        request=request_,
        kind=RequestEvent.Kind.DEPARTMENT_REPLY,
        public=True,
        created_at=request_.received_at,
    )

    with pytest.raises(ValidationError, match="no se muestran a la empresa"):
        event.full_clean()
