from omil_crm.accounts.navigation import menu_for
from omil_crm.accounts.two_factor import applies_to
from omil_crm.models import Notification


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_items": menu_for(user),
        "unread_notifications": Notification.objects.filter(
            recipient=user, read_at__isnull=True
        ).count(),
        "two_factor_link": applies_to(user),
    }
