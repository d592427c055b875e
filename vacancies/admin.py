from django.contrib import admin

from companies.admin import ChangeHistoryAdmin
from vacancies.models import (
    DataSubjectRequest,
    Evaluation,
    EvaluationRead,
    JobSeeker,
    Placement,
    Programme,
    ProgrammeOffer,
    Referral,
    ReferralStageChange,
    Vacancy,
    Workshop,
)
from vacancies.services import evaluation_record_read


@admin.register(JobSeeker)
class JobSeekerAdmin(ChangeHistoryAdmin):
    list_display = [
        "last_name",
        "first_name",
        "rut_display",
        "comuna",
        "education",
        "consent_given_at",
    ]
    # A filter by comuna would list all 346; the registry page (/personas/) lists those in use.
    list_filter = ["education"]
    search_fields = ["first_name", "last_name", "rut", "skills"]
    # The consent columns mirror the person's Consent rows (vacancies/consent_services.py):
    # consents are recorded and withdrawn on the person's page, never typed here.
    readonly_fields = [
        "consent_given_at",
        "consent_recorded_by",
        "consent_withdrawn_at",
        "erased_at",
        "created_at",
    ]

    @admin.display(description="RUT", ordering="rut")
    def rut_display(self, person):
        return person.rut_display


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["topic", "date", "facilitator", "place"]
    list_select_related = ["facilitator"]
    list_filter = ["facilitator"]
    search_fields = ["topic"]
    date_hierarchy = "date"
    filter_horizontal = ["attendees"]


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "company",
        "positions",
        "status",
        "opened_on",
        "closing_date",
        "captured_by",
    ]
    list_select_related = ["company", "captured_by"]
    list_filter = ["status", "contract_type", "company__park"]
    search_fields = ["title", "company__legal_name", "company__trade_name"]
    date_hierarchy = "opened_on"
    autocomplete_fields = ["company"]


class StageChangeInline(admin.TabularInline):
    model = ReferralStageChange
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "changed_by", "changed_at"]
    can_delete = False


@admin.register(Referral)
class ReferralAdmin(ChangeHistoryAdmin):
    list_display = ["job_seeker", "vacancy", "stage", "referred_by", "referred_at"]
    list_select_related = ["job_seeker", "vacancy__company", "referred_by"]
    list_filter = ["stage", "vacancy__company__park"]
    search_fields = ["job_seeker__first_name", "job_seeker__last_name", "vacancy__title"]
    date_hierarchy = "referred_at"
    autocomplete_fields = ["job_seeker", "vacancy"]
    inlines = [StageChangeInline]


@admin.register(ReferralStageChange)
class ReferralStageChangeAdmin(admin.ModelAdmin):
    list_display = ["referral", "from_stage", "to_stage", "changed_by", "changed_at"]
    list_select_related = ["referral__job_seeker", "referral__vacancy__company", "changed_by"]
    list_filter = ["to_stage"]
    search_fields = ["referral__job_seeker__last_name"]


@admin.register(Evaluation)
class EvaluationAdmin(ChangeHistoryAdmin):
    # The result is not listed nor filterable: it is read only by opening an evaluation,
    # and every opening is logged, here as on the staff pages.
    list_display = ["job_seeker", "evaluated_on", "psychologist"]
    list_select_related = ["job_seeker", "psychologist"]
    list_filter = ["psychologist"]
    search_fields = ["job_seeker__first_name", "job_seeker__last_name"]
    date_hierarchy = "evaluated_on"
    autocomplete_fields = ["job_seeker"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._log_read(request, object_id, response)
        return response

    # The history pages show the result and notes of every version: reading them is a reading.
    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._log_read(request, object_id, response)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._log_read(request, object_id, response)
        return response

    def _log_read(self, request, object_id, response) -> None:
        if request.method == "GET" and response.status_code == 200:
            evaluation = self.get_object(request, object_id)
            if evaluation is not None:
                evaluation_record_read(evaluation=evaluation, reader=request.user)


@admin.register(EvaluationRead)
class EvaluationReadAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "reader", "read_at"]
    list_select_related = ["evaluation__job_seeker", "reader"]
    list_filter = ["reader"]
    date_hierarchy = "read_at"


@admin.register(Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["referral", "start_date", "contract_type", "recorded_by"]
    list_select_related = ["referral__job_seeker", "referral__vacancy__company", "recorded_by"]
    list_filter = ["contract_type", "referral__vacancy__company__park"]
    search_fields = ["referral__job_seeker__last_name", "referral__vacancy__title"]
    date_hierarchy = "start_date"


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "description"]


@admin.register(ProgrammeOffer)
class ProgrammeOfferAdmin(admin.ModelAdmin):
    list_display = [
        "programme",
        "company",
        "status",
        "workers_involved",
        "offered_on",
        "offered_by",
    ]
    list_select_related = ["programme", "company", "offered_by"]
    list_filter = ["status", "programme"]
    search_fields = ["company__legal_name", "company__trade_name", "programme__name"]
    date_hierarchy = "offered_on"
    autocomplete_fields = ["company"]


@admin.register(DataSubjectRequest)
class DataSubjectRequestAdmin(admin.ModelAdmin):
    list_display = ["handled_at", "kind", "job_seeker", "handled_by"]
    list_select_related = ["job_seeker", "handled_by"]
    list_filter = ["kind"]
    date_hierarchy = "handled_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
