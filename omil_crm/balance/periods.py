"""The periods a balance is shown for: this month, the last 3 or 12 months, this year, or a
custom range; read from the query string (`periodo`, and `desde`/`hasta` for a range, or
`fecha` for the month or year that contains it) with the dashboard's rules and messages."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.utils import timezone

from omil_crm.base.periods import (
    Period,
    PeriodError,
    period_from_query,
    recent_months,
)

CHOICES = {
    "mes": "Este mes",
    "3meses": "Últimos 3 meses",
    "12meses": "Últimos 12 meses",
    "anio": "Este año",
    "rango": "Personalizado (desde–hasta)",
}
ROLLING = {"3meses": 3, "12meses": 12}
# A relationship is judged over a year: a month just begun shows mostly zeros.
DEFAULT = "12meses"


@dataclass(frozen=True)
class ChosenPeriod:
    choice: str
    period: Period
    error: str = ""
    # False for a month or year other than today's (a meeting's link to last month): the
    # selector then shows it as a custom range, «Este mes» would be untrue.
    current: bool = True

    @property
    def selected(self) -> str:
        return self.choice if self.current else "rango"

    @property
    def label(self) -> str:
        if self.choice in ("mes", "anio"):
            return self.period.label
        return self.period.span_label

    def query(self) -> str:
        """The query string that chooses this period again."""
        if self.choice in ROLLING:
            return urlencode({"periodo": self.choice})
        return urlencode(self.period.query())


def balance_period(params, today: date | None = None) -> ChosenPeriod:
    """The period the query string asks for (the last 12 months when it asks for none); the
    last 12 months, with a Spanish message saying why, when it asks for something that cannot
    be used."""
    today = today or timezone.localdate()
    choice = params.get("periodo") or DEFAULT
    if choice not in CHOICES:
        return _default(today, "Elija un período de la lista; se muestran los últimos 12 meses.")
    if choice in ROLLING:
        return ChosenPeriod(choice, recent_months(ROLLING[choice], today))
    query = {key: params.get(key) for key in ("fecha", "desde", "hasta") if params.get(key)}
    try:
        period = period_from_query({"periodo": choice, **query}, today)
    except PeriodError as error:
        return _default(today, f"{error} Se muestran los últimos 12 meses.")
    return ChosenPeriod(choice, period, current=choice == "rango" or period.in_progress(today))


def _default(today: date, error: str) -> ChosenPeriod:
    return ChosenPeriod(DEFAULT, recent_months(ROLLING[DEFAULT], today), error)
