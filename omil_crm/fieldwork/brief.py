"""What a staff member needs at a company's gate, for one visit or a whole day, in a fixed
number of queries however many companies."""

from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery

from companies.models import Company, Contact, Visit
from meetings.models import Agreement
from requests_routing.models import ServiceRequest
from vacancies.models import Programme, ProgrammeOffer, Referral, Vacancy

# Per company; a company with more shows the first ones and says how many there are.
MAX_ITEMS = 10
MAX_SUGGESTED_PROGRAMMES = 5
# Rows read per section for all the day's companies together: bounds a page whatever the data.
MAX_ROWS = 500
ACTIVE_REFERRAL_STAGES = (Referral.Stage.REFERRED, Referral.Stage.INTERVIEW)


@dataclass
class Section:
    items: list = field(default_factory=list)
    total: int = 0

    def add(self, item) -> None:
        self.total += 1
        if len(self.items) < MAX_ITEMS:
            self.items.append(item)

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Brief:
    visit: Visit
    company: Company
    contacts: Section = field(default_factory=Section)
    requests: Section = field(default_factory=Section)
    vacancies: Section = field(default_factory=Section)
    agreements: Section = field(default_factory=Section)
    offers: Section = field(default_factory=Section)
    suggested_programmes: list = field(default_factory=list)
    last_visit: Visit | None = None


def visit_briefs(visits: list[Visit], *, limit: int = 30) -> list[Brief]:
    """One brief per visit, in the order given; `visits` carry their company."""
    visits = visits[:limit]
    briefs = [Brief(visit=visit, company=visit.company) for visit in visits]
    by_company: dict[int, list[Brief]] = {}
    for brief in briefs:
        by_company.setdefault(brief.company.pk, []).append(brief)
    ids = list(by_company)
    if not ids:
        return briefs

    def give(rows, section: str) -> None:
        for row in rows[:MAX_ROWS]:
            for brief in by_company[row.company_id]:
                getattr(brief, section).add(row)

    give(Contact.objects.filter(company_id__in=ids, is_active=True).order_by("name"), "contacts")
    give(
        ServiceRequest.objects.filter(company_id__in=ids, status__in=ServiceRequest.OPEN_STATUSES)
        .select_related("category")
        .order_by("due_date", "pk"),
        "requests",
    )
    give(
        Vacancy.objects.filter(company_id__in=ids, status=Vacancy.Status.OPEN)
        .annotate(
            referral_count=Count("referrals"),
            active_referral_count=Count(
                "referrals", filter=Q(referrals__stage__in=ACTIVE_REFERRAL_STAGES)
            ),
        )
        .order_by("-opened_on", "pk"),
        "vacancies",
    )
    give(
        Agreement.objects.filter(company_id__in=ids, status=Agreement.Status.OPEN)
        .exclude(follow_up__done_at__isnull=False)
        .select_related("meeting", "responsible")
        .order_by("due_date", "pk"),
        "agreements",
    )
    offers = list(
        ProgrammeOffer.objects.filter(company_id__in=ids)
        .select_related("programme")
        .order_by("-offered_on", "pk")[:MAX_ROWS]
    )
    give(offers, "offers")
    programmes = list(Programme.objects.filter(is_active=True).order_by("name")[:50])
    offered = {}
    for offer in offers:
        offered.setdefault(offer.company_id, set()).add(offer.programme_id)
    for company_id, company_briefs in by_company.items():
        unoffered = [p for p in programmes if p.pk not in offered.get(company_id, set())]
        for brief in company_briefs:
            brief.suggested_programmes = unoffered[:MAX_SUGGESTED_PROGRAMMES]
    last_done = (
        Visit.objects.filter(company=OuterRef("pk"), status=Visit.Status.DONE)
        .order_by("-happened_at", "-pk")
        .values("pk")[:1]
    )
    last_ids = (
        Company.objects.filter(pk__in=ids)
        .annotate(last_visit_id=Subquery(last_done))
        .values_list("last_visit_id", flat=True)
    )
    for last in Visit.objects.filter(pk__in=[pk for pk in last_ids if pk]).select_related("staff"):
        for brief in by_company[last.company_id]:
            brief.last_visit = last
    return briefs
