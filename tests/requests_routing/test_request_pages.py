"""The request list and a request's page, as the Administrativa and the others use them."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import Company
from requests_routing import services
from requests_routing.models import RequestEvent, ServiceRequest
from requests_routing.services import service_request_create

Status = ServiceRequest.Status


def make_request(company, category, user, *, subject="Ramas sobre el cable", days_ago=1):
    return service_request_create(
        company=company,
        category=category,
        subject=subject,
        channel="email",
        created_by=user,
        received_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def sr(company, pruning, administrativa, contact):
    contact.company = company
    request = make_request(company, pruning, administrativa)
    request.contact = contact
    request.save()
    return request


@pytest.mark.django_db
def test_the_list_shows_requests_and_marks_the_overdue(client, administrativa, company, pruning):
    late = make_request(company, pruning, administrativa, subject="Atrasada", days_ago=40)
    make_request(company, pruning, administrativa, subject="Al día")
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:request_list")).content.decode()

    assert late.reference in html
    assert html.count('data-overdue="1"') == 1
    assert "Al día" in html


@pytest.mark.django_db
def test_each_row_says_company_category_department_status_and_owner(
    client, administrativa, gestora, company, pruning
):
    routed = make_request(company, pruning, administrativa, subject="Poda en calle <Los Olmos>")
    routed.status = Status.ROUTED
    routed.save()
    services.service_request_reassign(request=routed, owner=gestora, actor=administrativa)
    other = Company.objects.create(
        rut="77777777-7", legal_name="Maestranza Quintero Ltda.", trade_name="Maestranza Q & Hijos"
    )
    waiting = make_request(other, pruning, administrativa, subject="Sin dueña")
    waiting.owner = None
    waiting.save()
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:request_list")).content.decode()

    cells = {
        subject: [cell.split(">", 1)[1] for cell in row.split("</td>")[:-1]]
        for row in html.split("<tr")[1:]
        for subject in ("Poda en calle &lt;Los Olmos&gt;", "Sin dueña")
        if f"<td>{subject}<div" in row
    }
    routed_cells = cells["Poda en calle &lt;Los Olmos&gt;"]
    assert "Poda de árboles" in routed_cells[1]
    assert "Bodegas de Prueba SpA</a>" in routed_cells[2]
    assert routed_cells[3] == "Aseo y Ornato"
    assert ">Derivada</span>" in routed_cells[4]
    assert routed_cells[6] == gestora.get_full_name()
    waiting_cells = cells["Sin dueña"]
    assert "Maestranza Q &amp; Hijos</a>" in waiting_cells[2]
    assert ">Recibida</span>" in waiting_cells[4]
    assert waiting_cells[6] == "—"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("overdue=1", {"Atrasada"}),
        ("overdue=0", {"Al día"}),
        ("status=received", {"Atrasada", "Al día"}),
        ("status=closed", set()),
        ("q=Atras", {"Atrasada"}),
        ("company_name=Bodegas", {"Atrasada", "Al día"}),
        ("company_name=Inexistente", set()),
    ],
)
def test_the_list_filters(client, administrativa, company, pruning, query, expected):
    make_request(company, pruning, administrativa, subject="Atrasada", days_ago=40)
    make_request(company, pruning, administrativa, subject="Al día")
    client.force_login(administrativa)

    html = client.get(reverse("requests_routing:request_list") + "?" + query).content.decode()

    shown = {subject for subject in ("Atrasada", "Al día") if f"{subject}<div" in html}
    assert shown == expected


@pytest.mark.django_db
def test_bad_filter_values_do_not_break_the_list(client, administrativa):
    client.force_login(administrativa)

    response = client.get(
        reverse("requests_routing:request_list"),
        {"received_from": "ayer", "company": "x", "order": "owner__password", "page": "9999"},
    )

    assert response.status_code == 200


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_few_and_many(
    client, administrativa, company, pruning, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(administrativa)
    make_request(company, pruning, administrativa)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("requests_routing:request_list"))
    for index in range(30):
        make_request(company, pruning, administrativa, subject=f"Solicitud {index}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("requests_routing:request_list"))

    assert len(many) == len(few)


@pytest.mark.django_db
def test_routing_emails_the_department_and_acknowledges_the_company(
    client, administrativa, sr, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("requests_routing:request_change_status", args=[sr.pk]),
            {"status": "routed", "note": "Urgente"},
            follow=True,
        )

    sr.refresh_from_db()
    assert sr.status == Status.ROUTED
    assert "derivada" in response.content.decode()
    to_department, to_company = mail.outbox
    assert to_department.to == ["aseo@example.cl"]
    assert to_department.subject.startswith(f"[{sr.reference}] Poda de árboles")
    assert sr.company.legal_name in to_department.body
    assert to_company.to == ["ana@bodegas.cl"]
    assert sr.due_date.strftime("%d-%m-%Y") in to_company.body
    kinds = list(sr.events.values_list("kind", flat=True))
    assert kinds == ["created", "status_change", "sent_to_department", "acknowledgement"]
    assert all(event.email_sent_at for event in sr.events.exclude(email_to=""))


@pytest.mark.django_db
def test_routing_twice_acknowledges_the_company_once(client, administrativa, sr):
    client.force_login(administrativa)
    url = reverse("requests_routing:request_change_status", args=[sr.pk])
    client.post(url, {"status": "routed"})
    client.post(url, {"status": "in_progress"})
    client.post(url, {"status": "routed"})

    assert sr.events.filter(kind=RequestEvent.Kind.ACKNOWLEDGEMENT).count() == 1
    assert sr.events.filter(kind=RequestEvent.Kind.SENT_TO_DEPARTMENT).count() == 2


@pytest.mark.django_db
def test_resolving_tells_the_company(
    client, administrativa, sr, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)
    url = reverse("requests_routing:request_change_status", args=[sr.pk])
    client.post(url, {"status": "routed"})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "resolved", "note": "Poda realizada el martes"})

    # The resolution notice, then the «¿Quedó resuelto?» survey (test_resolution_survey).
    notice, survey = mail.outbox
    assert notice.to == survey.to == ["ana@bodegas.cl"]
    assert "quedó resuelta" in notice.body
    assert "¿Quedó resuelto?" in survey.subject


@pytest.mark.django_db
def test_a_move_the_cycle_forbids_is_refused_with_a_message(client, administrativa, sr):
    client.force_login(administrativa)

    response = client.post(
        reverse("requests_routing:request_change_status", args=[sr.pk]),
        {"status": "closed"},
        follow=True,
    )

    sr.refresh_from_db()
    assert sr.status == Status.RECEIVED
    assert "Escoja una opción válida" in response.content.decode()


@pytest.mark.django_db
def test_a_duplicate_needs_an_existing_original(client, administrativa, sr):
    client.force_login(administrativa)
    url = reverse("requests_routing:request_change_status", args=[sr.pk])

    response = client.post(
        url, {"status": "duplicate", "duplicate_of": "SOL-1999-00001"}, follow=True
    )

    assert "No existe la solicitud SOL-1999-00001" in response.content.decode()
    sr.refresh_from_db()
    assert sr.status == Status.RECEIVED


@pytest.mark.django_db
def test_notes_and_reassignment_enter_the_timeline(client, administrativa, gestora, sr):
    client.force_login(administrativa)

    client.post(
        reverse("requests_routing:request_add_note", args=[sr.pk]),
        {"text": "Llamó la empresa para insistir"},
    )
    client.post(reverse("requests_routing:request_reassign", args=[sr.pk]), {"owner": gestora.pk})

    sr.refresh_from_db()
    assert sr.owner == gestora
    html = client.get(reverse("requests_routing:request_detail", args=[sr.pk])).content.decode()
    assert "Llamó la empresa para insistir" in html
    assert "Cambio de responsable" in html


@pytest.mark.django_db
def test_the_department_can_be_reminded_only_after_days_of_silence(
    client, administrativa, sr, settings, django_capture_on_commit_callbacks
):
    client.force_login(administrativa)
    client.post(
        reverse("requests_routing:request_change_status", args=[sr.pk]), {"status": "routed"}
    )
    remind = reverse("requests_routing:request_remind", args=[sr.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remind, follow=True)
    assert "Solo se recuerda al departamento" in response.content.decode()
    assert mail.outbox == []

    quiet = timezone.now() - timedelta(days=settings.DEPARTMENT_REMINDER_DAYS)
    sr.events.update(created_at=quiet)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remind)

    [reminder] = mail.outbox
    assert reminder.subject.startswith(f"[{sr.reference}] Recordatorio:")


@pytest.mark.django_db
def test_the_gestora_reads_requests_but_cannot_change_them(client, gestora, sr):
    client.force_login(gestora)

    assert client.get(reverse("requests_routing:request_detail", args=[sr.pk])).status_code == 200
    response = client.post(
        reverse("requests_routing:request_change_status", args=[sr.pk]), {"status": "routed"}
    )
    assert response.status_code == 403


@pytest.mark.django_db
def test_the_psychologist_cannot_see_requests(client, psicologa, sr):
    client.force_login(psicologa)

    assert client.get(reverse("requests_routing:request_list")).status_code == 403


@pytest.mark.django_db
def test_overdue_requests_reach_their_owners_follow_ups_once(
    client, administrativa, company, pruning
):
    from companies.models import FollowUp
    from requests_routing.services import follow_up_overdue_requests

    late = make_request(company, pruning, administrativa, subject="Atrasada", days_ago=40)
    make_request(company, pruning, administrativa, subject="Al día")

    assert follow_up_overdue_requests() == 1
    assert follow_up_overdue_requests() == 0

    follow_up = FollowUp.objects.get()
    assert follow_up.assigned_to == administrativa
    assert follow_up.title.startswith(f"Solicitud {late.reference} vencida")
    client.force_login(administrativa)
    html = client.get(reverse("companies:follow_ups")).content.decode()
    assert reverse("requests_routing:request_detail", args=[late.pk]) in html
