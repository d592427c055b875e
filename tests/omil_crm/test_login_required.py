"""Every URL except the login pages sends an anonymous visitor to the login page."""

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.urlwalk import discover_urls

# Pages that must answer without a session, and what they answer.
PUBLIC = {
    "login": 200,
    "health": 200,
    # Choosing a password with a link from the mail: the person has no session yet.
    "accounts:password_reset": 200,
    "accounts:password_reset_done": 200,
    "accounts:password_reset_confirm": 200,
    "accounts:password_reset_complete": 200,
}

PORTAL_PUBLIC = {"portal:enter"}

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
    if url.name.startswith("portal:"):
        # The companies' portal has its own entry page: a visitor without a portal session is
        # sent there (its POST-only pages refuse a GET first), never to the staff login.
        if url.name in PORTAL_PUBLIC:
            assert response.status_code == 200
        elif response.status_code != 405:
            assert response.status_code == 302, url.path
            assert response["Location"] == reverse("portal:enter")
        return
    if url.name in PUBLIC:
        assert response.status_code == PUBLIC[url.name]
        return
    assert response.status_code == 302, url.path
    # The admin sends visitors to its own login address first, which forwards to ours.
    final = client.get(url.path, follow=True)
    assert final.redirect_chain[-1][0].startswith(resolve_url(settings.LOGIN_URL))
    assert final.resolver_match.url_name == "login"
