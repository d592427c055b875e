"""The monthly report's SENCE sections: placements by sex and age group, and the placements
SENCE may not confirm while the month can still be completed.

Every number links to the placement list with the filters that reproduce it.
"""

from dataclasses import dataclass

from django.urls import reverse

from omil_crm.dashboard.figures import Scope
from omil_crm.dashboard.links import FigureLinks
from vacancies.models import Placement
from vacancies.sence import (
    AGE_GROUPS,
    NO_BIRTH_DATE,
    NO_BIRTH_DATE_LABEL,
    SEX_GROUPS,
    SEX_LABELS,
    placements_by_sex_and_age,
    placements_sence_may_not_confirm,
)

SENCE_PENDING_TITLE = "Colocaciones que el SENCE podría no confirmar"


@dataclass(frozen=True)
class Counter:
    label: str
    value: int
    link: str


def _placements(scope: Scope):
    period = scope.period
    queryset = Placement.objects.filter(
        start_date__gte=period.first_day, start_date__lte=period.last_day
    )
    return queryset.filter(scope.companies("referral__vacancy__company__"))


def placement_groups(scope: Scope) -> dict[str, list[Counter]]:
    """Placements of the month by sex and by age group on the start date (one query)."""
    counts = placements_by_sex_and_age(_placements(scope))
    base = FigureLinks(scope).placements()
    by_sex = [
        Counter(SEX_LABELS[key], counts[f"sexo:{key}"], f"{base}&sexo={key}") for key in SEX_GROUPS
    ]
    labels = {key: label for key, (label, _low, _high) in AGE_GROUPS.items()}
    labels[NO_BIRTH_DATE] = NO_BIRTH_DATE_LABEL
    by_age = [
        Counter(label, counts[f"edad:{key}"], f"{base}&edad={key}") for key, label in labels.items()
    ]
    return {"sex": by_sex, "age": by_age}


def sence_pending_open(scope: Scope) -> bool:
    """Placements can still be completed for the current month and the last one."""
    current = scope.today.replace(day=1)
    last = scope.period.first_day
    months_ago = (current.year - last.year) * 12 + current.month - last.month
    return scope.period.kind == "mes" and months_ago in (0, 1)


def sence_pending(scope: Scope) -> dict | None:
    """The placements of the month SENCE may not confirm, with their reasons and links."""
    if not sence_pending_open(scope):
        return None
    total, rows = placements_sence_may_not_confirm(scope.period, scope.park, scope.today)
    return {
        "title": SENCE_PENDING_TITLE,
        "total": total,
        "rows": [
            {
                "placement": row.placement,
                "reasons": row.reasons,
                "url": reverse("vacancies:placement_detail", args=[row.placement.pk]),
            }
            for row in rows
        ],
        "link": f"{FigureLinks(scope).placements()}&sence=1",
    }


def sence_context(scope: Scope) -> dict:
    return {"placement_groups": placement_groups(scope), "sence_pending": sence_pending(scope)}


def sence_summary_rows(context: dict):
    """The «Resumen» sheet's rows of these sections."""
    groups = context["placement_groups"]
    yield []
    yield ["Colocaciones por sexo", "Mes"]
    yield from ([counter.label, counter.value] for counter in groups["sex"])
    yield []
    yield ["Colocaciones por edad al inicio", "Mes"]
    yield from ([counter.label, counter.value] for counter in groups["age"])
    pending = context["sence_pending"]
    if pending is not None:
        yield []
        yield [pending["title"], pending["total"]]
