"""The day route's options, read from the query string: where and when the walk starts, whose
day it is, and whether the planned times bind."""

from decimal import Decimal

from django import forms

from companies.day_route import OFFICE_KEY, StartPlace
from companies.forms import StaffChoiceField, staff_choices
from companies.routing import Point

POINT_KEY = "punto"


class RouteOptionsForm(forms.Form):
    inicio = forms.ChoiceField(label="Punto de partida", required=False)
    lat = forms.DecimalField(
        label="Latitud del punto",
        required=False,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        decimal_places=6,
    )
    lon = forms.DecimalField(
        label="Longitud del punto",
        required=False,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        decimal_places=6,
    )
    hora = forms.TimeField(label="Hora de salida", required=False, input_formats=["%H:%M"])
    horas = forms.BooleanField(label="Respetar las horas planificadas (± 30 min)", required=False)
    funcionario = StaffChoiceField(label="Funcionario", queryset=None, required=False)

    def __init__(self, *args, places: list[StartPlace], choose_staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.places = {place.key: place for place in places}
        self.fields["inicio"].choices = [(place.key, place.name) for place in places] + [
            (POINT_KEY, "Otro punto (latitud y longitud)")
        ]
        for name, field in self.fields.items():
            css = {
                "inicio": "form-select",
                "funcionario": "form-select",
                "horas": "form-check-input",
            }
            field.widget.attrs["class"] = css.get(name, "form-control") + (
                ""
                if name == "horas"
                else " form-control-sm"
                if name not in css
                else " form-select-sm"
            )
        self.fields["hora"].widget.input_type = "time"
        self.fields["lat"].widget.attrs["step"] = "any"
        self.fields["lon"].widget.attrs["step"] = "any"
        if choose_staff:
            self.fields["funcionario"].queryset = staff_choices()
        else:
            del self.fields["funcionario"]

    def clean(self):
        data = super().clean()
        if data.get("inicio") == POINT_KEY and (data.get("lat") is None or data.get("lon") is None):
            raise forms.ValidationError(
                "Para partir desde otro punto indique su latitud y su longitud."
            )
        return data

    def start(self) -> StartPlace:
        """The place chosen; the office when none (or a point without both coordinates)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        key = data.get("inicio") or OFFICE_KEY
        if key == POINT_KEY:
            return StartPlace(
                POINT_KEY, "Punto elegido", Point(float(data["lat"]), float(data["lon"]))
            )
        return self.places.get(key, self.places[OFFICE_KEY])

    def valid_data(self) -> dict:
        """What was typed well, field by field: one bad field leaves the others in force."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data
