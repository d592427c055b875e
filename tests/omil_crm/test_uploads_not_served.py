"""Uploaded mail attachments are reachable only through the permission-checked download.

An attachment is a stranger's file. Served from /media/ inside the site's own origin, an .html
attachment's script would run with the viewer's session and read any page that person may
open; so no mode of the app, development included, routes MEDIA_URL at all.
"""

import importlib
from email.message import EmailMessage

import pytest
from django.test import Client
from django.urls import clear_url_caches, reverse

from requests_routing.inbox import ingest_email
from tests.conftest import make_persona

HOSTILE_PAGE = (
    b"<html><body><script src='robo.js'></script>"
    b"<script>fetch('/personas/').then(r => r.text()).then(t => alert(t))</script>"
    b"</body></html>"
)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def development_urlconf(settings, media_root):
    """The URLconf as `make run` loads it: with DEBUG on (and the test's MEDIA_ROOT)."""
    import omil_crm.urls

    settings.DEBUG = True
    importlib.reload(omil_crm.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(omil_crm.urls)
    clear_url_caches()


@pytest.fixture
def hostile_attachment(db, media_root):
    message = EmailMessage()
    message["From"] = "Desconocido <alguien@correo-externo.cl>"
    message["To"] = "omil@concon.cl"
    message["Subject"] = "Cotización de poda"
    message["Message-ID"] = "<cotizacion-poda-1@correo-externo.cl>"
    message.set_content("Adjunto la cotización.")
    message.add_attachment(
        HOSTILE_PAGE, maintype="text", subtype="html", filename="cotizacion.html"
    )
    message.add_attachment(
        b"alert(document.cookie)", maintype="application", subtype="javascript", filename="robo.js"
    )
    email, created = ingest_email(raw=message.as_bytes())
    assert created
    return email.attachments.get(filename="cotizacion.html")


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(make_persona(username))
    return client


@pytest.mark.parametrize("username", ["psicologa", "administrativa", "encargado"])
def test_no_media_address_serves_an_attachment_in_development(
    development_urlconf, hostile_attachment, settings, username
):
    stored_at = settings.MEDIA_URL + hostile_attachment.file.name

    response = signed_in(username).get(stored_at)

    assert response.status_code == 404
    assert HOSTILE_PAGE not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_download_view_hands_the_attachment_over_as_an_inert_file(hostile_attachment):
    response = signed_in("administrativa").get(
        reverse("requests_routing:attachment_download", args=[hostile_attachment.pk])
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == HOSTILE_PAGE


def test_a_role_without_the_inbox_cannot_download_it(hostile_attachment):
    response = signed_in("psicologa").get(
        reverse("requests_routing:attachment_download", args=[hostile_attachment.pk])
    )

    assert response.status_code == 403


@pytest.mark.parametrize(
    "admin_page",
    ["requests_routing_inboundemail_change", "requests_routing_emailattachment_change"],
)
def test_the_admin_links_to_the_download_view_not_to_media(
    hostile_attachment, settings, admin_page
):
    obj = hostile_attachment.email if "inboundemail" in admin_page else hostile_attachment
    download = reverse("requests_routing:attachment_download", args=[hostile_attachment.pk])

    page = signed_in("encargado").get(reverse(f"admin:{admin_page}", args=[obj.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'href="{download}"' in html
    assert settings.MEDIA_URL not in html
