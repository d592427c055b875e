"""Forms of the employment pages. They check the shape of what was typed; the rules live in
vacancies.services, whose refusals the views put back next to the fields."""

from django import forms
from django.utils import timezone

from companies.forms import DateInput, StaffChoiceField, staff_choices
from companies.models import Company
from companies.rut import normalize_rut
from omil_crm.base.comunas import comuna_choices
from vacancies.consent_models import Consent
from vacancies.models import (
    DataSubjectRequest,
    Evaluation,
    JobSeeker,
    Programme,
    ProgrammeOffer,
    Referral,
    Vacancy,
    Workshop,
)
from vacancies.services import ALLOWED_MOVES, EDITABLE_STATUSES

DEFAULT_CONSENT_PURPOSE = "Intermediación laboral: derivación a vacantes y programas SENCE"


class ServiceForm(forms.ModelForm):
    """A model form whose cleaned data goes to a service, which validates the model there
    (naming the field at fault) and saves. The form only checks each field's shape, and never
    touches its instance, so a refused edit leaves the page showing the stored values."""

    def _post_clean(self):
        pass


class JobSeekerForm(ServiceForm):
    class Meta:
        model = JobSeeker
        fields = [
            "rut",
            "first_name",
            "last_name",
            "email",
            "phone",
            "comuna",
            "address",
            "birth_date",
            "sex",
            "education",
            "experience",
            "skills",
            "availability",
        ]
        widgets = {
            "birth_date": DateInput(),
            "experience": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "rut": "Con o sin puntos, con guion: 12.345.678-5.",
            "skills": "Oficios, licencias, cursos: lo que se buscará al derivar.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rut"].required = True
        self.fields["rut"].error_messages["required"] = "Indique el RUT de la persona."
        self.fields["comuna"].choices = [("", "— Elija la comuna —"), *comuna_choices()]

    def clean_rut(self):
        return normalize_rut(self.cleaned_data["rut"])


class JobSeekerCreateForm(JobSeekerForm):
    consent = forms.BooleanField(
        label="La persona autoriza el tratamiento de sus datos personales",
        required=False,
        help_text="Sin consentimiento registrado no se la puede derivar a vacantes.",
    )
    consent_purpose = forms.CharField(
        label="Finalidad consentida",
        max_length=300,
        required=False,
        initial=DEFAULT_CONSENT_PURPOSE,
    )

    def clean(self):
        data = super().clean()
        if data.get("consent") and not (data.get("consent_purpose") or "").strip():
            self.add_error("consent_purpose", "Indique para qué se otorga el consentimiento.")
        return data


class VacancyForm(ServiceForm):
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


class StaffVacancyForm(VacancyForm):
    """The office's form of a vacancy: it may mark it inclusive (a company's proposal on the
    portal may not; the gestora decides with the company)."""

    class Meta(VacancyForm.Meta):
        fields = [*VacancyForm.Meta.fields, "inclusive"]
        help_texts = {
            "inclusive": "Abierta a personas con discapacidad o con pensión de invalidez "
            "(Ley 21.015)."
        }


class CompanyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, company):
        return company.legal_name


class DirectVacancyForm(StaffVacancyForm):
    """A vacancy captured outside a visit (a call, an email): the company is chosen here."""

    company = CompanyChoiceField(
        label="Empresa", queryset=Company.objects.order_by("legal_name"), empty_label=None
    )

    class Meta(StaffVacancyForm.Meta):
        fields = ["company", *StaffVacancyForm.Meta.fields]


class VacancyEditForm(StaffVacancyForm):
    status = forms.ChoiceField(
        label="Estado",
        choices=[(status.value, status.label) for status in EDITABLE_STATUSES],
        help_text="«Cubierta» la pone el sistema al contratar el último cupo.",
    )

    class Meta(StaffVacancyForm.Meta):
        fields = [*StaffVacancyForm.Meta.fields, "status", "bne_code"]


class StageMoveForm(forms.Form):
    stage = forms.ChoiceField(
        label="Nueva etapa",
        choices=[],
        error_messages={"required": "Elija la etapa a la que pasa la persona."},
    )
    start_date = forms.DateField(
        label="Fecha de inicio", required=False, widget=DateInput(), help_text="Solo al contratar."
    )
    contract_type = forms.ChoiceField(
        label="Tipo de contrato",
        choices=[("", "El de la vacante"), *Vacancy.Contract.choices],
        required=False,
    )
    contract_months = forms.IntegerField(
        label="Duración (meses)",
        required=False,
        min_value=1,
        max_value=120,
        help_text="Si es a plazo fijo.",
    )
    written_contract = forms.BooleanField(label="Hay contrato escrito", required=False)

    def __init__(self, *args, referral: Referral, **kwargs):
        kwargs.setdefault("prefix", f"r{referral.pk}")
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_MOVES[referral.stage]
        self.fields["stage"].choices = [("", "Elija la etapa")] + [
            (stage.value, stage.label) for stage in Referral.Stage if stage in allowed
        ]
        # The board sets referral.vacancy from the page's vacancy: no query per card.
        self.fields["contract_type"].initial = referral.vacancy.contract_type

    def clean(self):
        data = super().clean()
        if data.get("stage") == Referral.Stage.HIRED:
            if not data.get("start_date") and "start_date" not in self.errors:
                self.add_error("start_date", "Indique la fecha de inicio del contrato.")
            if not data.get("contract_type"):
                self.add_error("contract_type", "Indique el tipo de contrato.")
        return data


class PlacementSenceForm(forms.Form):
    """What SENCE verifies of a placement, completed after the hire."""

    start_date = forms.DateField(
        label="Fecha de inicio",
        widget=DateInput(),
        error_messages={"required": "Indique la fecha de inicio del contrato."},
    )
    contract_type = forms.ChoiceField(label="Tipo de contrato", choices=Vacancy.Contract.choices)
    contract_months = forms.IntegerField(
        label="Duración (meses)",
        required=False,
        min_value=1,
        max_value=120,
        help_text="Solo para contratos a plazo fijo.",
    )
    written_contract = forms.BooleanField(label="Hay contrato escrito", required=False)
    bne_code = forms.CharField(
        label="Código de la oferta en la Bolsa Nacional de Empleo",
        max_length=30,
        required=False,
        help_text="Si la vacante se publicó en la BNE; queda en la vacante.",
    )


class EvaluationForm(ServiceForm):
    class Meta:
        model = Evaluation
        fields = ["evaluated_on", "referral", "result", "notes"]
        widgets = {"evaluated_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}
        labels = {"referral": "Para la vacante"}

    def __init__(self, *args, job_seeker: JobSeeker, **kwargs):
        super().__init__(*args, **kwargs)
        referral = self.fields["referral"]
        referral.queryset = job_seeker.referrals.select_related("vacancy__company")
        referral.label_from_instance = lambda item: f"{item.vacancy.title} — {item.vacancy.company}"
        referral.empty_label = "Ninguna en particular"
        self.fields["evaluated_on"].initial = timezone.localdate


class WorkshopForm(ServiceForm):
    facilitator = StaffChoiceField(label="Facilitadora", queryset=staff_choices())

    class Meta:
        model = Workshop
        fields = ["date", "topic", "facilitator", "place"]
        widgets = {"date": DateInput()}


class ProgrammeOfferForm(ServiceForm):
    company = CompanyChoiceField(label="Empresa", queryset=Company.objects.order_by("legal_name"))
    programme = forms.ModelChoiceField(
        label="Programa", queryset=Programme.objects.filter(is_active=True)
    )

    class Meta:
        model = ProgrammeOffer
        fields = ["company", "programme", "offered_on", "status", "workers_involved", "notes"]
        widgets = {"offered_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class ProgrammeOfferUpdateForm(ServiceForm):
    class Meta:
        model = ProgrammeOffer
        fields = ["status", "workers_involved", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="La persona solicitó la eliminación de sus datos y entiendo que no se puede deshacer",
        error_messages={"required": "Confirme la solicitud de eliminación para continuar."},
    )


class DataDeliveryForm(forms.Form):
    """Which answer was handed over to the person: the readable page or the JSON file."""

    kind = forms.ChoiceField(
        label="Entrega",
        choices=[
            (DataSubjectRequest.Kind.ACCESS, DataSubjectRequest.Kind.ACCESS.label),
            (DataSubjectRequest.Kind.PORTABILITY, DataSubjectRequest.Kind.PORTABILITY.label),
        ],
        error_messages={
            "required": "Indique qué se entregó: la página o el archivo JSON.",
            "invalid_choice": "Indique qué se entregó: la página o el archivo JSON.",
        },
    )


class ProposalDeclineForm(forms.Form):
    reason = forms.CharField(
        label="Motivo (lo lee la empresa)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Indique a la empresa por qué no se acepta la vacante."},
    )


class ShareConsentForm(forms.Form):
    """The person agrees that one company sees their profile on its portal."""

    company = CompanyChoiceField(
        label="Empresa", queryset=Company.objects.none(), empty_label="Elija la empresa"
    )
    method = forms.ChoiceField(
        label="Cómo lo otorgó",
        choices=[("", "Elija cómo"), *Consent.Method.choices],
        error_messages={"required": "Indique cómo otorgó el consentimiento."},
    )

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies
        self.fields["company"].error_messages["required"] = "Elija la empresa."
