from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from companies.models import Company, Contact, IndustrialPark, Visit


@pytest.mark.django_db
def test_visiting_hours_must_be_in_order(park):
    with pytest.raises(IntegrityError):
        Company.objects.create(
            legal_name="Horario SpA", park=park, visiting_from=time(17), visiting_until=time(9)
        )


@pytest.mark.django_db
def test_visiting_hours_error_is_shown_next_to_the_field(park):
    company = Company(
        legal_name="Horario SpA", park=park, visiting_from=time(17), visiting_until=time(9)
    )

    with pytest.raises(ValidationError) as error:
        company.full_clean()

    assert "visiting_until" in error.value.message_dict


@pytest.mark.django_db
def test_the_representative_must_work_in_the_park(park, contact):
    other_park = IndustrialPark.objects.create(name="Otro Parque", comuna="05107")
    other_park.representative = contact

    with pytest.raises(ValidationError) as error:
        other_park.full_clean()

    assert "representative" in error.value.message_dict


@pytest.mark.django_db
def test_a_park_has_one_representative_by_construction(park, company):
    first = Contact.objects.create(company=company, name="Uno")
    second = Contact.objects.create(company=company, name="Dos")
    park.representative = first
    park.full_clean()
    park.save()

    park.representative = second
    park.save()

    assert IndustrialPark.objects.get(pk=park.pk).representative == second
    assert list(first.represented_parks.all()) == []


@pytest.mark.django_db
def test_a_done_visit_needs_its_date(company, gestora):
    with pytest.raises(IntegrityError):
        Visit.objects.create(company=company, staff=gestora, status=Visit.Status.DONE)


@pytest.mark.django_db
def test_a_company_with_history_cannot_be_deleted(company, gestora):
    from django.db.models import ProtectedError
    from django.utils import timezone

    Visit.objects.create(company=company, staff=gestora, happened_at=timezone.now())

    with pytest.raises(ProtectedError):
        company.delete()
