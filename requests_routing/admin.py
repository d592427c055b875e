from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from companies.admin import ChangeHistoryAdmin
from requests_routing.models import (
    Department,
    EmailAttachment,
    ForwardedEmail,
    InboundEmail,
    ReferenceCounter,
    RequestCategory,
    RequestEvent,
    ServiceRequest,
)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "head", "phone", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "email", "head"]


@admin.register(RequestCategory)
class RequestCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "department", "sla_working_days", "is_active"]
    list_select_related = ["department"]
    list_filter = ["department", "is_active"]
    search_fields = ["name", "keywords"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(admin.ModelAdmin):
    list_display = ["year", "last_number"]

    def has_change_permission(self, request, obj=None):
        return False


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    fields = ["created_at", "kind", "actor", "from_status", "to_status", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ChangeHistoryAdmin):
    list_display = [
        "reference",
        "subject",
        "company",
        "category",
        "department",
        "status",
        "due_date",
        "owner",
    ]
    list_select_related = ["company", "category", "department", "owner"]
    list_filter = ["status", "department", "category", "channel", "owner"]
    search_fields = ["reference", "subject", "company__legal_name", "company__trade_name"]
    date_hierarchy = "received_at"
    autocomplete_fields = ["company", "contact", "duplicate_of"]
    readonly_fields = ["reference", "resolved_at", "closed_at", "created_by", "updated_at"]
    inlines = [RequestEventInline]


@admin.register(RequestEvent)
class RequestEventAdmin(admin.ModelAdmin):
    list_display = ["request", "kind", "actor", "created_at"]
    list_select_related = ["request", "actor"]
    list_filter = ["kind"]
    search_fields = ["request__reference", "text"]
    date_hierarchy = "created_at"


@admin.display(description="archivo")
def attachment_download_link(attachment: EmailAttachment) -> str:
    """Through the permission-checked download view, never a /media/ address: an uploaded
    page opened from the site's own origin could run its scripts as the person viewing it."""
    url = reverse("requests_routing:attachment_download", args=[attachment.pk])
    return format_html('<a href="{}" download>Descargar</a>', url)


class EmailAttachmentInline(admin.TabularInline):
    model = EmailAttachment
    extra = 0
    fields = ["filename", "content_type", "size", "danger", attachment_download_link]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ForwardedEmailInline(admin.StackedInline):
    """Messages forwarded inside the email, read when it arrived: read-only."""

    model = ForwardedEmail
    extra = 0
    fields = ["depth", "sender", "sender_name", "sent_at", "subject", "note", "text_body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "sender", "sent_at", "triage_state", "service_request", "joined_by"]
    list_select_related = ["service_request"]
    list_filter = ["triage_state", "joined_by"]
    search_fields = ["subject", "sender", "message_id"]
    date_hierarchy = "received_at"
    exclude = ["raw", "html_body"]
    readonly_fields = [
        "message_id",
        "fingerprint",
        "content_hash",
        "sender",
        "sender_name",
        "to",
        "subject",
        "in_reply_to",
        "references",
        "sent_at",
        "received_at",
        "text_body",
        "imap_uidvalidity",
        "imap_uid",
        "failure_reason",
        # How it joined its request decides what is forwarded: only the services set it.
        "service_request",
        "joined_by",
        "suggested_request",
        "matched_by_forward",
    ]
    inlines = [EmailAttachmentInline, ForwardedEmailInline]


@admin.register(EmailAttachment)
class EmailAttachmentAdmin(admin.ModelAdmin):
    """Attachments arrive by mail and are kept as received: read-only here."""

    list_display = ["filename", "email", "content_type", "size", "danger", attachment_download_link]
    list_select_related = ["email"]
    search_fields = ["filename"]
    fields = ["email", "filename", "content_type", "size", "danger", attachment_download_link]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
