"""Reporting periods: a month, a quarter, a year or a custom range of Santiago dates.

The dashboard compares every figure with the period before it, so a period knows its
predecessor: the previous month, quarter or year, or for a custom range the same number of
days just before it. A period still in progress is compared like for like: with the same span
of its predecessor (1–6 December with 1–6 November), never with the whole of it.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

MONTH_NAMES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)

KINDS = {"mes": "Mes", "trimestre": "Trimestre", "anio": "Año", "rango": "Personalizado"}

# A custom range longer than this would make the trend charts and the report meaningless.
MAX_RANGE_DAYS = 3 * 366


def local_midnight(day: date) -> datetime:
    """The instant a day begins in the office's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


class PeriodError(ValueError):
    """A period asked for in the query string that cannot be used; the message is Spanish."""


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self) -> datetime:
        """The first instant of the period in Santiago time (for datetime columns)."""
        return local_midnight(self.first_day)

    @property
    def end(self) -> datetime:
        """The first instant after the period (exclusive bound for datetime columns)."""
        return local_midnight(self.last_day + timedelta(days=1))

    @property
    def label(self) -> str:
        first = self.first_day
        if self.kind == "mes":
            return f"{MONTH_NAMES[first.month - 1]} de {first.year}"
        if self.kind == "trimestre":
            return f"{(first.month - 1) // 3 + 1}.º trimestre de {first.year}"
        if self.kind == "anio":
            return f"año {first.year}"
        return f"{self.first_day:%d-%m-%Y} al {self.last_day:%d-%m-%Y}"

    def previous(self) -> "Period":
        if self.kind in ("mes", "trimestre", "anio"):
            return period_containing(self.kind, self.first_day - timedelta(days=1))
        last = self.first_day - timedelta(days=1)
        return Period("rango", last - timedelta(days=self.days - 1), last)

    def in_progress(self, today: date) -> bool:
        return self.first_day <= today <= self.last_day

    def comparison(self, today: date) -> "Period":
        """What this period's figures are compared with on `today`.

        A completed (or future) period: its whole predecessor. A period in progress: the same
        number of days from the start of its predecessor, cut at the predecessor's end (31
        March compares with the whole of February).
        """
        previous = self.previous()
        if not self.in_progress(today):
            return previous
        elapsed = (today - self.first_day).days
        last = previous.first_day + timedelta(days=elapsed)
        if last >= previous.last_day:
            return previous
        return Period("rango", previous.first_day, last)

    @property
    def span_label(self) -> str:
        """The days in words: «1 al 6 de noviembre de 2026», «1 de enero al 6 de diciembre
        de 2025», «28 de diciembre de 2025 al 3 de enero de 2026»."""
        first, last = self.first_day, self.last_day
        last_text = f"{last.day} de {MONTH_NAMES[last.month - 1]} de {last.year}"
        if first == last:
            return last_text
        if first.year != last.year:
            return f"{first.day} de {MONTH_NAMES[first.month - 1]} de {first.year} al {last_text}"
        if first.month != last.month:
            return f"{first.day} de {MONTH_NAMES[first.month - 1]} al {last_text}"
        return f"{first.day} al {last_text}"

    def next(self) -> "Period":
        if self.kind in ("mes", "trimestre", "anio"):
            return period_containing(self.kind, self.last_day + timedelta(days=1))
        first = self.last_day + timedelta(days=1)
        return Period("rango", first, first + timedelta(days=self.days - 1))

    def months(self) -> list[date]:
        """The first day of every month the period touches, for the trend charts."""
        months = []
        current = self.first_day.replace(day=1)
        while current <= self.last_day:
            months.append(current)
            current = _add_months(current, 1)
        return months

    def query(self) -> dict[str, str]:
        """The query-string parameters that select this period again."""
        if self.kind == "rango":
            return {
                "periodo": "rango",
                "desde": self.first_day.isoformat(),
                "hasta": self.last_day.isoformat(),
            }
        return {"periodo": self.kind, "fecha": self.first_day.isoformat()}


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def period_containing(kind: str, day: date) -> Period:
    """The month, quarter or year that contains `day`."""
    if kind == "mes":
        first = day.replace(day=1)
        return Period(kind, first, _add_months(first, 1) - timedelta(days=1))
    if kind == "trimestre":
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        return Period(kind, first, _add_months(first, 3) - timedelta(days=1))
    if kind == "anio":
        return Period(kind, date(day.year, 1, 1), date(day.year, 12, 31))
    raise PeriodError("Tipo de período desconocido.")


def recent_months(count: int, today: date) -> Period:
    """The `count` calendar months up to today's, ending today: on 6 December 2026 the last
    three months are 1 October to 6 December."""
    return Period("rango", _add_months(today.replace(day=1), -(count - 1)), today)


def _parse_date(value: str, what: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PeriodError(f"La fecha «{what}» no es válida (use AAAA-MM-DD).") from None


def period_from_query(params, today: date | None = None) -> Period:
    """The period a query string asks for; the current month when it asks for none.

    Raises PeriodError with a Spanish message for anything malformed, so the page can show
    the message next to the current month instead of failing.
    """
    today = today or timezone.localdate()
    kind = params.get("periodo") or "mes"
    if kind not in KINDS:
        raise PeriodError("Elija un período: mes, trimestre, año o personalizado.")
    if kind != "rango":
        value = params.get("fecha")
        day = _parse_date(value, "fecha") if value else today
        if not 2000 <= day.year <= 2100:
            raise PeriodError("La fecha debe estar entre los años 2000 y 2100.")
        return period_containing(kind, day)
    first = params.get("desde")
    last = params.get("hasta")
    if not first or not last:
        raise PeriodError("Para un período personalizado indique «desde» y «hasta».")
    period = Period("rango", _parse_date(first, "desde"), _parse_date(last, "hasta"))
    if period.last_day < period.first_day:
        raise PeriodError("La fecha «hasta» debe ser igual o posterior a «desde».")
    if period.days > MAX_RANGE_DAYS:
        raise PeriodError("Un período personalizado puede abarcar como máximo tres años.")
    if not (period.first_day.year >= 2000 and period.last_day.year <= 2100):
        raise PeriodError("Las fechas deben estar entre los años 2000 y 2100.")
    return period
