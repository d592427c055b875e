"""The Encargado's notice templates: list, write with a preview, delete to the default."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from omil_crm.base.formtools import add_service_errors, int_param
from requests_routing import notice_services, notices
from requests_routing.models import NoticeTemplate, RequestCategory
from requests_routing.notice_forms import NoticeTemplateForm

Kind = NoticeTemplate.Kind


@permission_required("requests_routing.view_noticetemplate", raise_exception=True)
def notice_template_list(request: HttpRequest) -> HttpResponse:
    rows = NoticeTemplate.objects.select_related("category", "updated_by").order_by(
        "kind", "category__name"
    )
    by_kind: dict[str, list] = {kind: [] for kind in Kind.values}
    for row in rows:
        by_kind[row.kind].append(row)
    sections = [
        {
            "kind": kind,
            "label": Kind(kind).label,
            "when": notices.KIND_STEPS[kind],
            "for_all": next((row for row in by_kind[kind] if row.category_id is None), None),
            "per_category": [row for row in by_kind[kind] if row.category_id is not None],
        }
        for kind in Kind.values
    ]
    return render(request, "requests_routing/notice_template_list.html", {"sections": sections})


def _kind_from_query(request: HttpRequest) -> str:
    kind = request.GET.get("aviso", "")
    return kind if kind in Kind.values else Kind.ACKNOWLEDGEMENT


def _edit(request: HttpRequest, instance: NoticeTemplate, kind: str) -> HttpResponse:
    form = notice_form(request, instance, kind)
    rendered, sample = None, None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            rendered, sample = notices.preview(
                kind,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                category=form.cleaned_data["category"],
            )
        else:
            try:
                saved = notice_services.notice_template_save(
                    template=form.instance, actor=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Se guardó la plantilla «{saved}».")
                return redirect("requests_routing:notice_template_list")
    return render(
        request,
        "requests_routing/notice_template_form.html",
        {
            "form": form,
            "instance": instance if instance.pk else None,
            "kind_label": Kind(kind).label,
            "when": notices.KIND_STEPS[kind],
            "placeholders": [
                (name, notices.PLACEHOLDER_HELP[name])
                for name in notices.allowed_placeholders(kind)
            ],
            "rendered": rendered,
            "sample": sample,
            "changes": instance.history.select_related("history_user")[:10] if instance.pk else [],
        },
    )


def notice_form(request: HttpRequest, instance: NoticeTemplate, kind: str) -> NoticeTemplateForm:
    if request.method == "POST":
        return NoticeTemplateForm(request.POST, instance=instance, kind=kind)
    initial = {}
    if not instance.pk:
        # The wording in force today is where the Encargado starts from.
        category_id = int_param(request, "categoria")
        current = notices.template_for(kind, None)
        subject, body = (current.subject, current.body) if current else notices.DEFAULTS[kind]
        initial = {"subject": subject, "body": body}
        if category_id and RequestCategory.objects.filter(pk=category_id).exists():
            initial["category"] = category_id
    return NoticeTemplateForm(instance=instance, kind=kind, initial=initial)


@permission_required("requests_routing.add_noticetemplate", raise_exception=True)
def notice_template_add(request: HttpRequest) -> HttpResponse:
    kind = _kind_from_query(request)
    return _edit(request, NoticeTemplate(kind=kind), kind)


@permission_required("requests_routing.change_noticetemplate", raise_exception=True)
def notice_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instance = get_object_or_404(NoticeTemplate.objects.select_related("category"), pk=pk)
    return _edit(request, instance, instance.kind)


@require_POST
@permission_required("requests_routing.delete_noticetemplate", raise_exception=True)
def notice_template_delete(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(NoticeTemplate.objects.select_related("category"), pk=pk)
    name = str(template)
    notice_services.notice_template_delete(template=template, actor=request.user)
    messages.success(
        request,
        f"Se eliminó la plantilla «{name}»: el aviso vuelve al texto para todas las categorías "
        "o, si no lo hay, al texto por omisión.",
    )
    return redirect("requests_routing:notice_template_list")
