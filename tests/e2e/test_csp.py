"""The Content-Security-Policy allows what the pages really do: Chromium opens the main pages
and the admin of every role and reports no violation (inline code, a foreign source…)."""

import pytest
from django.urls import reverse

from tests.access_objects import build_access_objects
from tests.conftest import PASSWORD, make_persona
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Collected by the page itself: what Chromium refused, with the directive that refused it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""

PAGES_BY_ROLE = {
    "encargado": [
        ("home", None),
        ("companies:directory", None),
        ("companies:detail", "company"),
        ("companies:agenda", None),
        ("companies:follow_ups", None),
        ("requests_routing:inbox", None),
        ("requests_routing:email_detail", "email"),
        ("requests_routing:request_list", None),
        ("requests_routing:request_detail", "service_request"),
        ("requests_routing:routing_table", None),
        ("vacancies:job_seeker_list", None),
        ("vacancies:job_seeker_detail", "job_seeker"),
        ("vacancies:evaluation_detail", "evaluation"),
        ("vacancies:data_access", "job_seeker"),
        ("vacancies:vacancy_list", None),
        ("vacancies:vacancy_detail", "vacancy"),
        ("vacancies:vacancy_posting", "vacancy"),
        ("vacancies:workshop_list", None),
        ("vacancies:programme_list", None),
        ("meetings:list", None),
        ("meetings:detail", "meeting"),
        ("dashboard", None),
        ("monthly_report", None),
        ("calendar_page", None),
        ("notifications", None),
        ("periodic_jobs", None),
        ("admin:index", None),
        ("admin:companies_company_changelist", None),
        ("admin:companies_company_change", "company"),
        ("admin:companies_company_history", "company"),
        ("accounts:team_list", None),
        ("accounts:member_create", None),
        ("accounts:member_edit", "user"),
        ("accounts:two_factor_setup", None),
        ("admin:requests_routing_department_change", "department"),
    ],
    "gestora": [
        ("companies:visit_log", "company"),
        ("companies:visit_complete", "visit"),
        ("companies:company_edit", "company"),
        ("fieldwork:brief", "visit"),
        ("vacancies:vacancy_create", None),
        ("requests_routing:request_create", None),
        ("meetings:edit", "meeting"),
        ("password_change", None),
        ("portal_access:company", "company"),
        ("portal:enter", None),
    ],
    "psicologa": [
        ("vacancies:vacancy_detail", "vacancy"),
        ("vacancies:job_seeker_create", None),
        ("vacancies:workshop_detail", "workshop"),
    ],
    "alcaldia": [
        ("admin:companies_companyflag_changelist", None),
        ("admin:companies_companyflag_add", None),
        ("admin:companies_companyflag_change", "flag"),
    ],
}


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    personas = {
        name: make_persona(name)
        for name in ("gestora", "administrativa", "psicologa", "encargado", "alcaldia")
    }
    return build_access_objects(personas)


def open_watched(page_factory):
    """A page that records every CSP complaint, from the console or the DOM event."""
    page = page_factory()
    page.add_init_script(LISTEN)
    complaints = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return page, complaints


@pytest.mark.parametrize("role", list(PAGES_BY_ROLE))
def test_no_page_breaks_the_content_security_policy(page_factory, world, role):
    page, complaints = open_watched(page_factory)
    landing = "**/admin/**" if role == "alcaldia" else "**/"
    log_in(page, role, PASSWORD, landing=landing)
    opened = []
    for name, kind in PAGES_BY_ROLE[role]:
        path = reverse(name, args=[world.pk(kind)] if kind else [])
        response = page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        page.wait_for_load_state("load")
        violations = page.evaluate("window.__cspViolations")
        complaints.extend(f"{path}: {violation}" for violation in violations)
        opened.append(path)

    assert not complaints, "\n".join(complaints)
    assert len(opened) == len(PAGES_BY_ROLE[role])


def test_the_login_and_lockout_pages_keep_the_policy(page_factory, world):
    page, complaints = open_watched(page_factory)
    page.goto("/ingresar/")
    for _ in range(5):
        page.get_by_label("Nombre de usuario").fill("gestora")
        page.get_by_label("Contraseña").fill("no-es-la-clave")
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_load_state("load")
        if page.get_by_test_id("lockout").count():
            break
        complaints.extend(page.evaluate("window.__cspViolations"))

    assert page.get_by_text("Demasiados intentos fallidos de ingreso").is_visible()
    complaints.extend(page.evaluate("window.__cspViolations"))
    assert not complaints, "\n".join(complaints)
