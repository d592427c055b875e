"""Every portal URL × every kind of visitor, on objects of company A, against a table.

The URLs come from the URLconf (tests/urlwalk.py): a portal page added later without a row
here fails `test_every_portal_url_has_a_row` by name. Visitors: a contact of company A, a
contact of company B of the same park, the park's representative (another contact of B), a
contact of a company of another park, and nobody. Another company's object answers 404,
never 403: the portal does not say it exists.

Outcome words as in tests/test_access_matrix.py: a status code or "->url_name".
"""

from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Contact, IndustrialPark
from events.models import EmployerEvent, EventCompany
from meetings.models import Meeting
from omil_crm.portal import sessions
from requests_routing.portal_intake import UploadedFile, portal_request_file
from requests_routing.services import inbound_email_create_request, service_request_add_note
from tests.test_access_matrix import outcome
from tests.test_get_writes_nothing import forbidden_writes
from tests.urlwalk import discover_urls
from vacancies.models import Programme
from vacancies.programme_services import programme_offer_create

VISITORS = ("a", "b", "representative", "far", "nobody")
INTERNAL_NOTE = "Nota interna: la empresa A debe dos patentes."
A_DESCRIPTION = "Descripción de A: el portón de carga no cierra desde el choque."
A_SUBJECT = "Portón dañado en la bodega de A"
ENTER = "->portal:enter"


@dataclass(frozen=True)
class Row:
    get: str
    post: str = ""  # what a POST gets, for pages that act on POST
    data: tuple = ()


# fmt: off
ROWS = {
    "portal:home": Row("200 200 200 200 " + ENTER),
    # Asking for a link: a visitor already signed in goes to the portal's home.
    "portal:enter": Row("->portal:home ->portal:home ->portal:home ->portal:home 200"),
    # An unknown sign-in link answers «Gone» to anyone (tests/portal/ of the entry checks it).
    "portal:link": Row("410 410 410 410 410"),
    "portal:sign_out": Row("405 405 405 405 405", post=f"{ENTER} {ENTER} {ENTER} {ENTER} {ENTER}"),
    "portal:requests": Row("200 200 200 200 " + ENTER),
    # An empty form: refused with its errors, nothing filed.
    "portal:request_new": Row("200 200 200 200 " + ENTER, post="400 400 400 400 " + ENTER),
    "portal:request_detail": Row("200 404 404 404 " + ENTER),
    "portal:request_comment": Row(
        "405 405 405 405 405",
        post="->portal:request_detail 404 404 404 " + ENTER,
        data=(("text", "Seguimos esperando."),),
    ),
    # A's request has no survey to answer: A is sent back to its page with the reason.
    "portal:request_survey": Row(
        "405 405 405 405 405",
        post="->portal:request_detail 404 404 404 " + ENTER,
        data=(("answer", "si"), ("rating", "5")),
    ),
    "portal:request_attachment": Row("200 404 404 404 " + ENTER),
    "portal:park": Row("404 404 200 404 " + ENTER),
    # Vacancies, programmes and meetings (their own modules check what each one lists).
    "portal:vacancies": Row("200 200 200 200 " + ENTER),
    "portal:vacancy_propose": Row("200 200 200 200 " + ENTER, post="400 400 400 400 " + ENTER),
    "portal:programmes": Row("200 200 200 200 " + ENTER),
    # A's offer: only A may say «Nos interesa».
    "portal:programme_interest": Row(
        "405 405 405 405 405", post="->portal:programmes 404 404 404 " + ENTER
    ),
    "portal:meetings": Row("200 200 200 200 " + ENTER),
    # The park's meeting: its companies answer and download it, another park's contact cannot.
    "portal:meeting_respond": Row(
        "405 405 405 405 405",
        post="->portal:meetings ->portal:meetings ->portal:meetings 404 " + ENTER,
        data=(("respuesta", "attending"),),
    ),
    "portal:meeting_ics": Row("200 200 200 404 " + ENTER),
    "portal:events": Row("200 200 200 200 " + ENTER),
    # Only company A is invited to the event: nobody else may answer for it.
    "portal:event_respond": Row(
        "405 405 405 405 405",
        post="->portal:events 404 404 404 " + ENTER,
        data=(("respuesta", "confirmed"),),
    ),
}
# fmt: on


def portal_urls():
    return [url for url in discover_urls() if url.name.startswith("portal:")]


def test_every_portal_url_has_a_row():
    missing = [f"{url.name} ({url.path})" for url in portal_urls() if url.name not in ROWS]
    assert not missing, "URLs del portal sin fila en la matriz: " + ", ".join(missing)


def test_every_row_is_a_portal_url():
    stale = set(ROWS) - {url.name for url in portal_urls()}
    assert not stale, f"Filas sin URL: {sorted(stale)}"


@pytest.fixture
def world(db, settings, tmp_path, park, company, contact, gestora, administrativa, pruning):
    settings.MEDIA_ROOT = tmp_path / "media"
    company_b = Company.objects.create(
        rut="76.543.210-3", legal_name="Envases del Pacífico SpA", park=park, owner=gestora
    )
    contact_b = Contact.objects.create(
        company=company_b, name="Rodrigo Valdés Muñoz", email="rvaldes@envapac.cl"
    )
    representative = Contact.objects.create(
        company=company_b, name="Paula Ríos Fuentes", email="prios@envapac.cl"
    )
    park.representative = representative
    park.save(update_fields=["representative"])
    far_park = IndustrialPark.objects.create(
        name="Parque Costero", comuna="05103", gestora=gestora, meeting_time=time(10, 0)
    )
    far_company = Company.objects.create(
        rut="77.111.222-6", legal_name="Pesquera Costera Ltda.", park=far_park, owner=gestora
    )
    far = Contact.objects.create(company=far_company, name="Marcela Soto", email="ms@costera.cl")
    filing = portal_request_file(
        contact=contact,
        category=pruning,
        subject=A_SUBJECT,
        description=A_DESCRIPTION,
        files=[UploadedFile("porton.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 foto del porton")],
    )
    request = inbound_email_create_request(
        email=filing,
        actor=administrativa,
        company=company,
        contact=contact,
        category=pruning,
        subject=A_SUBJECT,
        description=A_DESCRIPTION,
    )
    service_request_add_note(request=request, actor=administrativa, text=INTERNAL_NOTE)
    programme = Programme.objects.create(
        name="Bono al Trabajo de la Mujer",
        kind=Programme.Kind.SUBSIDY,
        description="Aporte a quienes contratan mujeres de 25 a 59 años.",
    )
    starts_at = timezone.now() + timedelta(days=9)
    event = EmployerEvent.objects.create(
        kind=EmployerEvent.Kind.BREAKFAST,
        title="Desayuno empresarial con el alcalde",
        date=timezone.localdate() + timedelta(days=9),
        start_time=time(8, 30),
        end_time=time(10, 30),
        place="Salón municipal",
        organiser=EmployerEvent.Organiser.ALCALDIA,
    )
    EventCompany.objects.create(event=event, company=company)
    return {
        "event": event,
        "offer": programme_offer_create(company=company, programme=programme, offered_by=gestora),
        "meeting": Meeting.objects.create(
            park=park,
            kind=Meeting.Kind.MONTHLY,
            cycle_month=starts_at.date().replace(day=1),
            title="Reunión mensual del parque",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            place="Sala de la asociación",
        ),
        "visitors": {"a": contact, "b": contact_b, "representative": representative, "far": far},
        "request": request,
        "attachment": filing.attachments.get(),
    }


def path_of(name: str, world) -> str:
    request = world["request"]
    args = {
        "portal:request_detail": [request.reference],
        "portal:request_comment": [request.reference],
        "portal:request_survey": [request.reference],
        "portal:link": ["x"],
        "portal:request_attachment": [request.reference, world["attachment"].pk],
        "portal:programme_interest": [world["offer"].pk],
        "portal:meeting_respond": [world["meeting"].pk],
        "portal:meeting_ics": [world["meeting"].pk],
        "portal:event_respond": [world["event"].pk],
    }.get(name, [])
    return reverse(name, args=args)


def client_of(visitor: str, world) -> Client:
    """A fresh client each time: signing out must not end the next request's session."""
    client = Client()
    if visitor != "nobody":
        _session, raw_key = sessions.start_session(contact=world["visitors"][visitor])
        client.cookies[sessions.COOKIE_NAME] = raw_key
    return client


@pytest.mark.parametrize("visitor", VISITORS)
def test_each_portal_url_answers_each_visitor_as_the_table_says(world, visitor):
    wrong, checked = [], 0
    for url in portal_urls():
        row = ROWS[url.name]
        path = path_of(url.name, world)
        expected = dict(zip(VISITORS, row.get.split(), strict=True))[visitor]
        got = outcome(client_of(visitor, world).get(path))
        checked += 1
        if got != expected:
            wrong.append(f"GET {url.name} {path}: esperado {expected}, obtenido {got}")
        if row.post:
            expected = dict(zip(VISITORS, row.post.split(), strict=True))[visitor]
            got = outcome(client_of(visitor, world).post(path, dict(row.data)))
            checked += 1
            if got != expected:
                wrong.append(f"POST {url.name} {path}: esperado {expected}, obtenido {got}")
    assert not wrong, f"{len(wrong)} de {checked} respuestas difieren:\n" + "\n".join(wrong)


def pages_seen_by(visitor: str, world) -> str:
    """Every portal page a visitor may open (GET answers 200), the park page's filters too."""
    seen = []
    for url in portal_urls():
        response = client_of(visitor, world).get(path_of(url.name, world))
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            seen.append(response.content.decode())
    company_a = world["request"].company_id
    for query in ({"empresa": company_a}, {"estado": "received"}):
        response = client_of(visitor, world).get(reverse("portal:park"), query)
        if response.status_code == 200:
            seen.append(response.content.decode())
    return "\n".join(seen)


def test_company_a_sees_its_description_but_never_the_internal_note(world):
    pages = pages_seen_by("a", world)

    assert A_DESCRIPTION in pages
    assert INTERNAL_NOTE not in pages


def test_the_representative_sees_a_request_of_a_but_no_description_nor_note(world):
    pages = pages_seen_by("representative", world)

    assert world["request"].reference in pages
    assert A_DESCRIPTION not in pages
    assert A_SUBJECT not in pages
    assert INTERNAL_NOTE not in pages
    assert "porton.jpg" not in pages


@pytest.mark.parametrize("visitor", ["b", "far"])
def test_other_companies_see_nothing_of_a(world, visitor):
    pages = pages_seen_by(visitor, world)

    assert world["request"].reference not in pages
    assert A_SUBJECT not in pages
    assert A_DESCRIPTION not in pages
    assert INTERNAL_NOTE not in pages


def test_a_file_of_a_cannot_be_reached_through_bs_own_request(world, pruning, administrativa):
    b = world["visitors"]["b"]
    filing_b = portal_request_file(
        contact=b, category=pruning, subject="Bache", description="Bache en la entrada."
    )
    request_b = inbound_email_create_request(
        email=filing_b, actor=administrativa, company=b.company, category=pruning, subject="Bache"
    )
    url = reverse("portal:request_attachment", args=[request_b.reference, world["attachment"].pk])

    assert client_of("b", world).get(url).status_code == 404


def test_the_attachment_is_a_download_never_shown_inline(world):
    response = client_of("a", world).get(path_of("portal:request_attachment", world))

    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff\xe0 foto del porton"


@pytest.mark.parametrize("visitor", ["a", "representative"])
def test_no_portal_get_writes(world, visitor):
    written = []
    for url in portal_urls():
        client = client_of(visitor, world)
        with CaptureQueriesContext(connection) as queries:
            client.get(path_of(url.name, world))
        written += [f"{url.name}: {sql}" for sql in forbidden_writes(queries.captured_queries)]

    assert written == []
