from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from companies.history import CHANGE_HISTORY_PERMISSION
from companies.models import (
    Company,
    CompanyFlag,
    Contact,
    FollowUp,
    IndustrialPark,
    PortfolioHandover,
    Visit,
)
from companies.rut import normalize_rut
from companies.services import company_flag_create
from omil_crm.accounts.roles import is_only_alcaldia


def _valid_pk_or_404(model, value) -> None:
    """A mistyped id in a history URL is a missing page, not a server error."""
    try:
        model._meta.pk.to_python(unquote(value))
    except ValidationError:
        raise Http404("Registro inexistente") from None


class ChangeHistoryAdmin(SimpleHistoryAdmin):
    """The admin's "Historial" pages, on the same terms as the staff pages: only for those who
    may see the change history, and going back to an old version only for those who may
    change the record (simple-history would let anyone who may view it do so)."""

    # simple-history's own list carries an inline style, which the Content-Security-Policy blocks.
    object_history_list_template = "admin/change_history_list.html"

    def history_view(self, request, object_id, extra_context=None):
        _valid_pk_or_404(self.model, object_id)
        return super().history_view(request, object_id, extra_context)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return request.user.has_perm(
            CHANGE_HISTORY_PERMISSION
        ) and super().has_view_history_or_change_history_permission(request, obj)

    def revert_disabled(self, request, obj=None):
        return super().revert_disabled(request, obj) or not self.has_change_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _valid_pk_or_404(self.model, object_id)
        _valid_pk_or_404(self.model.history.model, version_id)
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(IndustrialPark)
class IndustrialParkAdmin(admin.ModelAdmin):
    list_display = ["name", "comuna", "gestora", "representative", "meeting_rule_display"]
    list_select_related = ["gestora", "representative__company"]
    search_fields = ["name"]
    autocomplete_fields = ["representative"]

    @admin.display(description="reunión mensual")
    def meeting_rule_display(self, park):
        return park.meeting_rule_display


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "position", "email", "phone", "is_active"]


@admin.register(Company)
class CompanyAdmin(ChangeHistoryAdmin):
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

    # Staff register and correct companies on the app's pages, whose rules (a RUT fixed once
    # stored, «Señalada» only from the Alcaldía's notice, the portfolio and park each may
    # edit) the admin's forms would skip. The admin shows them; a superuser may still repair.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Contact)
class ContactAdmin(ChangeHistoryAdmin):
    list_display = ["name", "position", "company", "email", "phone", "is_active"]
    list_select_related = ["company"]
    list_filter = ["is_active", "company__park"]
    search_fields = ["name", "email", "company__legal_name", "company__trade_name"]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["company", "kind", "status", "staff", "planned_for", "happened_at"]
    list_select_related = ["company", "staff"]
    list_filter = ["kind", "status", "staff", "company__park"]
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


class CompanyFlagForm(forms.ModelForm):
    """What the Alcaldía knows of a newly settled company; the company is created from it."""

    legal_name = forms.CharField(label="Nombre o razón social", max_length=200)
    rut = forms.CharField(label="RUT (si se conoce)", max_length=20, required=False)
    park = forms.ModelChoiceField(label="Parque industrial", queryset=IndustrialPark.objects.all())
    address = forms.CharField(label="Dirección", max_length=200, required=False)

    class Meta:
        model = CompanyFlag
        fields = ["note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        parks = IndustrialPark.objects.all()
        if len(parks) == 1:
            self.fields["park"].initial = parks[0].pk

    def clean_rut(self):
        typed = self.cleaned_data["rut"].strip()
        if not typed:
            return ""
        rut = normalize_rut(typed)
        existing = Company.objects.filter(rut=rut).first()
        if existing is not None:
            raise forms.ValidationError(
                f"Ya existe una empresa con ese RUT ({existing}); la OMIL ya la tiene registrada."
            )
        return rut


@admin.register(CompanyFlag)
class CompanyFlagAdmin(admin.ModelAdmin):
    """For the Alcaldía: flag a new company and follow what became of its own flags."""

    form = CompanyFlagForm
    list_display = ["company", "flagged_at", "flagged_by", "status_display"]
    list_select_related = ["company", "flagged_by", "visit__staff"]
    list_filter = [("visit", admin.EmptyFieldListFilter)]
    search_fields = ["company__legal_name", "company__trade_name", "note"]
    date_hierarchy = "flagged_at"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["legal_name", "rut", "park", "address", "note"]
        return ["company", "flagged_by", "flagged_at", "note", "status_display"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_only_alcaldia(request.user):
            return queryset.filter(flagged_by=request.user)
        return queryset

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        flag = company_flag_create(
            flagged_by=request.user,
            legal_name=data["legal_name"],
            park=data["park"],
            address=data["address"],
            rut=data["rut"],
            note=data["note"],
        )
        obj.pk = flag.pk
        obj.refresh_from_db()

    @admin.display(description="estado")
    def status_display(self, flag):
        return flag.status_display


@admin.register(PortfolioHandover)
class PortfolioHandoverAdmin(admin.ModelAdmin):
    list_display = [
        "done_at",
        "from_user",
        "to_user",
        "done_by",
        "companies_moved",
        "follow_ups_moved",
        "visits_moved",
    ]
    list_select_related = ["from_user", "to_user", "done_by"]
    list_filter = ["done_by"]
    date_hierarchy = "done_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
