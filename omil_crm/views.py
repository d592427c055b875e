from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from omil_crm.formtools import int_param, paginate
from omil_crm.home import home_cards
from omil_crm.models import Notification
from omil_crm.navigation import SECTIONS_BY_SLUG
from omil_crm.notifications import mark_read


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "omil_crm/home.html", {"cards": home_cards(request.user)})


def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(recipient=request.user)
    page = paginate(request, items, per_page=30)
    return render(request, "omil_crm/notifications.html", {"page": page})


@require_POST
def notifications_mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification (`id`) or all of the user's as read."""
    notification_id = int_param(request, "id")
    if request.POST.get("id") and notification_id is None:
        messages.error(request, "La notificación indicada no existe; no se marcó ninguna.")
        return redirect("notifications")
    mark_read(recipient=request.user, notification_id=notification_id)
    return redirect("notifications")


def section_placeholder(request: HttpRequest, slug: str) -> HttpResponse:
    section = SECTIONS_BY_SLUG.get(slug)
    if section is None:
        raise Http404("Sección inexistente")
    if not request.user.has_perm(section.permission):
        raise PermissionDenied
    return render(request, "omil_crm/section_placeholder.html", {"section": section})


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"estado": "ok"})
