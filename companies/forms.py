import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from companies.models import Contact, Visit
from omil_crm.accounts.roles import person_name
from omil_crm.accounts.staff_lookup import StaffLookupField, StaffLookupInput, active_office_staff
from omil_crm.base.workdays import day_off_warning


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
        fields = ["name", "position", "email", "phone", "is_active", "portal_enabled", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class VisitLogForm(forms.Form):
    """A contact made with a company; fields match companies.services.log_visit."""

    NEXT_CHOICES = [
        ("done", "Guardar"),
        ("request", "Guardar y registrar una solicitud"),
        ("vacancy", "Guardar y captar una vacante"),
    ]

    kind = forms.ChoiceField(label="Tipo de contacto", choices=Visit.Kind.choices)
    happened_at = forms.DateTimeField(
        label="Fecha y hora", widget=DateTimeLocalInput(attrs={"data-offline-now": ""})
    )
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
    # A new key with every form served, so the page a phone keeps for offline use carries one
    # too; sending the same key again never records a second visit.
    client_key = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "La clave de envío del formulario no es válida."},
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_key"].initial = uuid.uuid4()
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


class VisitCompleteForm(VisitLogForm):
    """Completing a planned visit: the form remembers the plan it was opened on."""

    plan_version = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args, planned: Visit, **kwargs):
        super().__init__(*args, company=planned.company, **kwargs)
        self.fields["plan_version"].initial = planned.plan_version

    def refresh_plan_version(self, planned: Visit) -> None:
        """After a conflict, saving again means «record it anyway» on the plan now shown."""
        self.data = self.data.copy()
        self.data[self.add_prefix("plan_version")] = planned.plan_version


def autofocus_first_error(form) -> None:
    """Focus (and so scroll into view) the first field with an error, or for a warning on the
    whole form the box that confirms it: on a phone the form may sit below the fold."""
    if not form.is_bound or not form.errors:
        return
    names = [name for name in form.fields if name in form.errors]
    if not names and form.non_field_errors():
        confirmations = [
            ("confirm_outside_hours", getattr(form, "outside_hours", False)),
            ("confirm_day_off", getattr(form, "day_off", False)),
        ]
        names = [name for name, shown in confirmations if shown and name in form.fields]
    if names:
        form.fields[names[0]].widget.attrs["autofocus"] = True


class PlanningWarningsMixin:
    """Warnings a person confirms before a visit is planned or moved: outside the company's
    visiting hours, or on a Chilean public holiday or a weekend. Each needs its own tick, so
    confirming one never accepts the other silently."""

    def setup_warnings(self, company):
        self.company = company
        self.outside_hours = False
        self.day_off = False

    def check_warnings(self, data):
        planned_for = data.get("planned_for")
        if not planned_for:
            return
        warnings = []
        if not self.company.accepts_visits_at(planned_for):
            self.outside_hours = True
            if not data.get("confirm_outside_hours"):
                warnings.append(
                    f"{self.company} recibe visitas {self.company.visiting_hours_display}. "
                    "Elija otro horario o marque «Planificar igual»."
                )
        day = timezone.localdate(planned_for)
        # A past day is refused outright by the service: no point warning about it first.
        warning = day_off_warning(day) if day >= timezone.localdate() else None
        if warning:
            self.day_off = True
            if not data.get("confirm_day_off"):
                warnings.append(f"{warning} Elija otro día o marque «Igual ese día».")
        if warnings:
            raise forms.ValidationError(warnings)


CONFIRM_OUTSIDE_HOURS_LABEL = "Planificar igual, aunque sea fuera del horario de visitas"
CONFIRM_DAY_OFF_LABEL = "Igual ese día, aunque sea feriado o fin de semana"


class VisitPlanForm(PlanningWarningsMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=Visit.Kind.choices)
    planned_for = forms.DateTimeField(label="Fecha y hora", widget=DateTimeLocalInput())
    staff = StaffChoiceField(label="Quién va", queryset=staff_choices())
    next_step = forms.CharField(label="Objetivo", required=False, max_length=200)
    confirm_outside_hours = forms.BooleanField(label=CONFIRM_OUTSIDE_HOURS_LABEL, required=False)
    confirm_day_off = forms.BooleanField(label=CONFIRM_DAY_OFF_LABEL, required=False)

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_warnings(company)

    def clean(self):
        data = super().clean()
        self.check_warnings(data)
        return data


class VisitRescheduleForm(PlanningWarningsMixin, forms.Form):
    planned_for = forms.DateTimeField(label="Nueva fecha y hora", widget=DateTimeLocalInput())
    reason = forms.CharField(label="Motivo (opcional)", required=False, max_length=500)
    confirm_outside_hours = forms.BooleanField(label=CONFIRM_OUTSIDE_HOURS_LABEL, required=False)
    confirm_day_off = forms.BooleanField(label=CONFIRM_DAY_OFF_LABEL, required=False)

    def __init__(self, *args, visit, **kwargs):
        kwargs.setdefault("prefix", "reprogramar")
        super().__init__(*args, **kwargs)
        self.setup_warnings(visit.company)
        if not self.is_bound and visit.planned_for:
            self.fields["planned_for"].initial = timezone.localtime(visit.planned_for)

    def clean(self):
        data = super().clean()
        self.check_warnings(data)
        return data


class VisitCancelForm(forms.Form):
    reason = forms.CharField(
        label="Motivo de la cancelación",
        max_length=500,
        error_messages={"required": "Indique por qué se cancela la visita."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "cancelar")
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Indique por qué se cancela la visita.")
        return reason


class FollowUpPostponeForm(forms.Form):
    due_date = forms.DateField(
        label="Nueva fecha",
        widget=DateInput(),
        error_messages={"required": "Indique la nueva fecha.", "invalid": "Fecha no válida."},
    )
    reason = forms.CharField(
        label="Motivo",
        max_length=500,
        error_messages={"required": "Indique por qué se pospone."},
    )

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date <= timezone.localdate():
            raise forms.ValidationError("La nueva fecha debe ser posterior a hoy.")
        if due_date.year > 2100:
            raise forms.ValidationError("Elija una fecha antes del año 2100.")
        return due_date

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Indique por qué se pospone.")
        return reason


class FollowUpReassignForm(forms.Form):
    # A name box, not a select: «Mis seguimientos» has one of these per row.
    assigned_to = StaffLookupField(
        label="Reasignar a",
        queryset=active_office_staff(),
        widget=StaffLookupInput(only_active=True),
    )


class HandoverForm(forms.Form):
    from_user = StaffChoiceField(label="Cartera de", queryset=staff_choices())
    to_user = StaffChoiceField(label="Pasa a", queryset=staff_choices())

    def clean(self):
        data = super().clean()
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            raise forms.ValidationError("Elija dos personas distintas.")
        return data
