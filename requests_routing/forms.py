from django import forms

from companies.forms import StaffChoiceField, staff_choices
from companies.models import Contact
from omil_crm.base.formtools import ConstraintErrorsNextToFields
from requests_routing.models import Department, RequestCategory, ServiceRequest
from requests_routing.references import parse_reference
from requests_routing.services import RESOLUTION_NOTE_MISSING

Status = ServiceRequest.Status


class ReferenceField(forms.CharField):
    """A request typed by its reference in any usual form (see references.parse_reference);
    cleans to the ServiceRequest."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        reference = parse_reference(value)
        if reference is None:
            raise forms.ValidationError(
                "Escriba la referencia como SOL-2026-00042 (también sirve 2026-42).",
                code="reference_format",
            )
        request = ServiceRequest.objects.filter(reference=reference).first()
        if request is None:
            raise forms.ValidationError(
                f"No existe la solicitud {reference}.", code="reference_unknown"
            )
        return request


class ServiceRequestForm(forms.Form):
    category = forms.ModelChoiceField(
        label="Categoría",
        queryset=RequestCategory.objects.filter(is_active=True).select_related("department"),
        help_text="La categoría decide el departamento y el plazo.",
    )
    contact = forms.ModelChoiceField(
        label="Contacto", queryset=Contact.objects.none(), required=False
    )
    channel = forms.ChoiceField(label="Canal", choices=ServiceRequest.Channel.choices)
    subject = forms.CharField(label="Asunto", max_length=200)
    description = forms.CharField(
        label="Descripción", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    place = forms.CharField(label="Lugar", max_length=200, required=False)

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = company.contacts.filter(is_active=True)
        self.fields["category"].label_from_instance = lambda category: (
            f"{category.name} → {category.department} ({category.sla_working_days} días hábiles)"
        )


class StatusChangeForm(forms.Form):
    """The next status of a request, offered in the order of `allowed` (the natural next one
    first, see services.NEXT_STATUSES); only the fields the offered statuses need."""

    status = forms.ChoiceField(label="Nuevo estado", choices=[])
    note = forms.CharField(label="Nota", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    duplicate_of = ReferenceField(
        label="Referencia de la solicitud original",
        required=False,
        help_text="Solo si es duplicada.",
    )

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = list(allowed)
        self.fields["status"].choices = [(value, Status(value).label) for value in allowed]
        if allowed:
            self.fields["status"].initial = allowed[0]
        if Status.RESOLVED in allowed:
            self.fields["note"].help_text = (
                "Al marcarla «Resuelta», escriba aquí cómo se resolvió: "
                "se envía a la empresa en el aviso de resolución."
            )
        if Status.DUPLICATE not in allowed:
            del self.fields["duplicate_of"]

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.RESOLVED and not data.get("note", "").strip():
            self.add_error("note", RESOLUTION_NOTE_MISSING)
        return data


def status_hints(*, allowed, department) -> list[str]:
    """What each offered status does besides changing the status, for the request's page."""
    hints = []
    if Status.ROUTED in allowed:
        hints.append(
            f"«Derivada» envía la solicitud por correo a {department} y, la primera vez, "
            "el acuse de recibo a la empresa."
        )
    if Status.RESOLVED in allowed:
        hints.append(
            "«Resuelta» pide la nota de resolución y se la envía a la empresa, con la encuesta "
            "«¿Quedó resuelto?»: si responde que no, la solicitud vuelve a «En curso»."
        )
    if Status.CLOSED in allowed:
        hints.append("«Cerrada» la da por terminada; «En curso» la reabre si el problema sigue.")
    if Status.DUPLICATE in allowed:
        hints.append("«Duplicada» pide la referencia de la solicitud original.")
    return hints


class NoteForm(forms.Form):
    text = forms.CharField(label="Nota", widget=forms.Textarea(attrs={"rows": 2}))


class ReassignForm(forms.Form):
    owner = StaffChoiceField(label="Responsable", queryset=staff_choices())


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "email", "head", "phone", "is_active"]


class CategoryForm(ConstraintErrorsNextToFields, forms.ModelForm):
    class Meta:
        model = RequestCategory
        fields = ["name", "department", "sla_working_days", "keywords", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 2})}


class TriageRequestForm(forms.Form):
    """A request made from an email; prefilled from what the inbox recognised."""

    company = forms.ModelChoiceField(label="Empresa", queryset=None)
    contact = forms.ModelChoiceField(
        label="Contacto", queryset=Contact.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        label="Categoría",
        queryset=RequestCategory.objects.filter(is_active=True).select_related("department"),
    )
    subject = forms.CharField(label="Asunto", max_length=200)
    description = forms.CharField(
        label="Descripción", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    place = forms.CharField(label="Lugar", max_length=200, required=False)

    def __init__(self, *args, email, **kwargs):
        from companies.models import Company

        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.exclude(
            status=Company.Status.INACTIVE
        ).order_by("legal_name")
        company_id = self.data.get("company") or (email.matched_company_id or "")
        if str(company_id).isdigit():
            self.fields["contact"].queryset = Contact.objects.filter(company_id=int(company_id))
        self.fields["category"].label_from_instance = lambda category: (
            f"{category.name} → {category.department}"
        )

    def clean(self):
        data = super().clean()
        contact, company = data.get("contact"), data.get("company")
        if contact and company and contact.company_id != company.pk:
            self.add_error("contact", "El contacto no pertenece a la empresa elegida.")
        return data


class AttachForm(forms.Form):
    reference = ReferenceField(
        label="Referencia de la solicitud", help_text="Por ejemplo SOL-2026-00042 o 2026-42."
    )


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Motivo",
        max_length=300,
        help_text="Por ejemplo: publicidad, agradecimiento, correo personal.",
    )
