"""Production's URLs plus `/bench/bare/`, served only by the load test's gunicorn
(server_settings.py): the ceiling that the real pages' throughput is compared with."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from omil_crm.urls import urlpatterns as production_urlpatterns

BARE_URL = "/bench/bare/"


@login_not_required
def bare(request: HttpRequest) -> HttpResponse:
    """No query and no template: what one request costs in gunicorn and Django's middleware,
    for the same load the pages get."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path(BARE_URL.strip("/") + "/", bare, name="bench_bare"), *production_urlpatterns]
