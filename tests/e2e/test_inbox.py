"""The Administrativa's morning in a real browser: an email becomes a routed request."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from requests_routing.models import InboundEmail, ServiceRequest
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_administrativa_turns_an_email_into_a_routed_request(
    page_factory, administrativa, company, contact, pruning
):
    InboundEmail.objects.create(
        message_id="<poda-1@bodegas.cl>",
        content_hash="h1",
        raw=b"raw",
        sender=contact.email,
        sender_name=contact.name,
        subject="Poda urgente en el acceso norte",
        text_body="Las ramas del árbol del acceso tocan el tendido eléctrico.",
        html_body='<p>Las ramas <b>tocan</b> el cable</p><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(2)">ver</a><script>alert(3)</script>',
        sent_at=timezone.now() - timedelta(hours=1),
        matched_company=company,
        matched_contact=contact,
        suggested_category=pruning,
    )
    page = page_factory()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "administrativa", PASSWORD)

    page.get_by_test_id("main-menu").get_by_role("link", name="Bandeja").click()
    page.get_by_role("link", name="Poda urgente en el acceso norte").click()
    page.get_by_role("tab", name="Formato original").click()
    expect(page.get_by_test_id("email-html")).to_contain_text("tocan")
    page.get_by_role("button", name="Crear solicitud").click()

    request = ServiceRequest.objects.get()
    expect(page.get_by_role("heading", name=f"{request.reference} · Poda urgente")).to_be_visible()
    page.get_by_label("Nuevo estado").select_option(label="Derivada")
    page.get_by_label("Nota").first.fill("Urgente: riesgo eléctrico")
    page.get_by_test_id("status-form").get_by_role("button", name="Guardar").click()

    expect(page.get_by_test_id("request-status")).to_have_text("Derivada")
    timeline = page.get_by_test_id("request-timeline")
    expect(timeline).to_contain_text("Correo recibido")
    expect(timeline).to_contain_text("Enviada al departamento")
    expect(timeline).to_contain_text("Acuse de recibo a la empresa")
    expect(timeline).to_contain_text("Urgente: riesgo eléctrico")
    assert dialogs == []
