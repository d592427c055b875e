"""Every figure of the home page opens a list that shows exactly that figure.

Next to what each card counts sits what a loose list would add: someone else's follow-ups and
visits, a visit planned for tomorrow, companies contacted ten days ago or owned by a colleague,
requests still in their due date, referrals already closed, vacancies already filled.
"""

import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, FollowUp, Visit
from requests_routing.models import Department, InboundEmail, RequestCategory, ServiceRequest
from tests.conftest import make_persona
from vacancies.models import JobSeeker, Referral, Vacancy


def home_cards(client) -> dict[str, tuple[int, str]]:
    content = client.get(reverse("home")).content.decode()
    return {
        key: (int(value), unescape(href))
        for href, key, value in re.findall(
            r'href="([^"]*)" data-testid="home-card-([a-z_]+)">.*?data-testid="value">(\d+)<',
            content,
            re.S,
        )
    }


def listed(client, link: str) -> int:
    """How many rows the list behind a card shows."""
    response = client.get(link)
    assert response.status_code == 200
    path = link.split("?")[0].split("#")[0]
    if path == reverse("companies:follow_ups"):
        overdue = response.content.decode().split('data-testid="bucket-overdue"', 1)[1]
        return overdue.split("</section>", 1)[0].count('data-testid="follow-up"')
    return response.context["page"].paginator.count


@pytest.fixture
def office(db):
    gestora, colleague = make_persona("gestora"), make_persona("administrativa")
    psicologa = make_persona("psicologa")
    now, today = timezone.now(), timezone.localdate()
    yesterday, tomorrow = today - timedelta(days=1), today + timedelta(days=1)

    def company(rut, name, owner, last_contact):
        return Company.objects.create(
            rut=rut, legal_name=name, owner=owner, last_contact_at=last_contact
        )

    # Hers, not contacted in 60 days: never contacted, contacted 70 days ago (2 of 4).
    never = company("76086428-5", "Áridos del Norte", gestora, None)
    company("96790240-3", "Envases Concón", gestora, now - timedelta(days=70))
    company("61704000-K", "Frigorífico Sur", gestora, now - timedelta(days=10))
    company("97030000-7", "Logística Aconcagua", colleague, now - timedelta(days=90))

    # Her overdue follow-ups: 2 (one due today, one of a colleague's, one already done).
    for title, who, due in (
        ("Llamar a RR.HH.", gestora, yesterday),
        ("Enviar perfiles", gestora, today - timedelta(days=5)),
        ("Confirmar reunión", gestora, today),
        ("Pedir dotación", colleague, yesterday),
    ):
        FollowUp.objects.create(company=never, title=title, assigned_to=who, due_date=due)
    FollowUp.objects.create(
        company=never, title="Ya hecho", assigned_to=gestora, due_date=yesterday, done_at=now
    )

    # Her visits planned today: 2 (one tomorrow, one of a colleague, one done today).
    noon = timezone.make_aware(datetime.combine(today, time(12)))
    for who, when, status in (
        (gestora, noon, Visit.Status.PLANNED),
        (gestora, noon + timedelta(hours=3), Visit.Status.PLANNED),
        (gestora, noon + timedelta(days=1), Visit.Status.PLANNED),
        (colleague, noon, Visit.Status.PLANNED),
    ):
        Visit.objects.create(company=never, staff=who, status=status, planned_for=when)
    Visit.objects.create(company=never, staff=gestora, happened_at=noon, summary="Hecha")

    # New emails: 2 (one already triaged).
    for number, state in enumerate(
        [InboundEmail.TriageState.NEW, InboundEmail.TriageState.NEW, "dismissed"]
    ):
        InboundEmail.objects.create(
            message_id=f"<correo-{number}@example.cl>",
            content_hash=f"huella-{number}",
            subject=f"Poda pendiente {number}",
            triage_state=state,
        )

    # Overdue requests: 1 (one open in its due date, one resolved after its due date).
    aseo = Department.objects.create(name="Aseo y Ornato", email="aseo@example.cl")
    pruning = RequestCategory.objects.create(name="Poda de árboles", department=aseo)
    for number, status, due in (
        (1, ServiceRequest.Status.ROUTED, yesterday),
        (2, ServiceRequest.Status.ROUTED, tomorrow),
        (3, ServiceRequest.Status.RESOLVED, yesterday),
    ):
        ServiceRequest.objects.create(
            reference=f"SOL-2026-{number:05d}",
            company=never,
            category=pruning,
            department=aseo,
            subject="Poda de árboles en la entrada",
            status=status,
            received_at=now - timedelta(days=10),
            due_date=due,
        )

    # Open vacancies: 1 (one filled). Candidates in process: 2 (one not selected).
    open_vacancy = Vacancy.objects.create(
        company=never, title="Grúa horquilla", captured_by=gestora
    )
    Vacancy.objects.create(
        company=never, title="Bodeguero", captured_by=gestora, status=Vacancy.Status.FILLED
    )
    for rut, name, stage in (
        ("12345678-5", "Rosa", Referral.Stage.REFERRED),
        ("11111111-1", "Jorge", Referral.Stage.INTERVIEW),
        ("22222222-2", "Marta", Referral.Stage.NOT_SELECTED),
    ):
        person = JobSeeker.objects.create(rut=rut, first_name=name, last_name="Araya")
        Referral.objects.create(
            job_seeker=person, vacancy=open_vacancy, referred_by=psicologa, stage=stage
        )
    return {"gestora": gestora, "administrativa": colleague, "psicologa": psicologa}


EXPECTED = {
    "gestora": {
        "follow_ups_overdue": 2,
        "visits_today": 2,
        "not_contacted": 2,
        "requests_overdue": 1,
        "vacancies_open": 1,
    },
    "administrativa": {"follow_ups_overdue": 1, "inbox_new": 2, "requests_overdue": 1},
    "psicologa": {"referrals_in_process": 2, "vacancies_open": 1},
}


@pytest.mark.parametrize("persona", EXPECTED)
def test_every_home_card_opens_a_list_with_as_many_rows(client, office, persona):
    client.force_login(office[persona])

    cards = home_cards(client)

    assert {key: value for key, (value, _) in cards.items()} == EXPECTED[persona]
    for key, (value, link) in cards.items():
        assert listed(client, link) == value, key


def test_the_encargado_sees_the_open_vacancies_and_the_overdue_requests(client, office):
    client.force_login(make_persona("encargado"))

    cards = home_cards(client)

    for key, (value, link) in cards.items():
        assert listed(client, link) == value, key
    assert cards["requests_overdue"][0] == 1
    assert cards["referrals_in_process"][0] == 2
