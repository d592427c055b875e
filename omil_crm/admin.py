from django.contrib import admin

from omil_crm.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_select_related = ["recipient"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__username", "key"]
    date_hierarchy = "created_at"
    readonly_fields = ["key", "created_at"]


# The accounts' admin pages (superusers only), replacing the stock ones.
import omil_crm.accounts.admin  # noqa: E402, F401
