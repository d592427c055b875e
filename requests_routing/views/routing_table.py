"""The routing table: which department handles each kind of request, and how fast."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from requests_routing.forms import CategoryForm, DepartmentForm
from requests_routing.models import Department, RequestCategory


@permission_required("requests_routing.view_requestcategory", raise_exception=True)
def routing_table(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "requests_routing/routing_table.html",
        {
            "categories": RequestCategory.objects.select_related("department").order_by(
                "department__name", "name"
            ),
            "departments": Department.objects.order_by("name"),
        },
    )


def _edit(request: HttpRequest, form_class, instance, noun: str) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Se guardó {noun} «{saved}».")
        return redirect("requests_routing:routing_table")
    return render(
        request,
        "requests_routing/routing_form.html",
        {"form": form, "noun": noun, "instance": instance},
    )


@permission_required("requests_routing.change_department", raise_exception=True)
def department_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(Department, pk=pk) if pk else None
    return _edit(request, DepartmentForm, instance, "el departamento")


@permission_required("requests_routing.change_requestcategory", raise_exception=True)
def category_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(RequestCategory, pk=pk) if pk else None
    return _edit(request, CategoryForm, instance, "la categoría")
