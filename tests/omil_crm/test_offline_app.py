"""The installable app's files: the manifest, the service worker and the «sin conexión» page."""

import json

from django.contrib.staticfiles import finders
from django.urls import reverse


def directives(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_manifest_names_the_app_in_spanish(client):
    response = client.get(reverse("web_manifest"))

    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["start_url"], manifest["scope"]) == ("OMIL CRM", "/", "/")
    assert (manifest["display"], manifest["theme_color"]) == ("standalone", "#0d6efd")


def test_the_manifest_icons_exist_in_every_size(client):
    icons = json.loads(client.get(reverse("web_manifest")).content)["icons"]

    assert [(icon["sizes"], icon.get("purpose", "any")) for icon in icons] == [
        ("192x192", "any"),
        ("512x512", "any"),
        ("512x512", "maskable"),
    ]
    for icon in icons:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path is not None
        with open(path, "rb") as image:
            assert image.read(8) == b"\x89PNG\r\n\x1a\n"


def test_the_worker_is_served_for_the_whole_site_and_never_kept_stale(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert {"no-cache", "no-store"} <= directives(response)
    script = response.content.decode()
    assert '"offlineUrl": "/sin-conexion/"' in script
    assert "/static/js/offline.js" in script


def test_pages_allow_only_this_sites_worker_and_manifest(client, gestora):
    client.force_login(gestora)

    policy = client.get(reverse("home"))["Content-Security-Policy"]

    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy
    assert "script-src 'self';" in policy


def test_signed_in_pages_link_the_manifest_and_say_who_is_signed_in(client, gestora):
    client.force_login(gestora)

    page = client.get(reverse("home")).content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert f'data-user-key="{gestora.pk}"' in page


def test_the_login_page_says_nobody_is_signed_in(client):
    page = client.get(reverse("login")).content.decode()

    assert 'data-user-key=""' in page


def test_the_offline_page_is_in_spanish_and_shows_nobody(client, gestora):
    client.force_login(gestora)

    response = client.get(reverse("offline_page"))

    page = response.content.decode()
    assert "Sin conexión: esta página no se guardó" in page
    assert "Gestora" not in page
    assert {"no-cache", "no-store"} <= directives(response)
