"""Registering and correcting a company, and editing a park, fed hostile input through the
real views: never a 5xx; a complete, valid change or none with a Spanish reason."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from companies.models import Company, Contact, IndustrialPark, Sector
from tests.hostile import strategies as s
from tests.hostile.conftest import client_for, hostile
from tests.hostile.support import rolled_back, submit

pytestmark = pytest.mark.django_db


def limit(model, name):
    return model._meta.get_field(name).max_length


def time_field():
    return s.Field(
        st.times().map(lambda moment: moment.strftime("%H:%M")),
        st.one_of(st.sampled_from(["24:00", "9", "09:60", "-1:00", "mediodía"]), s.hostile_text()),
    )


def company_fields(*, taken_rut: str, park: IndustrialPark, owner_pk: int) -> dict:
    return {
        "rut": s.rut_field(taken_rut),
        "legal_name": s.text_field(limit(Company, "legal_name")),
        "trade_name": s.text_field(limit(Company, "trade_name"), optional=True),
        "sector": s.choice_field(Sector.values),
        "park": s.Field(st.sampled_from(["", str(park.pk)]), s.id_field().hostile),
        "address": s.text_field(limit(Company, "address"), optional=True),
        "phone": s.text_field(limit(Company, "phone"), optional=True),
        "email": s.Field(
            st.sampled_from(["", "contacto@empresa.cl", "RRHH@Empresa.CL"]),
            st.one_of(st.sampled_from(["no-es-correo", "a@", "@b.cl"]), s.hostile_text()),
        ),
        "website": s.Field(
            st.sampled_from(["", "https://empresa.cl"]),
            st.one_of(st.sampled_from(["javascript:alert(1)", "empresa"]), s.hostile_text()),
        ),
        "workforce_size": s.Field(
            st.one_of(st.just(""), st.integers(0, 5000).map(str)),
            s.integer_field(0, 5000).hostile,
        ),
        "visiting_weekdays": s.Field(
            st.lists(st.sampled_from("0123456"), max_size=7, unique=True),
            st.lists(st.one_of(st.sampled_from(["7", "-1", "01"]), s.hostile_text()), min_size=1),
        ),
        "visiting_from": time_field(),
        "visiting_until": time_field(),
        "visiting_notes": s.text_field(limit(Company, "visiting_notes"), optional=True),
        "status": s.choice_field(["to_visit", "active", "inactive"]),
        "owner": s.Field(st.sampled_from(["", str(owner_pk)]), s.id_field().hostile),
    }


@pytest.fixture
def outsider(db):
    """A contact of a company in another park, whose RUT is taken."""
    other_park = IndustrialPark.objects.create(name="Parque Los Maitenes", comuna="05107")
    company = Company.objects.create(rut="76543210-3", legal_name="Áridos", park=other_park)
    return Contact.objects.create(company=company, name="Jorge Vidal")


def assert_kept_the_rules(company: Company) -> None:
    company.full_clean()
    assert Company.objects.filter(rut=company.rut).count() == 1
    assert company.status != Company.Status.FLAGGED


@hostile(max_examples=40)
@given(data=st.data())
def test_registering_a_company(client, gestora, park, company, data):
    fields = company_fields(taken_rut=company.rut, park=park, owner_pk=gestora.pk)
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, gestora)
        outcome = submit(client, reverse("companies:company_create"), body)
        if not outcome.refused:
            assert_kept_the_rules(Company.objects.exclude(pk=company.pk).get())


@hostile(max_examples=40)
@given(data=st.data())
def test_correcting_a_company(client, encargado, gestora, park, company, outsider, data):
    fields = company_fields(taken_rut=outsider.company.rut, park=park, owner_pk=gestora.pk)
    body = data.draw(s.form_data(fields))
    user = data.draw(st.sampled_from([gestora, encargado]))
    with rolled_back():
        client_for(client, user)
        outcome = submit(client, reverse("companies:company_edit", args=[company.pk]), body)
        company.refresh_from_db()
        if user == gestora:
            assert company.rut == "76086428-5"
        if not outcome.refused:
            assert_kept_the_rules(company)


@hostile()
@given(data=st.data())
def test_editing_a_park(client, encargado, park, contact, outsider, data):
    fields = {
        "name": s.text_field(limit(IndustrialPark, "name")),
        "comuna": s.choice_field(["05103", "05107", "13101"]),
        "address": s.text_field(limit(IndustrialPark, "address"), optional=True),
        "gestora": s.Field(
            st.sampled_from(["", str(park.gestora_id)]),
            s.id_field(wrong_ids=[encargado.pk]).hostile,
        ),
        "representative": s.Field(
            st.sampled_from(["", str(contact.pk)]), s.id_field(wrong_ids=[outsider.pk]).hostile
        ),
    }
    body = data.draw(s.form_data(fields))
    with rolled_back():
        client_for(client, encargado)
        outcome = submit(client, reverse("companies:park_edit", args=[park.pk]), body)
        park.refresh_from_db()
        if not outcome.refused:
            park.full_clean()
            assert park.representative_id in (None, contact.pk)
