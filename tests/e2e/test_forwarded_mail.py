"""A colleague forwards a company's mail to the inbox: on a phone the Administrativa reads the
forwarded message under «Mensaje reenviado» and turns it into a request for that company."""

import pytest
from playwright.sync_api import expect

from requests_routing.inbox import ingest_email
from requests_routing.models import ServiceRequest
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in, page_width
from tests.requests_routing.test_forwarded_mail import ORIGINAL, forward

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_administrativa_reads_a_forwarded_mail_on_a_phone_and_makes_it_a_request(
    page_factory, administrativa, company, contact, pruning, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    email, _ = ingest_email(raw=forward(ORIGINAL, text="Les reenvío lo que llegó a mi correo."))
    page = page_factory(viewport=PHONE)
    log_in(page, "administrativa", PASSWORD)

    page.goto(f"/bandeja/{email.pk}/")

    forwarded = page.get_by_test_id("forwarded")
    expect(forwarded).to_contain_text("Mensaje reenviado")
    expect(forwarded).to_contain_text("Ana Pérez <ana@bodegas.cl>")
    expect(forwarded).to_contain_text("Solicitud de extracción de árboles en calle Ñuñoa")
    expect(forwarded.get_by_role("link", name="Cotización año 2026.pdf")).to_be_visible()
    expect(page.get_by_text("Reconocida por el mensaje reenviado")).to_be_visible()
    assert page_width(page) <= PHONE["width"]

    page.get_by_role("button", name="Crear solicitud").click()

    request = ServiceRequest.objects.get()
    expect(page.get_by_role("heading", name=request.reference)).to_be_visible()
    assert request.company == company
    assert request.category == pruning
    assert "dos árboles secos frente al portón de calle Ñuñoa" in request.description
