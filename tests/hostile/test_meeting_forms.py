"""Meetings, minutes and agreements (Gestora) and the parks' meeting rule (Encargado), fed
hostile input through the real views."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Company, IndustrialPark, Weekday, WeekOfMonth
from meetings.models import Agreement, Meeting
from meetings.services import meeting_create
from tests.hostile import strategies as s
from tests.hostile.conftest import client_for, hostile
from tests.hostile.support import rolled_back, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(park, gestora):
    starts = datetime.combine(date.today() + timedelta(days=7), datetime.min.time())
    starts = starts.replace(hour=9).astimezone()
    return meeting_create(
        kind=Meeting.Kind.BREAKFAST,
        title="Desayuno empresarial",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        created_by=gestora,
        park=park,
    )


def meeting_times(years_ahead=0):
    """Starts within two years; ends (years_ahead=3) after any valid start."""
    start = date.today() + timedelta(days=1)
    low = datetime.combine(start, datetime.min.time()).replace(year=start.year + years_ahead)
    return s.datetime_field(low=low, high=datetime(start.year + 2 + years_ahead, 12, 31))


def end_times():
    """Mostly after any valid start; sometimes before it, which must be refused."""
    return s.Field(
        meeting_times(years_ahead=3).valid, meeting_times().valid | meeting_times().hostile
    )


def limit(model, name):
    return model._meta.get_field(name).max_length


@hostile(max_examples=40)
@given(data=st.data())
def test_creating_a_meeting(client, gestora, park, data):
    fields = {
        "kind": s.choice_field(Meeting.Kind.values),
        "title": s.text_field(limit(Meeting, "title")),
        "park": s.Field(st.sampled_from(["", str(park.pk)]), s.id_field().hostile),
        "starts_at": meeting_times(),
        "ends_at": end_times(),
        "place": s.text_field(limit(Meeting, "place"), optional=True),
        "agenda": s.text_field(optional=True),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("meetings:create"), body)
        if not outcome.refused:
            created = Meeting.objects.get()
            assert created.ends_at > created.starts_at
            created.full_clean()


@hostile(max_examples=40)
@given(data=st.data())
def test_editing_a_meeting_and_its_minutes(client, gestora, meeting, data):
    fields = {
        "title": s.text_field(limit(Meeting, "title")),
        "starts_at": meeting_times(),
        "ends_at": end_times(),
        "place": s.text_field(limit(Meeting, "place"), optional=True),
        "status": s.choice_field(Meeting.Status.values),
        "agenda": s.text_field(optional=True),
        "minutes": s.text_field(optional=True),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("meetings:edit", args=[meeting.pk]), body)
        if not outcome.refused:
            meeting.refresh_from_db()
            assert meeting.ends_at > meeting.starts_at
            meeting.full_clean()


@hostile(max_examples=40)
@given(data=st.data())
def test_recording_an_agreement(client, gestora, meeting, company, data):
    with rolled_back():
        elsewhere = Company.objects.create(rut="77123456-2", legal_name="Fuera del Parque SpA")
        fields = {
            "description": s.text_field(2000),
            "company": s.Field(
                st.sampled_from(["", str(company.pk)]), s.id_field(wrong_ids=[elsewhere.pk]).hostile
            ),
            "responsible": s.id_field(gestora.pk),
            "due_date": s.date_field(low=date.today(), high=date(date.today().year + 2, 12, 31)),
        }
        body = data.draw(s.form_data(fields))
        client_for(client, gestora)
        outcome = submit(client, reverse("meetings:agreement_add", args=[meeting.pk]), body)
        if not outcome.refused:
            agreement = Agreement.objects.get()
            assert agreement.description == body["description"].strip()
            assert agreement.company_id in (None, company.pk)


@hostile()
@given(data=st.data())
def test_changing_a_parks_meeting_rule(client, encargado, park, data):
    fields = {
        "meeting_week": s.choice_field(WeekOfMonth.values),
        "meeting_weekday": s.choice_field(Weekday.values),
        "meeting_time": s.Field(
            st.times().map(lambda moment: moment.strftime("%H:%M")),
            st.one_of(st.sampled_from(["24:00", "9", "09:60", "-1:00", ""]), s.hostile_text()),
        ),
        "meeting_place": s.text_field(limit(IndustrialPark, "meeting_place"), optional=True),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, encargado)
        outcome = submit(client, reverse("meetings:park_rule_edit", args=[park.pk]), body)
        if not outcome.refused:
            park.refresh_from_db()
            park.full_clean()
