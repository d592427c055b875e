"""Days of the week: how visiting days and the monthly meeting rule are stored and read."""

from django.db import models


class Weekday(models.IntegerChoices):
    MONDAY = 0, "lunes"
    TUESDAY = 1, "martes"
    WEDNESDAY = 2, "miércoles"
    THURSDAY = 3, "jueves"
    FRIDAY = 4, "viernes"
    SATURDAY = 5, "sábado"
    SUNDAY = 6, "domingo"


def weekdays_text(digits: str) -> str:
    """Days stored as digits, as people say them: "01234" → "lunes a viernes", "13" → "martes
    y jueves", "" → "cualquier día" (no day is excluded)."""
    days = sorted({int(d) for d in digits or "" if d in "0123456"})
    if not days or len(days) == 7:
        return "cualquier día" if not days else "todos los días"
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{Weekday(run[0]).label} a {Weekday(run[-1]).label}")
        else:
            parts.extend(Weekday(day).label for day in run)
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} y {parts[-1]}"


class WeekdaysField(models.CharField):
    """Days of the week stored as digits (0 = Monday … 6 = Sunday); read as words."""

    def text_for_people(self, value: str) -> str:
        return weekdays_text(value)


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, "primer"
    SECOND = 2, "segundo"
    THIRD = 3, "tercer"
    FOURTH = 4, "cuarto"
    LAST = -1, "último"
