"""Parks, companies, their contacts, the staff's contact history and the follow-ups it leaves.

This app is the base every other app builds on; it imports none of them. Follow-ups point to
what created them (a service request, a vacancy, an agreement) through a generic relation so
that the dependency stays one-way.
"""

from companies.models.companies import (
    Company,
    CompanyNote,
    CompanyQuerySet,
    Contact,
    PortfolioHandover,
    Sector,
)
from companies.models.days import Weekday, WeekdaysField, WeekOfMonth, weekdays_text
from companies.models.flags import CompanyFlag
from companies.models.parks import IndustrialPark
from companies.models.visits import FollowUp, FollowUpChange, FollowUpQuerySet, Visit, VisitChange

__all__ = [
    "Company",
    "CompanyFlag",
    "CompanyNote",
    "CompanyQuerySet",
    "Contact",
    "FollowUp",
    "FollowUpChange",
    "FollowUpQuerySet",
    "IndustrialPark",
    "PortfolioHandover",
    "Sector",
    "Visit",
    "VisitChange",
    "WeekOfMonth",
    "Weekday",
    "WeekdaysField",
    "weekdays_text",
]
