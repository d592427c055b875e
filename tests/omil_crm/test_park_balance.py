"""The park's balance page (/parques/<pk>/balance/) and the «Balance del parque» of the
monthly park meeting, on its page and in its emailed agenda (figures: balance_data.py)."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.urls import reverse

from meetings.models import Attendance, Meeting
from meetings.services import meeting_remind
from omil_crm.models import ReminderEmail
from tests.conftest import make_persona
from tests.omil_crm.balance_data import NOW, OCTOBER_QUERY, at, figure


def park_page(client, park, query=None):
    return client.get(reverse("balance:park", args=[park.pk]), query or {})


def test_the_park_page_shows_the_totals_and_a_row_per_company_with_movement(client, parks):
    client.force_login(make_persona("encargado"))

    html = park_page(client, parks.gulmue, OCTOBER_QUERY).content.decode()

    totals = html[html.index('data-testid="balance-figures"') : html.index("Por empresa")]
    assert figure(totals, "received") == "5"
    assert figure(totals, "median") == "5,5 días"
    assert figure(totals, "positions") == "8"
    rows = re.findall(r'data-testid="balance-company-row">(.*?)</tr>', html, re.DOTALL)
    assert [re.sub(r"<[^>]+>|\s+", " ", row).split()[:3] for row in rows] == [
        ["Frutícola", "El", "Boldo"],
        ["Maestranza", "Los", "Aromos"],
    ]
    assert "1 empresa del parque sin movimiento en el período." in html
    assert "Transportes Ritoque" not in html


def test_a_company_row_links_to_that_companys_lists(client, parks):
    client.force_login(make_persona("encargado"))
    html = park_page(client, parks.gulmue, OCTOBER_QUERY).content.decode()
    row = re.findall(r'data-testid="balance-company-row">(.*?)</tr>', html, re.DOTALL)[1]
    referrals = unescape(re.findall(r'href="([^"]+)"', row)[4])

    listed = client.get(referrals)

    assert listed.context["page"].paginator.count == 3


@pytest.mark.parametrize("role", ["gestora", "administrativa", "psicologa"])
def test_staff_who_see_companies_open_the_park_page(client, parks, role):
    # The three were created with the parks.
    client.force_login(get_user_model().objects.get(username=role))

    assert park_page(client, parks.gulmue).status_code == 200


def test_the_alcaldia_and_outsiders_are_refused(client, parks):
    assert park_page(client, parks.gulmue).status_code == 302
    client.force_login(make_persona("alcaldia"))
    assert park_page(client, parks.gulmue).status_code == 403


def test_an_unknown_park_is_not_found(client, parks):
    client.force_login(make_persona("encargado"))

    assert client.get(reverse("balance:park", args=[9999])).status_code == 404


def test_the_park_edit_page_links_to_the_balance(client, parks):
    client.force_login(parks.gulmue.gestora)

    html = client.get(reverse("companies:park_edit", args=[parks.gulmue.pk])).content.decode()

    assert reverse("balance:park", args=[parks.gulmue.pk]) in html


# The monthly park meeting


def monthly_meeting(park, kind=Meeting.Kind.MONTHLY) -> Meeting:
    starts = at(11, 25)
    return Meeting.objects.create(
        park=park,
        kind=kind,
        title="Reunión mensual Gulmué — noviembre 2026",
        cycle_month=date(2026, 11, 1) if kind == Meeting.Kind.MONTHLY else None,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )


def test_the_monthly_meeting_shows_the_parks_balance_of_the_month_before(client, parks):
    meeting = monthly_meeting(parks.gulmue)
    client.force_login(parks.gulmue.gestora)

    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    section = html[html.index('data-testid="park-balance"') : html.index('data-testid="minutes"')]
    assert "Octubre de 2026 (el mes anterior a la reunión)" in section
    assert figure(section, "received") == "5"
    assert figure(section, "placements") == "1"
    park_url = reverse("balance:park", args=[parks.gulmue.pk])
    assert f'href="{park_url}?periodo=mes&amp;fecha=2026-10-01"' in section


def test_other_meetings_have_no_balance(client, parks):
    meeting = monthly_meeting(parks.gulmue, kind=Meeting.Kind.BREAKFAST)
    client.force_login(parks.gulmue.gestora)

    html = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    assert "Balance del parque" not in html


def test_the_emailed_agenda_carries_the_balance_and_only_staff_get_the_link(parks):
    meeting = monthly_meeting(parks.gulmue)
    contact = parks.aromos.contacts.create(name="Ana Pérez", email="ana@aromos.cl")
    Attendance.objects.create(meeting=meeting, contact=contact)
    Attendance.objects.create(meeting=meeting, staff=parks.gulmue.gestora)

    with time_machine.travel(NOW, tick=False):
        meeting_remind(meeting=meeting, days=7)

    to_contact = ReminderEmail.objects.get(to_email="ana@aromos.cl")
    to_staff = ReminderEmail.objects.get(to_email=parks.gulmue.gestora.email)
    expected = (
        "Balance del parque, octubre de 2026:\n"
        "La municipalidad entregó: 5 solicitudes recibidas, 4 resueltas (mediana de 5,5 días "
        "corridos); satisfacción: sin encuestas.\n"
        "Las empresas aportaron: 3 vacantes con 8 cupos, 4 candidatos derivados y 1 colocación."
    )
    assert expected in to_contact.body_text
    assert expected in to_staff.body_text
    assert "/balance/" not in to_contact.body_text + to_contact.body_html
    assert "/balance/?periodo=mes&fecha=2026-10-01" in to_staff.body_text
    assert "Balance del parque, octubre de 2026" in to_contact.body_html
