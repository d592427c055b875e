"""A company's answer, recorded by staff or given on the portal, and its attendance."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from events.models import EventCompany
from events.services import event_company_record, event_company_respond

Response = EventCompany.Response


@pytest.mark.django_db
def test_staff_record_an_answer_given_by_phone(invitation, gestora):
    event_company_record(
        invitation=invitation, response=Response.CONFIRMED, attended=False, acting_user=gestora
    )

    invitation.refresh_from_db()
    assert invitation.response_text == "Confirmó"
    assert invitation.response_source == EventCompany.Source.STAFF


@pytest.mark.django_db
def test_a_portal_answer_keeps_its_source_when_staff_save_the_page(
    invitation, breakfast, company, gestora
):
    event_company_respond(event=breakfast, company=company, response=Response.CONFIRMED)

    event_company_record(
        invitation=invitation, response=Response.CONFIRMED, attended=False, acting_user=gestora
    )

    invitation.refresh_from_db()
    assert invitation.response_text == "Confirmó por el portal"


@pytest.mark.django_db
def test_a_company_not_invited_cannot_answer(breakfast, other_company):
    with pytest.raises(ValidationError, match="no está invitada"):
        event_company_respond(event=breakfast, company=other_company, response=Response.DECLINED)


@pytest.mark.django_db
def test_no_answer_after_the_event_started(invitation, breakfast, company):
    with pytest.raises(ValidationError, match="ya comenzó"):
        event_company_respond(
            event=breakfast,
            company=company,
            response=Response.DECLINED,
            at=breakfast.starts_at + timedelta(minutes=5),
        )


@pytest.mark.django_db
def test_nobody_attended_an_event_still_to_come(invitation, gestora):
    with pytest.raises(ValidationError):
        event_company_record(
            invitation=invitation, response=Response.CONFIRMED, attended=True, acting_user=gestora
        )

    invitation.refresh_from_db()
    assert invitation.response == Response.PENDING
    assert invitation.responded_at is None
