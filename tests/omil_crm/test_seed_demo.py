"""The demo is realistic, complete and safe to load twice."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from stdnum.cl import rut as stdnum_rut

from companies.models import Company, CompanyFlag, Contact, FollowUp, IndustrialPark, Visit
from meetings.models import Agreement, Attendance, Meeting
from omil_crm.demo.data import DEMO_ACCOUNTS, DEMO_PASSWORD
from omil_crm.demo.morning_mail import morning_mail_times
from omil_crm.management.commands.seed_demo import Command as SeedDemoCommand
from omil_crm.models import Notification
from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest
from vacancies.consent_models import Consent
from vacancies.inclusion_models import FunctionalEvaluation, InclusionProfile, JobAnalysis
from vacancies.inclusion_selectors import pcd_placements
from vacancies.models import (
    GuidanceSession,
    JobSeeker,
    Placement,
    Programme,
    Referral,
    Vacancy,
    Workshop,
)
from vacancies.sence import sence_incomplete


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=StringIO())
        first_counts = counts()
        # Loaded again later the same morning, as after a restart: nothing may repeat.
        with time_machine.travel(timezone.now() + timedelta(minutes=37), tick=True):
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
        InboundEmail,
        Attendance,
        GuidanceSession,
        Consent,
        InclusionProfile,
        FunctionalEvaluation,
        JobAnalysis,
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
def test_a_year_of_guidance_sessions_individual_and_in_groups(demo):
    today = timezone.localdate()
    months = {
        (day.year, day.month) for day in GuidanceSession.objects.values_list("held_on", flat=True)
    }
    assert len(months) >= 12
    assert set(GuidanceSession.objects.values_list("mode", flat=True)) == {"individual", "group"}
    guided = GuidanceSession.participants.through.objects
    assert not guided.filter(jobseeker__consent_given_at=None).exists()
    assert GuidanceSession.objects.filter(held_on__gt=today).count() == 0


@pytest.mark.django_db
def test_a_year_of_inclusion_cases_one_of_them_sealed(demo):
    assert InclusionProfile.objects.count() == 8
    assert FunctionalEvaluation.objects.count() == 8
    assert JobAnalysis.objects.filter(vacancy__inclusive=True).count() == 3
    assert pcd_placements().count() == 4
    inclusion = Consent.objects.filter(purpose=Consent.Purpose.INCLUSION_DATA)
    assert inclusion.filter(withdrawn_at__isnull=False).count() == 1
    sealed = inclusion.get(withdrawn_at__isnull=False).job_seeker
    assert pcd_placements().filter(referral__job_seeker=sealed).exists()


@pytest.mark.django_db
def test_demo_placements_carry_what_sence_verifies_and_a_few_are_to_complete(demo):
    sexes = set(JobSeeker.objects.values_list("sex", flat=True))
    assert sexes == {"female", "male", ""}
    to_complete = Placement.objects.filter(sence_incomplete(timezone.localdate())).count()
    assert 1 <= to_complete < Placement.objects.count() / 2
    assert Placement.objects.filter(contract_months__isnull=False).exists()
    assert Vacancy.objects.exclude(bne_code="").exists()


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


# The morning's mail


def to_triage():
    return InboundEmail.objects.filter(triage_state=InboundEmail.TriageState.NEW)


@pytest.mark.django_db
def test_the_administrativa_finds_a_morning_of_mail_to_triage(demo):
    assert 8 <= to_triage().count() <= 12
    assert not InboundEmail.objects.exclude(triage_state=InboundEmail.TriageState.NEW).exists()


@pytest.mark.django_db
def test_reseeding_adds_no_mail(demo):
    # The fixture loaded the demo twice; `demo` holds the counts after the first time.
    assert InboundEmail.objects.count() == demo["InboundEmail"]


@pytest.mark.django_db
def test_new_requests_come_from_known_contacts_with_a_suggested_category(demo):
    suggested = dict(
        to_triage()
        .filter(matched_contact__isnull=False, suggested_request=None)
        .values_list("subject", "suggested_category__name")
    )

    wanted = {
        "Ramas sobre el cerco eléctrico en calle Los Aromos": "Poda de árboles",
        "Luminaria apagada frente al portón 2": "Reparación de luminarias",
        "Paso de cebra borrado en la entrada del parque": "Pintura de pasos peatonales",
        "Solicitud de lomo de toro frente a nuestra planta": "Reductores de velocidad",
        "Retiro de basura y escombros junto al cerco": "Retiro de basura",
    }
    assert wanted.items() <= suggested.items()


@pytest.mark.django_db
def test_a_company_reply_and_a_department_answer_point_at_their_open_requests(demo):
    about_requests = (
        to_triage().exclude(suggested_request=None).select_related("suggested_request__department")
    )
    senders = {email.sender: email.suggested_request for email in about_requests}

    assert "aseo@demo-concon.cl" in senders
    assert senders["aseo@demo-concon.cl"].department.name == "Aseo y Ornato"
    assert len(senders) == 2
    for email in about_requests:
        assert email.suggested_request.is_open
        assert email.suggested_request.reference in email.subject


@pytest.mark.django_db
def test_the_morning_also_brings_an_auto_reply_and_spam(demo):
    subjects = set(to_triage().values_list("subject", flat=True))
    from_strangers = set(to_triage().filter(matched_company=None).values_list("subject", flat=True))

    assert "Respuesta automática: Reunión mensual del parque" in subjects
    assert "Aviso: su casilla alcanzó el límite de almacenamiento" in from_strangers


@pytest.mark.django_db
def test_the_mail_arrived_before_the_seeding(demo):
    now = timezone.now()
    for email in to_triage():
        assert email.sent_at <= email.received_at <= now
        assert now - email.sent_at < timedelta(hours=24)


def test_the_mail_is_dated_this_morning_when_seeded_in_the_afternoon():
    afternoon = timezone.make_aware(datetime(2026, 11, 18, 16, 30))

    times = morning_mail_times(afternoon, [215, 100, 10])

    assert [timezone.localtime(moment).strftime("%d %H:%M") for moment in times] == [
        "18 07:15",
        "18 09:10",
        "18 10:40",
    ]


def test_the_mail_is_never_dated_after_an_early_seeding():
    early = timezone.make_aware(datetime(2026, 11, 18, 9, 0))

    times = morning_mail_times(early, [215, 10])

    assert all(moment < early for moment in times)


# Meetings and follow-ups


@pytest.mark.django_db
def test_the_upcoming_meeting_has_invitations_but_no_attendance(demo):
    upcoming = Meeting.objects.filter(starts_at__gt=timezone.now())

    assert upcoming.exists()
    assert Attendance.objects.filter(meeting__in=upcoming).exists()
    assert not Attendance.objects.filter(meeting__in=upcoming, attended=True).exists()
    assert Attendance.objects.filter(meeting__status=Meeting.Status.HELD, attended=True).exists()


@pytest.mark.django_db
def test_done_follow_ups_were_closed_on_many_different_days(demo):
    done_days = {
        timezone.localdate(done)
        for done in FollowUp.objects.exclude(done_at=None).values_list("done_at", flat=True)
    }

    assert len(done_days) >= 10
    assert timezone.localdate() not in done_days


@pytest.mark.django_db
def test_some_follow_ups_are_overdue_and_some_due_this_week(demo):
    today = timezone.localdate()
    pending = FollowUp.objects.filter(done_at=None)

    assert pending.filter(due_date__lt=today).exists()
    assert pending.filter(due_date__gte=today, due_date__lte=today + timedelta(days=6)).exists()


@pytest.mark.django_db
def test_the_demo_companies_stand_apart_in_the_gulmue_area(demo):
    park = IndustrialPark.objects.get(name="Parque Industrial Gulmué")
    placed = Company.objects.filter(park=park, latitude__isnull=False)
    points = set(placed.values_list("latitude", "longitude"))

    assert placed.count() == len(points) >= 40
    assert all(-32.95 <= lat <= -32.93 and -71.50 <= lon <= -71.47 for lat, lon in points)
    assert -32.95 <= park.latitude <= -32.93 and -71.50 <= park.longitude <= -71.47


@pytest.mark.django_db
def test_the_console_names_two_contacts_who_may_enter_the_portal(demo):
    out = StringIO()
    SeedDemoCommand(stdout=out).portal_hint()

    park = IndustrialPark.objects.get(name="Parque Industrial Gulmué")
    lines = out.getvalue()
    assert f"{park.representative.email}  (representante del parque)" in lines
    assert "python manage.py portal_link CORREO" in lines
    named = [line.split()[0] for line in lines.splitlines()[1:3]]
    assert all(Contact.objects.get(email=email).may_enter_portal for email in named)


@pytest.mark.django_db
def test_demo_people_consent_per_purpose_and_a_few_withdrew(demo):
    purposes = set(Consent.objects.values_list("purpose", flat=True))
    assert purposes == set(Consent.Purpose.values)
    withdrawn = Consent.objects.filter(withdrawn_at__isnull=False)
    assert withdrawn.filter(purpose=Consent.Purpose.ELIGIBILITY_HINTS).exists()
    assert withdrawn.filter(purpose=Consent.Purpose.INCLUSION_DATA).exists()
    left = JobSeeker.objects.filter(consent_given_at=None, consent_withdrawn_at__isnull=False)
    assert left.count() == 2
    assert Referral.objects.filter(job_seeker__in=left).exists()
    live_hints = Consent.objects.filter(purpose="eligibility_hints", withdrawn_at=None)
    assert live_hints.count() >= 5
