from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from companies.models import Contact, Visit
from omil_crm.accounts.roles import person_name


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def staff_choices():
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[
                "Gestora Territorial",
                "Administrativa",
                "Psicóloga Laboral",
                "Encargado OMIL",
            ],
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone", "is_active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class VisitLogForm(forms.Form):
    """A contact made with a company; fields match companies.services.log_visit."""

    NEXT_CHOICES = [
        ("done", "Guardar"),
        ("request", "Guardar y registrar una solicitud"),
        ("vacancy", "Guardar y captar una vacante"),
    ]

    kind = forms.ChoiceField(label="Tipo de contacto", choices=Visit.Kind.choices)
    happened_at = forms.DateTimeField(label="Fecha y hora", widget=DateTimeLocalInput())
    contacts = forms.ModelMultipleChoiceField(
        label="Personas con que se habló",
        queryset=Contact.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(label="Resumen", widget=forms.Textarea(attrs={"rows": 4}))
    needs_detected = forms.CharField(
        label="Necesidades detectadas", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_step = forms.CharField(label="Próximo paso", required=False, max_length=200)
    follow_up_due = forms.DateField(
        label="Fecha del seguimiento",
        required=False,
        widget=DateInput(),
        help_text="Si indica una fecha, el próximo paso queda como seguimiento suyo.",
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = company.contacts.filter(is_active=True)
        self.fields["contacts"].label_from_instance = lambda contact: (
            f"{contact.name}, {contact.position}" if contact.position else contact.name
        )
        self.fields["happened_at"].initial = timezone.localtime().replace(second=0, microsecond=0)

    def clean_summary(self):
        summary = self.cleaned_data["summary"].strip()
        if not summary:
            raise forms.ValidationError("Escriba un resumen de la visita.")
        return summary


class VisitPlanForm(forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=Visit.Kind.choices)
    planned_for = forms.DateTimeField(label="Fecha y hora", widget=DateTimeLocalInput())
    staff = StaffChoiceField(label="Quién va", queryset=staff_choices())
    next_step = forms.CharField(label="Objetivo", required=False, max_length=200)
    confirm_outside_hours = forms.BooleanField(
        label="Planificar igual, aunque sea fuera del horario de visitas", required=False
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.outside_hours = False

    def clean(self):
        data = super().clean()
        planned_for = data.get("planned_for")
        if planned_for and not self.company.accepts_visits_at(planned_for):
            self.outside_hours = True
            if not data.get("confirm_outside_hours"):
                raise forms.ValidationError(
                    f"{self.company} recibe visitas {self.company.visiting_hours_display}. "
                    "Elija otro horario o marque «Planificar igual»."
                )
        return data


class FollowUpReassignForm(forms.Form):
    assigned_to = StaffChoiceField(label="Reasignar a", queryset=staff_choices())


class HandoverForm(forms.Form):
    from_user = StaffChoiceField(label="Cartera de", queryset=staff_choices())
    to_user = StaffChoiceField(label="Pasa a", queryset=staff_choices())

    def clean(self):
        data = super().clean()
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            raise forms.ValidationError("Elija dos personas distintas.")
        return data
