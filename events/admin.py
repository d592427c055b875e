from django.contrib import admin

from events.models import EmployerEvent, EventCompany


class EventCompanyInline(admin.TabularInline):
    model = EventCompany
    extra = 0
    autocomplete_fields = ["company"]
    readonly_fields = ["invited_at", "invited_by", "responded_at"]


@admin.register(EmployerEvent)
class EmployerEventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "organiser", "park", "status"]
    list_filter = ["kind", "status", "organiser", "park"]
    search_fields = ["title"]
    date_hierarchy = "date"
    raw_id_fields = ["vacancies"]
    readonly_fields = ["sequence", "created_by", "created_at", "updated_at", "cancelled_at"]
    # Participants are job seekers' personal data: only on the participants page.
    inlines = [EventCompanyInline]
