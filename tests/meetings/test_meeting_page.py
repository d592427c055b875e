"""A meeting's page: agenda, who was invited and came, agreements that become follow-ups,
and needs that become service requests in one step."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact, FollowUp
from meetings.models import Agreement, Attendance
from omil_crm.models import Notification
from tests.conftest import make_persona
from tests.meetings.conftest import make_meeting


def page_url(meeting):
    return reverse("meetings:detail", args=[meeting.pk])


def agreement_data(**changes):
    data = {
        "description": "Gestionar con Obras la reparación de luminarias del acceso norte",
        "company": "",
        "responsible": "",
        "due_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_page_shows_the_agenda_and_the_people_invited(client, gestora, meeting):
    meeting.agenda = "1. Luminarias"
    meeting.save()
    client.force_login(gestora)

    html = client.get(page_url(meeting)).content.decode()

    assert "1. Luminarias" in html
    assert "Ana Pérez — Bodegas de Prueba SpA" in html
    assert "Gestora (OMIL)" in html
    assert reverse("meetings:ics", args=[meeting.pk]) in html


@pytest.mark.django_db
def test_the_gestora_records_who_attended(client, gestora, meeting, contact):
    client.force_login(gestora)
    ana = Attendance.objects.get(meeting=meeting, contact=contact)

    response = client.post(
        reverse("meetings:attendance_record", args=[meeting.pk]), {"present": [ana.pk]}, follow=True
    )

    assert "Asistencia guardada: 1 de 2." in response.content.decode()
    attended = dict(meeting.attendances.values_list("pk", "attended"))
    assert attended[ana.pk] is True
    assert list(attended.values()).count(True) == 1


@pytest.mark.django_db
def test_attendance_of_another_meeting_is_refused_and_nothing_changes(
    client, gestora, meeting, represented_park, contact
):
    other = make_meeting(represented_park, days=3)
    foreign = Attendance.objects.create(meeting=other, contact=contact)
    client.force_login(gestora)

    response = client.post(
        reverse("meetings:attendance_record", args=[meeting.pk]), {"present": [foreign.pk]}
    )

    assert response.status_code == 400
    assert "Escoja una opción válida" in response.content.decode()
    assert not Attendance.objects.filter(attended=True).exists()


@pytest.mark.django_db
def test_more_contacts_and_staff_can_be_invited(
    client, gestora, meeting, other_contact, administrativa
):
    client.force_login(gestora)

    client.post(
        reverse("meetings:attendance_invite", args=[meeting.pk]),
        {"contacts": [other_contact.pk], "staff": [administrativa.pk]},
    )

    assert meeting.attendances.filter(contact=other_contact).exists()
    assert meeting.attendances.filter(staff=administrativa).exists()


@pytest.mark.django_db
def test_inviting_nobody_says_so(client, gestora, meeting):
    client.force_login(gestora)

    response = client.post(reverse("meetings:attendance_invite", args=[meeting.pk]), {})

    assert response.status_code == 400
    assert "Elija al menos una persona para invitar." in response.content.decode()


@pytest.mark.django_db
def test_only_contacts_of_the_park_are_offered_for_a_park_meeting(client, gestora, meeting):
    inside = Contact.objects.create(company=meeting.park.companies.first(), name="Dentro")
    elsewhere = Company.objects.create(legal_name="Fuera del Parque Ltda.")
    far = Contact.objects.create(company=elsewhere, name="Lejos")
    client.force_login(gestora)

    offered = client.get(page_url(meeting)).context["invite_form"].fields["contacts"].queryset

    assert inside in offered
    assert far not in offered


@pytest.mark.django_db
def test_someone_invited_who_did_not_come_can_be_removed(client, gestora, meeting, contact):
    ana = Attendance.objects.get(meeting=meeting, contact=contact)
    client.force_login(gestora)

    client.post(reverse("meetings:attendance_remove", args=[ana.pk]))

    assert not Attendance.objects.filter(pk=ana.pk).exists()


@pytest.mark.django_db
def test_someone_who_attended_is_not_removed(client, gestora, meeting, contact):
    ana = Attendance.objects.get(meeting=meeting, contact=contact)
    ana.attended = True
    ana.save()
    client.force_login(gestora)

    response = client.post(reverse("meetings:attendance_remove", args=[ana.pk]), follow=True)

    assert "No se puede quitar a alguien que asistió" in response.content.decode()
    assert Attendance.objects.filter(pk=ana.pk).exists()


@pytest.mark.django_db
def test_an_agreement_becomes_a_follow_up_in_the_responsibles_list(
    client, gestora, meeting, company
):
    client.force_login(gestora)
    data = agreement_data(company=company.pk, responsible=gestora.pk)

    response = client.post(reverse("meetings:agreement_add", args=[meeting.pk]), data)

    agreement = Agreement.objects.get()
    assert response["Location"].endswith("#acuerdos")
    assert agreement.follow_up.assigned_to == gestora
    assert agreement.follow_up.due_date == timezone.localdate() + timedelta(days=20)
    follow_ups = client.get(reverse("companies:follow_ups")).content.decode()
    assert "Acuerdo de reunión: Gestionar con Obras la reparación" in follow_ups


@pytest.mark.django_db
def test_an_agreement_of_the_whole_park_follows_up_with_the_representatives_company(
    client, gestora, meeting, company
):
    client.force_login(gestora)

    client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        agreement_data(responsible=gestora.pk),
    )

    agreement = Agreement.objects.get()
    assert agreement.company is None
    assert agreement.follow_up.company == company


@pytest.mark.django_db
def test_a_past_due_date_is_refused_and_nothing_is_saved(client, gestora, meeting):
    client.force_login(gestora)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        agreement_data(responsible=gestora.pk, due_date=yesterday),
    )

    assert response.status_code == 400
    assert "La fecha comprometida no puede ser pasada." in response.content.decode()
    assert not Agreement.objects.exists()
    assert not FollowUp.objects.exists()


@pytest.mark.django_db
def test_an_agreement_given_to_a_colleague_notifies_her(client, gestora, meeting, company):
    colleague = make_persona("administrativa")
    client.force_login(gestora)

    client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        agreement_data(company=company.pk, responsible=colleague.pk),
    )

    notification = Notification.objects.get(recipient=colleague)
    assert notification.title.startswith("Acuerdo a su cargo: Gestionar con Obras")
    assert notification.url == page_url(meeting)
    assert not Notification.objects.filter(recipient=gestora).exists()


@pytest.mark.django_db
def test_fulfilling_an_agreement_closes_its_follow_up(client, gestora, meeting, company):
    client.force_login(gestora)
    client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        agreement_data(company=company.pk, responsible=gestora.pk),
    )
    agreement = Agreement.objects.get()

    client.post(reverse("meetings:agreement_done", args=[agreement.pk]))

    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DONE
    assert agreement.follow_up.done_at is not None


@pytest.mark.django_db
def test_a_follow_up_done_in_the_list_shows_the_agreement_fulfilled(
    client, gestora, meeting, company
):
    client.force_login(gestora)
    client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        agreement_data(company=company.pk, responsible=gestora.pk),
    )
    follow_up = Agreement.objects.get().follow_up

    client.post(reverse("companies:follow_up_done", args=[follow_up.pk]))

    html = client.get(page_url(meeting)).content.decode()
    assert "Cumplido</span>" in html


@pytest.mark.django_db
def test_a_need_raised_becomes_a_request_of_the_company_in_one_step(
    client, gestora, meeting, company
):
    client.force_login(gestora)

    html = client.get(page_url(meeting)).content.decode()

    request_url = reverse("requests_routing:request_create")
    assert f'action="{request_url}"' in html
    assert f'<option value="{company.pk}">{company}</option>' in html
    response = client.get(request_url, {"empresa": company.pk})
    assert response.status_code == 200
    assert response.context["company"] == company


@pytest.mark.django_db
def test_the_encargado_reads_the_meeting_without_changing_it(client, encargado, meeting, contact):
    client.force_login(encargado)

    html = client.get(page_url(meeting)).content.decode()

    assert "Ana Pérez — Bodegas de Prueba SpA" in html
    assert "Guardar asistencia" not in html
    assert "Registrar acuerdo" not in html
    ana = Attendance.objects.get(meeting=meeting, contact=contact)
    response = client.post(
        reverse("meetings:attendance_record", args=[meeting.pk]), {"present": [ana.pk]}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_page_costs_the_same_queries_whatever_it_holds(client, gestora, meeting, company, park):
    client.force_login(gestora)
    with CaptureQueriesContext(connection) as small:
        client.get(page_url(meeting))
    for index in range(15):
        person = Contact.objects.create(company=company, name=f"Persona {index}")
        Attendance.objects.create(meeting=meeting, contact=person, attended=True)
        Agreement.objects.create(
            meeting=meeting,
            description=f"Acuerdo {index}",
            responsible=gestora,
            due_date=timezone.localdate(),
            company=company,
        )
    with CaptureQueriesContext(connection) as large:
        client.get(page_url(meeting))

    assert len(large) == len(small)


@pytest.mark.django_db
def test_an_unknown_meeting_is_not_found(client, gestora):
    client.force_login(gestora)

    assert client.get(reverse("meetings:detail", args=[999])).status_code == 404


@pytest.mark.django_db
def test_the_follow_up_of_an_agreement_links_back_to_its_meeting(client, gestora, meeting, company):
    client.force_login(gestora)
    client.post(
        reverse("meetings:agreement_add", args=[meeting.pk]),
        agreement_data(company=company.pk, responsible=gestora.pk),
    )
    agreement = Agreement.objects.get()

    html = client.get(reverse("companies:follow_ups")).content.decode()
    response = client.get(reverse("meetings:agreement", args=[agreement.pk]))

    assert f'href="{reverse("meetings:agreement", args=[agreement.pk])}"' in html
    assert response["Location"] == f"{page_url(meeting)}#acuerdos"


@pytest.mark.django_db
def test_a_meeting_attended_appears_on_the_company_timeline(client, gestora, meeting, contact):
    Attendance.objects.filter(meeting=meeting, contact=contact).update(attended=True)
    client.force_login(gestora)

    html = client.get(reverse("companies:detail", args=[contact.company_id])).content.decode()

    assert f'href="{page_url(meeting)}"' in html
