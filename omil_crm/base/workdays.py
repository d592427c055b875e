"""Chilean working days: Monday to Friday, minus national public holidays."""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from omil_crm.base.periods import MONTH_NAMES


@lru_cache(maxsize=32)
def _holiday_names_of(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("CL", years=year).items())


@lru_cache(maxsize=32)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(_holiday_names_of(year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (start itself never counts)."""
    if days < 0:
        raise ValueError("days must be zero or positive")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def next_working_day(day: date) -> date:
    """`day` itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


WEEKDAY_NAMES = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")


def holiday_name(day: date) -> str | None:
    """The name of the Chilean public holiday on `day`, if it is one."""
    return _holiday_names_of(day.year).get(day)


def day_off_warning(day: date) -> str | None:
    """A Spanish sentence when `day` is a public holiday or falls on a weekend, else None.

    «El 8 de diciembre es feriado: La Inmaculada Concepción»; «El sábado 12 de diciembre es
    fin de semana».
    """
    name = holiday_name(day)
    if name:
        return f"El {day.day} de {MONTH_NAMES[day.month - 1]} es feriado: {name}."
    if day.weekday() >= 5:
        weekday = WEEKDAY_NAMES[day.weekday()]
        return f"El {weekday} {day.day} de {MONTH_NAMES[day.month - 1]} es fin de semana."
    return None
