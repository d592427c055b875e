import threading
from datetime import datetime

import pytest
from django.db import connection, connections
from django.utils import timezone

from requests_routing.models import ServiceRequest
from requests_routing.services import next_reference, service_request_create


@pytest.mark.django_db
def test_references_count_up_within_a_year():
    assert next_reference(2026) == "SOL-2026-00001"
    assert next_reference(2026) == "SOL-2026-00002"
    assert next_reference(2027) == "SOL-2027-00001"


@pytest.mark.django_db
def test_a_request_takes_the_year_it_was_received(company, pruning, administrativa):
    received = timezone.make_aware(datetime(2025, 12, 31, 23, 30))

    request = service_request_create(
        company=company,
        category=pruning,
        subject="Poda",
        channel="email",
        created_by=administrativa,
        received_at=received,
    )

    assert request.reference == "SOL-2025-00001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_share_a_number(company, pruning, administrativa):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write; the race only exists on PostgreSQL")
    errors = []

    def create_some():
        try:
            for _ in range(10):
                service_request_create(
                    company=company,
                    category=pruning,
                    subject="Poda",
                    channel="phone",
                    created_by=administrativa,
                )
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create_some) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    references = list(ServiceRequest.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 40
    year = timezone.localdate().year
    assert sorted(references)[-1] == f"SOL-{year}-00040"
