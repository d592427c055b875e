from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from requests_routing.models import RequestEvent, ServiceRequest
from requests_routing.services import service_request_change_status, service_request_create

Status = ServiceRequest.Status


@pytest.fixture
def request_(company, pruning, administrativa, contact):
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Ramas sobre el cable",
        channel="email",
        created_by=administrativa,
        received_at=timezone.now() - timedelta(days=1),
    )


@pytest.mark.django_db
def test_it_is_routed_to_the_category_department_with_a_working_day_due_date(
    company, pruning, administrativa
):
    request = service_request_create(
        company=company,
        category=pruning,
        subject="Poda",
        channel="phone",
        created_by=administrativa,
        received_at=timezone.make_aware(datetime(2026, 12, 4, 10)),
    )

    # Five working days from Friday 4 December 2026 skip the weekends and 8 December.
    assert request.department == pruning.department
    assert request.due_date == date(2026, 12, 14)
    assert request.status == Status.RECEIVED
    assert request.owner == administrativa
    assert request.events.get().kind == RequestEvent.Kind.CREATED


@pytest.mark.django_db
def test_a_change_dated_before_the_request_arrived_is_refused(request_, administrativa):
    with pytest.raises(ValidationError) as error:
        service_request_change_status(
            request=request_,
            status=Status.ROUTED,
            actor=administrativa,
            at=request_.received_at - timedelta(hours=1),
        )

    assert "anterior a la recepción" in error.value.messages[0]
    request_.refresh_from_db()
    assert request_.status == Status.RECEIVED


@pytest.mark.django_db
def test_a_contact_of_another_company_is_refused(company, pruning, administrativa, park):
    from companies.models import Company, Contact

    other = Company.objects.create(legal_name="Otra SpA", park=park)
    stranger = Contact.objects.create(company=other, name="Extraño")

    with pytest.raises(ValidationError):
        service_request_create(
            company=company,
            contact=stranger,
            category=pruning,
            subject="Poda",
            channel="email",
            created_by=administrativa,
        )
    assert not ServiceRequest.objects.exists()


@pytest.mark.django_db
def test_each_status_change_is_in_the_timeline(request_, administrativa):
    for status in (Status.ROUTED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        service_request_change_status(
            request=request_, status=status, actor=administrativa, note="Cuadrilla en terreno"
        )

    request_.refresh_from_db()
    changes = list(
        request_.events.filter(kind=RequestEvent.Kind.STATUS_CHANGE).values_list(
            "from_status", "to_status"
        )
    )
    assert changes == [
        ("received", "routed"),
        ("routed", "in_progress"),
        ("in_progress", "resolved"),
        ("resolved", "closed"),
    ]
    assert request_.resolved_at is not None and request_.closed_at is not None


@pytest.mark.django_db
def test_a_closed_request_cannot_be_reopened(request_, administrativa):
    service_request_change_status(request=request_, status=Status.REJECTED, actor=administrativa)

    with pytest.raises(ValidationError) as error:
        service_request_change_status(request=request_, status=Status.ROUTED, actor=administrativa)

    assert "no puede pasar a derivada" in error.value.messages[0]
    request_.refresh_from_db()
    assert request_.status == Status.REJECTED


@pytest.mark.django_db
def test_a_duplicate_must_name_its_original(request_, administrativa):
    with pytest.raises(ValidationError):
        service_request_change_status(
            request=request_, status=Status.DUPLICATE, actor=administrativa
        )

    request_.refresh_from_db()
    assert request_.status == Status.RECEIVED
    assert request_.events.count() == 1
