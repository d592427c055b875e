from django.contrib import admin

from meetings.models import Agreement, Attendance, Meeting


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["contact"]


class AgreementInline(admin.TabularInline):
    model = Agreement
    extra = 0
    fields = ["description", "company", "responsible", "due_date", "status"]
    autocomplete_fields = ["company"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "park", "kind", "starts_at", "status"]
    list_select_related = ["park"]
    list_filter = ["kind", "status", "park"]
    search_fields = ["title", "agenda", "minutes"]
    date_hierarchy = "starts_at"
    inlines = [AttendanceInline, AgreementInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "contact", "staff", "attended"]
    list_select_related = ["meeting", "contact__company", "staff"]
    list_filter = ["attended"]
    search_fields = ["meeting__title", "contact__name"]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["description", "meeting", "company", "responsible", "due_date", "status"]
    list_select_related = ["meeting", "company", "responsible"]
    list_filter = ["status", "responsible"]
    search_fields = ["description", "meeting__title"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["company"]
