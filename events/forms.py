"""The events pages' forms. The checks that matter live in the model's constraints and in the
services; these forms turn the posted text into values and put each message by its field."""

from django import forms
from django.db.models import Q

from companies.forms import DateInput
from companies.models import Company, IndustrialPark
from companies.rut import normalize_rut
from events.models import EmployerEvent, EventCompany
from events.services import MAX_INVITED_PER_ROUND
from omil_crm.base.formtools import ConstraintErrorsNextToFields
from vacancies.models import JobSeeker, Vacancy

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class EventForm(ConstraintErrorsNextToFields, forms.ModelForm):
    class Meta:
        model = EmployerEvent
        fields = [
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "modality",
            "place",
            "online_url",
            "organiser",
            "organiser_other",
            "park",
            "description",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TIME_INPUT,
            "end_time": TIME_INPUT,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "online_url": "Solo para eventos en línea (Zoom, Meet, Teams…).",
            "organiser_other": "Solo si organiza «Otro».",
            "park": "Opcional: el parque cuyas empresas se convocan.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["park"].empty_label = "—"
        self.fields["kind"].choices = EmployerEvent.Kind.choices
        if self.instance.pk:
            self.fields["vacancies"] = forms.ModelMultipleChoiceField(
                label="Vacantes ofrecidas en el evento",
                queryset=offerable_vacancies(self.instance),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Las vacantes abiertas de las empresas invitadas.",
            )
            self.fields["vacancies"].label_from_instance = lambda v: f"{v.title} — {v.company}"
            self.initial.setdefault(
                "vacancies", list(self.instance.vacancies.values_list("pk", flat=True))
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "La hora de término debe ser posterior a la de inicio.")
        return data


def offerable_vacancies(event: EmployerEvent):
    """The open vacancies of the invited companies, and those already chosen (a vacancy
    filled since stays offered)."""
    invited = EventCompany.objects.filter(event=event).values("company")
    return (
        Vacancy.objects.filter(
            Q(company__in=invited, status=Vacancy.Status.OPEN) | Q(employer_events=event)
        )
        .select_related("company")
        .distinct()
        .order_by("company__legal_name", "title", "pk")
    )


def invitable_companies(event: EmployerEvent):
    """Companies that may still be invited: not inactive and not invited yet."""
    return (
        Company.objects.exclude(status=Company.Status.INACTIVE)
        .exclude(event_invitations__event=event)
        .select_related("park")
        .order_by("legal_name", "pk")
    )


class InviteSearchForm(forms.Form):
    q = forms.CharField(label="Buscar empresa", max_length=100, required=False)
    park = forms.ModelChoiceField(
        label="Parque", queryset=IndustrialPark.objects.all(), required=False, empty_label="Todos"
    )


class InviteForm(forms.Form):
    companies = forms.ModelMultipleChoiceField(
        label="Empresas",
        queryset=Company.objects.none(),
        error_messages={
            "required": "Elija al menos una empresa para invitar.",
            "invalid_choice": "Una de las empresas elegidas ya no se puede invitar.",
            "invalid_pk_value": "Elección inválida.",
        },
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = invitable_companies(event)

    def clean_companies(self):
        companies = self.cleaned_data["companies"]
        if len(companies) > MAX_INVITED_PER_ROUND:
            raise forms.ValidationError(
                f"Invite como máximo {MAX_INVITED_PER_ROUND} empresas a la vez."
            )
        return companies

    def clean(self):
        # Too many ids are refused before any query over them.
        raw = self.data.getlist("companies") if hasattr(self.data, "getlist") else []
        if len(raw) > MAX_INVITED_PER_ROUND:
            raise forms.ValidationError(
                f"Invite como máximo {MAX_INVITED_PER_ROUND} empresas a la vez."
            )
        return super().clean()


class CompanyAttendanceForm(forms.Form):
    """One answer and one «asistió» box per invited company."""

    def __init__(self, *args, invitations, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = list(invitations)
        for invitation in self.invitations:
            self.fields[f"response_{invitation.pk}"] = forms.ChoiceField(
                label=f"Respuesta de {invitation.company}",
                choices=EventCompany.Response.choices,
                initial=invitation.response,
            )
            self.fields[f"attended_{invitation.pk}"] = forms.BooleanField(
                label="Asistió", required=False, initial=invitation.attended
            )

    def rows(self) -> list[dict]:
        return [
            {
                "invitation": invitation,
                "response": self[f"response_{invitation.pk}"],
                "attended": self[f"attended_{invitation.pk}"],
            }
            for invitation in self.invitations
        ]

    def values(self) -> dict[int, tuple[str, bool]]:
        return {
            invitation.pk: (
                self.cleaned_data[f"response_{invitation.pk}"],
                self.cleaned_data[f"attended_{invitation.pk}"],
            )
            for invitation in self.invitations
        }


class ParticipantAddForm(forms.Form):
    rut = forms.CharField(
        label="RUT de la persona",
        max_length=20,
        help_text="La persona debe estar inscrita en la OMIL.",
    )

    def clean_rut(self):
        rut = normalize_rut(self.cleaned_data["rut"])
        person = JobSeeker.objects.active().filter(rut=rut).first()
        if person is None:
            raise forms.ValidationError(
                "No hay una persona inscrita con ese RUT; inscríbala primero en «Personas»."
            )
        self.cleaned_data["job_seeker"] = person
        return rut


class ParticipantsForm(forms.Form):
    """Three boxes per participant: came, interviewed, hired."""

    FLAGS = ("attended", "interviewed", "hired")
    LABELS = {"attended": "Asistió", "interviewed": "Entrevista", "hired": "Contratada"}

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = list(participants)
        for participant in self.participants:
            for flag in self.FLAGS:
                self.fields[f"{flag}_{participant.pk}"] = forms.BooleanField(
                    label=self.LABELS[flag], required=False, initial=getattr(participant, flag)
                )

    def rows(self) -> list[dict]:
        return [
            {
                "participant": participant,
                "fields": [self[f"{flag}_{participant.pk}"] for flag in self.FLAGS],
            }
            for participant in self.participants
        ]

    def values(self) -> dict[int, tuple[bool, bool, bool]]:
        return {
            participant.pk: tuple(
                self.cleaned_data[f"{flag}_{participant.pk}"] for flag in self.FLAGS
            )
            for participant in self.participants
        }


class CancelForm(forms.Form):
    reason = forms.CharField(label="Motivo (se informa a las empresas)", max_length=300)
