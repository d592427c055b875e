from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from companies.models import Company, FollowUp, Visit
from companies.services import log_visit


@pytest.mark.django_db
def test_it_records_the_visit_and_the_last_contact(company, gestora, contact):
    moment = timezone.now() - timedelta(hours=2)

    visit = log_visit(
        company=company,
        staff=gestora,
        happened_at=moment,
        summary="Reunión con RR.HH.",
        contacts=[contact],
    )

    company.refresh_from_db()
    assert company.last_contact_at == moment
    assert list(visit.contacts.all()) == [contact]
    assert company.status == Company.Status.ACTIVE


@pytest.mark.django_db
def test_an_older_visit_does_not_move_the_last_contact_back(company, gestora):
    recent = timezone.now() - timedelta(days=1)
    log_visit(company=company, staff=gestora, happened_at=recent, summary="Reciente")
    log_visit(
        company=company,
        staff=gestora,
        happened_at=recent - timedelta(days=30),
        summary="Antigua, registrada tarde",
    )

    company.refresh_from_db()
    assert company.last_contact_at == recent


@pytest.mark.django_db
def test_a_next_step_with_a_date_becomes_a_follow_up(company, gestora):
    due = timezone.localdate() + timedelta(days=7)

    visit = log_visit(
        company=company,
        staff=gestora,
        summary="Pidió perfiles",
        next_step="Enviar perfiles de operarios",
        follow_up_due=due,
    )

    follow_up = FollowUp.objects.get(company=company)
    assert (follow_up.title, follow_up.due_date, follow_up.assigned_to) == (
        "Enviar perfiles de operarios",
        due,
        gestora,
    )
    assert follow_up.source == visit


@pytest.mark.django_db
def test_a_past_follow_up_date_is_refused_and_nothing_is_saved(company, gestora):
    with pytest.raises(ValidationError) as error:
        log_visit(
            company=company,
            staff=gestora,
            summary="Visita",
            follow_up_due=timezone.localdate() - timedelta(days=1),
        )

    assert error.value.message_dict["follow_up_due"] == [
        "La fecha del seguimiento no puede ser pasada."
    ]
    assert not Visit.objects.exists()
    company.refresh_from_db()
    assert company.last_contact_at is None


@pytest.mark.django_db
def test_an_empty_summary_is_refused(company, gestora):
    with pytest.raises(ValidationError) as error:
        log_visit(company=company, staff=gestora, summary="   ")

    assert "summary" in error.value.message_dict
    assert not Visit.objects.exists()
