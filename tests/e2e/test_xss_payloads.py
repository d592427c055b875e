"""Markup and script typed into every free-text field is shown as text, in a real browser.

Objects are created through the services (and the ORM where a value only arrives from outside,
like an email) with each free-text field set to one of the payloads; then every page that shows
them is opened as the role that uses it. A page fails if a dialog fires, if an element or
attribute a payload would inject exists, or if a payload is not visible as the text typed.
"""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from companies.models import Company, Visit
from companies.services import contact_save, follow_up_create, log_visit, visit_plan
from meetings.models import Attendance, Meeting
from meetings.services import agreement_create, meeting_create
from omil_crm.base.notifications import notify
from requests_routing.models import (
    Department,
    EmailAttachment,
    InboundEmail,
    RequestCategory,
    ServiceRequest,
)
from requests_routing.services import service_request_add_note, service_request_create
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.hostile.strategies import PAYLOADS, valid_rut
from vacancies.models import Programme
from vacancies.people_services import job_seeker_create
from vacancies.programme_services import workshop_create
from vacancies.services import referral_create, vacancy_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# What a payload would leave in the page if it were not escaped: elements, handlers, links.
INJECTED = """() => {
  const found = [];
  const selectors = 'img[src="x"], svg[onload], [onerror], [onload], [onmouseover], '
    + 'a[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]';
  for (const element of document.querySelectorAll(selectors)) {
    // An email's own HTML is shown sanitised: its images may stay, never a handler.
    const handler = [...element.attributes].some((a) => a.name.startsWith('on'));
    const inEmail = element.closest('[data-testid="email-html"]');
    if (element.tagName === 'IMG' && inEmail && !handler) continue;
    found.push(element.outerHTML.slice(0, 160));
  }
  for (const script of document.scripts) {
    if (script.textContent.includes('alert(1)')) found.push('<script>' + script.textContent);
  }
  return found;
}"""


def text(payload: str, number: int) -> str:
    """The payload with a number, so each object is told apart and names stay unique."""
    return f"{payload} {number}"


def seed(number, payload, *, gestora, administrativa, psicologa, park) -> dict:
    """One of everything, every free-text field carrying the payload."""
    p = text(payload, number)
    company = Company.objects.create(
        rut=valid_rut(76_000_000 + number),
        legal_name=p,
        trade_name=p,
        address=p,
        phone=p[:40],
        website="javascript:alert(1)",
        visiting_notes=p,
        park=park,
        owner=gestora,
    )
    contact = contact_save(
        contact=company.contacts.model(name=p, position=p[:120], notes=p), company=company
    )
    visit = log_visit(
        company=company,
        staff=gestora,
        summary=p,
        contacts=[contact],
        needs_detected=p,
        next_step=p,
        follow_up_due=date.today(),
    )
    follow_up_create(company=company, title=p, notes=p, assigned_to=gestora, due_date=date.today())
    visit_plan(
        company=company,
        staff=gestora,
        planned_for=timezone.now() + timedelta(days=1),
        next_step=p,
        kind=Visit.Kind.FIELD,
    )
    department = Department.objects.create(name=p, email=f"depto{number}@example.cl", head=p)
    category = RequestCategory.objects.create(name=p, department=department, keywords=p)
    request = service_request_create(
        company=company,
        contact=contact,
        category=category,
        subject=p,
        description=p,
        place=p,
        channel=ServiceRequest.Channel.PHONE,
        created_by=administrativa,
    )
    service_request_add_note(request=request, actor=administrativa, text=p)
    email = InboundEmail.objects.create(
        message_id=f"<xss-{number}@example.cl>",
        content_hash=f"xss-{number}",
        raw=b"raw",
        sender=f"remitente{number}@example.cl",
        sender_name=p,
        subject=p,
        text_body=p,
        html_body=f"<p>{payload}</p>",
        sent_at=timezone.now(),
        matched_company=company,
    )
    EmailAttachment.objects.create(
        email=email,
        filename=p,
        content_type="text/plain",
        size=4,
        file=ContentFile(b"hola", name="adjunto.txt"),
    )
    person = job_seeker_create(
        registered_by=psicologa,
        rut=valid_rut(10_000_000 + number),
        first_name=p,
        last_name=p,
        comuna="05103",
        experience=p,
        skills=p,
        availability=p,
        consent_purpose=p,
    )
    vacancy = vacancy_create(
        company=company, title=p, requirements=p, shift=p[:120], captured_by=gestora
    )
    referral_create(job_seeker=person, vacancy=vacancy, referred_by=psicologa)
    starts = timezone.now() + timedelta(days=3)
    meeting = meeting_create(
        kind=Meeting.Kind.BREAKFAST,
        title=p,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        created_by=gestora,
        park=park,
        place=p,
        agenda=p,
    )
    Meeting.objects.filter(pk=meeting.pk).update(minutes=p)
    Attendance.objects.create(meeting=meeting, contact=contact)
    agreement_create(
        meeting=meeting,
        description=p,
        responsible=gestora,
        due_date=date.today() + timedelta(days=7),
        company=company,
        created_by=administrativa,
    )
    workshop = workshop_create(date=date.today(), topic=p, facilitator=psicologa, place=p)
    Programme.objects.create(
        name=p, kind=Programme.Kind.values[0], description=p, url="javascript:alert(1)"
    )
    for user in (gestora, administrativa, psicologa):
        notify(
            recipient=user,
            kind="aviso",
            key=f"xss-{number}-{user.pk}",
            title=p,
            body=p,
            url=reverse("home"),
        )
    return {
        "company": company,
        "visit": visit,
        "request": request,
        "email": email,
        "person": person,
        "vacancy": vacancy,
        "meeting": meeting,
        "workshop": workshop,
    }


def pages(objects: list[dict]) -> dict[str, list[tuple[str, list[int]]]]:
    """Per role: (address, the numbers of the payloads the page must show as text)."""
    every = list(range(len(objects)))

    def each(name, pattern):
        return [(reverse(pattern, args=[o[name].pk]), [n]) for n, o in enumerate(objects)]

    return {
        "gestora": [
            (reverse("home"), []),
            (reverse("companies:directory"), every),
            *each("company", "companies:detail"),
            *each("visit", "companies:visit_detail"),
            (reverse("companies:agenda"), every),
            (reverse("companies:visit_list"), every),
            (reverse("companies:follow_ups"), every),
            (reverse("vacancies:vacancy_list"), every),
            *each("vacancy", "vacancies:vacancy_detail"),
            *each("vacancy", "vacancies:vacancy_posting"),
            (reverse("vacancies:programme_list"), every),
            (reverse("meetings:list"), every),
            *each("meeting", "meetings:detail"),
            (reverse("notifications"), every),
        ],
        "administrativa": [
            (reverse("requests_routing:request_list"), every),
            *each("request", "requests_routing:request_detail"),
            (reverse("requests_routing:inbox"), every),
            *each("email", "requests_routing:email_detail"),
            (reverse("notifications"), every),
        ],
        "psicologa": [
            (reverse("vacancies:job_seeker_list"), every),
            *each("person", "vacancies:job_seeker_detail"),
            (reverse("vacancies:workshop_list"), every),
            (reverse("vacancies:referral_list"), every),
            *each("workshop", "vacancies:workshop_detail"),
            *each("vacancy", "vacancies:vacancy_detail"),
            (reverse("notifications"), every),
        ],
        "encargado": [
            (reverse("requests_routing:routing_table"), every),
        ],
    }


def test_no_payload_runs_on_any_page(
    browser, live_server, gestora, administrativa, psicologa, encargado, park, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    personas = {"gestora": gestora, "administrativa": administrativa, "psicologa": psicologa}
    objects = [
        seed(number, payload, park=park, **personas) for number, payload in enumerate(PAYLOADS)
    ]
    dialogs, failures = [], []
    for role, addresses in pages(objects).items():
        context = browser.new_context(base_url=live_server.url, locale="es-CL")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        log_in(page, role, PASSWORD)
        for address, shown in addresses:
            response = page.goto(address)
            assert response.status == 200, (role, address, response.status)
            injected = page.evaluate(INJECTED)
            if injected:
                failures.append((role, address, injected))
            content = page.evaluate("() => document.body.textContent")
            missing = [PAYLOADS[n] for n in shown if text(PAYLOADS[n], n) not in content]
            if missing:
                failures.append((role, address, f"not shown as text: {missing}"))
        context.close()
    assert dialogs == []
    assert failures == [], "\n".join(map(repr, failures))
