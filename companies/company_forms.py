"""The company and park forms. They check the shape of what was typed; the rules live in
companies.company_services, whose refusals the views put back next to the fields."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from companies.access import can_change_owner, can_change_park_gestora, can_change_rut
from companies.forms import StaffChoiceField, staff_choices
from companies.models import Company, Contact, IndustrialPark, Weekday
from companies.rut import format_rut, normalize_rut
from omil_crm.accounts.roles import GESTORA
from omil_crm.base.comunas import comuna_choices

RUT_FIXED_HELP = "Fijo desde que se registró: solo el Encargado OMIL lo corrige."


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ServiceModelForm(forms.ModelForm):
    """A model form whose cleaned data goes to a service, which validates the model (naming
    the field at fault) and saves. The form never touches its instance, so a refused edit
    leaves the stored record as it was."""

    def _post_clean(self):
        pass


class CompanyForm(ServiceModelForm):
    rut = forms.CharField(
        label="RUT",
        max_length=20,
        help_text="Con o sin puntos, con guion: 76.123.456-7.",
        error_messages={"required": "Indique el RUT de la empresa."},
    )
    visiting_weekdays = forms.MultipleChoiceField(
        label="Días en que recibe visitas",
        choices=Weekday.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = StaffChoiceField(
        label="Responsable", queryset=staff_choices(), required=False, empty_label="Sin asignar"
    )

    class Meta:
        model = Company
        fields = [
            "rut",
            "legal_name",
            "trade_name",
            "sector",
            "park",
            "address",
            "comuna",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "workforce_size",
            "visiting_weekdays",
            "visiting_from",
            "visiting_until",
            "visiting_notes",
            "status",
            "owner",
        ]
        widgets = {
            "visiting_from": TimeInput(),
            "visiting_until": TimeInput(),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "visiting_notes": "Por ejemplo: avisar por teléfono antes de llegar.",
            "workforce_size": "Cantidad aproximada de trabajadores.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        company = self.instance if self.instance.pk else None
        self.fields["park"].empty_label = "Fuera de un parque"
        self.fields["comuna"].choices = [("", "— Elija la comuna —"), *comuna_choices()]
        self.fields["comuna"].help_text = "Si queda en blanco, la del parque."
        self.fields["legal_name"].error_messages["required"] = "Indique la razón social."
        # The model keeps the days as one string ("01234"); the checkboxes want a list.
        self.initial["visiting_weekdays"] = list(self.instance.visiting_weekdays)
        if company is None:
            self.initial.setdefault("owner", user.pk)
        else:
            self.initial["rut"] = format_rut(company.rut)
            # An owner who has left stays offered, so saving other fields never unassigns
            # the company without anyone choosing to.
            if company.owner_id is not None:
                self.fields["owner"].queryset = (
                    get_user_model()
                    .objects.filter(Q(pk__in=staff_choices().values("pk")) | Q(pk=company.owner_id))
                    .order_by("first_name", "last_name")
                )
        if company is not None and not can_change_owner(user):
            self.fields["owner"].disabled = True
            self.fields["owner"].help_text = "La cambia el Encargado OMIL (traspaso de cartera)."
        if not can_change_rut(user, company.rut if company else None):
            self.fields["rut"].disabled = True
            self.fields["rut"].help_text = RUT_FIXED_HELP
        # «Señalada» comes only from the Alcaldía's notice; a flagged company may keep it.
        keep_flagged = company is not None and company.status == Company.Status.FLAGGED
        self.fields["status"].choices = [
            (value, label)
            for value, label in Company.Status.choices
            if value != Company.Status.FLAGGED or keep_flagged
        ]

    def clean_rut(self):
        return normalize_rut(self.cleaned_data["rut"])

    def clean_visiting_weekdays(self):
        return "".join(sorted(self.cleaned_data["visiting_weekdays"]))


def gestora_choices(current=None):
    users = get_user_model().objects.filter(is_active=True, groups__name=GESTORA)
    if current is not None:
        users = get_user_model().objects.filter(Q(pk__in=users.values("pk")) | Q(pk=current.pk))
    return users.distinct().order_by("first_name", "last_name")


class RepresentativeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        position = f", {contact.position}" if contact.position else ""
        return f"{contact.name}{position} ({contact.company})"


class ParkForm(ServiceModelForm):
    gestora = StaffChoiceField(
        label="Gestora territorial a cargo",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="Sin asignar",
    )
    representative = RepresentativeChoiceField(
        label="Representante del parque",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="Sin representante",
        help_text="Uno de los contactos vigentes de las empresas del parque.",
    )

    class Meta:
        model = IndustrialPark
        fields = ["name", "comuna", "address", "latitude", "longitude", "gestora", "representative"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        park = self.instance
        self.fields["gestora"].queryset = gestora_choices(park.gestora)
        # Only the park's own contacts can be chosen: the page cannot name anyone else.
        self.fields["representative"].queryset = (
            Contact.objects.filter(company__park=park)
            .filter(Q(is_active=True) | Q(pk=park.representative_id))
            .select_related("company")
            .order_by("company__legal_name", "name")
        )
        if not can_change_park_gestora(user):
            self.fields["gestora"].disabled = True
            self.fields["gestora"].help_text = "Lo decide el Encargado OMIL."
