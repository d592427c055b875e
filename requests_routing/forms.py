from django import forms

from companies.models import Contact
from requests_routing.models import RequestCategory, ServiceRequest


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
