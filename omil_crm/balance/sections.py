"""The balance as a section of the company page and of the monthly park meeting (its page
and its emailed agenda), registered with those apps' hooks in BalanceConfig.ready()."""

from datetime import timedelta

from django.http import HttpRequest
from django.urls import reverse

from companies.models import Company
from meetings.models import Meeting
from omil_crm.balance.links import figure_links
from omil_crm.balance.periods import CHOICES, ChosenPeriod, balance_period
from omil_crm.balance.selectors import give_and_get, give_and_get_for_company
from omil_crm.base.periods import period_containing
from omil_crm.base.reminder_emails import site_url


def park_balance_url(park_id: int, chosen: ChosenPeriod) -> str:
    return f"{reverse('balance:park', args=[park_id])}?{chosen.query()}"


def company_section(request: HttpRequest, company: Company) -> dict:
    """«Balance de colaboración» on the company page, for the period of the query string."""
    chosen = balance_period(request.GET)
    return {
        "balance": give_and_get_for_company(company, chosen.period),
        "chosen": chosen,
        "choices": CHOICES,
        "links": figure_links(request.user, chosen.period, company_id=company.pk),
        "park_url": park_balance_url(company.park_id, chosen) if company.park_id else "",
    }


def meeting_month(meeting: Meeting) -> ChosenPeriod | None:
    """The month a monthly park meeting reviews: the one before its cycle month, the last
    complete month when the meeting is held (the December meeting reviews November)."""
    if meeting.kind != Meeting.Kind.MONTHLY or not meeting.park_id or not meeting.cycle_month:
        return None
    previous = period_containing("mes", meeting.cycle_month.replace(day=1) - timedelta(days=1))
    return ChosenPeriod("mes", previous, current=False)


def meeting_section(meeting: Meeting) -> dict | None:
    """«Balance del parque» of a monthly park meeting; other meetings have none."""
    chosen = meeting_month(meeting)
    if chosen is None:
        return None
    url = park_balance_url(meeting.park_id, chosen)
    return {
        "balance": give_and_get(period=chosen.period, park=meeting.park),
        "chosen": chosen,
        "park_url": url,
        "park_link": site_url(url),
    }
