"""The form of a job guidance session (vacancies/guidance_services.py saves it)."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from companies.forms import DateInput, StaffChoiceField, staff_choices
from vacancies.guidance_models import GuidanceSession, GuidanceTopic
from vacancies.models import JobSeeker

# The people a page lists as checkboxes: those chosen, then the search's matches up to this.
PICKER_LIMIT = 200


class ParticipantField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.full_name} · {person.rut_display}" if person.rut else person.full_name


class GuidanceForm(forms.ModelForm):
    staff = StaffChoiceField(label="Orientó", queryset=staff_choices())
    topics = forms.MultipleChoiceField(
        label="Temas", choices=GuidanceTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    participants = ParticipantField(
        label="Participantes",
        queryset=JobSeeker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Una de las personas elegidas no puede participar."},
    )

    class Meta:
        model = GuidanceSession
        fields = [
            "held_on",
            "staff",
            "mode",
            "participants",
            "topics",
            "topic_other",
            "next_steps",
            "follow_up_on",
        ]
        widgets = {
            "held_on": DateInput(),
            "follow_up_on": DateInput(),
            "mode": forms.RadioSelect,
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, session: GuidanceSession | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.already = set(session.participants.values_list("pk", flat=True)) if session else set()
        # Validation accepts anyone with consent (or already in the session); the service
        # repeats the rule with a message naming who was refused.
        self.fields["participants"].queryset = JobSeeker.objects.filter(
            Q(consent_given_at__isnull=False, erased_at__isnull=True) | Q(pk__in=self.already)
        ).order_by("last_name", "first_name")
        self.fields["held_on"].initial = timezone.localdate
        self.fields["topic_other"].help_text = "Solo si marcó «Otro»."

    def _post_clean(self):
        """The service validates and saves; the instance is left as stored."""

    def show_people(self, matches) -> None:
        """List as checkboxes those chosen (or already in the session) and a capped page of
        the search's matches, instead of everyone with consent."""
        chosen = set(self.already)
        if self.is_bound:
            posted = self.data.getlist("participants")[:PICKER_LIMIT]
            chosen |= {int(pk) for pk in posted if str(pk).isdigit()}
        else:
            chosen |= {int(pk) for pk in self.initial.get("participants", [])}
        match_ids = list(matches.values_list("pk", flat=True)[:PICKER_LIMIT])
        self.fields["participants"].queryset = self.fields["participants"].queryset.filter(
            pk__in=chosen | set(match_ids)
        )
