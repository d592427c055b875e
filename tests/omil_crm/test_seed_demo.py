"""The demo is realistic, complete and safe to load twice."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from stdnum.cl import rut as stdnum_rut

from companies.models import Company, CompanyFlag, FollowUp, IndustrialPark, Visit
from meetings.models import Agreement, Meeting
from omil_crm.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from omil_crm.models import Notification
from requests_routing.models import RequestEvent, ServiceRequest
from vacancies.models import JobSeeker, Placement, Programme, Referral, Vacancy, Workshop


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        first_counts = counts()
        call_command("seed_demo", stdout=StringIO())
        yield first_counts
        call_command("flush", "--no-input", verbosity=0)


def counts():
    models = [
        Company,
        Visit,
        FollowUp,
        ServiceRequest,
        RequestEvent,
        JobSeeker,
        Vacancy,
        Referral,
        Placement,
        Meeting,
        Agreement,
        Workshop,
        Programme,
        CompanyFlag,
        Notification,
    ]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing(demo):
    assert counts() == demo


@pytest.mark.django_db
def test_the_gulmue_park_has_about_forty_companies_with_valid_ruts(demo):
    park = IndustrialPark.objects.get(name="Parque Industrial Gulmué")
    companies = Company.objects.filter(park=park)

    assert 40 <= companies.count() <= 45
    assert all(
        stdnum_rut.is_valid(rut)
        for rut in companies.exclude(rut=None).values_list("rut", flat=True)
    )
    assert park.representative.company.park == park
    assert park.get_comuna_display() == "Concón"


@pytest.mark.django_db
def test_there_is_a_year_of_history_in_every_status(demo):
    statuses = set(ServiceRequest.objects.values_list("status", flat=True))
    assert statuses == {choice for choice, _ in ServiceRequest.Status.choices}
    assert Meeting.objects.filter(status=Meeting.Status.HELD).count() >= 11
    assert Visit.objects.filter(status=Visit.Status.PLANNED).exists()
    assert Placement.objects.count() >= 10
    assert CompanyFlag.objects.count() == 2
    assert Company.objects.filter(last_contact_at=None, park__isnull=False).count() >= 4


@pytest.mark.django_db
def test_requests_are_routed_as_the_practice_names(demo):
    routing = dict(
        ServiceRequest.objects.values_list("category__name", "department__name").distinct()
    )
    assert routing["Poda de árboles"] == "Aseo y Ornato"
    assert routing["Rondas de patrullaje"] == "Seguridad Pública"
    assert routing["Reparación de luminarias"] == "Dirección de Obras Municipales"


@pytest.mark.django_db
@pytest.mark.parametrize("username", [account[0] for account in DEMO_ACCOUNTS])
def test_every_demo_account_logs_in_with_its_role(demo, username):
    # Through a request, as the login page does: the login throttle needs to know who asks.
    request = RequestFactory().post("/ingresar/")
    user = authenticate(request, username=username, password=DEMO_PASSWORD)

    assert user is not None
    role = next(account[3] for account in DEMO_ACCOUNTS if account[0] == username)
    assert list(user.groups.values_list("name", flat=True)) == [role]
