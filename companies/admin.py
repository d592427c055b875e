from django.contrib import admin

from companies.models import Company, CompanyFlag, Contact, FollowUp, IndustrialPark, Visit


@admin.register(IndustrialPark)
class IndustrialParkAdmin(admin.ModelAdmin):
    list_display = ["name", "comuna", "gestora", "representative", "meeting_rule_display"]
    list_select_related = ["gestora", "representative__company"]
    search_fields = ["name", "comuna"]
    list_filter = ["comuna"]
    autocomplete_fields = ["representative"]

    @admin.display(description="reunión mensual")
    def meeting_rule_display(self, park):
        return park.meeting_rule_display


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "position", "email", "phone", "is_active"]


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = [
        "legal_name",
        "trade_name",
        "rut_display",
        "park",
        "sector",
        "status",
        "owner",
        "last_contact_at",
    ]
    list_select_related = ["park", "owner"]
    list_filter = ["status", "sector", "park", "owner"]
    search_fields = ["legal_name", "trade_name", "rut"]
    inlines = [ContactInline]
    readonly_fields = ["last_contact_at", "created_at", "updated_at"]

    @admin.display(description="RUT", ordering="rut")
    def rut_display(self, company):
        return company.rut_display


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "company", "email", "phone", "is_active"]
    list_select_related = ["company"]
    list_filter = ["is_active", "company__park"]
    search_fields = ["name", "email", "company__legal_name", "company__trade_name"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["company", "kind", "status", "staff", "planned_for", "happened_at"]
    list_select_related = ["company", "staff"]
    list_filter = ["kind", "status", "staff"]
    search_fields = ["company__legal_name", "company__trade_name", "summary"]
    date_hierarchy = "happened_at"
    autocomplete_fields = ["company", "contacts"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "assigned_to", "due_date", "done_at"]
    list_select_related = ["company", "assigned_to"]
    list_filter = ["assigned_to", ("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "company__legal_name", "company__trade_name"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["company"]
    readonly_fields = ["source_type", "source_id", "created_by", "created_at"]


@admin.register(CompanyFlag)
class CompanyFlagAdmin(admin.ModelAdmin):
    list_display = ["company", "flagged_by", "flagged_at", "status_display"]
    list_select_related = ["company", "flagged_by", "visit__staff"]
    list_filter = ["flagged_by"]
    search_fields = ["company__legal_name", "company__trade_name", "note"]
    date_hierarchy = "flagged_at"
    autocomplete_fields = ["company"]

    @admin.display(description="estado")
    def status_display(self, flag):
        return flag.status_display
