from django import forms
from django.utils import timezone

from companies.forms import DateInput, DateTimeLocalInput, StaffChoiceField, staff_choices
from companies.models import Company, Contact, IndustrialPark
from meetings.models import Meeting
from omil_crm.accounts.roles import person_name
from omil_crm.base.formtools import ConstraintErrorsNextToFields

HAND_MADE_KINDS = [choice for choice in Meeting.Kind.choices if choice[0] != Meeting.Kind.MONTHLY]


class MeetingTimesMixin:
    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", "El término debe ser posterior al inicio.")
        return data


class MeetingCreateForm(MeetingTimesMixin, forms.Form):
    kind = forms.ChoiceField(label="Tipo", choices=HAND_MADE_KINDS)
    title = forms.CharField(label="Título", max_length=200)
    park = forms.ModelChoiceField(
        label="Parque", queryset=IndustrialPark.objects.all(), required=False, empty_label="—"
    )
    starts_at = forms.DateTimeField(label="Inicio", widget=DateTimeLocalInput())
    ends_at = forms.DateTimeField(label="Término", widget=DateTimeLocalInput())
    place = forms.CharField(label="Lugar", max_length=200, required=False)
    agenda = forms.CharField(
        label="Tabla", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class MeetingEditForm(ConstraintErrorsNextToFields, MeetingTimesMixin, forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "status", "agenda", "minutes"]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "agenda": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }


class AttendanceForm(forms.Form):
    """Who of the people invited came: one checkbox per invitation."""

    present = forms.ModelMultipleChoiceField(
        label="Asistieron",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        field.queryset = meeting.attendances.select_related("contact__company", "staff").order_by(
            "staff", "contact__company__legal_name", "contact__name", "pk"
        )
        field.label_from_instance = attendee_label
        if not self.is_bound:
            invitations = getattr(meeting, "invitations", None) or meeting.attendances.all()
            self.initial["present"] = [a.pk for a in invitations if a.attended]


def attendee_label(attendance) -> str:
    if attendance.staff_id:
        user = attendance.staff
        return f"{person_name(user)} (OMIL)"
    contact = attendance.contact
    return f"{contact.name} — {contact.company}{portal_answer(attendance)}"


def portal_answer(attendance) -> str:
    """What the contact answered on the company portal, said beside their name."""
    if attendance.portal_response == attendance.Response.ATTENDING:
        return " · confirmó por el portal"
    if attendance.portal_response == attendance.Response.NOT_ATTENDING:
        return " · avisó por el portal que no podrá asistir"
    return ""


def invitable_contacts(meeting: Meeting):
    contacts = Contact.objects.filter(is_active=True).select_related("company")
    if meeting.park_id:
        contacts = contacts.filter(company__park=meeting.park_id)
    return contacts.exclude(meeting_attendances__meeting=meeting).order_by(
        "company__legal_name", "name"
    )


class InviteForm(forms.Form):
    # Checkboxes, not a multiple select: a park has dozens of contacts, and ctrl-click on a
    # long list is lost on a phone; the page adds a search box over them.
    contacts = forms.ModelMultipleChoiceField(
        label="Contactos de empresas",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff = forms.ModelMultipleChoiceField(
        label="Funcionarios", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = invitable_contacts(meeting)
        self.fields["contacts"].label_from_instance = lambda c: f"{c.company} — {c.name}"
        self.fields["staff"].queryset = staff_choices().exclude(
            meeting_attendances__meeting=meeting
        )
        self.fields["staff"].label_from_instance = person_name

    def clean(self):
        data = super().clean()
        if not data.get("contacts") and not data.get("staff"):
            raise forms.ValidationError("Elija al menos una persona para invitar.")
        return data


class AgreementForm(forms.Form):
    description = forms.CharField(
        label="Acuerdo", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    company = forms.ModelChoiceField(
        label="Empresa",
        queryset=Company.objects.none(),
        required=False,
        empty_label="Todo el parque",
        help_text="Si no es de una empresa, el seguimiento queda en la del representante.",
    )
    responsible = StaffChoiceField(label="Responsable", queryset=staff_choices())
    due_date = forms.DateField(label="Fecha comprometida", widget=DateInput())

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        companies = Company.objects.exclude(status=Company.Status.INACTIVE)
        if meeting.park_id:
            companies = companies.filter(park=meeting.park_id)
        self.fields["company"].queryset = companies.order_by("legal_name")

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if not description:
            raise forms.ValidationError("Escriba el acuerdo.")
        return description

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise forms.ValidationError("La fecha comprometida no puede ser pasada.")
        return due_date


class ParkRuleForm(ConstraintErrorsNextToFields, forms.ModelForm):
    class Meta:
        model = IndustrialPark
        fields = ["meeting_week", "meeting_weekday", "meeting_time", "meeting_place"]
        widgets = {"meeting_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {
            "meeting_week": "Semana del mes",
            "meeting_weekday": "Día",
            "meeting_time": "Hora",
            "meeting_place": "Lugar habitual",
        }
