"""The benchmark's dataset generator, at a tiny scale: it must keep producing valid data as
the models change, and the main pages must work on what it produces."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from stdnum.cl import rut as stdnum_rut

from companies.models import Company, Contact, FollowUp, Visit
from meetings.models import Meeting
from omil_crm.accounts import roles
from omil_crm.demo.bench.seed import BenchSeeder, seeded_state
from omil_crm.models import CalendarFeedToken
from requests_routing.models import InboundEmail, RequestEvent, ServiceRequest
from vacancies.models import JobSeeker, Placement, Referral, Vacancy

SCALE = 0.002

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="El generador del benchmark escribe con COPY de PostgreSQL; esta base es SQLite.",
)


@pytest.fixture
def seeded(db):
    counts = BenchSeeder(scale=SCALE, report=lambda line: None).run()
    # COPY leaves the foreign keys to be checked at commit, which a test never reaches.
    connection.check_constraints()
    return counts


def staff(role: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=role).order_by("pk").first()


@needs_postgresql
def test_sizes_follow_the_scale(seeded):
    assert Company.objects.count() == 40
    assert Contact.objects.count() == 120
    assert Visit.objects.count() == 1000
    assert ServiceRequest.objects.count() == 200
    assert JobSeeker.objects.count() == 200
    assert Vacancy.objects.count() == 100
    assert 400 <= Referral.objects.count() <= 800
    assert Placement.objects.filter(referral__stage=Referral.Stage.HIRED).count() > 0
    assert Placement.objects.count() == Referral.objects.filter(stage="hired").count()
    assert RequestEvent.objects.count() >= ServiceRequest.objects.count()
    assert InboundEmail.objects.filter(triage_state=InboundEmail.TriageState.NEW).exists()
    assert FollowUp.objects.open().exists()
    assert Meeting.objects.filter(status=Meeting.Status.HELD).exists()
    assert seeded_state() == "complete"


@needs_postgresql
def test_data_is_valid_for_the_application(seeded):
    assert all(stdnum_rut.is_valid(rut) for rut in Company.objects.values_list("rut", flat=True))
    people = JobSeeker.objects.active().exclude(rut=None).values_list("rut", flat=True)
    assert all(stdnum_rut.is_valid(rut) for rut in people)
    references = list(ServiceRequest.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
    assert all(reference.startswith("SOL-") for reference in references)
    # Companies' last contact is the latest visit done, so "not contacted in N days" works.
    company = Company.objects.filter(visits__status="done").first()
    latest = company.visits.filter(status="done").order_by("-happened_at").first()
    assert company.last_contact_at == latest.happened_at


@needs_postgresql
def test_no_referral_is_made_or_moved_on_after_the_seeding(seeded):
    """A referral that would fall after the moment of seeding is not made yet (the vacancy
    has fewer so far), and one whose next stage would is still «derivada»."""
    now = timezone.now()
    assert Referral.objects.exists()
    assert not Referral.objects.filter(referred_at__gt=now).exists()
    assert not Referral.objects.filter(stage_changed_at__gt=now).exists()
    # Each one at a quarter hour of office time, none moved to the instant of seeding.
    moments = Referral.objects.values_list("referred_at", flat=True)
    assert all(
        moment.minute % 15 == 0 and moment.second == 0 and moment.microsecond == 0
        for moment in moments
    )


@needs_postgresql
def test_a_second_run_keeps_the_dataset_as_it_is(seeded):
    out = io.StringIO()
    call_command("seed_bench", scale=SCALE, stdout=out)
    assert "ya tiene el conjunto del benchmark" in out.getvalue()
    assert Company.objects.count() == 40


@needs_postgresql
def test_a_half_finished_run_asks_for_fresh(seeded):
    CalendarFeedToken.objects.all().delete()
    with pytest.raises(CommandError, match="--fresh"):
        call_command("seed_bench", scale=SCALE)
    assert Company.objects.count() == 40


@needs_postgresql
def test_other_data_is_never_mixed_with_the_benchmark(company):
    with pytest.raises(CommandError, match="no son del benchmark"):
        call_command("seed_bench", scale=SCALE)
    assert Company.objects.count() == 1


@needs_postgresql
def test_main_pages_answer_on_the_seeded_data(seeded):
    company = Company.objects.order_by("pk").first()
    vacancy = Vacancy.objects.order_by("pk").first()
    year = timezone.localdate().year - 1
    pages = {
        roles.GESTORA: [
            "/empresas/",
            "/empresas/?q=a&status=active",
            f"/empresas/{company.pk}/",
            "/vacantes/",
            "/vacantes/?status=open",
            f"/vacantes/{vacancy.pk}/",
            "/agenda/",
            "/seguimientos/",
        ],
        roles.ADMINISTRATIVA: ["/bandeja/", "/solicitudes/", "/solicitudes/?overdue=1"],
        roles.PSICOLOGA: ["/personas/", "/personas/?q=a&skills=soldadura"],
        roles.ENCARGADO: [
            f"/panel/?periodo=anio&fecha={year}-01-01",
            "/admin/companies/company/?status__exact=active",
        ],
    }
    for role, urls in pages.items():
        client = Client()
        client.force_login(staff(role))
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    token = CalendarFeedToken.objects.filter(user=staff(roles.GESTORA)).get()
    feed = Client().get(f"/calendario/{token.token}.ics")
    assert feed.status_code == 200
    assert b"BEGIN:VCALENDAR" in feed.content


def test_refuses_anything_but_postgresql_clearly(db, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="necesita PostgreSQL"):
        call_command("seed_bench", scale=SCALE)


def test_follow_ups_done_ahead_of_their_due_date_are_spread_over_the_days_before():
    """Done before it was due: some day since it was created, not all on the day of seeding
    (which made one day hold twenty days' follow-ups, counted live on the dashboard)."""
    seeder = BenchSeeder(scale=SCALE, report=lambda line: None)
    today = seeder.today
    created = seeder.at_work(today - timedelta(days=12))
    days = [seeder.done_on(today + timedelta(days=5), created) for _ in range(200)]
    assert min(days) == created.date()
    assert max(days) == today
    assert days.count(today) < 40
    assert seeder.done_on(today - timedelta(days=3), created) == today - timedelta(days=3)
