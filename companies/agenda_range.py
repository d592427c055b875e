"""The span of days the agenda shows: a week, a month, or any range of up to three months.

Read from the query string (`vista`, `fecha`, `desde`, `hasta`); anything malformed raises
AgendaRangeError with a Spanish message, and the page shows it above the default span.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from omil_crm.base.periods import MONTH_NAMES, local_midnight

DEFAULT_DAYS = 14
# A longer span would be a report, not an agenda; it also bounds the work of one page.
MAX_RANGE_DAYS = 93
VIEWS = {"semana": "Semana", "mes": "Mes", "rango": "Rango"}


class AgendaRangeError(ValueError):
    """A span asked for that cannot be shown; the message is Spanish."""


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class AgendaRange:
    view: str  # "proximos" (the default), "semana", "mes" or "rango"
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self):
        return local_midnight(self.first_day)

    @property
    def end(self):
        """The first instant after the span (exclusive bound)."""
        return local_midnight(self.last_day + timedelta(days=1))

    def includes(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def label(self) -> str:
        first, last = self.first_day, self.last_day
        if self.view == "mes":
            return f"{MONTH_NAMES[first.month - 1].capitalize()} de {first.year}"
        if self.view == "proximos":
            return f"Próximos {self.days} días"
        if self.view == "semana":
            return f"Semana del {first.day} de {MONTH_NAMES[first.month - 1]} de {first.year}"
        return f"Del {first:%d-%m-%Y} al {last:%d-%m-%Y}"

    def previous(self) -> "AgendaRange":
        if self.view == "mes":
            return month_of(self.first_day - timedelta(days=1))
        if self.view == "semana":
            return week_of(self.first_day - timedelta(days=7))
        last = self.first_day - timedelta(days=1)
        return AgendaRange("rango", last - timedelta(days=self.days - 1), last)

    def next(self) -> "AgendaRange":
        if self.view == "mes":
            return month_of(self.last_day + timedelta(days=1))
        if self.view == "semana":
            return week_of(self.last_day + timedelta(days=1))
        first = self.last_day + timedelta(days=1)
        return AgendaRange("rango", first, first + timedelta(days=self.days - 1))

    def query(self) -> dict[str, str]:
        """The query-string parameters that show this span again."""
        if self.view in ("semana", "mes"):
            return {"vista": self.view, "fecha": self.first_day.isoformat()}
        if self.view == "proximos":
            return {}
        return {
            "vista": "rango",
            "desde": self.first_day.isoformat(),
            "hasta": self.last_day.isoformat(),
        }


def week_of(day: date) -> AgendaRange:
    first = day - timedelta(days=day.weekday())
    return AgendaRange("semana", first, first + timedelta(days=6))


def month_of(day: date) -> AgendaRange:
    first = day.replace(day=1)
    return AgendaRange("mes", first, _add_months(first, 1) - timedelta(days=1))


def upcoming(today: date) -> AgendaRange:
    return AgendaRange("proximos", today, today + timedelta(days=DEFAULT_DAYS - 1))


def _parse_date(value: str, what: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise AgendaRangeError(f"La fecha «{what}» no es válida (use AAAA-MM-DD).") from None
    if not 2000 <= day.year <= 2100:
        raise AgendaRangeError("Las fechas deben estar entre los años 2000 y 2100.")
    return day


def agenda_range_from_query(params, today: date) -> AgendaRange:
    """The span the query string asks for; the next 14 days when it asks for none."""
    view = params.get("vista") or ("rango" if params.get("desde") or params.get("hasta") else "")
    if not view:
        return upcoming(today)
    if view not in VIEWS:
        raise AgendaRangeError("Elija una vista: semana, mes o rango.")
    if view in ("semana", "mes"):
        value = params.get("fecha")
        day = _parse_date(value, "fecha") if value else today
        return week_of(day) if view == "semana" else month_of(day)
    first_value, last_value = params.get("desde"), params.get("hasta")
    if not first_value or not last_value:
        raise AgendaRangeError("Para un rango indique «desde» y «hasta».")
    first = _parse_date(first_value, "desde")
    last = _parse_date(last_value, "hasta")
    if last < first:
        raise AgendaRangeError("La fecha «hasta» debe ser igual o posterior a «desde».")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise AgendaRangeError(
            f"El rango puede abarcar hasta {MAX_RANGE_DAYS} días (unos tres meses); "
            "acórtelo o use la vista por mes."
        )
    return AgendaRange("rango", first, last)
