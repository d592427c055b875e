"""The staff pages as an installable app that keeps working without signal: the web app
manifest, the service worker and the page it shows for what was not kept for offline use.

None of them carries personal data, so they open without signing in (the sign-in page links
the manifest too); the worker is registered only from signed-in pages (static/js/offline.js).
The Alcaldía, kept in the admin, gets none of them. All are sent with never-cache headers like
every signed-in answer: the browser asks again each time, so a new worker is never missed.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Bump when the worker's caching changes: the new worker deletes the caches of older ones.
CACHE_VERSION = 1
# Bootstrap's primary colour, the navigation bar's (also in templates/base.html).
THEME_COLOUR = "#0d6efd"

# What the worker keeps from its installation on: the pages' shared look and scripts, so a page
# kept for offline use and the «sin conexión» page show as usual without signal.
SHELL_ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "css/app.css",
    "js/offline.js",
    "js/table-cards.js",
    "js/first-error.js",
    "favicon.svg",
    "icons/icon-192.png",
)


@login_not_required
@never_cache
@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": "OMIL CRM",
        "short_name": "OMIL",
        "description": "Empresas, visitas y solicitudes de la OMIL",
        "lang": "es-CL",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@login_not_required
@never_cache
@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker's script, with this deployment's asset names (they carry a content hash in
    production), at the site's root so it may serve every page."""
    config = {
        "version": CACHE_VERSION,
        "staticPrefix": static(""),
        "offlineUrl": reverse("offline_page"),
        "shell": [static(path) for path in SHELL_ASSETS],
    }
    response = render(
        request,
        "omil_crm/sw.js",
        {"config": json.dumps(config)},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@login_not_required
@never_cache
@require_safe
def offline_page(request: HttpRequest) -> HttpResponse:
    """Shown by the worker, without signal, for a page that was not kept for offline use."""
    return render(request, "omil_crm/offline.html")
