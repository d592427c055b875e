from django import forms

from companies.forms import StaffChoiceField, staff_choices
from companies.models import Contact
from requests_routing.models import Department, RequestCategory, ServiceRequest

Status = ServiceRequest.Status


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
    status = forms.ChoiceField(label="Nuevo estado", choices=[])
    note = forms.CharField(label="Nota", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    duplicate_of = forms.CharField(
        label="Referencia de la solicitud original",
        required=False,
        max_length=20,
        help_text="Solo si es duplicada.",
    )

    def __init__(self, *args, allowed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(value, Status(value).label) for value in allowed]

    def clean_duplicate_of(self):
        reference = self.cleaned_data["duplicate_of"].strip().upper()
        if not reference:
            return None
        original = ServiceRequest.objects.filter(reference=reference).first()
        if original is None:
            raise forms.ValidationError(f"No existe la solicitud {reference}.")
        return original


class NoteForm(forms.Form):
    text = forms.CharField(label="Nota", widget=forms.Textarea(attrs={"rows": 2}))


class ReassignForm(forms.Form):
    owner = StaffChoiceField(label="Responsable", queryset=staff_choices())


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "email", "head", "phone", "is_active"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = RequestCategory
        fields = ["name", "department", "sla_working_days", "keywords", "is_active"]
        widgets = {"keywords": forms.Textarea(attrs={"rows": 2})}
