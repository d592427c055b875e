"""The Gestora without signal: a visit logged offline is sent once when the connection
returns, and a company kept for offline use opens without network."""

import pytest
from playwright.sync_api import expect

from companies.models import Company, Visit
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

KEPT_VISITS = """() => new Promise((resolve, reject) => {
  const opening = indexedDB.open("omil-offline", 1);
  opening.onsuccess = () => {
    const reading = opening.result.transaction("visits").objectStore("visits").getAll();
    reading.onsuccess = () => resolve(reading.result);
    reading.onerror = () => reject(reading.error);
  };
  opening.onerror = () => reject(opening.error);
})"""

# The phone sending the same visit again, as after an answer lost on the way back.
SEND_AGAIN = """async (visit) => {
  const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
  const answers = [];
  for (let i = 0; i < 2; i++) {
    const fields = visit.fields.filter(([name]) => name !== "csrfmiddlewaretoken");
    const body = new URLSearchParams(fields);
    const response = await fetch(visit.action, {
      method: "POST", body, headers: {Accept: "application/json", "X-CSRFToken": token},
    });
    answers.push([response.status, (await response.json()).visit_url]);
  }
  return answers;
}"""


def test_a_visit_logged_offline_is_sent_exactly_once(page_factory, company, gestora):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/empresas/{company.pk}/visitas/nueva/")

    page.context.set_offline(True)
    page.get_by_label("Resumen").fill("Portería cerrada; hablamos con el jefe de bodega.")
    page.get_by_label("Próximo paso").fill("Llamar el lunes a RR.HH.")
    page.get_by_role("button", name="Guardar", exact=True).click()

    pending = page.get_by_test_id("offline-pending")
    expect(pending).to_contain_text("Pendiente de enviar (1)")
    expect(pending).to_contain_text("Contacto con Bodegas de Prueba SpA")
    expect(page.get_by_label("Resumen")).to_have_value("")
    assert not Visit.objects.exists()
    [kept] = page.evaluate(KEPT_VISITS)

    page.context.set_offline(False)

    expect(page.get_by_test_id("offline-sent")).to_contain_text("Contacto con Bodegas de Prueba")
    expect(pending).to_be_hidden()
    visit = Visit.objects.get()
    assert (str(visit.client_key), visit.summary, visit.staff) == (
        kept["key"],
        "Portería cerrada; hablamos con el jefe de bodega.",
        gestora,
    )
    answers = page.evaluate(SEND_AGAIN, kept)
    assert answers == [[200, f"/visitas/{visit.pk}/"]] * 2
    assert Visit.objects.count() == 1


def test_a_company_kept_for_offline_use_opens_without_signal(page_factory, company, gestora):
    page = page_factory(PHONE)
    log_in(page, "gestora", PASSWORD)
    page.goto(f"/empresas/{company.pk}/")
    page.get_by_role("button", name="Guardar sin conexión").click()
    expect(page.get_by_test_id("offline-pack-status")).to_contain_text("Disponible sin conexión")
    # Changed after it was kept: the page opened offline is the kept copy.
    Company.objects.filter(pk=company.pk).update(legal_name="Bodegas Renombradas SpA")

    page.context.set_offline(True)
    page.goto(f"/empresas/{company.pk}/")
    expect(page.get_by_role("heading", name="Bodegas de Prueba SpA")).to_be_visible()
    expect(page.get_by_test_id("offline-pack-status")).to_contain_text("Disponible sin conexión")
    page.goto(f"/empresas/{company.pk}/visitas/nueva/")
    expect(page.get_by_label("Resumen")).to_be_visible()
    page.goto("/seguimientos/")
    expect(page.get_by_text("Sin conexión: esta página no se guardó")).to_be_visible()
    expect(page.get_by_test_id("offline-stored-pages")).to_contain_text("Bodegas de Prueba SpA")

    # Signing out leaves nothing of this person's for whoever uses the phone next.
    page.context.set_offline(False)
    page.goto(f"/empresas/{company.pk}/")
    page.locator("form[data-offline-logout] button").dispatch_event("click")
    page.wait_for_url("**/ingresar/")
    assert page.evaluate("caches.has('omil-pages')") is False
