"""The «¿Quedó resuelto?» answer form: the email's page and the companies' portal use it."""

from django import forms

from requests_routing.surveys import COMMENT_MAX_LENGTH, COMMENT_NEEDED, RATING_INVALID

ANSWERS = [("si", "Sí, quedó resuelto"), ("no", "No, sigue pendiente")]
RATINGS = [(value, str(value)) for value in range(1, 6)]


class SurveyAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="¿Quedó resuelto?",
        choices=ANSWERS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Indique si quedó resuelto.",
            "invalid_choice": "Indique si quedó resuelto.",
        },
    )
    rating = forms.TypedChoiceField(
        label="¿Qué nota le pone a la atención? (1 = muy mala, 5 = muy buena)",
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": RATING_INVALID, "invalid_choice": RATING_INVALID},
    )
    comment = forms.CharField(
        label="Comentario",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Si sigue pendiente, cuéntenos qué falta.",
    )

    def clean(self):
        data = super().clean()
        if data.get("answer") == "no" and not data.get("comment", "").strip():
            self.add_error("comment", COMMENT_NEEDED)
        return data

    def service_arguments(self) -> dict:
        """The cleaned answer as survey_answer's keyword arguments (without via and contact)."""
        data = self.cleaned_data
        return {
            "resolved": data["answer"] == "si",
            "rating": data["rating"],
            "comment": data["comment"],
        }
