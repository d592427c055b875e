"""Requests and the inbox's triage (Administrativa) and the routing table (Encargado), fed
hostile input through the real views."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Company, Contact
from requests_routing.models import (
    Department,
    InboundEmail,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)
from requests_routing.services import service_request_create
from tests.hostile import strategies as s
from tests.hostile.conftest import client_for, hostile
from tests.hostile.support import rolled_back, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_contact(db, park):
    other = Company.objects.create(rut="77123456-2", legal_name="Otra Empresa Ltda", park=park)
    return Contact.objects.create(company=other, name="Pedro Soto")


@pytest.fixture
def email(db, company, contact, pruning):
    return InboundEmail.objects.create(
        message_id="<poda-1@bodegas.cl>",
        content_hash="h1",
        raw=b"raw",
        sender=contact.email,
        subject="Poda en el acceso",
        text_body="Las ramas tocan el cable.",
        sent_at=timezone.now(),
        matched_company=company,
        suggested_category=pruning,
    )


@pytest.fixture
def service_request(company, contact, pruning, administrativa):
    return service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda",
        channel=ServiceRequest.Channel.PHONE,
        created_by=administrativa,
    )


def request_fields(contact, other_contact, pruning):
    return {
        "category": s.id_field(pruning.pk),
        "contact": s.Field(
            st.sampled_from(["", str(contact.pk)]),
            s.id_field(wrong_ids=[other_contact.pk]).hostile,
        ),
        "channel": s.choice_field(ServiceRequest.Channel.values),
        "subject": s.text_field(200),
        "description": s.text_field(optional=True),
        "place": s.text_field(200, optional=True),
    }


@hostile(max_examples=40)
@given(data=st.data())
def test_registering_a_request(
    client, administrativa, company, contact, other_contact, pruning, data
):
    body = data.draw(s.form_data(request_fields(contact, other_contact, pruning)))
    with rolled_back():
        client_for(client, administrativa)
        url = f"{reverse('requests_routing:request_create')}?empresa={company.pk}"
        outcome = submit(client, url, body)
        if not outcome.refused:
            created = ServiceRequest.objects.get()
            assert created.subject == body["subject"].strip()
            assert created.department == pruning.department
            created.full_clean()


@hostile(max_examples=40)
@given(data=st.data())
def test_turning_an_email_into_a_request(
    client, administrativa, email, company, contact, other_contact, pruning, data
):
    fields = request_fields(contact, other_contact, pruning)
    del fields["channel"]
    fields["company"] = s.id_field(company.pk, wrong_ids=[other_contact.company_id])
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, administrativa)
        url = reverse("requests_routing:email_detail", args=[email.pk])
        outcome = submit(client, url, body)
        if not outcome.refused:
            created = ServiceRequest.objects.get()
            assert InboundEmail.objects.get(pk=email.pk).service_request == created
            assert created.contact in (None, contact)


@hostile()
@given(data=st.data())
def test_joining_an_email_to_a_request(client, administrativa, email, service_request, data):
    reference = service_request.reference
    fields = {
        "reference": s.Field(
            st.sampled_from([reference, reference.lower(), f" {reference} "]),
            st.one_of(s.hostile_text(), st.just("SOL-1999-00001")),
        )
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, administrativa)
        outcome = submit(client, reverse("requests_routing:email_attach", args=[email.pk]), body)
        if not outcome.refused:
            assert InboundEmail.objects.get(pk=email.pk).service_request == service_request


@hostile()
@given(data=st.data())
def test_dismissing_emails(client, administrativa, email, data):
    fields = {
        "reason": s.text_field(300),
        "emails": s.Field(
            st.just([str(email.pk)]),
            st.lists(s.id_field().hostile, min_size=1, max_size=3),
        ),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, administrativa)
        outcome = submit(client, reverse("requests_routing:emails_dismiss"), body)
        if not outcome.refused:
            dismissed = InboundEmail.objects.get(pk=email.pk)
            assert dismissed.triage_state != InboundEmail.TriageState.NEW


@hostile(max_examples=40)
@given(data=st.data())
def test_changing_a_requests_status(client, administrativa, service_request, data):
    fields = {
        "status": s.choice_field(ServiceRequest.Status.values),
        "note": s.text_field(optional=True),
        "duplicate_of": s.Field(
            st.sampled_from(["", service_request.reference]), s.text_field(20).hostile
        ),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, administrativa)
        url = reverse("requests_routing:request_change_status", args=[service_request.pk])
        outcome = submit(client, url, body)
        if not outcome.refused:
            changed = ServiceRequest.objects.get(pk=service_request.pk)
            assert changed.status == body["status"]


@hostile()
@given(data=st.data())
def test_adding_a_note_to_a_request(client, administrativa, service_request, data):
    body = data.draw(s.form_data({"text": s.text_field()}))
    with rolled_back():
        client_for(client, administrativa)
        url = reverse("requests_routing:request_add_note", args=[service_request.pk])
        outcome = submit(client, url, body)
        if not outcome.refused:
            note = RequestEvent.objects.get(kind=RequestEvent.Kind.NOTE)
            assert note.text == body["text"].strip()


@hostile()
@given(data=st.data())
def test_reassigning_a_request(client, administrativa, gestora, service_request, data):
    body = data.draw(s.form_data({"owner": s.id_field(gestora.pk)}))
    with rolled_back():
        client_for(client, administrativa)
        url = reverse("requests_routing:request_reassign", args=[service_request.pk])
        outcome = submit(client, url, body)
        if not outcome.refused:
            assert ServiceRequest.objects.get(pk=service_request.pk).owner == gestora


@hostile()
@given(data=st.data())
def test_editing_the_routing_tables_departments(client, encargado, pruning, data):
    fields = {
        "name": s.text_field(Department._meta.get_field("name").max_length),
        "email": s.Field(st.emails().filter(lambda e: len(e) <= 254), s.hostile_text()),
        "head": s.text_field(Department._meta.get_field("head").max_length, optional=True),
        "phone": s.text_field(Department._meta.get_field("phone").max_length, optional=True),
        "is_active": s.boolean_field(),
    }
    body = data.draw(s.form_data(fields))
    department = pruning.department
    with rolled_back():
        client_for(client, encargado)
        url = reverse("requests_routing:department_edit", args=[department.pk])
        outcome = submit(client, url, body)
        if not outcome.refused:
            department.refresh_from_db()
            department.full_clean()


@hostile()
@given(data=st.data())
def test_adding_a_category_to_the_routing_table(client, encargado, pruning, data):
    fields = {
        "name": s.text_field(RequestCategory._meta.get_field("name").max_length),
        "department": s.id_field(pruning.department_id),
        "sla_working_days": s.integer_field(1, 60),
        "keywords": s.text_field(optional=True),
        "is_active": s.boolean_field(),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, encargado)
        outcome = submit(client, reverse("requests_routing:category_add"), body)
        if not outcome.refused:
            added = RequestCategory.objects.exclude(pk=pruning.pk).get()
            added.full_clean()
