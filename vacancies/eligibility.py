"""Hints of the state programmes a person may qualify for, shown where the office refers them.

Hints, never decisions: the age and sex the office holds say a programme is worth checking, and
each hint lists what is still to check (the Registro Social de Hogares tramo, the job). A pure
function of the birth date, the registered sex and today, so the boundaries are tested without
a database; callers show hints only to people with a live «sugerencias de programas» consent
(vacancies/consent_selectors.py).

- Subsidio al Empleo Joven (SEJ): working people aged 18 to 24 in the 40 % most vulnerable of
  the RSH.
- Bono al Trabajo de la Mujer (BTM): working women aged 25 to 59 in the same 40 %.
"""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

SANTIAGO = ZoneInfo("America/Santiago")
FEMALE = "female"  # vacancies.models.Sex.FEMALE, not imported: this module needs no models.

RSH_CONDITION = "Verificar que esté en el 40 % más vulnerable del Registro Social de Hogares."
WORK_CONDITION = "Verificar que esté trabajando o que tendrá un contrato de trabajo formal."


@dataclass(frozen=True)
class Hint:
    programme: str
    reason: str
    conditions: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"posible {self.programme}"


def santiago_today() -> date:
    """Ages change at midnight in Chile, whatever the server's clock zone."""
    return timezone.now().astimezone(SANTIAGO).date()


def age_on(birth_date: date, today: date) -> int:
    """Completed years on `today` (someone born on 29 February turns a year older on 1 March
    in common years)."""
    years = today.year - birth_date.year
    if (today.month, today.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def eligibility_hints(*, birth_date: date | None, sex: str, today: date) -> list[Hint]:
    """The programmes worth checking for a person; none without a birth date."""
    if birth_date is None or birth_date > today:
        return []
    age = age_on(birth_date, today)
    hints = []
    if 18 <= age <= 24:
        hints.append(
            Hint(
                programme="Subsidio al Empleo Joven",
                reason=f"Tiene {age} años (el subsidio es para personas de 18 a 24 años).",
                conditions=(RSH_CONDITION, WORK_CONDITION),
            )
        )
    if sex == FEMALE and 25 <= age <= 59:
        hints.append(
            Hint(
                programme="Bono al Trabajo de la Mujer",
                reason=f"Es mujer y tiene {age} años (el bono es para mujeres de 25 a 59 años).",
                conditions=(RSH_CONDITION, WORK_CONDITION),
            )
        )
    return hints
