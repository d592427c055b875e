"""Every URL except the login pages sends an anonymous visitor to the login page; the
companies' portal sends them to its own entry page instead (no staff login there)."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.urlwalk import discover_urls

# Pages that must answer without a session, and what they answer.
PUBLIC = {
    "login": 200,
    "health": 200,
    # The installable app's files: the sign-in page links the manifest too.
    "web_manifest": 200,
    "service_worker": 200,
    "offline_page": 200,
    # Choosing a password with a link from the mail: the person has no session yet.
    "accounts:password_reset": 200,
    "accounts:password_reset_done": 200,
    "accounts:password_reset_confirm": 200,
    "accounts:password_reset_complete": 200,
    # Asking for a portal link, and the page a link opens (this one unknown: «Gone»).
    "portal:enter": 200,
    "portal:link": 410,
    # Portal actions are POSTs: a GET is refused before any session is looked at.
    "portal:sign_out": 405,
    "portal:request_comment": 405,
    "portal:request_survey": 405,
    "portal:programme_interest": 405,
    "portal:meeting_respond": 405,
    "portal:event_respond": 405,
    # The «¿quedó resuelto?» form opens by its emailed link (this one unknown).
    "requests_routing:survey": 404,
}

ALL_URLS = discover_urls()


def test_the_walk_finds_the_pages_of_every_app():
    names = {url.name for url in ALL_URLS}
    assert {
        "home",
        "login",
        "admin:index",
        "admin:companies_company_changelist",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("url", ALL_URLS, ids=lambda url: f"{url.name} {url.path}")
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url.path)
    if url.name in PUBLIC:
        assert response.status_code == PUBLIC[url.name]
        return
    assert response.status_code == 302, url.path
    if url.name.startswith("portal:"):
        assert response["Location"] == reverse("portal:enter")
        return
    # The admin sends visitors to its own login address first, which forwards to ours.
    final = client.get(url.path, follow=True)
    assert final.redirect_chain[-1][0].startswith(resolve_url(settings.LOGIN_URL))
    assert final.resolver_match.url_name == "login"
