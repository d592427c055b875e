"""«¿Quedó resuelto?» per department: what the companies answered in the period.

One query grouped by department. Counts are of requests (a request asked twice in a period,
resolved, reopened and resolved again, counts once per figure), so each number equals the
length of the request list its link opens.

- sent: requests resolved in the period whose survey went out (one survey per resolution);
- answered, yes, reopened: requests whose survey was answered in the period (any answer,
  «sí», «no»: a «no» reopens the request);
- rating: the average of the notes given in the period;
- reopen rate: reopened / sent, the share of the period's resolutions the companies undid.
"""

from django.db.models import Avg, Count, Q

from omil_crm.base.statements import fetch_compiled
from omil_crm.dashboard.figures import Scope, share
from requests_routing.models import ResolutionSurvey


def surveys_by_department(scope: Scope) -> list[dict]:
    def build(_moment):
        sent = scope.current("sent_at")
        answered = scope.current("answered_at")
        return (
            ResolutionSurvey.objects.filter(scope.companies("request__company__"))
            .filter(sent | answered)
            .order_by()
            .values("request__department_id", "request__department__name")
            .annotate(
                sent=Count("request_id", distinct=True, filter=sent),
                answered=Count("request_id", distinct=True, filter=answered),
                yes=Count("request_id", distinct=True, filter=answered & Q(resolved=True)),
                reopened=Count("request_id", distinct=True, filter=answered & Q(resolved=False)),
                rating=Avg("rating", filter=answered),
            )
            .order_by("request__department__name")
            .values_list(
                "request__department_id",
                "request__department__name",
                "sent",
                "answered",
                "yes",
                "reopened",
                "rating",
            )
        )

    return [
        {
            "department_id": department_id,
            "department": department,
            "sent": sent,
            "answered": answered,
            "yes": yes,
            "yes_share": share(yes, answered),
            "rating": round(float(rating), 1) if rating is not None else None,
            "reopened": reopened,
            "reopen_rate": share(reopened, sent),
        }
        for department_id, department, sent, answered, yes, reopened, rating in fetch_compiled(
            scope.query_key("surveys"), build
        )
    ]
