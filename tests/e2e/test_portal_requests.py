"""A company contact on a 375 px phone: follows a request's timeline, comments on it and files
a new request with a photo, which lands in the Administrativa's inbox."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from omil_crm.portal import sessions
from requests_routing.models import InboundEmail, RequestEvent
from requests_routing.services import (
    service_request_add_note,
    service_request_create,
    service_request_route,
)
from tests.e2e.conftest import PHONE, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201e0e2a0a40000000049454e44ae426082"
)


@pytest.fixture
def phone(page_factory, live_server, contact):
    """A phone whose browser holds Ana Pérez's portal session."""
    page = page_factory(PHONE)
    _session, raw_key = sessions.start_session(contact=contact)
    host = urlsplit(live_server.url).hostname
    page.context.add_cookies(
        [{"name": sessions.COOKIE_NAME, "value": raw_key, "domain": host, "path": "/portal/"}]
    )
    return page


@pytest.fixture
def followed_request(company, contact, pruning, administrativa):
    request = service_request_create(
        company=company,
        contact=contact,
        category=pruning,
        subject="Poda del árbol del portón norte",
        channel="phone",
        created_by=administrativa,
    )
    service_request_route(request=request, actor=administrativa, note="Interno: urgente.")
    service_request_add_note(
        request=request,
        actor=administrativa,
        text="La cuadrilla de Aseo pasa el jueves.",
        public=True,
    )
    return request


def fits_the_phone(page):
    assert page_width(page) <= PHONE["width"], page.url


def test_a_contact_follows_and_comments_on_a_request(phone, followed_request):
    phone.goto("/portal/solicitudes/")
    fits_the_phone(phone)
    phone.get_by_role("link", name=followed_request.reference).click()

    timeline = phone.get_by_test_id("portal-timeline")
    expect(timeline).to_contain_text("Derivada a Aseo y Ornato")
    expect(timeline).to_contain_text("La cuadrilla de Aseo pasa el jueves.")
    expect(timeline).not_to_contain_text("Interno: urgente.")
    fits_the_phone(phone)

    phone.get_by_label("Comentario").fill("Gracias, dejaremos el portón abierto el jueves.")
    phone.get_by_role("button", name="Enviar comentario").click()

    expect(phone.get_by_text("Comentario enviado a la OMIL.")).to_be_visible()
    expect(timeline).to_contain_text("Gracias, dejaremos el portón abierto el jueves.")
    assert followed_request.events.filter(kind=RequestEvent.Kind.COMPANY_COMMENT).exists()


def test_a_contact_files_a_request_with_a_photo(phone, pruning, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    phone.goto("/portal/solicitudes/")
    phone.get_by_test_id("portal-request-new").click()
    expect(phone.get_by_label("Categoría")).to_be_visible()
    fits_the_phone(phone)

    phone.get_by_label("Categoría").select_option(label="Poda de árboles")
    phone.get_by_label("Asunto").fill("Rama caída en el acceso de camiones")
    phone.get_by_label("Descripción").fill("Una rama grande bloquea el acceso desde anoche.")
    phone.get_by_label("Lugar").fill("Los Aromos 1450")
    phone.get_by_label("Fotos y archivos").set_input_files(
        files=[{"name": "rama.png", "mimeType": "image/png", "buffer": PNG}]
    )
    phone.get_by_role("button", name="Enviar solicitud").click()

    expect(phone.get_by_text("Recibimos «Rama caída en el acceso de camiones».")).to_be_visible()
    expect(phone.get_by_test_id("portal-pending")).to_contain_text("Rama caída")
    fits_the_phone(phone)
    filing = InboundEmail.objects.get(source=InboundEmail.Source.PORTAL)
    assert filing.attachments.get().filename == "rama.png"


def test_a_refused_filing_shows_its_first_error(phone, pruning):
    phone.goto("/portal/solicitudes/nueva/")

    phone.get_by_label("Asunto").fill("Sin categoría")
    phone.get_by_role("button", name="Enviar solicitud").click()

    expect(phone.locator(".invalid-feedback").first).to_be_in_viewport()
    assert not InboundEmail.objects.exists()


def test_the_representative_reads_the_parks_requests_on_a_phone(
    phone, followed_request, park, contact
):
    park.representative = contact
    park.save(update_fields=["representative"])

    phone.goto("/portal/")
    phone.get_by_test_id("portal-menu").get_by_role("link", name="Parque").click()

    expect(phone.get_by_test_id("park-requests")).to_contain_text(followed_request.reference)
    expect(phone.get_by_test_id("park-counts")).to_contain_text("Derivada 1")
    fits_the_phone(phone)


def test_a_contact_answers_the_survey_of_a_resolved_request(
    phone, followed_request, administrativa
):
    from requests_routing.services import service_request_change_status
    from requests_routing.survey_models import ResolutionSurvey

    service_request_change_status(
        request=followed_request, status="resolved", actor=administrativa, note="Árbol podado."
    )
    phone.goto(f"/portal/solicitudes/{followed_request.reference}/")
    survey = phone.get_by_test_id("portal-survey")
    fits_the_phone(phone)

    survey.get_by_label("No, sigue pendiente").check()
    survey.get_by_label("2", exact=True).check()
    survey.get_by_label("Comentario").fill("Quedó una rama sobre el cable.")
    survey.get_by_role("button", name="Enviar respuesta").click()

    expect(phone.get_by_text("La OMIL retoma la solicitud con su comentario.")).to_be_visible()
    expect(phone.get_by_test_id("portal-survey")).to_have_count(0)
    answered = ResolutionSurvey.objects.get()
    assert (answered.resolved, answered.rating, answered.answered_via) == (False, 2, "portal")
