"""A portal session opens the portal for its contact only, until it expires, is revoked or the
contact loses access; it never opens a staff page, and a staff login never opens the portal."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from omil_crm.portal import sessions
from omil_crm.portal.models import PortalSession

pytestmark = pytest.mark.django_db


def test_a_signed_in_contact_sees_their_company_on_the_portal_home(portal_client, contact):
    response = portal_client(contact).get(reverse("portal:home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Ana Pérez" in page
    assert "Bodegas de Prueba SpA" in page
    assert "no-store" in response["Cache-Control"]


def test_without_a_session_the_portal_sends_to_the_entry_page(client):
    response = client.get(reverse("portal:home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:enter")


def test_only_a_hash_of_the_cookie_key_is_stored(portal_client, contact):
    client = portal_client(contact)
    raw_key = client.cookies[sessions.COOKIE_NAME].value

    stored = PortalSession.objects.get()
    assert raw_key not in stored.key_hash
    assert stored.key_hash == sessions.key_hash(raw_key)


def test_a_session_lasts_thirty_days(portal_client, contact):
    session = portal_client(contact).portal_session

    assert session.expires_at - session.created_at == timedelta(days=30)


def test_an_expired_session_no_longer_opens_the_portal(portal_client, contact):
    client = portal_client(contact)
    PortalSession.objects.update(
        created_at=timezone.now() - timedelta(days=31), expires_at=timezone.now()
    )

    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:enter")


def test_a_revoked_session_no_longer_opens_the_portal(portal_client, contact, encargado):
    client = portal_client(contact)

    sessions.revoke_sessions_of(contact=contact, by=encargado)

    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:enter")
    assert PortalSession.objects.get().revoked_by == encargado


@pytest.mark.parametrize("change", [{"portal_enabled": False}, {"is_active": False}, {"email": ""}])
def test_a_contact_who_loses_access_loses_their_open_session(portal_client, contact, change):
    client = portal_client(contact)
    for field, value in change.items():
        setattr(contact, field, value)
    contact.save()

    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:enter")


def test_signing_out_ends_the_session_and_clears_the_cookie(portal_client, contact):
    client = portal_client(contact)

    response = client.post(reverse("portal:sign_out"))

    assert response["Location"] == reverse("portal:enter")
    assert client.cookies[sessions.COOKIE_NAME].value == ""
    assert PortalSession.objects.get().revoked_at is not None


def test_a_portal_session_opens_no_staff_page(portal_client, contact):
    client = portal_client(contact)

    for name in ("home", "companies:directory", "requests_routing:request_list", "dashboard"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert client.get("/admin/").status_code == 302


def test_a_staff_login_opens_no_portal_page(client, gestora):
    client.force_login(gestora)

    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:enter")


def test_the_cookie_is_scoped_to_the_portal_and_hidden_from_scripts(contact):
    session, raw_key = sessions.start_session(contact=contact)
    response = Client().get(reverse("portal:enter"))
    sessions.set_cookie(response, raw_key=raw_key, session=session)

    cookie = response.cookies[sessions.COOKIE_NAME]
    assert cookie["path"] == "/portal/"
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
