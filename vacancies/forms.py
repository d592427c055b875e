from django import forms

from companies.forms import DateInput
from vacancies.models import Vacancy


class VacancyForm(forms.ModelForm):
    class Meta:
        model = Vacancy
        fields = [
            "title",
            "positions",
            "requirements",
            "shift",
            "contract_type",
            "salary_min",
            "salary_max",
            "closing_date",
        ]
        widgets = {
            "requirements": forms.Textarea(attrs={"rows": 3}),
            "closing_date": DateInput(),
        }
