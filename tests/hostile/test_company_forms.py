"""The Gestora's forms (visits, contacts, follow-ups) and the Alcaldía's flag, fed hostile input
through the real views: never a 5xx; a complete, valid change or none with a Spanish reason."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Company, CompanyFlag, Contact, FollowUp, Visit
from companies.services import follow_up_create, visit_plan
from tests.hostile import strategies as s
from tests.hostile.conftest import client_for, hostile
from tests.hostile.support import rolled_back, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_contact(db, park, gestora):
    other = Company.objects.create(rut="77123456-2", legal_name="Otra Empresa Ltda", park=park)
    return Contact.objects.create(company=other, name="Pedro Soto")


def past_moments():
    today = date.today()
    return s.datetime_field(
        low=datetime(2020, 1, 1), high=datetime.combine(today, datetime.min.time())
    )


def future_moments():
    start = date.today() + timedelta(days=2)
    return s.datetime_field(
        low=datetime.combine(start, datetime.min.time()), high=datetime(start.year + 3, 12, 31)
    )


def future_dates():
    start = date.today() + timedelta(days=1)
    return s.date_field(low=start, high=date(start.year + 3, 12, 31))


@hostile(max_examples=40)
@given(data=st.data())
def test_logging_a_visit(client, gestora, company, contact, other_contact, data):
    fields = {
        "kind": s.choice_field(Visit.Kind.values),
        "happened_at": past_moments(),
        "contacts": s.Field(
            st.lists(st.just(str(contact.pk)), max_size=1),
            st.lists(s.id_field(wrong_ids=[other_contact.pk]).hostile, min_size=1, max_size=3),
        ),
        "summary": s.text_field(),
        "needs_detected": s.text_field(optional=True),
        "next_step": s.text_field(200, optional=True),
        "follow_up_due": s.Field(
            st.one_of(st.just(""), future_dates().valid), future_dates().hostile
        ),
        "next": s.Field(st.sampled_from(["done", "request", "vacancy"]), s.hostile_text()),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("companies:visit_log", args=[company.pk]), body)
        if not outcome.refused:
            visit = Visit.objects.get(company=company, status=Visit.Status.DONE)
            assert visit.summary == body["summary"].strip()
            assert set(visit.contacts.values_list("pk", flat=True)) <= {contact.pk}


@hostile()
@given(data=st.data())
def test_planning_a_visit(client, gestora, company, data):
    fields = {
        "kind": s.choice_field(Visit.Kind.values),
        "planned_for": future_moments(),
        "staff": s.id_field(gestora.pk),
        "next_step": s.text_field(200, optional=True),
        "confirm_outside_hours": s.boolean_field(),
        "confirm_day_off": s.boolean_field(),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("companies:visit_plan", args=[company.pk]), body)
        if not outcome.refused:
            visit = Visit.objects.get(company=company)
            assert visit.status == Visit.Status.PLANNED
            assert visit.planned_for > timezone.now()


CONTACT_FIELDS = {
    "name": s.text_field(150),
    "position": s.text_field(120, optional=True),
    "email": s.Field(
        st.one_of(st.just(""), st.emails().filter(lambda e: len(e) <= 254)), s.hostile_text()
    ),
    "phone": s.text_field(40, optional=True),
    "is_active": s.boolean_field(),
    "notes": s.text_field(optional=True),
}


@hostile()
@given(data=st.data())
def test_adding_a_contact(client, gestora, company, data):
    body = data.draw(s.form_data(CONTACT_FIELDS))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("companies:contact_add", args=[company.pk]), body)
        if not outcome.refused:
            added = Contact.objects.get(company=company)
            assert added.name == " ".join(body["name"].split())


@hostile()
@given(data=st.data())
def test_editing_a_contact(client, gestora, contact, data):
    body = data.draw(s.form_data(CONTACT_FIELDS))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("companies:contact_edit", args=[contact.pk]), body)
        if not outcome.refused:
            contact.refresh_from_db()
            assert contact.name == " ".join(body["name"].split())
            contact.full_clean()


@hostile()
@given(data=st.data())
def test_reassigning_a_follow_up(client, gestora, administrativa, company, data):
    body = data.draw(s.form_data({"assigned_to": s.id_field(administrativa.pk, wrong_ids=[0])}))
    with rolled_back():
        client_for(client, gestora)
        follow_up = follow_up_create(
            company=company, title="Llamar", assigned_to=gestora, due_date=date.today()
        )
        outcome = submit(client, reverse("companies:follow_up_reassign", args=[follow_up.pk]), body)
        if not outcome.refused:
            assert FollowUp.objects.get(pk=follow_up.pk).assigned_to == administrativa


@hostile()
@given(data=st.data())
def test_rescheduling_a_visit(client, gestora, company, data):
    fields = {
        "reprogramar-planned_for": s.Field(
            st.one_of(future_moments().valid, past_moments().valid), future_moments().hostile
        ),
        "reprogramar-reason": s.text_field(500, optional=True),
        "reprogramar-confirm_outside_hours": s.boolean_field(),
        "reprogramar-confirm_day_off": s.boolean_field(),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        visit = visit_plan(
            company=company, staff=gestora, planned_for=timezone.now() + timedelta(days=1)
        )
        outcome = submit(client, reverse("companies:visit_reschedule", args=[visit.pk]), body)
        if not outcome.refused:
            visit.refresh_from_db()
            assert visit.status == Visit.Status.PLANNED
            assert timezone.localdate(visit.planned_for) >= timezone.localdate()
            assert visit.changes.get().previous_planned_for != visit.planned_for


@hostile()
@given(data=st.data())
def test_cancelling_a_visit(client, gestora, company, data):
    body = data.draw(s.form_data({"cancelar-reason": s.text_field(500)}))
    with rolled_back():
        client_for(client, gestora)
        visit = visit_plan(
            company=company, staff=gestora, planned_for=timezone.now() + timedelta(days=1)
        )
        outcome = submit(client, reverse("companies:visit_cancel", args=[visit.pk]), body)
        if not outcome.refused:
            visit.refresh_from_db()
            assert visit.status == Visit.Status.CANCELLED
            assert visit.changes.get().reason == body["cancelar-reason"].strip()


@hostile()
@given(data=st.data())
def test_postponing_a_follow_up(client, gestora, company, data):
    fields = {
        "due_date": s.Field(
            st.one_of(future_dates().valid, st.dates().map(date.isoformat)),
            future_dates().hostile,
        ),
        "reason": s.text_field(500),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        follow_up = follow_up_create(
            company=company, title="Llamar", assigned_to=gestora, due_date=date.today()
        )
        outcome = submit(client, reverse("companies:follow_up_postpone", args=[follow_up.pk]), body)
        if not outcome.refused:
            follow_up.refresh_from_db()
            assert follow_up.due_date > timezone.localdate()
            assert follow_up.changes.get().reason == body["reason"].strip()


@hostile(max_examples=40)
@given(data=st.data())
def test_the_alcaldia_flags_a_company_in_the_admin(client, alcaldia, park, company, data):
    fields = {
        "legal_name": s.text_field(200),
        "rut": s.Field(
            st.one_of(st.just(""), s.rut_field().valid), s.rut_field(company.rut).hostile
        ),
        "park": s.id_field(park.pk),
        "address": s.text_field(200, optional=True),
        "note": s.text_field(optional=True),
    }
    body = data.draw(s.form_data(fields)) | {"_save": "Guardar"}
    with rolled_back():
        client_for(client, alcaldia)
        outcome = submit(client, reverse("admin:companies_companyflag_add"), body)
        if not outcome.refused:
            flag = CompanyFlag.objects.select_related("company").get()
            assert flag.company.legal_name == body["legal_name"].strip()
            assert flag.company.status == Company.Status.FLAGGED
            flag.company.full_clean()
