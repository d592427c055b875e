"""Inviting companies: each active contact with an address gets the invitation and its .ics,
once; a cancelled or past event invites nobody."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from companies.models import Contact
from events.models import EventCompany
from events.services import event_invite_companies
from tests.events.conftest import make_event


def invite(event, companies, user, capture):
    with capture(execute=True):
        return event_invite_companies(event=event, companies=companies, invited_by=user)


@pytest.mark.django_db
def test_it_mails_the_active_contacts_with_the_calendar_file(
    breakfast, company, contact, gestora, django_capture_on_commit_callbacks
):
    Contact.objects.create(
        company=company, name="Pedro Gómez", email="pgomez@bodegas.cl", is_active=False
    )
    Contact.objects.create(company=company, name="Sin correo", email="")

    count = invite(breakfast, [company], gestora, django_capture_on_commit_callbacks)

    assert count == 1
    assert [message.to for message in mail.outbox] == [["ana@bodegas.cl"]]
    message = mail.outbox[0]
    assert message.subject.startswith("Invitación: Desayuno con el alcalde")
    assert "Salón municipal de Concón" in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename == "invitacion.ics"
    assert "SUMMARY:Desayuno con el alcalde" in content
    assert "STATUS:CONFIRMED" in content
    assert mimetype.startswith("text/calendar")


@pytest.mark.django_db
def test_inviting_again_adds_nobody_and_mails_nobody(
    breakfast, company, contact, gestora, django_capture_on_commit_callbacks
):
    invite(breakfast, [company], gestora, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    count = invite(breakfast, [company], gestora, django_capture_on_commit_callbacks)

    assert count == 0
    assert mail.outbox == []
    assert EventCompany.objects.filter(event=breakfast).count() == 1


@pytest.mark.django_db
def test_an_online_event_sends_its_link(
    park, company, contact, gestora, django_capture_on_commit_callbacks
):
    event = make_event(
        park=park, modality="online", place="", online_url="https://meet.example.cl/omil"
    )

    invite(event, [company], gestora, django_capture_on_commit_callbacks)

    assert "https://meet.example.cl/omil" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_past_event_invites_nobody(fair, company, contact, gestora):
    with pytest.raises(ValidationError, match="ya terminó"):
        event_invite_companies(event=fair, companies=[company], invited_by=gestora)

    assert not EventCompany.objects.exists()
