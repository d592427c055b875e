"""Forms of the «Consentimientos» section of a person's page: recording one purpose's consent
(the day and how it was given) and confirming a withdrawal."""

from django import forms
from django.utils import timezone

from companies.forms import DateInput
from vacancies.consent_models import Consent


class PurposeConsentForm(forms.Form):
    """The person consents to one purpose; one form per purpose on the page, told apart by
    their prefix (the purpose), so each error shows under its own purpose."""

    given_on = forms.DateField(
        label="Fecha en que lo otorgó",
        widget=DateInput(),
        error_messages={
            "required": "Indique la fecha en que otorgó el consentimiento.",
            "invalid": "Escriba una fecha válida.",
        },
    )
    method = forms.ChoiceField(
        label="Cómo lo otorgó",
        choices=[("", "Elija cómo"), *Consent.Method.choices],
        error_messages={
            "required": "Indique cómo otorgó el consentimiento.",
            "invalid_choice": "Elija una de las formas de la lista.",
        },
    )

    def __init__(self, *args, purpose: str, **kwargs):
        super().__init__(*args, prefix=purpose, **kwargs)
        self.purpose = purpose
        self.fields["given_on"].initial = timezone.localdate

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("La fecha del consentimiento no puede ser futura.")
        return day
