"""Pages every signed-in person has, whatever the role: notifications; and the health check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from omil_crm.base.formtools import int_param, paginate
from omil_crm.base.notifications import mark_read
from omil_crm.models import Notification


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


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer and docker-compose: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"estado": "ok"})
