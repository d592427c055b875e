"""The company's change history: who changed the company or its contacts, what and when, shown
on its page (and in the admin) to the Encargado only."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from companies.history import change_history
from companies.models import Company, Contact
from companies.selectors import company_change_history
from companies.services import contact_save, log_visit
from omil_crm.accounts import roles

SECTION = 'data-testid="change-history"'


def history_text(response) -> str:
    """The change history section of a page as the reader sees it: plain text, one space."""
    assert response.status_code == 200
    content = response.content.decode()
    assert SECTION in content, "the page shows no change history"
    section = content.split(SECTION, 1)[1].split("</section>", 1)[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", section)).split())


def shown_at(row) -> str:
    return timezone.localtime(row.history_date).strftime("%d-%m-%Y %H:%M")


def page_of(company) -> str:
    return reverse("companies:detail", args=[company.pk])


def edit_contact(client, contact, **changes):
    data = {
        "name": contact.name,
        "position": contact.position,
        "email": contact.email,
        "phone": contact.phone,
        "is_active": "on" if contact.is_active else "",
        "notes": contact.notes,
        **changes,
    }
    response = client.post(reverse("companies:contact_edit", args=[contact.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def successor(db):
    user = get_user_model().objects.create_user(
        username="gestora2", password="x", first_name="Paula", last_name="Reyes"
    )
    user.groups.add(Group.objects.get(name=roles.GESTORA))
    return user


def test_a_contact_edited_by_the_gestora_shows_who_when_and_what(
    client, gestora, encargado, company, contact
):
    client.force_login(gestora)
    edit_contact(client, contact, phone="+56 9 8765 4321", position="Jefa de RR.HH.")
    row = Contact.history.filter(id=contact.pk, history_type="~").get()

    client.force_login(encargado)
    text = history_text(client.get(page_of(company)))

    entry = re.split(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", text.split(shown_at(row), 1)[1], maxsplit=1)[
        0
    ]
    assert entry.startswith(" · Gestora · Contacto: Ana Pérez · Modificado")
    assert "Cargo: — → Jefa de RR.HH." in entry
    assert "Teléfono: — → +56 9 8765 4321" in entry
    assert "Correo" not in entry


def test_the_first_visit_shows_the_status_change_with_its_labels(
    client, gestora, encargado, company
):
    client.force_login(gestora)
    response = client.post(
        reverse("companies:visit_log", args=[company.pk]),
        {
            "kind": "field",
            "happened_at": timezone.localtime(timezone.now() - timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M"
            ),
            "summary": "Primera visita.",
            "needs_detected": "",
            "next_step": "",
            "follow_up_due": "",
        },
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.ACTIVE

    client.force_login(encargado)
    text = history_text(client.get(page_of(company)))

    assert "Gestora · Empresa · Modificado Estado: Por visitar → Activa" in text
    # The last-contact date moves with every visit; the visits timeline already tells it.
    assert "Último contacto" not in text


def test_a_handover_records_the_new_owner_of_every_company(
    client, encargado, gestora, successor, company, park
):
    other = Company.objects.create(legal_name="Otra Empresa Ltda.", park=park, owner=gestora)
    client.force_login(encargado)
    response = client.post(
        reverse("companies:handover"),
        {"from_user": gestora.pk, "to_user": successor.pk, "confirm": "1"},
    )
    assert response.status_code == 302

    for moved in (company, other):
        text = history_text(client.get(page_of(moved)))
        assert "Encargado · Empresa · Modificado Responsable: Gestora → Paula Reyes" in text


def test_a_change_made_outside_any_web_request_is_signed_by_the_system(
    client, encargado, gestora, company
):
    # Celery tasks and management commands run services with no request behind them.
    log_visit(company=company, staff=gestora, summary="Registrada por una tarea.")

    client.force_login(encargado)
    text = history_text(client.get(page_of(company)))

    assert "Sistema · Empresa · Modificado Estado: Por visitar → Activa" in text


def test_a_creation_lists_the_values_given_and_related_objects_by_name(client, encargado, company):
    client.force_login(encargado)
    text = history_text(client.get(page_of(company)))

    created = text.split("Empresa · Creado", 1)[1]
    assert "Razón social: — → Bodegas de Prueba SpA" in created
    assert "RUT: — → 76.086.428-5" in created
    assert "Parque industrial: — → Parque de Prueba" in created
    assert "Responsable: — → Gestora" in created
    assert "Estado: — → Por visitar" in created


def test_a_deleted_contact_stays_in_the_company_history(client, encargado, company, contact):
    contact.delete()

    client.force_login(encargado)
    text = history_text(client.get(page_of(company)))

    assert "Contacto: Ana Pérez · Eliminado" in text


@pytest.mark.parametrize("persona", ["gestora", "administrativa", "psicologa"])
def test_other_roles_see_nothing_of_the_history(client, persona, request, company, contact):
    assert Contact.history.filter(id=contact.pk).exists()
    client.force_login(request.getfixturevalue(persona))

    content = client.get(page_of(company)).content.decode()

    assert SECTION not in content
    assert "Historial de cambios" not in content


def test_only_the_latest_fifty_changes_are_shown_with_the_total(client, encargado, company):
    for number in range(60):
        company.visiting_notes = f"Nota {number}"
        company.save()

    client.force_login(encargado)
    text = history_text(client.get(page_of(company)))

    assert "Se muestran los 50 cambios más recientes de 61." in text
    assert text.count("Notas sobre visitas:") == 50
    assert "Nota 58 → Nota 59" in text
    assert "— → Nota 0" not in text


def test_the_history_costs_the_same_queries_with_few_or_many_changes(
    client, encargado, gestora, successor, company
):
    def queries_for_the_page():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page_of(company))
        assert response.status_code == 200
        return len(captured)

    def change(times):
        for number in range(times):
            company.owner = successor if company.owner == gestora else gestora
            company.save()
            contact = contact_save(
                contact=Contact(name=f"Persona {number}", email=f"p{number}@bodegas.cl"),
                company=company,
            )
            contact.phone = f"+56 9 0000 00{number:02d}"
            contact_save(contact=contact)

    client.force_login(encargado)
    change(1)
    with_few = queries_for_the_page()
    # 46 rows: all still shown, so both pages name the same kinds of related objects.
    change(14)
    with_many = queries_for_the_page()

    assert with_many == with_few


def test_the_reader_costs_a_fixed_number_of_queries(
    django_assert_num_queries, gestora, successor, company
):
    for number in range(30):
        company.owner = successor if number % 2 else gestora
        company.save()
        contact_save(contact=Contact(name=f"Persona {number}"), company=company)

    # The company's rows: a count, the latest rows, their earlier versions. The contacts' rows
    # (all creations, so no earlier versions): a count and the latest rows. Then one query
    # for the users the changes name (the owners).
    with django_assert_num_queries(6):
        history = company_change_history(company)

    assert history.total == 61
    assert history.shown == 50


def test_the_reader_with_no_rows_says_so(db):
    history = change_history(limit=50)

    assert (history.entries, history.total, history.is_truncated) == ([], 0, False)


# The Django admin


def admin_history_url(company) -> str:
    return reverse("admin:companies_company_history", args=[company.pk])


def test_the_encargado_sees_the_history_in_the_admin(client, encargado, company):
    client.force_login(encargado)

    response = client.get(admin_history_url(company))

    assert response.status_code == 200
    assert "Bodegas de Prueba SpA" in response.content.decode()


def test_a_mistyped_id_in_a_history_address_is_a_missing_page(client, encargado, company):
    client.force_login(encargado)
    history = reverse("admin:companies_company_history", args=["x"])
    version = reverse("admin:companies_company_simple_history", args=[company.pk, "x"])

    assert client.get(history).status_code == 404
    assert client.get(version).status_code == 404


def test_the_encargado_may_not_revert_a_company_from_the_admin(
    client, encargado, gestora, successor, company
):
    first_version = company.history.earliest("history_date")
    company.owner = successor
    company.save()
    client.force_login(encargado)
    url = reverse("admin:companies_company_simple_history", args=[company.pk, first_version.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"legal_name": "Cambiada", "_change_history": "1"})

    assert response.status_code == 403
    company.refresh_from_db()
    assert (company.legal_name, company.owner) == ("Bodegas de Prueba SpA", successor)


def test_an_admin_account_that_may_view_companies_still_gets_no_history(client, gestora, company):
    gestora.is_staff = True
    gestora.save()
    client.force_login(gestora)

    change_page = reverse("admin:companies_company_change", args=[company.pk])
    assert client.get(change_page).status_code == 200
    assert client.get(admin_history_url(company)).status_code == 403
